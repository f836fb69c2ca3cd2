"""The one exception tree and OAuthError's two directions."""

from __future__ import annotations

import json
import pickle

import pytest

from auth0_explore.errors import (
    Auth0ExploreError,
    ConfigError,
    OAuthError,
    RequestTimeoutError,
    SandboxError,
    TokenError,
    TransportError,
)


@pytest.mark.parametrize(
    "cls",
    [ConfigError, SandboxError, OAuthError, TransportError, RequestTimeoutError, TokenError],
    ids=lambda c: c.__name__,
)
def test_every_error_is_an_auth0_explore_error_with_a_docstring(cls: type) -> None:
    """One base class catches everything; each class says when it is raised."""
    assert issubclass(cls, Auth0ExploreError)
    assert (cls.__doc__ or "").startswith("Raised")


def test_oauth_error_round_trips_auth0_body_and_keeps_rate_limit_headers() -> None:
    """The sandbox's body parses back into the same error, with rate-limit headers kept."""
    sent = OAuthError(
        403,
        "unauthorized_client",
        "Grant type 'client_credentials' not allowed for the client.",
        extra={"error_uri": "https://auth0.com/docs/clients/client-grant-types"},
    )
    body = sent.response_body()
    assert list(body) == ["error", "error_description", "error_uri"]
    got = OAuthError.from_response(
        403,
        {"X-RateLimit-Remaining": "29", "Content-Type": "application/json", "Set-Cookie": "a"},
        json.dumps(body).encode(),
    )
    assert (got.status, got.error, got.error_description) == (
        403,
        "unauthorized_client",
        "Grant type 'client_credentials' not allowed for the client.",
    )
    assert got.extra == {"error_uri": "https://auth0.com/docs/clients/client-grant-types"}
    assert got.headers == {"X-RateLimit-Remaining": "29"}
    assert "enable this grant type" in str(got)


def test_oauth_error_from_plain_text_and_management_bodies() -> None:
    """/userinfo's text 401 and a Management API Boom body both become OAuthErrors."""
    text = OAuthError.from_response(401, {}, b"Unauthorized")
    assert (text.error, text.error_description) == ("unauthorized", "Unauthorized")
    boom = OAuthError.from_response(
        403,
        {},
        b'{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, '
        b'expected any of: read:roles","errorCode":"insufficient_scope"}',
    )
    assert boom.error == "insufficient_scope"
    assert boom.error_description.startswith("Insufficient scope")


def test_oauth_error_from_a_deeply_nested_body_keeps_the_text() -> None:
    """`[` x 100,000 as an error body is text to show, not a RecursionError (issue 10, #3)."""
    deep = OAuthError.from_response(502, {}, b"[" * 100_000)
    assert (deep.status, deep.error) == (502, "server_error")
    assert deep.error_description == "[" * 200


def test_errors_survive_pickling() -> None:
    """Errors cross process boundaries (the parallel batch path) intact."""
    sent = OAuthError(429, "too_many_requests", "Client quota exceeded")
    sent.attempts = 3
    err = pickle.loads(pickle.dumps(sent))
    assert (err.status, err.error_description, err.attempts) == (429, "Client quota exceeded", 3)
    tok = pickle.loads(pickle.dumps(TokenError("expired", "gone", check="exp", claim="exp")))
    assert (tok.reason, tok.check, tok.claim) == ("expired", "exp", "exp")
    timeout = pickle.loads(
        pickle.dumps(RequestTimeoutError("no answer in 0.3 s", url="http://x/", attempts=2))
    )
    assert type(timeout) is RequestTimeoutError
    assert (str(timeout), timeout.url, timeout.attempts) == ("no answer in 0.3 s", "http://x/", 2)


def test_oauth_error_hint_says_what_to_do_and_tells_refusals_from_failed_authentication() -> None:
    """A 403 access_denied points at the grant; a 401 one at the credentials; unknown: none."""
    refused = OAuthError(403, "access_denied", "Service not enabled within domain: x")
    unauthenticated = OAuthError(401, "access_denied", "Unauthorized")
    assert "client grant" in refused.hint
    assert "secret" in unauthenticated.hint
    assert unauthenticated.hint in str(unauthenticated)
    assert OAuthError(400, "something_new").hint == ""
