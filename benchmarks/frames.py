"""Figure 5: 100,000 results into the documented DataFrame vs `DataFrame.from_records`."""

from __future__ import annotations

import random
from typing import Any

import pandas as pd

from auth0_explore.explore.frames import to_frame
from benchmarks.runner import Bar, Context, Row, interleave, secs

BAR = Bar("<=", 1.5)
_AUDIENCES = (
    ["https://api.example.com/"],
    ["https://dev-sandbox.us.auth0.com/api/v2/"],
    ["https://api.example.com/", "https://dev-sandbox.us.auth0.com/userinfo"],
)


def records(count: int, seed: int = 6) -> list[dict[str, Any]]:
    """Flat attempt records shaped like the runner's: mostly tokens, some errors."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for i in range(count):
        client = f"{rng.getrandbits(96):024x}"
        iat = 1_700_000_000 + i
        if i % 7 == 3:
            rows.append(
                {
                    "configuration": "default-audience" if i % 2 else "custom-domain",
                    "scenario": "unknown",
                    "domain": "https://dev-sandbox.us.auth0.com/",
                    "grant": "client_credentials",
                    "audience_choice": "unknown",
                    "requested_audience": f"https://nope-{i}.example/",
                    "requested_scope": None,
                    "organization": None,
                    "outcome": "error",
                    "status": 403,
                    "error": "access_denied",
                    "error_description": f"Service not found: https://nope-{i}.example/",
                }
            )
            continue
        aud = _AUDIENCES[i % 3]
        rows.append(
            {
                "configuration": "default-audience" if i % 2 else "custom-domain",
                "scenario": "custom",
                "domain": "https://dev-sandbox.us.auth0.com/",
                "grant": "client_credentials",
                "audience_choice": "custom",
                "requested_audience": aud[0],
                "requested_scope": "read:things",
                "organization": None,
                "outcome": "token",
                "status": 200,
                "error": None,
                "error_description": None,
                "token_kind": "jws",
                "alg": "RS256",
                "typ": "JWT",
                "kid": "k1",
                "iss": "https://dev-sandbox.us.auth0.com/",
                "aud": list(aud),
                "aud_is_array": len(aud) > 1,
                "azp": client,
                "client_id": None,
                "sub": f"{client}@clients",
                "gty": "client-credentials",
                "scope": "read:things write:things",
                "permissions": None,
                "org_id": None,
                "iat": iat,
                "exp": iat + 86_400,
                "lifetime_s": 86_400,
                "valid": True,
                "first_failed_check": None,
                "explanation": "JWT because an audience was asked for.",
                "fingerprint": f"sha256:{rng.getrandbits(48):012x}",
            }
        )
    return rows


def run(ctx: Context) -> list[Row]:
    count = ctx.size(100_000, 2_000)
    data = records(count)
    timing = interleave(
        lambda: to_frame(data),
        lambda: pd.DataFrame.from_records(data),
        repeats=ctx.size(7, 1),
        warmup=ctx.size(1, 0),
    )
    return [
        Row(
            f"DataFrame build, {count:,} results",
            f"to_frame {secs(timing.subject)}",
            f"from_records {secs(timing.reference)}",
            timing.ratio,
            BAR,
        )
    ]
