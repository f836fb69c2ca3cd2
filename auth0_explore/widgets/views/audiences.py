"""The audiences of a token: string or array, what each one is, and why Auth0 put it there."""

from __future__ import annotations

from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.widgets.views.html import block, esc, table

__all__ = ["AudiencesView"]

_AUDIENCE_RULES = (
    "default-audience",
    "aud-array-openid",
    "aud-string",
    "management-api",
    "opaque-userinfo-token",
)


class AudiencesView:
    """`aud` as sent (a string or an array), the audience asked for, and the explanations."""

    def __init__(self, attempt: AttemptResult) -> None:
        self.attempt = attempt

    def _repr_html_(self) -> str:
        attempt, inspection = self.attempt, self.attempt.inspection
        asked = attempt.scenario.audience
        parts = [
            f"<p>asked for: <code>{esc(asked)}</code></p>"
            if asked
            else "<p>asked for: <b>no audience</b> (the tenant's default audience applies)</p>"
        ]
        if inspection is not None and inspection.claims is not None:
            shape = "an array" if inspection.aud_was_array else "a string"
            rows = ((f"<code>{esc(a)}</code>", _what(a, attempt)) for a in inspection.audiences)
            parts.append(f"<p><code>aud</code> is {shape}:</p>")
            parts.append(table(("audience", "what it is"), rows, css="a0x-audiences"))
        elif inspection is not None:
            parts.append(f"<p>{esc(inspection.message)}</p>")
        why = [f for f in attempt.findings if f.rule in _AUDIENCE_RULES]
        parts.extend(f"<p class='a0x-box'>{esc(f.text)}</p>" for f in why)
        return block("audiences", "".join(parts))


def _what(audience: str, attempt: AttemptResult) -> str:
    if audience.endswith("/userinfo"):
        return "the /userinfo endpoint (added for openid with an RS256 API)"
    if audience.endswith("/api/v2/"):
        return "the Auth0 Management API"
    if audience == attempt.scenario.audience:
        return "the API asked for"
    return "an API (the tenant's default audience, when none was asked)"
