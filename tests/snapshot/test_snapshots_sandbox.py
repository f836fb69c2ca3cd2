"""Snapshots of the sandbox: round trips, secrets, the diff of two tenants, offline replay."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from auth0_explore.client import Tenant
from auth0_explore.clock import FrozenClock
from auth0_explore.errors import ConfigError
from auth0_explore.explore import Run, Target
from auth0_explore.sandbox import RateLimitRule, Sandbox
from auth0_explore.secrets import Secret
from auth0_explore.snapshot import diff, from_json, load_json, save_json, to_json

T0 = 1_800_000_000
CANARIES = ("canary-client-secret-0f3a9c", "canary-hs256-secret-77b2e1d4", "canary-user-pw-5d1")


def _sandbox(profile: str) -> Sandbox[FrozenClock]:
    sandbox = Sandbox(profile=profile, clock=FrozenClock(T0), seed=21)
    sandbox.tenant.emulation.rate_limits["/api/v2/"] = RateLimitRule(1000, 1000.0)
    return sandbox


@pytest.fixture
def full() -> Iterator[Sandbox[FrozenClock]]:
    with _sandbox("full") as sandbox:
        yield sandbox


def test_sandbox_to_json_and_back_is_equal(full: Sandbox, tmp_path: Path) -> None:
    """sandbox -> JSON file -> snapshot: the same value."""
    with Tenant.from_sandbox(full, application="api-explorer") as tenant:
        snapshot = tenant.management.snapshot()
    assert load_json(save_json(snapshot, tmp_path / "tenant.json")) == snapshot


def test_no_secret_survives_a_snapshot_even_when_the_api_sends_them(
    full: Sandbox, tmp_path: Path
) -> None:
    """With read:client_keys the API returns secrets; the saved snapshot has none of them."""
    full.application("m2m").client_secret = Secret(CANARIES[0])
    full.api("custom-hs256").signing_secret = Secret(CANARIES[1])
    full.user("alice@example.com").password = Secret(CANARIES[2])
    grant = next(g for g in full.tenant.client_grants if g.client == "api-explorer")
    grant.scope = [*grant.scope, "read:client_keys"]
    with Tenant.from_sandbox(full, application="api-explorer") as tenant:
        sent = tenant.management.get("clients", ("read:client_keys", "read:clients"))
        assert CANARIES[0] in str(sent)  # the API did send it
        apis = tenant.management.get(
            "resource-servers", ("read:client_keys", "read:resource_servers")
        )
        assert CANARIES[1] in str(apis)
        snapshot = tenant.management.snapshot()
    text = save_json(snapshot, tmp_path / "s.json").read_text() + to_json(full.snapshot())
    assert not [c for c in CANARIES if c in text]
    assert "BEGIN PRIVATE KEY" not in text


def test_a_file_of_another_schema_or_shape_is_refused(tmp_path: Path) -> None:
    """Wrong schema version, unknown members, wrong types: ConfigError naming where."""
    with pytest.raises(ConfigError, match="schema version 99"):
        from_json('{"schema_version": 99}')
    with pytest.raises(ConfigError, match=r"snapshot.apis\[0\].token_lifetime: expected int"):
        from_json(
            '{"schema_version": 1, "source": {"kind": "x"}, '
            '"apis": [{"identifier": "a", "token_lifetime": "1"}]}'
        )


def test_the_diff_of_two_profiles_and_of_api_changes() -> None:
    """plain vs full: default audience moved, custom domain added; then the API's lifetime, a
    grant's scope and a client's grant type, each one row."""
    with _sandbox("plain") as plain, _sandbox("full") as full:
        before = plain.snapshot()
        with Tenant.from_sandbox(full, application="api-explorer") as tenant:
            mgmt = tenant.management
            mgmt.update_api("https://api.sandbox.example/", token_lifetime=3600)
            grant = next(g for g in mgmt.client_grants() if g.scope == ("read:items",))
            mgmt.update_client_grant(grant.id, scope=["read:items", "delete:items"])
        full.application("m2m").grant_types.append("refresh_token")
        frame = diff(before, full.snapshot())
    rows = {(r.kind, r.object, r.field): r for r in frame.itertuples()}
    audience = rows[("settings", "tenant", "default_audience")]
    assert (audience.before, audience.after) == ("", "https://api.sandbox.example/")
    assert rows[("custom_domain", "login.example.com", "")].change == "added"
    lifetime = rows[("api", "https://api.sandbox.example/", "token_lifetime")]
    assert (lifetime.before, lifetime.after) == (86400, 3600)
    scope = rows[("client_grant", "m2m-quota → https://api.sandbox.example/", "scope")]
    assert (scope.change, scope.after) == ("added", "delete:items")
    gained = rows[("application", "m2m", "grant_types")]
    assert (gained.change, gained.after) == ("added", "refresh_token")
    assert list(frame.columns) == ["kind", "object", "field", "change", "before", "after"]


def test_a_replayed_sandbox_gives_the_same_audience_matrix() -> None:
    """Sandbox(snapshot=...) offline: every scenario's outcome, status, error, aud and scope
    are those of the original (keys and secrets are fresh)."""
    columns = ["scenario", "domain", "outcome", "status", "error", "error_description", "aud",
               "scope", "alg", "typ", "lifetime_s", "valid"]  # fmt: skip
    frames = []
    with _sandbox("full") as original:
        snapshot = original.snapshot()
        frames.append(_matrix(original, columns))
    with Sandbox(snapshot=snapshot, clock=FrozenClock(T0)) as replayed:
        assert replayed.application("m2m").client_id == original.application("m2m").client_id
        assert replayed.keys.current.kid != snapshot.signing_keys[0].kid
        frames.append(_matrix(replayed, columns))
    assert frames[0].equals(frames[1]), frames[0].compare(frames[1])
    assert len(frames[0]) == 14


def _matrix(sandbox: Sandbox, columns: list[str]) -> object:
    with Target.from_sandbox(sandbox, user_application=None) as target:
        frame = Run(target.matrix(all_domains=True), target, progress=False).start().frame()
    return frame[columns].astype(str).sort_values(["scenario", "domain"]).reset_index(drop=True)


def test_snapshots_and_replay_leave_pandas_out_of_the_sandbox() -> None:
    """Reading, saving and replaying a snapshot imports no pandas (only `diff` does)."""
    code = (
        "import sys\n"
        "from auth0_explore.sandbox import Sandbox\n"
        "from auth0_explore.snapshot import to_json, from_json\n"
        "with Sandbox(profile='plain') as sb:\n"
        "    with Sandbox(snapshot=from_json(to_json(sb.snapshot()))): pass\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=120
    ).stdout.strip()
    assert out == "False"
