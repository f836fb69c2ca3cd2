"""Tenant snapshots: a tenant's configuration as one plain value, saved, compared, replayed.

    snapshot = tenant.management.snapshot()          # a live tenant or the sandbox, read-only
    snapshot = read_deploy_cli("tenant.yaml")        # an auth0-deploy-cli export
    save_json(snapshot, "tenant.json")               # every secret stripped
    diff(load_json("before.json"), snapshot)         # a DataFrame: one row per change
    Sandbox(snapshot=snapshot)                       # the same configuration, offline

Layering: plain data over the shared base only; the client and the sandbox import it, it
imports neither (and pandas only inside `diff`). Modules: `model` (the dataclasses), `codec`
(JSON, secrets stripped), `management_json` (Management API objects in), `deploy_cli`
(auth0-deploy-cli YAML and directory exports in), `differences` (what changed between two).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auth0_explore.lazy import public_names

if TYPE_CHECKING:  # the public names: `X as X` lines, each name once (see auth0_explore.lazy)
    from auth0_explore.snapshot.codec import from_json as from_json
    from auth0_explore.snapshot.codec import load_json as load_json
    from auth0_explore.snapshot.codec import save_json as save_json
    from auth0_explore.snapshot.codec import to_json as to_json
    from auth0_explore.snapshot.deploy_cli import read_deploy_cli as read_deploy_cli
    from auth0_explore.snapshot.differences import Change as Change
    from auth0_explore.snapshot.differences import changes as changes
    from auth0_explore.snapshot.differences import diff as diff
    from auth0_explore.snapshot.model import SCHEMA_VERSION as SCHEMA_VERSION
    from auth0_explore.snapshot.model import Api as Api
    from auth0_explore.snapshot.model import Application as Application
    from auth0_explore.snapshot.model import ClientGrant as ClientGrant
    from auth0_explore.snapshot.model import CustomDomain as CustomDomain
    from auth0_explore.snapshot.model import Organization as Organization
    from auth0_explore.snapshot.model import Settings as Settings
    from auth0_explore.snapshot.model import SigningKey as SigningKey
    from auth0_explore.snapshot.model import Snapshot as Snapshot
    from auth0_explore.snapshot.model import Source as Source

__all__, _attribute, __dir__ = public_names(__name__)

if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name stays a type error
    __getattr__ = _attribute
