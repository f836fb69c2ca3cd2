"""One attempt, frozen: the scenario, what came back, and what the inspector made of it.

`AttemptResult` is what the runner records for every scenario, success or failure; the
DataFrame row is built from it in one place (`frames.record_of`). A failed attempt keeps Auth0's
exact `error` and `error_description` and a sentence on why Auth0 answers that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

from auth0_explore.client.results import TokenResult
from auth0_explore.clock import FrozenClock
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.text import bullets, fields
from auth0_explore.tokens import (
    Explanation,
    Finding,
    Inspection,
    RequestContext,
    ValidationReport,
    explain,
)

__all__ = ["AUTH0_DOCS", "AttemptResult", "error_docs", "why_error"]


@dataclass(frozen=True)
class AttemptResult:
    """What one scenario got.

    The explanation, its findings and the DataFrame record are worked out on first use: a
    token form shows the status line and one tab per click, and most clicks never open the
    explanation. They are the same whenever asked: the explanation reads the frozen inspection
    and the request context kept here.

    Attributes:
        scenario: the scenario as it was run.
        base_url: the domain the request went to.
        client: the client id that asked.
        token: the token response (raw tokens inside, shown only as fingerprints), or None.
        status: the HTTP status (None when no response arrived).
        error: Auth0's `error` code, `transport` or `timeout`, or None on success.
        error_description: Auth0's exact `error_description` (or the transport failure).
        inspection: the decoded access token (None on failure).
        report: the validation report of the access token (None when it could not be run).
        id_token: the decoded ID token, when one was issued.
        hint: for a failure, what to do next (`OAuthError.hint`).
        http_attempts: how many HTTP requests the attempt took, retries included (0 when none
            was sent).
        context: for a success, what the request asked for, as the explanation reads it.
        why: for a failure, why Auth0 answers that error (the failure's `explanation`).
    """

    scenario: Scenario
    base_url: str
    client: str | None
    token: TokenResult | None = field(default=None, repr=False)
    status: int | None = None
    error: str | None = None
    error_description: str | None = None
    inspection: Inspection | None = field(default=None, repr=False)
    report: ValidationReport | None = field(default=None, repr=False)
    id_token: Inspection | None = field(default=None, repr=False)
    hint: str = field(default="", repr=False)
    http_attempts: int = field(default=0, repr=False)
    context: RequestContext | None = field(default=None, repr=False)
    why: str = field(default="", repr=False)

    @cached_property
    def explained(self) -> Explanation | None:
        """Why the access token looks the way it does (None for a failure)."""
        inspection = self.inspection
        if inspection is None or self.context is None:
            return None
        # an Inspection carries its instant: the clock is never read for one
        return explain(inspection, clock=FrozenClock(inspection.now), context=self.context)

    @cached_property
    def explanation(self) -> str:
        """Why the token (or the error) looks the way it does, as one paragraph."""
        explained = self.explained
        return self.why if explained is None else explanation_text(explained)

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """The explanation's findings (rule, subject, sentence), for views that group them by
        claim."""
        explained = self.explained
        return () if explained is None else explained.findings

    @cached_property
    def record(self) -> dict[str, Any]:
        """The flat DataFrame record (`frames.COLUMNS`), made once: a DataFrame of many
        attempts then costs pandas' own constructor plus this, once per attempt."""
        from auth0_explore.explore.frames import record_of

        return record_of(self)

    @property
    def ok(self) -> bool:
        """True when the tenant issued a token."""
        return self.token is not None

    def __str__(self) -> str:
        scenario = self.scenario
        asked = scenario.audience or "(no audience)"
        rows: list[tuple[str, object]] = [
            ("scenario", f"{scenario.label} [{scenario.configuration or '-'}]"),
            ("request", f"{scenario.grant} to {self.base_url}, audience {asked}"),
        ]
        if self.token is None:
            rows.append(("error", f"{self.status} {self.error}: {self.error_description}"))
            if self.hint:
                rows.append(("what to do", self.hint))
        else:
            rows.append(("token", f"{self.token.access_token_fingerprint}, HTTP {self.status}"))
        if self.report is not None:
            verdict = "valid" if self.report.valid else f"invalid: {self.report.reason}"
            rows.append(("validation", verdict))
        parts = [fields(rows)]
        if self.inspection is not None:
            parts.append(str(self.inspection))
        if self.findings:
            parts.append(bullets(f.text for f in self.findings))
        elif self.explanation:
            parts.append(bullets([self.explanation]))
        return "\n".join(parts)


#: Auth0's documentation, where each explanation points
AUTH0_DOCS: Final = "https://auth0.com/docs/"
_M2M_ACCESS = "get-started/applications/application-access-to-apis-client-grants"

#: (a phrase of Auth0's error_description, why Auth0 answers so, the page of Auth0's docs)
_ERROR_WHY: Final[tuple[tuple[str, str, str], ...]] = (
    (
        "Unauthorized",
        "The tenant could not authenticate the application: the client id is unknown, the "
        "secret is wrong, or the client assertion was refused.",
        "get-started/authentication-and-authorization-flow/authenticate-with-private-key-jwt",
    ),
    (
        "Non-global clients are not allowed access to APIv1",
        "No audience was sent and the tenant has no default audience, so Auth0 treats the "
        "request as one for the legacy API v1, which M2M applications may not use.",
        "get-started/tenant-settings",
    ),
    (
        "Service not enabled within domain",
        "No API has exactly this identifier: audiences match byte for byte, trailing slash "
        "included, and Auth0 APIs keep the canonical domain behind a custom domain.",
        "get-started/apis",
    ),
    (
        "Service not found",
        "No API has exactly this identifier (the /authorize wording of that error).",
        "get-started/apis",
    ),
    (
        "is not authorized to access",
        "The API exists but this application has no client grant for it: create one in the "
        "dashboard (APIs > Machine to Machine Applications).",
        _M2M_ACCESS,
    ),
    (
        "has not been granted scopes",
        "The scope asks for more than the client grant allows; M2M tokens never get OpenID "
        "scopes such as openid.",
        _M2M_ACCESS,
    ),
    (
        "quota exceeded",
        "The application (or organization) spent its M2M token quota: cache tokens until they "
        "expire.",
        "secure/tokens/token-best-practices",
    ),
    (
        "not allowed for the client",
        "The application does not have this grant type enabled.",
        "get-started/applications/application-grant-types",
    ),
)


def _matching(description: str | None) -> tuple[str, str, str] | None:
    text = (description or "").lower()
    return next((entry for entry in _ERROR_WHY if entry[0].lower() in text), None)


def why_error(error: str | None, description: str | None) -> str:
    """A sentence on why Auth0 answers this error, from its exact description."""
    entry = _matching(description)
    if entry is not None:
        return entry[1]
    if error == "too_many_requests":
        return "The tenant's rate limit refused the request even after waiting as it asked."
    if error in ("transport", "timeout"):
        return "No usable answer arrived from the tenant."
    return ""


def error_docs(error: str | None, description: str | None) -> str | None:
    """The page of Auth0's documentation about this error, when one is known."""
    entry = _matching(description)
    if entry is not None:
        return AUTH0_DOCS + entry[2]
    if error == "too_many_requests":
        return AUTH0_DOCS + "troubleshoot/customer-support/operational-policies/rate-limit-policy"
    return None


def explanation_text(explanation: Explanation) -> str:
    """An explanation's sentences as one paragraph."""
    return " ".join(explanation.sentences)
