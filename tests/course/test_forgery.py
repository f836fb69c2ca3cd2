"""Forged tokens are refused, each with its reason; reuse of a rotated refresh token revokes
the family. (The validator is the toolkit's own, reached through the tenant connection.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from auth0_explore.client.results import TokenResult
from auth0_explore.client.tenant import Tenant
from auth0_explore.course import forge, reuse_detection, tamper, try_forgeries
from auth0_explore.errors import ConfigError
from auth0_explore.explore import Target
from auth0_explore.sandbox import Sandbox
from auth0_explore.tokens import Expectations
from tests.explore.conftest import RS256_API

REASONS = {
    "alg: none": "alg_not_allowed",
    "HS256 with the public key": "alg_not_allowed",
    "payload changed": "bad_signature",
    "attacker's key, unknown kid": "unknown_kid",
    "attacker's key in the header": "bad_signature",
    "kid path traversal": "alg_not_allowed",
}


@pytest.fixture(scope="module")
def tenant(plain_sandbox: Sandbox) -> Iterator[Tenant]:
    """The plain sandbox's M2M connection, by host name."""
    with Tenant.from_sandbox(plain_sandbox, hostnames=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def genuine(tenant: Tenant) -> TokenResult:
    """A genuine token for the custom API."""
    return tenant.client_credentials(RS256_API)


def test_every_forgery_is_refused_with_its_reason(tenant: Tenant, genuine: TokenResult) -> None:
    """Built from one token and the public key alone; none verifies, each fails where the
    lesson says; the genuine token itself does verify (so the refusals are not a broken key)."""
    assert tenant.validate(genuine).valid
    forged = forge(genuine, tenant.jwks().key(genuine.inspection.header["kid"]))
    expectations = Expectations.for_api(tenant.connection.domain, RS256_API)
    verdicts = try_forgeries(tenant, forged, expectations).set_index("forgery")
    assert dict(verdicts["reason"]) == REASONS
    assert not verdicts["valid"].any()
    assert verdicts.loc["alg: none", "check"] == "algorithm"
    assert all(verdicts["why refused"].str.len() > 0)
    by_name = {f.name: f for f in forged}
    assert by_name["alg: none"].reveal().endswith(".")  # no signature at all
    assert by_name["attacker's key in the header"].header["jwk"]["kty"] == "RSA"
    assert by_name["kid path traversal"].header["kid"].startswith("../")


def test_a_tampered_token_still_decodes_and_hides_in_its_repr(genuine: TokenResult) -> None:
    """Decoding shows the changed claim (decoding checks nothing); the forgery's repr is a
    fingerprint, never the token."""
    forged = tamper(genuine, {"scope": "delete:everything"})
    assert forged.claims["scope"] == "delete:everything"
    assert forged.claims["sub"] == genuine.inspection.claims["sub"]  # type: ignore[index]
    assert forged.reveal() not in repr(forged)
    assert forged.reveal().rsplit(".", 1)[1] == genuine.reveal().rsplit(".", 1)[1]


def test_forging_needs_a_signed_token(plain_sandbox: Sandbox) -> None:
    """Auth0's opaque /userinfo token (a login without audience) cannot be forged from."""
    web = plain_sandbox.application("web")
    with Tenant.from_sandbox(plain_sandbox, hostnames=True, application="web") as tenant:
        opaque = tenant.login(
            lambda url: str(plain_sandbox.login_from_url(url, "alice@example.com")),
            redirect_uri=web.callbacks[0],
            scope="openid",
        )
    assert opaque.inspection.kind == "auth0_opaque_jwe"
    with pytest.raises(ConfigError, match="signed JWT"):
        forge(opaque, {})


def test_reuse_of_a_rotated_refresh_token_revokes_the_family(plain_sandbox: Sandbox) -> None:
    """SPA (rotating): the first token presented again is refused, and so is the latest. Web
    application (non-rotating): the same token keeps working."""
    with Target.from_sandbox(plain_sandbox) as target:
        spa = reuse_detection(target).set_index("step")
        web = reuse_detection(target, application="web").set_index("step")
    assert list(spa["status"]) == [200, 200, 403, 403]
    assert spa.loc["3 the first token again (reuse)", "outcome"] == "invalid_grant"
    assert spa.iloc[3]["error_description"] == "Unknown or invalid refresh token."
    assert spa.iloc[1]["new refresh token"] != spa.iloc[0]["new refresh token"]  # rotated
    assert list(web["status"]) == [200, 200, 200, 200]
    with pytest.raises(ConfigError, match="needs the sandbox"):
        reuse_detection(Target.from_tenant(Tenant.from_sandbox(plain_sandbox)))
