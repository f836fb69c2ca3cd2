"""A long-running sandbox keeps its size (issue 10, found by the load suite's memory check).

Under steady traffic the sandbox grew by about 4 MiB a minute: every refresh token it ever
issued stayed in memory after revocation (and revoking one scanned them all), every device
authorization stayed after its tokens went out, and codes never exchanged and sessions never
logged out were only dropped when presented again. Each store now forgets what can no longer
change an answer; these tests check the counts and that the answers stay Auth0's.
"""

from __future__ import annotations

import pytest

from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox.grants.user_grant import UserGrant
from auth0_explore.sandbox.http.state import SandboxState
from auth0_explore.sandbox.stores.devices import DEVICE_CODE_LIFETIME, POLL_INTERVAL
from auth0_explore.sandbox.stores.sweep import SWEEP_SECONDS
from auth0_explore.sandbox.tenant.profiles import load_profile
from tests.sandbox.conftest import FROZEN_AT, SEED

LIMIT = 200  # Emulation.refresh_token_limit


@pytest.fixture
def state() -> SandboxState:
    """The plain tenant's state on a frozen clock, no servers: the stores themselves."""
    return SandboxState.create(load_profile("plain"), FrozenClock(FROZEN_AT), seed=SEED)


def _clock(state: SandboxState) -> FrozenClock:
    assert isinstance(state.clock, FrozenClock)
    return state.clock


def _grant(state: SandboxState, app: str = "web") -> UserGrant:
    tenant = state.tenant
    user = tenant.user("alice@example.com", tenant.connections_for(tenant.application(app)))
    assert user is not None
    api = tenant.api("https://api.sandbox.example/")
    return UserGrant(user, tenant.application(app), api, ("openid", "offline_access"))


def test_a_revoked_refresh_token_is_forgotten_and_answers_as_unknown(
    state: SandboxState,
) -> None:
    store, grant = state.refresh_tokens, _grant(state)
    tokens = [store.issue(grant, LIMIT) for _ in range(50)]
    assert len(store) == 50
    for token in tokens:
        store.revoke(token, grant.client, whole_grant=False)
    assert len(store) == 0
    assert store.get(tokens[0]) is None
    assert store.exchange(tokens[0], grant.client, LIMIT) is None
    store.revoke(tokens[0], grant.client, whole_grant=False)  # again: the same empty answer


def test_revoking_a_rotating_family_forgets_every_token_of_it(state: SandboxState) -> None:
    store, grant = state.refresh_tokens, _grant(state, "spa")
    first = store.issue(grant, LIMIT)
    other = store.issue(grant, LIMIT)
    token = first
    for _ in range(5):
        used = store.exchange(token, grant.client, LIMIT)
        assert used is not None
        token = used[1] or ""
    assert len(store) == 7  # two families: six tokens of the first, one of the other
    store.revoke(token, grant.client, whole_grant=False)
    assert len(store) == 1
    assert store.get(other) is not None


def test_reusing_a_rotated_token_still_revokes_its_family(state: SandboxState) -> None:
    store, grant = state.refresh_tokens, _grant(state, "spa")
    first = store.issue(grant, LIMIT)
    used = store.exchange(first, grant.client, LIMIT)
    assert used is not None
    _clock(state).advance(grant.client.refresh_token.leeway + 1)
    assert store.exchange(first, grant.client, LIMIT) is None  # reuse detected
    assert store.get(used[1] or "") is None
    assert len(store) == 0


def test_the_token_limit_forgets_the_oldest(state: SandboxState) -> None:
    store, grant = state.refresh_tokens, _grant(state)
    tokens = [store.issue(grant, LIMIT) for _ in range(LIMIT + 5)]
    assert len(store) == LIMIT
    assert store.get(tokens[0]) is None
    assert store.get(tokens[-1]) is not None


def test_whole_grant_revocation_forgets_the_users_tokens_for_that_api(
    state: SandboxState,
) -> None:
    store, grant = state.refresh_tokens, _grant(state)
    tokens = [store.issue(grant, LIMIT) for _ in range(3)]
    store.revoke(tokens[0], grant.client, whole_grant=True)
    assert len(store) == 0


def _device(state: SandboxState) -> tuple[str, str]:
    tenant = state.tenant
    record = state.devices.start(tenant.application("cli"), None, "openid", tenant.settings)
    return record.device_code, record.user_code


def test_a_device_authorization_is_forgotten_once_its_tokens_went_out(
    state: SandboxState,
) -> None:
    devices, cli = state.devices, state.tenant.application("cli").client_id
    device_code, user_code = _device(state)
    assert devices.poll(device_code, cli)[0] == "pending"
    record = devices.pending(user_code.lower().replace("-", ""))  # dashes and case ignored
    assert record is not None
    devices.decide(record, _grant(state, "cli"))
    _clock(state).advance(POLL_INTERVAL)
    assert devices.poll(device_code, cli)[0] == "approved"
    assert len(devices) == 0
    assert devices.poll(device_code, cli)[0] == "unknown"  # invalid_grant, as before
    assert devices.pending(user_code) is None


def test_an_expired_device_code_says_so_once_then_is_forgotten(state: SandboxState) -> None:
    devices, cli = state.devices, state.tenant.application("cli").client_id
    device_code, _ = _device(state)
    _clock(state).advance(DEVICE_CODE_LIFETIME)
    assert devices.poll(device_code, cli)[0] == "expired"
    assert devices.poll(device_code, cli)[0] == "unknown"
    assert len(devices) == 0


def test_device_codes_no_one_polls_are_swept_a_lifetime_after_they_expire(
    state: SandboxState,
) -> None:
    devices, cli = state.devices, state.tenant.application("cli").client_id
    late, _ = _device(state)
    for _ in range(99):
        _device(state)
    _clock(state).advance(DEVICE_CODE_LIFETIME + 1)
    _device(state)  # a sweep: expired, but a device may still poll and be told once
    assert len(devices) == 101
    assert devices.poll(late, cli)[0] == "expired"
    _clock(state).advance(2 * DEVICE_CODE_LIFETIME + SWEEP_SECONDS)
    _device(state)
    assert len(devices) == 1


def _code(state: SandboxState, grant: UserGrant, lifetime: int) -> str:
    return state.codes.issue(
        grant, redirect_uri=None, code_challenge=None, code_challenge_method="plain",
        lifetime=lifetime,
    )  # fmt: skip


def test_codes_never_exchanged_are_swept_once_expired(state: SandboxState) -> None:
    codes, grant = state.codes, _grant(state)
    lifetime = state.tenant.emulation.authorization_code_lifetime
    old = [_code(state, grant, lifetime) for _ in range(20)]
    _clock(state).advance(max(lifetime, SWEEP_SECONDS) + 1)
    _code(state, grant, lifetime)
    assert len(codes) == 1
    assert codes.take(old[0], grant.client.client_id) is None


def test_sessions_never_logged_out_are_swept_once_ended(state: SandboxState) -> None:
    sessions, settings = state.sessions, state.tenant.settings
    old = [sessions.start("auth0|someone", settings) for _ in range(20)]
    _clock(state).advance(settings.idle_session_lifetime * 3600 + SWEEP_SECONDS)
    sessions.start("auth0|someone", settings)
    assert len(sessions) == 1
    assert sessions.find(old[0].sid, settings) is None
