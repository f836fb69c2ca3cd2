"""One configuration per rule, built to trigger it: the clean sandbox tenant, changed a little.

Each `Trigger` edits the clean tenant's snapshot (`edit`), and/or changes the running sandbox
after the snapshot was taken (`stale`: the configuration read is then out of date, which is
what the probe rules catch), and/or sets audit options. `replay` says why a sandbox cannot serve
the edited configuration ("" when `Sandbox(snapshot=...)` can: the rule must then fire through
the sandbox's Management API too). Adding a rule means adding its trigger here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from auth0_explore.audit import AuditOptions
from auth0_explore.snapshot.model import (
    Api,
    Application,
    ClientGrant,
    CustomDomain,
    JwtConfiguration,
    RefreshToken,
    Snapshot,
)

T0 = 1_800_000_000.0
SEED = 14
CANONICAL = "dev-sandbox.us.auth0.com"
ORDERS = "https://orders.acme.internal/"
BILLING = "https://billing.acme.internal/"
MANAGEMENT = f"https://{CANONICAL}/api/v2/"
CUSTOM = "login.acme.internal"
DAY = 86_400


@dataclass(frozen=True)
class Trigger:
    """How to make one rule fire on the clean tenant."""

    edit: Callable[[Snapshot], Snapshot] = lambda s: s
    stale: Callable[[Any], None] | None = None
    options: AuditOptions = field(default_factory=AuditOptions)
    failing: bool = False
    replay: str = ""


# -- editing helpers: one object of the snapshot replaced or added ---------------------------


def api(s: Snapshot, identifier: str, **changes: Any) -> Snapshot:
    apis = tuple(replace(a, **changes) if a.identifier == identifier else a for a in s.apis)
    return replace(s, apis=apis)


def app(s: Snapshot, name: str, **changes: Any) -> Snapshot:
    apps = tuple(replace(a, **changes) if a.name == name else a for a in s.applications)
    return replace(s, applications=apps)


def grant(s: Snapshot, client: str, audience: str, **changes: Any) -> Snapshot:
    grants = tuple(
        replace(g, **changes) if (g.client, g.audience) == (client, audience) else g
        for g in s.client_grants
    )
    return replace(s, client_grants=grants)


def settings(s: Snapshot, **changes: Any) -> Snapshot:
    return replace(s, settings=replace(s.settings, **changes))


def add(s: Snapshot, *objects: Any) -> Snapshot:
    kinds = {
        Api: "apis",
        Application: "applications",
        ClientGrant: "client_grants",
        CustomDomain: "custom_domains",
    }
    for obj in objects:
        name = kinds[type(obj)]
        s = replace(s, **{name: (*getattr(s, name), obj)})
    return s


def m2m_grant(audience: str, *scope: str) -> ClientGrant:
    return ClientGrant(audience, client="m2m", scope=scope)


def domain(name: str, **changes: Any) -> CustomDomain:
    healthy = CustomDomain(
        name,
        status="ready",
        type="auth0_managed_certs",
        tls_policy="recommended",
        verification_status="verified",
        certificate_status="provisioned",
    )
    return replace(healthy, **changes)


# -- what the sandbox does after the snapshot (stale configurations) --------------------------


def shorten_orders(sb: Any) -> None:
    sb.tenant.api(ORDERS).token_lifetime = 600


def revoke_billing_grant(sb: Any) -> None:
    sb.tenant.client_grants = [
        g for g in sb.tenant.client_grants if not (g.client == "m2m" and g.api == BILLING)
    ]


def rotate(sb: Any) -> None:
    sb.rotate_keys()


UNREPLAYED_GRANT = "a replayed sandbox leaves out grants for APIs the snapshot does not have"
TRIGGERS: dict[str, Trigger] = {
    "AUD-01": Trigger(lambda s: settings(s, default_audience=ORDERS.rstrip("/"))),
    "AUD-02": Trigger(lambda s: settings(s, default_audience=MANAGEMENT)),
    "AUD-03": Trigger(
        lambda s: add(
            s,
            Api("https://ORDERS.acme.internal/", "orders-upper"),
            m2m_grant("https://ORDERS.acme.internal/"),
        )
    ),
    "AUD-04": Trigger(
        lambda s: add(
            s, Api("https://localhost/orders", "local"), m2m_grant("https://localhost/orders")
        )
    ),
    "AUD-05": Trigger(lambda s: add(s, Api(f"https://{CANONICAL}/orders", "on-domain"))),
    "AUD-06": Trigger(lambda s: api(s, ORDERS, token_lifetime_for_web=DAY)),
    "AUD-07": Trigger(lambda s: api(s, BILLING, token_dialect="rfc9068_profile_authz")),
    "AUD-08": Trigger(lambda s: api(s, ORDERS, enforce_policies=True)),
    "AUD-09": Trigger(
        lambda s: app(
            app(s, "web", grant_types=("authorization_code",)),
            "spa",
            grant_types=("authorization_code",),
        )
    ),
    "AUD-10": Trigger(lambda s: api(s, ORDERS, signing_alg="HS256")),
    "AUD-11": Trigger(
        lambda s: add(
            replace(
                s, applications=tuple(a for a in s.applications if a.name not in ("web", "spa"))
            ),
            Api("https://unused.acme.internal/", "unused"),
        )
    ),
    "AUD-12": Trigger(lambda s: api(s, ORDERS, token_lifetime=2 * DAY)),
    "AUD-13": Trigger(lambda s: api(s, BILLING, signing_alg="PS256")),
    "GRT-01": Trigger(
        lambda s: grant(
            s,
            "api-explorer",
            MANAGEMENT,
            scope=(
                *next(g.scope for g in s.client_grants if g.client == "api-explorer"),
                "update:client_grants",
            ),
        )
    ),
    "GRT-02": Trigger(
        lambda s: add(s, ClientGrant(ORDERS, "spa", scope=("read:orders",))), failing=True
    ),
    "GRT-03": Trigger(
        lambda s: add(s, ClientGrant(ORDERS, "web", scope=("read:orders",))), failing=True
    ),
    "GRT-04": Trigger(
        lambda s: add(s, m2m_grant(ORDERS.rstrip("/"))), failing=True, replay=UNREPLAYED_GRANT
    ),
    "GRT-05": Trigger(
        lambda s: grant(s, "m2m", ORDERS, scope=("read:orders", "write:orders", "delete:orders"))
    ),
    "GRT-06": Trigger(
        lambda s: grant(s, "m2m", ORDERS, allow_all_scopes=True),
        replay="the sandbox's client grants have no allow_all_scopes",
    ),
    "GRT-07": Trigger(lambda s: grant(s, "m2m", BILLING, organization_usage="require")),
    "GRT-08": Trigger(lambda s: grant(s, "m2m", BILLING, organizations=("acme",))),
    "GRT-09": Trigger(lambda s: settings(s, client_quota=None)),
    "GRT-10": Trigger(
        lambda s: add(
            s, Application("batch", app_type="non_interactive", grant_types=("client_credentials",))
        )
    ),
    "CLI-01": Trigger(
        lambda s: app(s, "web", jwt_configuration=JwtConfiguration(lifetime_in_seconds=DAY))
    ),
    "CLI-02": Trigger(lambda s: app(s, "web", refresh_token=RefreshToken())),
    "CLI-03": Trigger(
        lambda s: app(s, "web", oidc_conformant=False),
        replay="the sandbox serves every client as oidc_conformant",
    ),
    "CLI-04": Trigger(lambda s: app(s, "spa", token_endpoint_auth_method="client_secret_post")),
    "CLI-05": Trigger(
        lambda s: settings(
            app(s, "web", grant_types=("authorization_code", "refresh_token", "password")),
            default_directory="",
        )
    ),
    "TEN-01": Trigger(lambda s: settings(s, flags={"allow_legacy_ro_grant_types": True})),
    "DOM-01": Trigger(lambda s: add(s, domain(CUSTOM, primary=True))),
    "DOM-02": Trigger(lambda s: add(s, domain(CUSTOM, primary=True))),
    "DOM-03": Trigger(lambda s: add(s, domain(CUSTOM, primary=True, certificate_status="pending"))),
    "DOM-04": Trigger(lambda s: add(s, domain(CUSTOM), domain("id.acme.internal"))),
    "KEY-01": Trigger(options=AuditOptions(now=T0 + 400 * DAY)),
    "KEY-02": Trigger(stale=rotate),
    "TOK-01": Trigger(stale=shorten_orders),
    "TOK-02": Trigger(stale=revoke_billing_grant),
}
