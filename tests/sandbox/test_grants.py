"""The grant-type registry: new grants plug into /oauth/token without touching it."""

from __future__ import annotations

import requests

from auth0_explore.sandbox import IssuedToken, Sandbox, TokenRequest
from auth0_explore.sandbox.http.state import SandboxState

GRANT = "urn:example:echo"


def _echo(request: TokenRequest, state: SandboxState) -> IssuedToken:
    return IssuedToken(
        {"client": request.client.name, "iss": request.site.issuer, "method": request.auth_method},
        {"X-Echo": "1"},
    )


def test_registered_grant_is_dispatched_after_the_common_checks(frozen: Sandbox) -> None:
    """Client authentication and grant_types apply first; then the handler answers."""
    frozen.grants.register(GRANT, _echo)
    app = frozen.application("m2m")
    assert app.client_secret is not None
    form = {"grant_type": GRANT, "client_id": app.client_id, "client_secret": "wrong"}
    url = f"{frozen.base_url}oauth/token"
    assert requests.post(url, data=form, timeout=10).status_code == 401
    form["client_secret"] = app.client_secret.reveal()
    refused = requests.post(url, data=form, timeout=10)
    assert (refused.status_code, refused.json()["error"]) == (403, "unauthorized_client")
    app.grant_types.append(GRANT)
    response = requests.post(url, data=form, timeout=10)
    assert response.status_code == 200
    assert response.json() == {
        "client": "m2m",
        "iss": frozen.base_url,
        "method": "client_secret_post",
    }
    assert response.headers["X-Echo"] == "1"
    assert response.headers["Cache-Control"] == "no-store"
    assert GRANT in list(frozen.grants)
