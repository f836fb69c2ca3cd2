"""Deterministic mode: a seed and a frozen clock give the same tokens on every run."""

from __future__ import annotations

import subprocess
import sys

import requests

from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox, load_profile
from auth0_explore.sandbox.minting.entropy import Entropy
from tests.sandbox.conftest import FROZEN_AT, SEED

AUDIENCES = ["https://api.sandbox.example/", "https://hs256.sandbox.example/",
             "https://rfc9068.sandbox.example/"]  # fmt: skip
SCRIPT = """
import requests
from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox
with Sandbox(profile="plain", seed={seed}, clock=FrozenClock({frozen_at})) as sb:
    app = sb.application("m2m")
    for audience in {audiences!r}:
        r = requests.post(sb.base_url + "oauth/token", headers={{"Host": sb.tenant.domain}},
            data={{"grant_type": "client_credentials", "client_id": app.client_id,
                  "client_secret": app.client_secret.reveal(), "audience": audience}})
        print(r.json()["access_token"])
"""


def _tokens(sb: Sandbox) -> list[str]:
    app = sb.application("m2m")
    assert app.client_secret is not None
    tokens = []
    for audience in AUDIENCES:
        response = requests.post(
            f"{sb.base_url}oauth/token",
            headers={"Host": sb.tenant.domain},
            data={"grant_type": "client_credentials", "client_id": app.client_id,
                  "client_secret": app.client_secret.reveal(), "audience": audience},
            timeout=10,
        )  # fmt: skip
        tokens.append(response.json()["access_token"])
    return tokens


def test_same_seed_and_frozen_clock_mint_identical_tokens_across_processes() -> None:
    """A script run in another process prints exactly the tokens this process mints."""
    with Sandbox(profile="plain", seed=SEED, clock=FrozenClock(FROZEN_AT)) as sb:
        here = _tokens(sb)
        jwks = requests.get(f"{sb.base_url}.well-known/jwks.json", timeout=10).json()
    with Sandbox(profile="plain", seed=SEED, clock=FrozenClock(FROZEN_AT)) as again:
        assert _tokens(again) == here
        assert requests.get(f"{again.base_url}.well-known/jwks.json", timeout=10).json() == jwks
    code = SCRIPT.format(audiences=AUDIENCES, seed=SEED, frozen_at=FROZEN_AT)
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=120
    ).stdout
    assert out.split() == here


def test_seed_fixes_generated_ids_and_another_seed_changes_them() -> None:
    """Client ids and secrets follow the seed; without a seed they are random."""

    def ids(seed: int | None) -> list[str]:
        tenant = load_profile("plain").materialize(Entropy(seed))
        return [a.client_id for a in tenant.applications] + [o.id for o in tenant.organizations]

    assert ids(SEED) == ids(SEED)
    assert ids(SEED) != ids(SEED + 1)
    assert ids(None) != ids(None)
