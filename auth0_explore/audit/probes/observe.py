"""An issued token described as an `Observation`, validated as an API would validate it.

The expectations are the API's own (its algorithm, its dialect's profile, its identifier) and
the audit's accepted issuers, never what the token says; the keys are the JWKS of the domain the
token came through. An HS256 token is not validated: that needs the API's signing secret, which
an audit never reads. The raw token is used here and nowhere else, and kept nowhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from auth0_explore.audit.probes.model import Observation
from auth0_explore.client.results import TokenResult
from auth0_explore.clock import Clock
from auth0_explore.snapshot.model import Api
from auth0_explore.tokens import (
    AUTH0_ACCESS_TOKEN,
    RFC9068_ACCESS_TOKEN,
    Expectations,
    KeySet,
    validate,
)

__all__ = ["observe"]


def _strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _validation(
    result: TokenResult, api: Api | None, keys: KeySet | None, issuers: Sequence[str], clock: Clock
) -> tuple[bool | None, str]:
    """(valid, first failed check) against the API's expectations; (None, "") when not run:
    the API or the domain's keys are unknown, or the API signs with HS256 (its secret is
    never read)."""
    if api is None or keys is None or api.signing_alg.upper() == "HS256":
        return None, ""
    rfc9068 = api.token_dialect.startswith("rfc9068")
    expectations = Expectations(
        issuers=tuple(issuers),
        audience=api.identifier,
        profile=RFC9068_ACCESS_TOKEN if rfc9068 else AUTH0_ACCESS_TOKEN,
        algorithms=(api.signing_alg,),
    )
    report = validate(result.reveal(), expectations, keys=keys, clock=clock)
    return report.valid, report.reason


def observe(
    result: TokenResult,
    api: Api | None,
    keys: KeySet | None,
    issuers: Sequence[str],
    clock: Clock,
) -> Observation:
    """What the token in `result` says, and whether the API would accept it."""
    inspection = result.inspection
    header, claims = inspection.header, inspection.claims or {}
    scope = _text(claims.get("scope"))
    valid, reason = _validation(result, api, keys, issuers, clock)
    return Observation(
        fingerprint=result.access_token_fingerprint,
        alg=_text(header.get("alg")),
        typ=_text(header.get("typ")),
        kid=_text(header.get("kid")),
        iss=_text(claims.get("iss")),
        aud=tuple(inspection.audiences),
        aud_is_array=inspection.aud_was_array,
        azp=_text(claims.get("azp")),
        client_id=_text(claims.get("client_id")),
        gty=_text(claims.get("gty")),
        scope=tuple(scope.split()) if scope else None,
        permissions=_strings(claims.get("permissions")),
        org_id=_text(claims.get("org_id")),
        jti="jti" in claims,
        lifetime=int(inspection.lifetime) if inspection.lifetime is not None else None,
        valid=valid,
        reason=reason,
    )
