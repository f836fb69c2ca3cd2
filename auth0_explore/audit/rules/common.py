"""Questions several rule families ask of the probe results."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from auth0_explore.audit.context import AuditContext
from auth0_explore.audit.probes.model import Observation

__all__ = ["confirmed_by", "iso_seconds", "tokens_for"]


def tokens_for(
    ctx: AuditContext, audience: str, application: str | None = None
) -> list[Observation]:
    """The observations of tokens issued for `audience` (and `application`, when given)."""
    return [
        o
        for p, o in ctx.probes.tokens()
        if p.audience == audience and (application is None or p.application == application)
    ]


def confirmed_by(results: Iterable[bool]) -> bool | None:
    """None when no probe looked; True when one showed it; False when all showed otherwise."""
    seen = list(results)
    if not seen:
        return None
    return any(seen)


def iso_seconds(text: str | None) -> float | None:
    """An ISO 8601 time as seconds since the epoch (UTC when no zone is given); None when
    absent or unreadable."""
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
