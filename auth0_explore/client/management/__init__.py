"""The Management API client: typed reads of every page, the labs' writes, snapshots.

`Tenant.management` is the entry point. Parts: `session` (token from the cache, pacing by the
rate-limit headers, both paging styles), `client` (`Management`: typed reads and writes,
`snapshot()`), `scopes` (the least scopes and the missing-scope advice).
"""

from __future__ import annotations

from auth0_explore.client.management.client import Management
from auth0_explore.client.management.scopes import SNAPSHOT_SCOPES
from auth0_explore.client.management.session import ManagementSession

__all__ = ["SNAPSHOT_SCOPES", "Management", "ManagementSession"]
