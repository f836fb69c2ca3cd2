"""One attempt, frozen: the scenario, what came back, and what the inspector made of it.

`AttemptResult` is what the runner records for every scenario, success or failure; the
DataFrame row is built from it in one place (`frames.record_of`). A failed attempt keeps Auth0's
exact `error` and `error_description` and a sentence on why Auth0 answers that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from auth0_explore.client.results import TokenResult
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.tokens import Explanation, Finding, Inspection, ValidationReport

__all__ = ["AttemptResult", "why_error"]


@dataclass(frozen=True)
class AttemptResult:
    """What one scenario got.

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
        explanation: why the token (or the error) looks the way it does.
        id_token: the decoded ID token, when one was issued.
        findings: the explanation's findings (rule, subject, sentence), for views that group
            them by claim.
        hint: for a failure, what to do next (`OAuthError.hint`).
        http_attempts: how many HTTP requests the attempt took, retries included (0 when none
            was sent).
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
    explanation: str = field(default="", repr=False)
    id_token: Inspection | None = field(default=None, repr=False)
    findings: tuple[Finding, ...] = field(default=(), repr=False)
    hint: str = field(default="", repr=False)
    http_attempts: int = field(default=0, repr=False)
    #: the flat DataFrame record (`frames.COLUMNS`), built once when the attempt is recorded so
    #: that making a DataFrame of many attempts costs no more than pandas' own constructor
    record: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        from auth0_explore.explore.frames import record_of

        object.__setattr__(self, "record", record_of(self))

    @property
    def ok(self) -> bool:
        """True when the tenant issued a token."""
        return self.token is not None


_ERROR_WHY: Final[tuple[tuple[str, str], ...]] = (
    (
        "Unauthorized",
        "The tenant could not authenticate the application: the client id is unknown, the "
        "secret is wrong, or the client assertion was refused (§2.9 rows 4-5).",
    ),
    (
        "Non-global clients are not allowed access to APIv1",
        "No audience was sent and the tenant has no default audience, so Auth0 treats the "
        "request as one for the legacy API v1, which M2M applications may not use (§2.3).",
    ),
    (
        "Service not enabled within domain",
        "No API has exactly this identifier: audiences match byte for byte, trailing slash "
        "included, and Auth0 APIs keep the canonical domain behind a custom domain (§2.3, §7).",
    ),
    (
        "Service not found",
        "No API has exactly this identifier (the /authorize wording of that error, §8.5).",
    ),
    (
        "is not authorized to access",
        "The API exists but this application has no client grant for it: create one in the "
        "dashboard (APIs > Machine to Machine Applications) (§2.3 step 3).",
    ),
    (
        "has not been granted scopes",
        "The scope asks for more than the client grant allows; M2M tokens never get OpenID "
        "scopes such as openid (§2.3 step 4).",
    ),
    (
        "quota exceeded",
        "The application (or organization) spent its M2M token quota: cache tokens until they "
        "expire (§2.3 step 6).",
    ),
    (
        "not allowed for the client",
        "The application does not have this grant type enabled (§2.3 step 1).",
    ),
)


def why_error(error: str | None, description: str | None) -> str:
    """A sentence on why Auth0 answers this error, from its exact description."""
    text = description or ""
    for needle, why in _ERROR_WHY:
        if needle.lower() in text.lower():
            return why
    if error == "too_many_requests":
        return "The tenant's rate limit refused the request even after waiting as it asked."
    if error in ("transport", "timeout"):
        return "No usable answer arrived from the tenant."
    return ""


def explanation_text(explanation: Explanation) -> str:
    """An explanation's sentences as one paragraph."""
    return " ".join(explanation.sentences)
