"""private_key_jwt: client assertions at /oauth/token (§2.1 "Client assertion rules")."""

from __future__ import annotations

import uuid
from typing import Any

import jwt
import pytest
import requests
from auth0.authentication import GetToken
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from auth0_explore.sandbox import Sandbox
from auth0_explore.sandbox.tenant.credentials import ASSERTION_TYPE
from tests.sandbox.conftest import FROZEN_AT, claims_of

RS256 = "https://api.sandbox.example/"


def _key(sb: Sandbox) -> str:
    private = sb.application("m2m-jwt").credentials[0].private_key
    assert private is not None
    return private.reveal()


def _assertion(sb: Sandbox, **changes: Any) -> str:
    """A valid assertion for m2m-jwt at the frozen time; `changes` replace claims (... drops).

    `_key` and `_alg` in `changes` sign with another key or algorithm.
    """
    key = changes.pop("_key", None) or _key(sb)
    alg = changes.pop("_alg", "RS256")
    client_id = sb.application("m2m-jwt").client_id
    claims: dict[str, Any] = {
        "iss": client_id,
        "sub": client_id,
        "aud": "https://dev-sandbox.us.auth0.com/",
        "iat": FROZEN_AT,
        "exp": FROZEN_AT + 60,
        "jti": str(uuid.uuid4()),
    }
    claims.update(changes)
    payload = {k: v for k, v in claims.items() if v is not ...}
    return jwt.encode(payload, key, algorithm=alg)


def _post(sb: Sandbox, assertion: str, **extra: str) -> requests.Response:
    form = {
        "grant_type": "client_credentials",
        "client_id": sb.application("m2m-jwt").client_id,
        "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion,
        "audience": RS256,
        **extra,
    }
    return requests.post(f"{sb.base_url}oauth/token", data=form, timeout=10)


# auth0-python builds the assertion with datetime.utcnow(), deprecated from Python 3.12 on.
@pytest.mark.filterwarnings("ignore:datetime.datetime.utcnow:DeprecationWarning")
def test_auth0_python_signs_an_assertion_the_sandbox_accepts(full: Sandbox) -> None:
    """GetToken with client_assertion_signing_key (aud https://<host>/) gets a token."""
    domain = full.base_url.removeprefix("http://").rstrip("/")
    client = GetToken(
        domain,
        full.application("m2m-jwt").client_id,
        client_assertion_signing_key=_key(full),
        protocol="http",
    )
    body = client.client_credentials(RS256)
    assert jwt.decode(body["access_token"], options={"verify_signature": False})["aud"] == RS256


def test_valid_assertion_works_once(frozen: Sandbox) -> None:
    """A good assertion gets a token; replaying its jti is refused."""
    assertion = _assertion(frozen)
    assert claims_of(_post(frozen, assertion))["sub"].endswith("@clients")
    replay = _post(frozen, assertion)
    assert replay.status_code == 401
    assert replay.json() == {"error": "access_denied", "error_description": "Unauthorized"}


OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
)
BAD = [
    ("wrong-key", {"_key": OTHER_KEY}),
    ("iss-not-client", {"iss": "someone-else"}),
    ("sub-missing", {"sub": ...}),
    ("aud-without-slash", {"aud": "https://dev-sandbox.us.auth0.com"}),
    ("aud-other-tenant", {"aud": "https://other.us.auth0.com/"}),
    ("exp-missing", {"exp": ...}),
    ("expired", {"iat": FROZEN_AT - 100, "exp": FROZEN_AT - 11}),
    ("lifetime-over-5-min", {"exp": FROZEN_AT + 400}),
    ("iat-in-future", {"iat": FROZEN_AT + 60, "exp": FROZEN_AT + 120}),
    ("nbf-in-future", {"nbf": FROZEN_AT + 30}),
    ("jti-missing", {"jti": ...}),
    ("jti-too-long", {"jti": "j" * 65}),
    ("alg-not-the-credentials", {"_alg": "PS256"}),
    ("too-large", {"pad": "x" * 2000}),
]


@pytest.mark.parametrize("changes", [c for _, c in BAD], ids=[i for i, _ in BAD])
def test_bad_assertions_are_unauthorized(frozen: Sandbox, changes: dict[str, Any]) -> None:
    """Every broken rule answers the same 401 Unauthorized (§2.9 row 5)."""
    response = _post(frozen, _assertion(frozen, **changes))
    assert response.status_code == 401
    assert response.json() == {"error": "access_denied", "error_description": "Unauthorized"}


def test_clock_skew_of_ten_seconds_is_allowed(frozen: Sandbox) -> None:
    """exp 10 s in the past and iat 10 s in the future still pass."""
    late = _assertion(frozen, iat=FROZEN_AT - 70, exp=FROZEN_AT - 10)
    assert _post(frozen, late).status_code == 200
    early = _assertion(frozen, iat=FROZEN_AT + 10, exp=FROZEN_AT + 70)
    assert _post(frozen, early).status_code == 200


def test_secret_and_assertion_clients_do_not_mix(frozen: Sandbox) -> None:
    """A key client cannot use its secret, and a secret client cannot send an assertion."""
    jwt_app = frozen.application("m2m-jwt")
    assert jwt_app.client_secret is not None
    form = {"grant_type": "client_credentials", "client_id": jwt_app.client_id,
            "client_secret": jwt_app.client_secret.reveal(), "audience": RS256}  # fmt: skip
    refused = requests.post(f"{frozen.base_url}oauth/token", data=form, timeout=10)
    assert refused.status_code == 401
    m2m = frozen.application("m2m").client_id
    assertion = _assertion(frozen, iss=m2m, sub=m2m)
    assert _post(frozen, assertion, client_id=m2m).status_code == 401


@pytest.mark.parametrize(
    ("extra", "description"),
    [
        ({"client_secret": "x"}, "Use only one client authentication method: HTTP Basic or "
                                 "client_secret in the body"),
        ({"client_assertion_type": "urn:nope"}, f"client_assertion_type must be {ASSERTION_TYPE}"),
        ({"client_assertion": ""}, "Missing required parameter: client_assertion"),
    ],
    ids=["with-secret", "wrong-assertion-type", "empty-assertion"],
)  # fmt: skip
def test_malformed_assertion_requests_are_400(
    frozen: Sandbox, extra: dict[str, str], description: str
) -> None:
    """Assertion requests that are malformed, not merely wrong, are invalid_request."""
    response = _post(frozen, _assertion(frozen), **extra)
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_request", "error_description": description}
