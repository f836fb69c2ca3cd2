"""`Management`: read a tenant's configuration (typed, every page) and make the few writes labs
need, through the Management API with the least scopes.

    mgmt = tenant.management                   # a part of client.Tenant
    mgmt.apis()                                # tuple[snapshot.Api, ...], every page
    mgmt.snapshot()                            # the whole configuration, read-only
    mgmt.update_api("https://api.example/", token_lifetime=600)   # update:resource_servers

Reads return the snapshot package's frozen values; a snapshot asks one token for the read scopes
(`SNAPSHOT_SCOPES`) and never for secrets. A missing scope is an `OAuthError` naming the scope
and where to grant it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from auth0_explore.client.management.scopes import SNAPSHOT_SCOPES
from auth0_explore.client.management.session import ManagementSession
from auth0_explore.clock import Clock, to_datetime
from auth0_explore.snapshot import management_json as parse
from auth0_explore.snapshot.management_json import CLIENT_FIELDS
from auth0_explore.snapshot.model import (
    Api,
    Application,
    ClientGrant,
    CustomDomain,
    Organization,
    Settings,
    SigningKey,
    Snapshot,
    Source,
)

__all__ = ["Management"]

_SETTINGS = ("read:tenant_settings",)
_CLIENTS = ("read:clients",)
_APIS = ("read:resource_servers",)
_GRANTS = ("read:client_grants",)
_ORGS = ("read:organizations",)
_ORG_GRANTS = ("read:organization_client_grants",)
_DOMAINS = ("read:custom_domains",)
_KEYS = ("read:signing_keys",)


class Management:
    """The Management API of one tenant connection (a part of `Tenant`)."""

    def __init__(self, session: ManagementSession, domain: str, clock: Clock) -> None:
        self._session = session
        self._domain = domain
        self._clock = clock

    @property
    def calls(self) -> int:
        """Management API requests sent so far (every page counts)."""
        return self._session.calls

    # -- raw JSON, for what the typed reads do not cover ----------------------------------------

    def get(
        self, path: str, scopes: tuple[str, ...], query: Mapping[str, str] | None = None
    ) -> Any:
        """One paced `GET /api/v2/<path>` with a token for `scopes`; the decoded JSON."""
        return self._session.call("GET", path, scopes, query=query)

    # -- typed reads (every page) ---------------------------------------------------------------

    def settings(self) -> Settings:
        """The tenant settings."""
        return parse.settings_from_json(self.get("tenants/settings", _SETTINGS))

    def applications(self) -> tuple[Application, ...]:
        """Every application (client), without secrets; Auth0's global client left out."""
        return tuple(parse.application_from_json(c) for c in self._clients())

    def _clients(self) -> list[dict[str, Any]]:
        query = {"fields": CLIENT_FIELDS, "include_fields": "true"}
        listed = self._session.offset_pages("clients", "clients", _CLIENTS, query)
        return [c for c in listed if not c.get("global")]

    def apis(self) -> tuple[Api, ...]:
        """Every API (resource server), without signing secrets."""
        listed = self._session.offset_pages("resource-servers", "resource_servers", _APIS, {})
        return tuple(parse.api_from_json(a) for a in listed)

    def client_grants(self) -> tuple[ClientGrant, ...]:
        """Every client grant (checkpoint paging); `client` is the application's client_id
        here (names need `read:clients`: `snapshot()` fills them in)."""
        return tuple(parse.client_grant_from_json(g, {}) for g in self._grants())

    def _grants(self) -> list[dict[str, Any]]:
        return self._session.checkpoint_pages("client-grants", "client_grants", _GRANTS, {})

    def organizations(self) -> tuple[Organization, ...]:
        """Every organization (checkpoint paging, so past Auth0's 1,000 offset records)."""
        return tuple(parse.organization_from_json(o) for o in self._organizations())

    def _organizations(self) -> list[dict[str, Any]]:
        return self._session.checkpoint_pages("organizations", "organizations", _ORGS, {})

    def organization_client_grants(self, organization_id: str) -> list[dict[str, Any]]:
        """The client grants associated with one organization (JSON objects)."""
        path = f"organizations/{organization_id}/client-grants"
        return self._session.offset_pages(path, "client_grants", _ORG_GRANTS, {})

    def custom_domains(self) -> tuple[CustomDomain, ...]:
        """Every custom domain."""
        return tuple(
            parse.custom_domain_from_json(d) for d in self._list("custom-domains", _DOMAINS)
        )

    def signing_keys(self) -> tuple[SigningKey, ...]:
        """The tenant's signing keys (current, next, previous, revoked)."""
        return tuple(parse.signing_key_from_json(k) for k in self._list("keys/signing", _KEYS))

    def _list(self, path: str, scopes: tuple[str, ...]) -> list[dict[str, Any]]:
        data = self.get(path, scopes)
        return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []

    def snapshot(self) -> Snapshot:
        """The whole configuration, read-only, with one token for `SNAPSHOT_SCOPES`."""
        self._session.token(SNAPSHOT_SCOPES)  # one token; each read below is a subset of it
        return self._read_all()

    def _read_all(self) -> Snapshot:
        s = self._session
        orgs = s.checkpoint_pages("organizations", "organizations", SNAPSHOT_SCOPES, {})
        org_grants = {
            str(o.get("id")): s.offset_pages(
                f"organizations/{o.get('id')}/client-grants", "client_grants", SNAPSHOT_SCOPES, {}
            )
            for o in orgs
        }
        query = {"fields": CLIENT_FIELDS, "include_fields": "true"}
        clients = s.offset_pages("clients", "clients", SNAPSHOT_SCOPES, query)
        return parse.snapshot_from_json(
            Source("tenant", self._domain, _iso(self._clock.now())),
            settings=s.call("GET", "tenants/settings", SNAPSHOT_SCOPES),
            apis=s.offset_pages("resource-servers", "resource_servers", SNAPSHOT_SCOPES, {}),
            clients=[c for c in clients if not c.get("global")],
            grants=s.checkpoint_pages("client-grants", "client_grants", SNAPSHOT_SCOPES, {}),
            organizations=orgs,
            organization_grants=org_grants,
            custom_domains=s.call("GET", "custom-domains", SNAPSHOT_SCOPES) or [],
            signing_keys=s.call("GET", "keys/signing", SNAPSHOT_SCOPES) or [],
        )

    # -- writes (what labs and audits change through the real path) -----------------------------

    def update_settings(
        self,
        *,
        default_audience: str | None = None,
        default_directory: str | None = None,
        flags: Mapping[str, bool] | None = None,
    ) -> Settings:
        """`PATCH tenants/settings` (`update:tenant_settings`); "" unsets an audience."""
        body = _given(default_audience=default_audience, default_directory=default_directory,
                      flags=dict(flags) if flags is not None else None)  # fmt: skip
        data = self._session.call(
            "PATCH", "tenants/settings", ("update:tenant_settings",), body=body
        )
        return parse.settings_from_json(data)

    def update_api(
        self,
        api: str,
        *,
        token_lifetime: int | None = None,
        token_lifetime_for_web: int | None = None,
        token_dialect: str | None = None,
        signing_alg: str | None = None,
        enforce_policies: bool | None = None,
        allow_offline_access: bool | None = None,
    ) -> Api:
        """`PATCH resource-servers/{id}` (`update:resource_servers`); `api` is the id or the
        identifier. The next token for that API shows the change."""
        body = _given(
            token_lifetime=token_lifetime,
            token_lifetime_for_web=token_lifetime_for_web,
            token_dialect=token_dialect,
            signing_alg=signing_alg,
            enforce_policies=enforce_policies,
            allow_offline_access=allow_offline_access,
        )
        path = f"resource-servers/{quote(api, safe='')}"
        data = self._session.call("PATCH", path, ("update:resource_servers",), body=body)
        return parse.api_from_json(data)

    def update_client_grant(
        self,
        grant_id: str,
        *,
        scope: Sequence[str] | None = None,
        organization_usage: str | None = None,
        allow_any_organization: bool | None = None,
    ) -> ClientGrant:
        """`PATCH client-grants/{id}` (`update:client_grants`)."""
        body = _given(
            scope=list(scope) if scope is not None else None,
            organization_usage=organization_usage,
            allow_any_organization=allow_any_organization,
        )
        path = f"client-grants/{quote(grant_id, safe='')}"
        data = self._session.call("PATCH", path, ("update:client_grants",), body=body)
        return parse.client_grant_from_json(data, {})

    def rotate_signing_keys(self) -> str:
        """`POST keys/signing/rotate` (`create:signing_keys`): the new current key's kid."""
        data = self._session.call("POST", "keys/signing/rotate", ("create:signing_keys",), body={})
        return str(data.get("kid", "")) if isinstance(data, dict) else ""

    def revoke_signing_key(self, kid: str) -> None:
        """`PUT keys/signing/{kid}/revoke` (`update:signing_keys`): it leaves the JWKS."""
        path = f"keys/signing/{quote(kid, safe='')}/revoke"
        self._session.call("PUT", path, ("update:signing_keys",), body={})

    def __repr__(self) -> str:
        return f"Management({self._session.base_url!r}, calls={self.calls})"


def _given(**values: Any) -> dict[str, Any]:
    """The members that were given (None means "leave as it is")."""
    return {k: v for k, v in values.items() if v is not None}


def _iso(seconds: float) -> str:
    return to_datetime(seconds).isoformat(timespec="seconds").replace("+00:00", "Z")
