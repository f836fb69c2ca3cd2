"""The body of `auth0-explore inspect` (commands.py keeps the options): decode, and validate.

The token is decoded and explained offline. With any validation option it is also checked
against `Expectations` built from the options, with keys from one place: a tenant's domain
(its discovery document and JWKS, fetched through the client), a JWKS URL or file, or an
embedded sandbox. The accepted issuers and audience are what the options say, never what the
token says. Exit status: 0 valid (or decoded, when nothing was asked), 1 invalid or not a JWT
(or no keys could be had), 2 options that cannot be used.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from auth0_explore.clock import Clock
from auth0_explore.errors import Auth0ExploreError, ConfigError
from auth0_explore.explore.pasted import fetch_keys, token_text
from auth0_explore.secrets import Secret
from auth0_explore.text import bullets, fields
from auth0_explore.tokens import (
    AUTH0_ACCESS_TOKEN,
    ID_TOKEN,
    RFC9068_ACCESS_TOKEN,
    STRING_AUD_API,
    Expectations,
    Inspection,
    KeySet,
    ValidationReport,
    explain,
    inspect_token,
    issuers_for,
    validate,
)

__all__ = ["PROFILE_NAMES", "InspectOptions", "inspect_text"]

Echo = Callable[[str], None]

#: `--profile` names -> the token profile they stand for
PROFILE_NAMES: Final = {
    "auth0": AUTH0_ACCESS_TOKEN,
    "rfc9068": RFC9068_ACCESS_TOKEN,
    "id-token": ID_TOKEN,
    "string-aud": STRING_AUD_API,
}
_PENDING: Final = "https://pending.invalid/"  # an issuer stand-in until the keys' source is known
_NOT_JWT: Final = ("opaque", "malformed")


@dataclass(frozen=True)
class InspectOptions:
    """What `inspect` validates against; all empty means decode only."""

    jwks: str | None = None
    domains: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    audience: str | None = None
    profile: str | None = None
    algorithms: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()
    leeway: float | None = None
    sandbox: str | None = None
    seed: int | None = None

    @property
    def requested(self) -> bool:
        """True when any validation option was given."""
        given = (self.jwks, self.audience, self.profile, self.leeway, self.sandbox)
        listed = (self.domains, self.issuers, self.algorithms, self.scopes)
        return any(v is not None for v in given) or any(listed)

    def draft(self) -> Expectations:
        """The policy with a stand-in issuer: every option checked before anything is fetched.

        Raises:
            ConfigError: for options that cannot be used (no key source, `alg none`, ...).
        """
        if not (self.jwks or self.domains or self.sandbox):
            raise ConfigError(
                "validating needs keys: give --domain D (the tenant's), --jwks URL|FILE or "
                "--sandbox PROFILE"
            )
        if self.jwks and not _is_url(self.jwks) and not (self.domains or self.issuers):
            raise ConfigError("with --jwks FILE, name the issuer: --domain D or --issuer URL")
        if self.audience is None and self.sandbox is None:
            raise ConfigError(
                "validating needs --audience: the API identifier the token must be for "
                "(for --profile id-token, the client id)"
            )
        return Expectations(
            issuers=(*self.issuers, *(issuers_for(self.domains) if self.domains else ()))
            or _PENDING,
            audience=self.audience or "https://pending.invalid/api",
            profile=PROFILE_NAMES[self.profile or "auth0"],
            algorithms=self.algorithms or None,
            leeway=60.0 if self.leeway is None else self.leeway,
            required_scopes=self.scopes,
        )


@dataclass(frozen=True)
class Outcome:
    """What `inspect` found: the decoding, and the validation (or why there is none)."""

    inspection: Inspection
    sentences: list[str]
    report: ValidationReport | None = None
    problem: str = ""

    @property
    def status(self) -> int:
        """The exit status: 0 valid or decoded, 1 not a JWT, invalid or not validated."""
        if self.inspection.kind in _NOT_JWT or self.problem:
            return 1
        return 0 if self.report is None or self.report.valid else 1


def inspect_text(
    pasted: str, options: InspectOptions, clock: Clock, echo: Echo, *, as_json: bool
) -> int:
    """Print what `pasted` is (and its validation, when asked); return the exit status.

    `pasted` may carry `Bearer `, quotes and whitespace around the token.

    Raises:
        ConfigError: for options that cannot be used (the command's usage error).
    """
    draft = options.draft() if options.requested else None
    raw = token_text(Secret(pasted))
    inspection = inspect_token(raw, clock=clock)
    outcome = Outcome(inspection, explain(inspection, clock=clock).sentences)
    if draft is not None and inspection.kind not in _NOT_JWT:
        outcome = _validated(raw, outcome, options, draft, clock)
    (_print_json if as_json else _print_text)(outcome, echo)
    return outcome.status


def _validated(
    raw: str, outcome: Outcome, options: InspectOptions, draft: Expectations, clock: Clock
) -> Outcome:
    """`outcome` with the report, or with why no keys could be had."""
    try:
        with _keys(options, outcome.inspection.issuer or "", clock) as (keys, issuers, audience):
            expectations = dataclasses.replace(
                draft, issuers=draft.issuers if _PENDING not in draft.issuers else issuers,
                audience=options.audience or audience,
            )  # fmt: skip
            report = validate(raw, expectations, keys=keys, clock=clock)
    except ConfigError:
        raise
    except Auth0ExploreError as error:
        return dataclasses.replace(outcome, problem=f"no keys: {error}")
    return dataclasses.replace(outcome, report=report)


@contextmanager
def _keys(
    options: InspectOptions, named: str, clock: Clock
) -> Iterator[tuple[KeySet, tuple[str, ...], str]]:
    """(keys, the issuers their source stands for, the tenant's default audience or "")."""
    if options.sandbox is not None:
        from auth0_explore.sandbox import Sandbox

        with Sandbox(profile=options.sandbox, seed=options.seed) as sb:
            keys, _, issuers = fetch_keys("sandbox", sandbox=sb, named_issuer=named, clock=clock)
            audience = sb.tenant.settings.default_audience or ""
        if not (options.audience or audience):
            raise ConfigError(
                f"the {options.sandbox} profile has no default audience: give --audience"
            )
        yield keys, issuers, audience
    elif options.jwks is not None and not _is_url(options.jwks):
        yield _jwks_file(Path(options.jwks)), (), ""
    elif options.jwks is not None:
        keys, _, issuers = fetch_keys("jwks_url", options.jwks, clock=clock)
        yield keys, issuers, ""
    else:
        mine = issuers_for(options.domains)
        domain = options.domains[mine.index(named)] if named in mine else options.domains[0]
        keys, _, issuers = fetch_keys("domain", domain, clock=clock)
        yield keys, issuers, ""


def _jwks_file(path: Path) -> KeySet:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"--jwks {path}: cannot read it ({error.strerror})") from None
    try:
        return KeySet.from_jwks(data, allow_symmetric=False)
    except Auth0ExploreError as error:
        raise ConfigError(f"--jwks {path}: {error}") from None


def _is_url(value: str) -> bool:
    return value.startswith(("https://", "http://"))


def _headline(outcome: Outcome) -> str:
    if outcome.inspection.kind == "opaque":
        return (
            "this is not a JWT: a JWT is 3 (JWS) or 5 (JWE) base64url segments separated by "
            "dots, and this is an opaque string that only its issuer can read"
        )
    return f"this is not a JWT: {outcome.inspection.message}"


def _print_text(outcome: Outcome, echo: Echo) -> None:
    if outcome.inspection.kind in _NOT_JWT:
        echo(fields([("error", _headline(outcome)), ("token", outcome.inspection.token)]))
        return
    echo(str(outcome.inspection))
    echo(bullets(outcome.sentences))
    if outcome.report is not None:
        echo(str(outcome.report))
    elif outcome.problem:
        echo(fields([("validation", f"not run: {outcome.problem}")]))


def _print_json(outcome: Outcome, echo: Echo) -> None:
    body: dict[str, Any] = {**outcome.inspection.as_dict(), "explanation": outcome.sentences}
    if outcome.inspection.kind in _NOT_JWT:
        body["error"] = _headline(outcome)
    if outcome.report is not None:
        body["validation"] = outcome.report.as_dict()
    if outcome.problem:
        body["validation"] = {
            "valid": False,
            "reason": "jwks_unavailable",
            "message": outcome.problem,
        }
    echo(json.dumps(body, indent=2))
