"""User flows against the sandbox over loopback: code + PKCE, refresh, password, device, userinfo.

The sandbox logs users in without a browser (`sb.login_from_url` is the user agent), approves
device codes from Python, and runs every lifetime on its frozen clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import jwt
import pytest

from auth0_explore.client import Tenant
from auth0_explore.client.auth import DeviceAuthorization
from auth0_explore.clock import FrozenClock
from auth0_explore.errors import ConfigError, OAuthError
from auth0_explore.sandbox import Sandbox
from tests.client.conftest import RS256_API, T0

ALICE = "alice@example.com"
RFC9068_API = "https://rfc9068.sandbox.example/"
USERINFO = "https://dev-sandbox.us.auth0.com/userinfo"
REALM = "Username-Password-Authentication"


FrozenSandbox = Sandbox[FrozenClock]  # sleeps move its clock


@pytest.fixture(scope="module")
def users_sandbox() -> Iterator[FrozenSandbox]:
    """A "full" sandbox of this module's own, its clock frozen (user flows change its state)."""
    with Sandbox(profile="full", clock=FrozenClock(T0)) as sb:
        yield sb


def claims(token: str) -> dict[str, object]:
    return jwt.decode(token, options={"verify_signature": False})


def as_alice(sb: Sandbox) -> Callable[[str], str]:
    """The scripted user agent: Alice logs in at whatever /authorize URL the client built."""
    return lambda url: sb.login_from_url(url, ALICE)


@pytest.mark.parametrize("hostnames", [False, True], ids=["loopback", "hostnames"])
@pytest.mark.parametrize(
    ("app", "auth_method"),
    [("web", "client_secret_post"), ("spa", "none")],
    ids=["confidential-web", "public-spa"],
)
def test_code_flow_with_pkce_gives_access_id_and_refresh_tokens(
    users_sandbox: Sandbox, hostnames: bool, app: str, auth_method: str
) -> None:
    """login(): PKCE S256, state checked, code exchanged; openid + RS256 API gives an aud array."""
    sb = users_sandbox
    with Tenant.from_sandbox(sb, application=app, hostnames=hostnames) as tenant:
        result = tenant.login(
            as_alice(sb),
            redirect_uri=sb.application(app).callbacks[0],
            audience=RFC9068_API,
            scope="openid profile offline_access",
        )
        assert result.request.grant_type == "authorization_code"
        assert result.request.auth_method == auth_method
        assert result.request.params["code_verifier"] == "********"
        assert result.has_refresh_token
        assert result.id_token_fingerprint is not None
        assert claims(result.reveal())["aud"] == [RFC9068_API, USERINFO]
        assert claims(result.reveal("id_token"))["aud"] == sb.application(app).client_id
        assert claims(result.reveal())["iss"] == tenant.connection.base_url
        assert result.audience == RFC9068_API
        assert result.validation.valid, result.validation.failures


def test_a_pasted_redirect_url_is_exchanged_and_a_foreign_one_refused(
    users_sandbox: Sandbox,
) -> None:
    """authorize() + the URL the browser lands on + exchange_code(); a replayed code is 403."""
    sb = users_sandbox
    with Tenant.from_sandbox(sb, application="web") as tenant:
        request = tenant.authorize(redirect_uri="http://localhost:3000/callback")
        landed = sb.login_from_url(request.url, ALICE)
        result = tenant.exchange_code(request, landed)
        assert claims(result.reveal("id_token"))["nonce"] == request.nonce
        with pytest.raises(OAuthError) as info:
            tenant.exchange_code(request, landed)  # a code is single use
        assert (info.value.status, info.value.error, info.value.attempts) == (
            403,
            "invalid_grant",
            1,
        )
        other = tenant.authorize(redirect_uri="http://localhost:3000/callback")
        with pytest.raises(ConfigError, match="state does not match"):
            tenant.exchange_code(other, sb.login_from_url(request.url, ALICE))


def test_no_audience_gives_the_opaque_userinfo_token_that_userinfo_accepts() -> None:
    """Plain profile rules: no audience and no default -> the JWE /userinfo token."""
    with (
        Sandbox(profile="plain", clock=FrozenClock(T0)) as sb,
        Tenant.from_sandbox(sb, application="web") as tenant,
    ):
        result = tenant.login(
            as_alice(sb), redirect_uri="http://localhost:3000/callback", scope="openid email"
        )
        assert result.inspection.kind == "auth0_opaque_jwe"
        profile = tenant.userinfo(result)
    assert profile.status == 200
    assert profile.data["email"] == ALICE
    assert profile.request.auth_method == "bearer"
    assert profile.request.params["access_token"].startswith("sha256:")


def test_userinfo_with_a_bad_token_is_a_401_tried_once(users_sandbox: Sandbox) -> None:
    """/userinfo's text 401 becomes an OAuthError, not retried."""
    with (
        Tenant.from_sandbox(users_sandbox, application="web") as tenant,
        pytest.raises(OAuthError) as info,
    ):
        tenant.userinfo("not-a-token")
    assert (info.value.status, info.value.error, info.value.attempts) == (401, "unauthorized", 1)
    assert info.value.error_description == "Unauthorized"


