"""A Management API token works only through the domain it came from."""

from __future__ import annotations

from auth0_explore.course import management_across_domains
from auth0_explore.explore import Target
from auth0_explore.sandbox import Sandbox
from tests.explore.conftest import CANONICAL, CUSTOM


def test_each_token_reads_through_its_own_domain_only(domain_sandbox: Sandbox) -> None:
    """Canonical and custom domain, both ways: the diagonal reads, the rest is 401."""
    with Target.from_sandbox(domain_sandbox, "custom-domain") as target:
        calls = management_across_domains(target)
    assert list(
        zip(calls["token from"], calls["called through"], calls["status"], strict=True)
    ) == [
        (CANONICAL, CANONICAL, 200),
        (CANONICAL, CUSTOM, 401),
        (CUSTOM, CANONICAL, 401),
        (CUSTOM, CUSTOM, 200),
    ]
    assert set(calls.loc[calls["status"] == 401, "answer"]) == {"Invalid token"}
    assert calls.loc[0, "answer"].endswith("objects read")
    assert calls.loc[3, "iss"] == f"https://{CUSTOM}/"


def test_a_scope_the_grant_lacks_is_a_row_not_an_exception(domain_sandbox: Sandbox) -> None:
    """The token request refused (403, the scope is not granted) is shown as such."""
    with Target.from_sandbox(domain_sandbox, "custom-domain") as target:
        calls = management_across_domains(target, path="tenants/settings", scope="read:nothing")
    assert list(calls["status"]) == [403, 403]
    assert calls["answer"].str.startswith("Client has not been granted scopes").all()
