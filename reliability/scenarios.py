"""Mixed traffic: what a reader, a machine, a browser, a device and a password app do, in turn.

A scenario is a generator of steps for one kept-alive connection: it yields a `Request` (or a
`Pause`) and receives the `Answer`, so each step can use what the previous one returned (a code,
a token, a cookie). One round of each scenario ends the state it made (codes are exchanged,
refresh tokens revoked, sessions logged out, device codes approved and polled), as real clients
do, so steady traffic means a steady tenant. Every request names the statuses it may get: the
few non-2xx (a wrong secret's 401, a pending device's 403, redirects) are expected, any other
status is a failure.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Generator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from reliability.sandbox_process import TenantFacts
from reliability.wire import Answer, Request, form_request, get_request

__all__ = ["SCENARIOS", "Pause", "Scenario", "ScenarioError", "Step", "scenario_for"]


@dataclass(frozen=True)
class Pause:
    """Wait this long before the next request (the device flow's polling interval)."""

    seconds: float


Step = Request | Pause
Scenario = Generator[Step, Answer | None, None]

CALLBACK = "http://localhost:3000/callback"
USERS = ("alice@example.com", "bob@example.com")
DEVICE = "urn:ietf:params:oauth:grant-type:device_code"
POLL_INTERVAL = 5.0  # Auth0's device flow interval (reference §2.7); sooner is slow_down
OK, REDIRECT = frozenset({200}), frozenset({302})


def _json(answer: Answer | None) -> dict[str, str]:
    if answer is None or answer.status != 200:
        raise ScenarioError(f"expected a JSON 200, got {answer.status if answer else None}")
    parsed: dict[str, str] = json.loads(answer.body)
    return parsed


class ScenarioError(Exception):
    """A step's answer lacks what the next step needs (it was counted as unexpected already)."""


def reader(facts: TenantFacts) -> Scenario:
    """Discovery, RFC 8414 metadata and the JWKS, as every SDK fetches them."""
    yield get_request("discovery", "/.well-known/openid-configuration")
    yield get_request("metadata", "/.well-known/oauth-authorization-server")
    yield get_request("jwks", "/.well-known/jwks.json")


def machine(facts: TenantFacts) -> Scenario:
    """Client credentials for three APIs (post, Basic, JSON), one wrong secret (401), then a
    Management API token and two reads with it."""
    client_id, secret = facts.client("m2m")
    grant = {"grant_type": "client_credentials", "client_id": client_id}
    rs256, ps256 = facts.apis["custom-rs256"], facts.apis["custom-ps256"]
    management = facts.apis["Auth0 Management API"]
    yield form_request("token cc", "/oauth/token", {**grant, "client_secret": secret,
                                                     "audience": rs256})  # fmt: skip
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    yield form_request("token cc basic", "/oauth/token", {**grant, "audience": ps256},
                       {"Authorization": f"Basic {basic}"})  # fmt: skip
    body = json.dumps({**grant, "client_secret": secret, "audience": management}).encode()
    head = "POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    data = f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body
    yield Request("token cc json", data)
    yield form_request("token wrong secret", "/oauth/token",
                       {**grant, "client_secret": "wrong", "audience": rs256},
                       expect=frozenset({401}))  # fmt: skip
    explorer_id, explorer_secret = facts.client("api-explorer")
    explorer = {"grant_type": "client_credentials", "client_id": explorer_id,
                "client_secret": explorer_secret, "audience": management}  # fmt: skip
    tokens = _json((yield form_request("token management", "/oauth/token", explorer)))
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    fields = {"fields": "client_id,name", "include_fields": "true"}
    yield get_request("management clients", "/api/v2/clients", fields, headers=bearer)
    yield get_request("management keys", "/api/v2/keys/signing", headers=bearer)


def _query_of(answer: Answer | None) -> dict[str, str]:
    if answer is None or answer.status != 302:
        raise ScenarioError("expected a redirect")
    location = answer.headers.get("location", "")
    return {k: v[-1] for k, v in parse_qs(urlsplit(location).query).items()}


def browser(facts: TenantFacts, client: int, round_number: int) -> Scenario:
    """/authorize, the login page, the code, userinfo, a refresh, its revocation, a logout
    (OpenID's for odd clients, Auth0's /v2/logout for even ones)."""
    client_id, secret = facts.client("web")
    email = USERS[client % 2]  # halves the refresh tokens each user holds at once (limit 200)
    authorize = {"response_type": "code", "client_id": client_id, "redirect_uri": CALLBACK,
                 "scope": "openid profile email offline_access", "state": f"s{round_number}",
                 "audience": facts.apis["custom-rs256"]}  # fmt: skip
    yield get_request("authorize", "/authorize", authorize)
    login = {**authorize, "username": email, "password": facts.users[email]}
    answer = yield form_request("login", "/u/login", login, expect=REDIRECT)
    cookie = answer.cookies[0] if answer and answer.cookies else ""
    code = _query_of(answer)["code"]
    exchange = {"grant_type": "authorization_code", "client_id": client_id,
                "client_secret": secret, "code": code, "redirect_uri": CALLBACK}  # fmt: skip
    tokens = _json((yield form_request("token code", "/oauth/token", exchange)))
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    yield get_request("userinfo", "/userinfo", headers=bearer)
    refresh = {"grant_type": "refresh_token", "client_id": client_id, "client_secret": secret,
               "refresh_token": tokens["refresh_token"]}  # fmt: skip
    yield form_request("token refresh", "/oauth/token", refresh)
    revoke = {"client_id": client_id, "client_secret": secret, "token": tokens["refresh_token"]}
    yield form_request("revoke", "/oauth/revoke", revoke)
    session = {"Cookie": cookie}
    if client % 2:
        hint = {"id_token_hint": tokens["id_token"]}
        yield get_request("oidc logout", "/oidc/logout", hint, headers=session)
    else:
        yield get_request("logout", "/v2/logout", headers=session)


def device(facts: TenantFacts) -> Scenario:
    """A device code, a pending poll (403), a person approving it, the poll that gets tokens."""
    client_id, _ = facts.client("cli")
    start = {"client_id": client_id, "scope": "openid offline_access",
             "audience": facts.apis["custom-rs256"]}  # fmt: skip
    codes = _json((yield form_request("device code", "/oauth/device/code", start)))
    poll = {"grant_type": DEVICE, "client_id": client_id, "device_code": codes["device_code"]}
    pending = frozenset({403})
    yield form_request("token device pending", "/oauth/token", poll, expect=pending)
    yield get_request("activate page", "/activate", {"user_code": codes["user_code"]})
    email = USERS[1]
    decision = {"user_code": codes["user_code"], "username": email,
                "password": facts.users[email], "action": "approve"}  # fmt: skip
    yield form_request("activate", "/activate", decision)
    yield Pause(POLL_INTERVAL)
    tokens = _json((yield form_request("token device", "/oauth/token", poll)))
    revoke = {"client_id": client_id, "token": tokens["refresh_token"]}
    yield form_request("revoke", "/oauth/revoke", revoke)


def password(facts: TenantFacts, client: int) -> Scenario:
    """The password grant for an ID token and a /userinfo access token, then /userinfo."""
    client_id, secret = facts.client("web")
    email = USERS[client % 2]
    grant = {"grant_type": "password", "client_id": client_id, "client_secret": secret,
             "username": email, "password": facts.users[email], "scope": "openid email",
             "audience": facts.apis["custom-rs256"]}  # fmt: skip
    tokens = _json((yield form_request("token password", "/oauth/token", grant)))
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    yield get_request("userinfo", "/userinfo", headers=bearer)


ScenarioFactory = Callable[[TenantFacts, int, int], Scenario]

#: client n runs SCENARIOS[n % 10]: three readers, two machines, two browsers, two password
#: apps and one device in every ten clients
SCENARIOS: tuple[ScenarioFactory, ...] = (
    lambda facts, client, n: reader(facts),
    lambda facts, client, n: machine(facts),
    lambda facts, client, n: browser(facts, client, n),
    lambda facts, client, n: password(facts, client),
    lambda facts, client, n: device(facts),
    lambda facts, client, n: reader(facts),
    lambda facts, client, n: machine(facts),
    lambda facts, client, n: browser(facts, client, n),
    lambda facts, client, n: password(facts, client),
    lambda facts, client, n: reader(facts),
)


def scenario_for(client: int, facts: TenantFacts, round_number: int) -> Scenario:
    """Client number `client`'s scenario for its round `round_number`."""
    return SCENARIOS[client % len(SCENARIOS)](facts, client, round_number)