def test_refresh_rotates_for_the_spa_and_reuse_revokes_the_family(users_sandbox: Sandbox) -> None:
    """SPA refresh tokens rotate; presenting the old one again is invalid_grant, tried once."""
    sb = users_sandbox
    with Tenant.from_sandbox(sb, application="spa") as tenant:
        first = tenant.login(
            as_alice(sb),
            redirect_uri="http://localhost:5173/callback",
            audience=RFC9068_API,
            scope="openid offline_access",
        )
        second = tenant.refresh(first)
        assert second.request.grant_type == "refresh_token"
        assert second.refresh_token_fingerprint not in (None, first.refresh_token_fingerprint)
        assert second.audience == RFC9068_API
        assert second.validation.valid
        with pytest.raises(OAuthError) as info:
            tenant.refresh(first)
    assert (info.value.status, info.value.error, info.value.attempts) == (403, "invalid_grant", 1)
    assert info.value.error_description == "Unknown or invalid refresh token."


def test_revoke_then_refresh_fails(users_sandbox: Sandbox) -> None:
    """A revoked refresh token (200, empty body) no longer refreshes."""
    sb = users_sandbox
    with Tenant.from_sandbox(sb, application="web") as tenant:
        result = tenant.login(
            as_alice(sb),
            redirect_uri="http://localhost:3000/callback",
            audience=RFC9068_API,
            scope="openid offline_access",
        )
        revoked = tenant.revoke(result)
        assert (revoked.status, dict(revoked.data)) == (200, {})
        with pytest.raises(OAuthError, match="invalid_grant"):
            tenant.refresh(result)


@pytest.mark.parametrize(
    ("realm", "grant", "gty"),
    [
        (REALM, "http://auth0.com/oauth/grant-type/password-realm", "password-realm"),
        (None, "password", "password"),
    ],
    ids=["password-realm", "password"],
)
def test_password_grants_with_and_without_a_realm(
    users_sandbox: Sandbox, realm: str | None, grant: str, gty: str
) -> None:
    """password-realm names the connection; plain password uses the default directory."""
    with Tenant.from_sandbox(users_sandbox, application="web") as tenant:
        result = tenant.password_realm(ALICE, "alice-Sandbox-1", realm=realm, audience=RS256_API)
    assert result.request.grant_type == grant
    assert result.request.params["password"] == "********"
    assert claims(result.reveal())["gty"] == gty
    assert result.validation.valid


def test_a_wrong_password_is_403_wrong_email_or_password(users_sandbox: Sandbox) -> None:
    """Auth0's answer for a bad password, tried once."""
    with (
        Tenant.from_sandbox(users_sandbox, application="web") as tenant,
        pytest.raises(OAuthError) as info,
    ):
        tenant.password_realm(ALICE, "nope", realm=REALM)
    assert (info.value.status, info.value.error_description, info.value.attempts) == (
        403,
        "Wrong email or password.",
        1,
    )
    users_sandbox.unblock(ALICE)


class DeviceUser:
    """Sleeps by moving the sandbox clock; approves (or not) after a number of waits.

    With `short_first`, the first wait moves the clock 1 s only: the next poll comes too soon.
    """

    def __init__(
        self, sb: FrozenSandbox, approve_after: int | None, short_first: bool = False
    ) -> None:
        self.sb, self.approve_after, self.short_first = sb, approve_after, short_first
        self.device: DeviceAuthorization | None = None
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        too_soon = self.short_first and len(self.sleeps) == 1
        self.sb.clock.advance(1.0 if too_soon else seconds)
        if self.device and len(self.sleeps) == self.approve_after:
            self.sb.approve_device(self.device.user_code, ALICE)


def test_device_flow_polls_at_the_interval_until_approved(users_sandbox: FrozenSandbox) -> None:
    """Two pending polls 5 s apart, then the approved device gets its tokens."""
    user = DeviceUser(users_sandbox, approve_after=2)
    with Tenant.from_sandbox(users_sandbox, application="cli", sleep=user.sleep) as tenant:
        user.device = tenant.device_authorization(scope="openid offline_access", audience=RS256_API)
        assert user.device.interval == 5
        result = tenant.poll_device(user.device)
    assert user.sleeps == [5.0, 5.0]
    assert result.request.grant_type == "urn:ietf:params:oauth:grant-type:device_code"
    assert result.request.params["device_code"].startswith("sha256:")
    assert result.has_refresh_token
    assert result.validation.valid


def test_device_flow_slows_down_when_told(users_sandbox: FrozenSandbox) -> None:
    """A poll that comes too soon gets slow_down with interval 10: the client waits 10 s next."""
    user = DeviceUser(users_sandbox, approve_after=2, short_first=True)
    with Tenant.from_sandbox(users_sandbox, application="cli", sleep=user.sleep) as tenant:
        user.device = tenant.device_authorization(scope="openid", audience=RS256_API)
        result = tenant.poll_device(user.device)
    assert user.sleeps == [5.0, 10.0]
    assert result.status == 200


def test_device_flow_ends_with_expired_token_when_never_approved(
    users_sandbox: FrozenSandbox,
) -> None:
    """Never approved: polls every 5 s until Auth0's expired_token at 900 s, raised as such."""
    user = DeviceUser(users_sandbox, approve_after=None)
    with Tenant.from_sandbox(users_sandbox, application="cli", sleep=user.sleep) as tenant:
        device = tenant.device_authorization(scope="openid", audience=RS256_API)
        with pytest.raises(OAuthError) as info:
            tenant.poll_device(device)
    assert (info.value.status, info.value.error) == (403, "expired_token")
    assert "start the device flow again" in str(info.value)
    assert user.sleeps == [5.0] * (device.expires_in // 5)
