"""Probes as a DataFrame: one row per planned pair, what was asked and what came back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from auth0_explore.audit.probes.model import Probe, Probes

__all__ = ["PROBE_COLUMNS", "probes_frame"]

#: the columns of `probes_frame`, in order
PROBE_COLUMNS = (
    "application",
    "audience",
    "domain",
    "organization",
    "expected",
    "outcome",
    "status",
    "error",
    "error_description",
    "from_cache",
    "note",
    "fingerprint",
    "alg",
    "typ",
    "kid",
    "iss",
    "aud",
    "lifetime",
    "scope",
    "permissions",
    "org_id",
    "valid",
    "reason",
)


def _row(probe: Probe) -> dict[str, Any]:
    pair, seen = probe.pair, probe.token
    row: dict[str, Any] = {
        "application": pair.application,
        "audience": pair.audience,
        "domain": pair.domain,
        "organization": pair.organization,
        "expected": pair.expect,
        "outcome": probe.outcome,
        "status": probe.status,
        "error": probe.error or None,
        "error_description": probe.error_description or None,
        "from_cache": probe.from_cache,
        "note": probe.note or None,
    }
    if seen is not None:
        row.update(
            fingerprint=seen.fingerprint,
            alg=seen.alg,
            typ=seen.typ,
            kid=seen.kid,
            iss=seen.iss,
            aud=list(seen.aud),
            lifetime=seen.lifetime,
            scope=" ".join(seen.scope) if seen.scope else None,
            permissions=list(seen.permissions) if seen.permissions is not None else None,
            org_id=seen.org_id,
            valid=seen.valid,
            reason=seen.reason or None,
        )
    return row


def probes_frame(probes: Probes) -> pd.DataFrame:
    """One row per probe (tokens as fingerprints only)."""
    frame = pd.DataFrame([_row(p) for p in probes.probes], columns=list(PROBE_COLUMNS))
    frame = frame.astype(object).where(frame.notna(), None)
    frame["status"] = frame["status"].astype("Int64")
    frame["lifetime"] = frame["lifetime"].astype("Int64")
    return frame
