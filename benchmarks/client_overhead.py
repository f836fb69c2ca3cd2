"""Figure 3: one client-credentials request through the toolkit vs a bare `requests` POST.

The sandbox runs in its own process (`auth0-explore sandbox --config`), so the server's work
does not share this process's GIL with the client being measured. Three sides, rotated every
round, on kept-alive connections, no token cache (every call is a real round trip):

- toolkit: `Tenant.client_credentials(cache=False)`, then the token inspected and validated
  with the issuer's JWKS from the client's cache (`verify`, every strict check on);
- bare: `requests.Session().post(...)` of the same form body, then `.json()`;
- auth0-python: `GetToken.client_credentials`, for reference (it validates nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from benchmarks import subjects
from benchmarks.runner import Bar, Context, Row, interleave_many, not_measured, secs

BAR = Bar("<=", 1.15)
FIGURE = "Client overhead: 1 client-credentials call"


def _bare(base_url: str, client_id: str, secret: str, audience: str) -> Callable[[], object]:
    import requests

    session = requests.Session()
    url = base_url + "oauth/token"
    form = {
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_secret": secret,
        "audience": audience,
    }

    def call() -> object:
        response = session.post(url, data=form, timeout=10)
        response.raise_for_status()
        return response.json()["access_token"]

    return call


def _auth0_python(
    base_url: str, client_id: str, secret: str, audience: str
) -> Callable[[], object] | None:
    try:
        from auth0.authentication import GetToken
    except ImportError:
        return None
    domain = base_url.removeprefix("http://").rstrip("/")
    get_token = GetToken(domain, client_id, client_secret=secret, protocol="http")

    def call() -> object:
        return get_token.client_credentials(audience)["access_token"]

    return call


def run(ctx: Context) -> list[Row]:
    why = subjects.missing("auth0_explore.sandbox") or subjects.missing("auth0_explore.client")
    if why:
        return [not_measured(FIGURE, why), not_measured("  ref: auth0-python GetToken", why)]
    calls = ctx.size(1_500, 5)
    where = Path(ctx.cache) / "client"
    with subjects.one_client_sandbox(ctx.smoke, where) as (base_url, client_id, secret, audience):
        toolkit = subjects.toolkit_client(base_url, client_id, secret, audience)
        sides: dict[str, Callable[[], object]] = {
            "toolkit": toolkit.call,
            "bare": _bare(base_url, client_id, secret, audience),
        }
        sdk = _auth0_python(base_url, client_id, secret, audience)
        if sdk is not None:
            sides["auth0-python"] = sdk
        # call by call, order rotating: a slow spell of the shared machine or of the server hits
        # each side alike, and the median per call ignores the spells themselves
        per_call = interleave_many(sides, repeats=calls, warmup=ctx.size(20, 1), collect=False)
    bare = per_call["bare"]
    rows = [
        Row(
            f"{FIGURE} ({toolkit.what}), median of {calls:,}",
            f"toolkit {secs(per_call['toolkit'])}",
            f"bare requests POST {secs(bare)}",
            per_call["toolkit"] / bare,
            BAR,
        )
    ]
    if sdk is not None:
        rows.append(
            Row(
                "  ref: auth0-python GetToken.client_credentials",
                f"auth0-python {secs(per_call['auth0-python'])}",
                f"bare requests POST {secs(bare)}",
                per_call["auth0-python"] / bare,
                note="ref",
            )
        )
    else:
        rows.append(not_measured("  ref: auth0-python GetToken", "auth0-python not installed"))
    return rows
