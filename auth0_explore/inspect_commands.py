"""The body of `auth0-explore inspect` (cli.py keeps the options): decode, and validate offline.

Nothing is sent anywhere: the token is decoded and explained, and when a saved JWKS document,
the tenant's domains (or issuers) and the audience are given, validated against them with
`Expectations`, the report printed row by row with the policy it used.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from auth0_explore.clock import Clock
from auth0_explore.errors import ConfigError
from auth0_explore.tokens import (
    TOKEN_PROFILES,
    Expectations,
    Inspection,
    KeySet,
    ValidationReport,
    explain,
    inspect_token,
    issuers_for,
    validate,
)

__all__ = ["OfflineCheck", "inspect_text"]

Echo = Callable[[str], None]


@dataclass(frozen=True)
class OfflineCheck:
    """What `inspect` validates against: a saved JWKS document and the policy's options."""

    jwks: Path | None = None
    domains: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    audience: str | None = None
    profile: str = "auth0_access_token"
    algorithms: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()

    @property
    def requested(self) -> bool:
        """True when any validation option was given."""
        return bool(self.jwks or self.audience is not None or self.domains or self.issuers)

    def report(self, raw: str, clock: Clock) -> ValidationReport:
        """Every check of `raw`; `ConfigError` / `TokenError` for incomplete or bad options."""
        if self.jwks is None or self.audience is None or not (self.domains or self.issuers):
            raise ConfigError("validating needs --jwks FILE, --audience and --domain (or --issuer)")
        expectations = Expectations(
            issuers=(*self.issuers, *(issuers_for(self.domains) if self.domains else ())),
            audience=self.audience,
            profile=TOKEN_PROFILES[self.profile],
            algorithms=self.algorithms or None,
            required_scopes=self.scopes,
        )
        keys = KeySet.from_jwks(self.jwks.read_bytes(), allow_symmetric=False)
        return validate(raw, expectations, keys=keys, clock=clock)


def inspect_text(raw: str, check: OfflineCheck, clock: Clock, echo: Echo, *, as_json: bool) -> int:
    """Print what `raw` is (and its validation, when asked); the exit status (1: malformed or
    invalid).

    Raises:
        ConfigError, TokenError: for validation options that cannot be used (bad JWKS, ...).
    """
    report = check.report(raw, clock) if check.requested else None
    inspection = inspect_token(raw, clock=clock)
    sentences = explain(inspection, clock=clock).sentences
    if as_json:
        extra = {} if report is None else {"validation": report.as_dict()}
        echo(json.dumps({**inspection.as_dict(), "explanation": sentences, **extra}, indent=2))
    else:
        _print_inspection(inspection, sentences, echo)
        if report is not None:
            _print_report(report, echo)
    return 1 if inspection.kind == "malformed" or (report is not None and not report.valid) else 0


def _print_inspection(inspection: Inspection, sentences: list[str], echo: Echo) -> None:
    echo(f"{'token':<11} {inspection.token}")
    echo(f"{'kind':<11} {inspection.family} ({inspection.kind})")
    if inspection.message:
        echo(f"{'note':<11} {inspection.message}")
    if inspection.header:
        echo(f"{'header':<11} {json.dumps(inspection.header)}")
    for name, value in (inspection.claims or {}).items():
        item = inspection.time(name)
        readable = (
            f"  ({item.at:%Y-%m-%d %H:%M:%S} UTC, {item.relative})" if item and item.at else ""
        )
        echo(f"  {name:<9} {json.dumps(value)}{readable}")
    if inspection.remaining_text:
        echo(f"{'expiry':<11} {inspection.remaining_text}")
    for sentence in sentences:
        echo(f"  - {sentence}")


def _print_report(report: ValidationReport, echo: Echo) -> None:
    verdict = "valid" if report.valid else f"invalid: {report.reason}"
    echo(f"{'validation':<11} {verdict}")
    echo(f"{'policy':<11} {report.expectations!r}")
    mark = {"passed": "ok", "failed": "FAIL", "not run": "-"}
    for row in report.checks:
        echo(f"  {mark[row.status]:<4} {row.name:<15} {row.explanation}")
