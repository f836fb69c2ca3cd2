"""The tenant's lookup tables follow every change made from Python, on the very next request."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests

from auth0_explore.sandbox import Sandbox
from auth0_explore.sandbox.tenant import tracking
from auth0_explore.sandbox.tenant.model import Api, Application, ClientGrant, TenantConfig
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


def _two_named(name: str) -> tuple[TenantConfig, Application, Application]:
    """A tenant with two applications of the same name: lookups by name find the first."""
    first, second = Application(name, client_id="First"), Application(name, client_id="Second")
    return TenantConfig(applications=[first, second]), first, second


# Every in-place change of a list, and what the name lookup must find after it.
_EDITS: dict[str, tuple[Callable[[list[Application], Application, Application], object], str]] = {
    "append": (lambda apps, a, b: apps.append(Application("new", client_id="New")), "First"),
    "extend": (lambda apps, a, b: apps.extend([Application("new", client_id="New")]), "First"),
    "insert": (lambda apps, a, b: apps.insert(0, Application("dup", client_id="New")), "New"),
    "setitem": (lambda apps, a, b: apps.__setitem__(0, Application("dup", client_id="New")), "New"),
    "setslice": (lambda apps, a, b: apps.__setitem__(slice(0, 1), []), "Second"),
    "delitem": (lambda apps, a, b: apps.__delitem__(0), "Second"),
    "pop": (lambda apps, a, b: apps.pop(0), "Second"),
    "remove": (lambda apps, a, b: apps.remove(a), "Second"),
    "reverse": (lambda apps, a, b: apps.reverse(), "Second"),
    "sort": (lambda apps, a, b: apps.sort(key=lambda x: x.client_id, reverse=True), "Second"),
    "iadd": (lambda apps, a, b: apps.__iadd__([Application("x", client_id="X")]), "First"),
    "imul": (lambda apps, a, b: apps.__imul__(0), ""),
    "clear": (lambda apps, a, b: apps.clear(), ""),
    "rename": (lambda apps, a, b: setattr(a, "name", "other"), "Second"),
}


@pytest.mark.parametrize("edit", sorted(_EDITS))
def test_every_in_place_edit_of_a_list_or_a_keyed_field_is_seen_by_the_next_lookup(
    edit: str,
) -> None:
    """The lookup tables are checked by one counter (tracking.py): every edit must move it."""
    tenant, first, second = _two_named("dup")
    assert tenant.application("dup") is first  # tables built
    apply, expected = _EDITS[edit]
    apply(tenant.applications, first, second)
    found = tenant.application("dup")
    assert (found.client_id if found else "") == expected
    assert tenant.application("New") is next(
        (a for a in tenant.applications if a.client_id == "New"), None
    )


def test_lists_given_or_assigned_are_tracked_and_a_change_elsewhere_keeps_the_tables() -> None:
    """A plain list becomes a TrackedList, on construction and on assignment; an edit of
    another tenant moves the process-wide counter but rebuilds nothing here."""
    tenant, first, _ = _two_named("dup")
    assert isinstance(tenant.applications, tracking.TrackedList)
    tables = tenant._index()
    TenantConfig(apis=[Api("other", "https://other.example/")]).apis.append(Api("x", "https://x/"))
    assert tenant._index() is tables  # the key says nothing of this tenant's changed
    replacement = Application("dup", client_id="Replacement")
    tenant.applications = [replacement]
    assert isinstance(tenant.applications, tracking.TrackedList)
    assert tenant.application("dup") is replacement
    tenant.applications.append(first)
    assert tenant.application("First") is first
