"""verify_many: the strict helper over a batch, on a pool of worker processes when it is large."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

import auth0_explore.batch.pool as pool_module
from auth0_explore.batch import IN_PROCESS_BELOW, BatchPool, shared_pool, verify_many
from auth0_explore.clock import FrozenClock
from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.tokens import Expectations, KeySet, verify
from tests.tokens.forge import API, ISSUER, NOW, Forge, auth0_opaque_token, b64, m2m_claims


def _mixed(forge: Forge, attacker: Any) -> list[object]:
    valid = [forge.token(m2m_claims(sub=f"client-{i}@clients")) for i in range(6)]
    header, payload, signature = valid[0].split(".")
    return [
        *valid[:2],
        forge.token(m2m_claims(exp=NOW - 3600)),  # expired
        forge.token(key=attacker),  # signed with another key
        f"{header}.{b64(m2m_claims(scope='admin'))}.{signature}",  # payload swapped
        f"{header}.{payload}",  # two segments
        "not a token at all",
        auth0_opaque_token(),
        forge.token(m2m_claims(aud="https://other.example.com/")),
        forge.token(kid="unknown"),
        12345,
        valid[0].encode(),
        *valid[2:],
    ]


def _outcome(result: object) -> object:
    return result.reason if isinstance(result, TokenError) else result


def _one_by_one(
    tokens: list[object], expect: Expectations, keys: KeySet, clock: FrozenClock
) -> list[object]:
    out: list[object] = []
    for token in tokens:
        try:
            out.append(verify(token, expect, keys=keys, clock=clock))
        except TokenError as error:
            out.append(error.reason)
    return out


@pytest.fixture
def large(forge: Forge, attacker_key: Any) -> list[object]:
    """A mixed batch just large enough for the pool."""
    tokens = _mixed(forge, attacker_key)
    return (tokens * (IN_PROCESS_BELOW // len(tokens) + 1))[:IN_PROCESS_BELOW]


def test_a_large_mixed_batch_gets_verify_s_verdicts_in_order(
    large: list[object], keys: KeySet, expect: Expectations
) -> None:
    """Valid, expired, forged and malformed tokens: the same verdict as `verify`, in order."""
    clock = FrozenClock(NOW + 10)
    with BatchPool(workers=2) as pool:
        assert pool.start()  # up before the call: the workers take their share
        results = verify_many(large, expect, keys=keys, clock=clock, chunksize=100, pool=pool)
    assert [_outcome(r) for r in results] == _one_by_one(large, expect, keys, clock)
    reasons = {r.reason for r in results if isinstance(r, TokenError)}
    assert reasons == {"expired", "bad_signature", "malformed", "jwe_not_jws", "aud_mismatch",
                       "unknown_kid"}  # fmt: skip


def test_the_pool_starts_on_first_use_and_serves_later_calls(
    large: list[object], keys: KeySet, expect: Expectations
) -> None:
    """Started by the first large batch (in the background: that call does not wait), then the
    same worker processes for every call until shut down; a shut-down pool starts again."""
    clock = FrozenClock(NOW + 10)
    expected = _one_by_one(large, expect, keys, clock)
    with BatchPool(workers=2) as pool:
        assert (pool.started, pool.pids) == (False, frozenset())
        first_call = verify_many(large, expect, keys=keys, clock=clock, chunksize=50, pool=pool)
        assert [_outcome(r) for r in first_call] == expected
        assert pool.start()  # already under way: wait for it
        first = pool.pids
        assert len(first) == 1  # workers=2: one worker beside this process
        again = verify_many(large, expect, keys=keys, clock=clock, chunksize=50, pool=pool)
        assert [_outcome(r) for r in again] == expected
        assert pool.pids == first
        pool.shutdown()
        assert not pool.started
        assert pool.start()
        assert pool.pids.isdisjoint(first)
    assert "closed" in repr(pool)
    assert not pool.start()  # closed for good


def test_the_shared_pool_is_one_per_worker_count() -> None:
    """`verify_many` without a pool uses a process-wide one, made once per worker count."""
    assert shared_pool(2) is shared_pool(2)
    assert shared_pool(2) is not shared_pool(3)


def test_a_small_batch_stays_in_this_process(
    forge: Forge,
    attacker_key: Any,
    keys: KeySet,
    expect: Expectations,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Below the threshold, or with workers=1: no process is started."""

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a small batch started a process pool")

    monkeypatch.setattr(pool_module, "ProcessPoolExecutor", no_pool)
    clock = FrozenClock(NOW + 10)
    tokens = _mixed(forge, attacker_key)
    expected = _one_by_one(tokens, expect, keys, clock)
    small = verify_many(tokens, expect, keys=keys, clock=clock, workers=2, chunksize=2)
    assert [_outcome(r) for r in small] == expected
    repeated = tokens * (IN_PROCESS_BELOW // len(tokens) + 1)
    one_worker = verify_many(repeated, expect, keys=keys, clock=clock, workers=1)
    assert [_outcome(r) for r in one_worker] == _one_by_one(repeated, expect, keys, clock)


def test_without_processes_the_batch_runs_here(
    forge: Forge, keys: KeySet, expect: Expectations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pool that cannot start is not an error: the chunks run in this process."""

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(pool_module, "ProcessPoolExecutor", broken)
    tokens = [forge.token(m2m_claims(sub=f"c-{i}@clients")) for i in range(6)]
    with BatchPool(workers=2) as pool:
        assert not pool.start()
        parts = pool.run([tokens[:3], tokens[3:]], expect, keys, FrozenClock(NOW))
        assert not pool.started
    subs = [r["sub"] for part in parts for r in part if isinstance(r, dict)]
    assert subs == [f"c-{i}@clients" for i in range(6)]


def test_an_hmac_key_set_never_leaves_the_process(
    forge: Forge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A secret does not pickle, so a batch checked with one runs here."""
    secret = "s" * 32
    keys = KeySet.from_secret(secret)
    with pytest.raises(TypeError, match="secret"):
        pickle.dumps(keys)
    monkeypatch.setattr(pool_module, "ProcessPoolExecutor", None)  # would fail if called
    token = forge.token(alg="HS256", key=secret.encode(), kid=None)
    expectations = Expectations(issuers=ISSUER, audience=API, algorithms="HS256")
    results = verify_many([token] * IN_PROCESS_BELOW, expectations, keys=keys,
                          clock=FrozenClock(NOW), workers=2, chunksize=10)  # fmt: skip
    assert all(isinstance(r, dict) for r in results)
    with BatchPool(workers=2) as pool:  # a pool used directly keeps the secret here too
        parts = pool.run([[token], [token]], expectations, keys, FrozenClock(NOW))
        assert not pool.started
    assert all(isinstance(r, dict) for part in parts for r in part)


def test_a_public_key_set_pickles_and_still_verifies(
    forge: Forge, keys: KeySet, expect: Expectations
) -> None:
    """Keys travel to workers as DER and come back able to verify; expectations pickle."""
    copy = pickle.loads(pickle.dumps(keys))
    assert [k.kid for k in copy.keys] == [k.kid for k in keys.keys]
    policy = pickle.loads(pickle.dumps(expect))
    assert policy == expect
    claims = verify(forge.token(), policy, keys=copy, clock=FrozenClock(NOW))
    assert claims["iss"] == ISSUER


@pytest.mark.parametrize(
    "options",
    [{"keys": "not keys"}, {"workers": 0}, {"chunksize": 0}, {"expectations": {"aud": API}}],
    ids=["keys-not-keyset", "no-workers", "no-chunk", "expectations-not-expectations"],
)
def test_invalid_options_raise_before_any_token(
    keys: KeySet, expect: Expectations, options: dict[str, Any]
) -> None:
    """Invalid arguments are the caller's error, raised once, not a result per token."""
    arguments: dict[str, Any] = {
        "expectations": expect, "keys": keys, "clock": FrozenClock(NOW), **options,
    }  # fmt: skip
    with pytest.raises(ConfigError):
        verify_many(["a.b.c"], **arguments)
