"""The tenant's lookup tables follow every change made from Python, on the very next request."""

from __future__ import annotations

import requests

from auth0_explore.sandbox import Sandbox
from auth0_explore.sandbox.tenant.model import Api, Application, ClientGrant
from auth0_explore.secrets import Secret
from tests.sandbox.conftest import cc_body, claims_of

RS256 = "https://api.sandbox.example/"
LATE_API = "https://late.example/"


def _token(
    sb: Sandbox, http: requests.Session, app: str = "m2m", **params: str
) -> requests.Response:
    return http.post(f"{sb.base_url}oauth/token", data=cc_body(sb, app, **params), timeout=10)


def test_default_audience_set_from_python_applies_to_the_next_request(
    frozen: Sandbox, http: requests.Session
) -> None:
    """On a kept-alive session: no audience fails, then succeeds once a default is set."""
    assert _token(frozen, http).status_code == 403
    frozen.tenant.settings.default_audience = RS256
    assert claims_of(_token(frozen, http))["aud"] == RS256


def test_application_api_and_grant_added_live_are_found_and_removal_is_seen(
    frozen: Sandbox, http: requests.Session
) -> None:
    """A new app, API and grant work at once; removing or renaming breaks them at once."""
    tenant = frozen.tenant
    late = Application(
        "late", client_id="LateClientId0000000000000000000", client_secret=Secret("s")
    )
    tenant.applications.append(late)
    assert _token(frozen, http, "late", audience=RS256).status_code == 403  # no grant yet
    tenant.apis.append(Api("late-api", LATE_API))
    grant = ClientGrant("late", "late-api", ["read:late"])
    tenant.client_grants.append(grant)
    assert claims_of(_token(frozen, http, "late", audience=LATE_API))["azp"] == late.client_id
    grant.api = "no-such-api"  # edited in place
    assert _token(frozen, http, "late", audience=LATE_API).status_code == 403
    grant.api = LATE_API  # by identifier this time
    assert _token(frozen, http, "late", audience=LATE_API).status_code == 200
    late.name = "renamed"  # the grant names the application by its old name
    assert _token(frozen, http, "renamed", audience=LATE_API).status_code == 403
    grant.client = late.client_id  # by client_id
    assert _token(frozen, http, "renamed", audience=LATE_API).status_code == 200
    tenant.client_grants.remove(grant)
    assert _token(frozen, http, "renamed", audience=LATE_API).status_code == 403


def test_a_replaced_application_object_is_the_one_found(frozen: Sandbox) -> None:
    """Swapping an application for a new object with the same ids: lookups return the new one."""
    tenant = frozen.tenant
    old = frozen.application("m2m")
    assert tenant.application(old.client_id) is old
    new = Application("m2m", client_id=old.client_id, client_secret=old.client_secret)
    tenant.applications[tenant.applications.index(old)] = new
    assert tenant.application(old.client_id) is new
    assert tenant.application("m2m") is new
