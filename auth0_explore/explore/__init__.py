"""The explorer: audience matrices run against targets, as DataFrames, comparisons and reports.

    from auth0_explore.explore import Run, Target
    target = Target.from_sandbox(sb, "default-audience")     # or Target.from_env()
    run = Run(target.matrix(), target).start()
    run.frame()                                               # one tidy row per attempt

Sits on `client` (the only network I/O) and `tokens` (inspection, validation, explanations).
"""

from __future__ import annotations

from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.explore.choices import NO_AUDIENCE, TENANT_DEFAULT, TenantChoices
from auth0_explore.explore.device import DeviceFlow
from auth0_explore.explore.frames import COLUMNS, Column, schema_frame, to_frame
from auth0_explore.explore.grants import GRANTS, GrantCall
from auth0_explore.explore.runner import Run
from auth0_explore.explore.scenarios import (
    AUDIENCE_CHOICES,
    STANDARD_CHOICES,
    Scenario,
    audience_matrix,
    under,
)
from auth0_explore.explore.targets import ApiKeys, Target
from auth0_explore.explore.workbench import TokenRequest, Workbench

__all__ = [
    "AUDIENCE_CHOICES",
    "COLUMNS",
    "GRANTS",
    "NO_AUDIENCE",
    "STANDARD_CHOICES",
    "TENANT_DEFAULT",
    "ApiKeys",
    "AttemptResult",
    "Column",
    "DeviceFlow",
    "GrantCall",
    "Run",
    "Scenario",
    "Target",
    "TenantChoices",
    "TokenRequest",
    "Workbench",
    "audience_matrix",
    "schema_frame",
    "to_frame",
    "under",
]
