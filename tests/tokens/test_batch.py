"""verify_many: the strict helper over a batch, on worker processes when it is large."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

import auth0_explore.tokens.batch as batch
from auth0_explore.clock import FrozenClock
from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.tokens import KeySet, verify, verify_many
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


def _one_by_one(tokens: list[object], keys: KeySet, clock: FrozenClock) -> list[object]:
    out: list[object] = []
    for token in tokens:
        try:
            out.append(verify(token, keys=keys, clock=clock, issuers=ISSUER, audience=API))
        except TokenError as error:
            out.append(error.reason)
    return out


def test_a_mixed_batch_on_two_processes_gets_verify_s_verdicts_in_order(
    forge: Forge, attacker_key: Any, keys: KeySet
) -> None:
    """Valid, expired, forged and malformed tokens: the same verdict as `verify`, in order."""
    clock = FrozenClock(NOW + 10)
    tokens = _mixed(forge, attacker_key) * 3
    results = verify_many(
        tokens, keys=keys, clock=clock, issuers=ISSUER, audience=API, workers=2, chunksize=4
    )
    assert [_outcome(r) for r in results] == _one_by_one(tokens, keys, clock)
    reasons = {r.reason for r in results if isinstance(r, TokenError)}
    assert reasons == {"expired", "bad_signature", "malformed", "jwe_not_jws", "aud_mismatch",
                       "unknown_kid"}  # fmt: skip
    assert sum(isinstance(r, dict) for r in results) == 3 * 7


def test_a_small_batch_stays_in_this_process(
    forge: Forge, attacker_key: Any, keys: KeySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fewer than two chunks, or workers=1: no process pool is started."""

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a small batch started a process pool")

    monkeypatch.setattr(batch, "ProcessPoolExecutor", no_pool)
    clock = FrozenClock(NOW + 10)
    tokens = _mixed(forge, attacker_key)
    expected = _one_by_one(tokens, keys, clock)
    options: dict[str, Any] = {"keys": keys, "clock": clock, "issuers": ISSUER, "audience": API}
    small = verify_many(tokens, workers=2, chunksize=len(tokens), **options)
    assert [_outcome(r) for r in small] == expected
    one_worker = verify_many(tokens * 4, workers=1, chunksize=2, **options)
    assert [_outcome(r) for r in one_worker] == expected * 4


def test_without_processes_the_batch_runs_here(
    forge: Forge, keys: KeySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pool that cannot start is not an error: the chunks run in this process."""

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(batch, "ProcessPoolExecutor", broken)
    tokens = [forge.token(m2m_claims(sub=f"c-{i}@clients")) for i in range(6)]
    results = verify_many(
        tokens, keys=keys, clock=FrozenClock(NOW), issuers=ISSUER, audience=API, workers=2,
        chunksize=2,
    )  # fmt: skip
    assert [r["sub"] for r in results if isinstance(r, dict)] == [
        f"c-{i}@clients" for i in range(6)
    ]


def test_an_hmac_key_set_never_leaves_the_process(
    forge: Forge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A secret does not pickle, so a batch checked with one runs here."""
    secret = "s" * 32
    keys = KeySet.from_secret(secret)
    with pytest.raises(TypeError, match="secret"):
        pickle.dumps(keys)
    monkeypatch.setattr(batch, "ProcessPoolExecutor", None)  # would fail if called
    tokens = [forge.token(alg="HS256", key=secret.encode(), kid=None) for _ in range(4)]
    results = verify_many(
        tokens, keys=keys, clock=FrozenClock(NOW), issuers=ISSUER, audience=API,
        algorithms=["HS256"], workers=2, chunksize=1,
    )  # fmt: skip
    assert all(isinstance(r, dict) for r in results)


def test_a_public_key_set_pickles_and_still_verifies(forge: Forge, keys: KeySet) -> None:
    """Keys travel to workers as DER and come back able to verify."""
    copy = pickle.loads(pickle.dumps(keys))
    assert [k.kid for k in copy.keys] == [k.kid for k in keys.keys]
    claims = verify(forge.token(), keys=copy, clock=FrozenClock(NOW), issuers=ISSUER, audience=API)
    assert claims["iss"] == ISSUER


@pytest.mark.parametrize(
    "options",
    [{"audience": ""}, {"keys": "not keys"}, {"workers": 0}, {"chunksize": 0},
     {"issuers": []}, {"algorithms": ["none"]}],
    ids=["no-audience", "keys-not-keyset", "no-workers", "no-chunk", "no-issuer", "alg-none"],
)  # fmt: skip
def test_invalid_options_raise_before_any_token(keys: KeySet, options: dict[str, Any]) -> None:
    """Invalid arguments are the caller's error, raised once, not a result per token."""
    arguments: dict[str, Any] = {
        "keys": keys, "clock": FrozenClock(NOW), "issuers": ISSUER, "audience": API, **options,
    }  # fmt: skip
    with pytest.raises(ConfigError):
        verify_many(["a.b.c"], **arguments)
