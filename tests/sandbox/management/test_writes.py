"""Management API writes take effect on the token endpoint's next request, and the reverse."""

from __future__ import annotations

import jwt
import requests

from auth0_explore.sandbox import Sandbox
from tests.sandbox.management.conftest import Api, management_token

RS256_API = "https://api.sandbox.example/"


def _claims(sb: Sandbox, audience: str | None, scope: str | None = None) -> dict[str, object]:
    app = sb.application("m2m")
    assert app.client_secret is not None
    data = {"grant_type": "client_credentials", "client_id": app.client_id,
            "client_secret": app.client_secret.reveal()}  # fmt: skip
    if audience is not None:
        data["audience"] = audience
    if scope is not None:
        data["scope"] = scope
    response = requests.post(f"{sb.base_url}oauth/token", data=data, timeout=10)
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    claims: dict[str, object] = jwt.decode(token, options={"verify_signature": False})
    claims["_header"] = jwt.get_unverified_header(token)
    return claims


def test_patch_default_audience_moves_the_next_token(sb: Sandbox, api: Api) -> None:
    """PATCH tenants/settings default_audience: a no-audience request gets the new API."""
    assert _claims(sb, None)["aud"] == RS256_API
    response = api.call(
        "PATCH", "tenants/settings", json={"default_audience": "https://rfc9068.sandbox.example/"}
    )
    assert response.status_code == 200
    assert response.json()["default_audience"] == "https://rfc9068.sandbox.example/"
    assert _claims(sb, None)["aud"] == "https://rfc9068.sandbox.example/"


def test_patch_resource_server_changes_lifetime_dialect_and_rbac(sb: Sandbox, api: Api) -> None:
    """token_lifetime, token_dialect and enforce_policies show in the next token."""
    rs = sb.api("custom-rs256")
    body = {
        "token_lifetime": 600,
        "token_dialect": "rfc9068_profile_authz",
        "enforce_policies": True,
    }
    assert api.call("PATCH", f"resource-servers/{rs.id}", json=body).status_code == 200
    claims = _claims(sb, RS256_API)
    assert claims["exp"] - claims["iat"] == 600  # type: ignore[operator]  # ints from a JWT
    assert claims["_header"]["typ"] == "at+jwt"  # type: ignore[index]  # a dict
    assert claims["permissions"] == ["read:items", "write:items"]


def test_patch_signing_algorithm_to_hs256_makes_a_secret(sb: Sandbox, api: Api) -> None:
    """An RS256 API switched to HS256 signs its next token with a new secret."""
    rs = sb.api("custom-ps256")
    assert (
        api.call("PATCH", f"resource-servers/{rs.id}", json={"signing_alg": "HS256"}).status_code
        == 200
    )
    assert _claims(sb, "https://ps256.sandbox.example/")["_header"]["alg"] == "HS256"  # type: ignore[index]  # a dict


def test_patch_client_grant_scope_changes_the_scope_claim(sb: Sandbox, api: Api) -> None:
    """A grant that gains delete:items lets the next token carry it."""
    grant = next(g for g in sb.tenant.client_grants if g.client == "m2m" and g.api == RS256_API)
    new = ["read:items", "write:items", "delete:items"]
    response = api.call("PATCH", f"client-grants/{grant.id}", json={"scope": new})
    assert response.status_code == 200
    assert _claims(sb, RS256_API, "delete:items")["scope"] == "delete:items"


def test_python_changes_show_through_the_api_at_once(sb: Sandbox, api: Api) -> None:
    """The model is shared: a change from Python is in the next GET."""
    sb.api("custom-rs256").token_lifetime = 1234
    rs = api.get(f"resource-servers/{sb.api('custom-rs256').id}")
    assert rs["token_lifetime"] == 1234


def test_bad_bodies_answer_invalid_body_and_change_nothing(sb: Sandbox, api: Api) -> None:
    """Unknown members, wrong types, refused values: 400 invalid_body; the model is unchanged."""
    rs = sb.api("custom-rs256")
    for body, words in [
        ({"colour": "blue"}, "Additional properties not allowed: colour"),
        ({"token_lifetime": "600"}, "Expected type integer but found type string"),
        ({"token_dialect": "jwt"}, "No enum match for: jwt"),
    ]:
        response = api.call("PATCH", f"resource-servers/{rs.id}", json=body)
        assert response.status_code == 400
        assert response.json()["errorCode"] == "invalid_body"
        assert words in response.json()["message"]
    assert (rs.token_lifetime, rs.token_dialect) == (86400, "access_token")
    unknown = api.call("PATCH", "client-grants/cgr_nope", json={"scope": []})
    assert unknown.json() == {"statusCode": 404, "error": "Not Found",
                              "message": "The grant does not exist.",
                              "errorCode": "inexistent_client_grant"}  # fmt: skip


def test_rotate_and_revoke_signing_keys(sb: Sandbox, api: Api) -> None:
    """POST rotate: the next token has the new kid; PUT revoke takes the old key off the JWKS."""
    old = sb.keys.current.kid
    rotated = api.call("POST", "keys/signing/rotate")
    assert rotated.status_code == 201
    new = rotated.json()["kid"]
    assert new != old
    assert _claims(sb, RS256_API)["_header"]["kid"] == new
    refused = api.call("PUT", f"keys/signing/{new}/revoke")
    assert refused.status_code == 400
    assert api.call("PUT", f"keys/signing/{old}/revoke").status_code == 200
    jwks = requests.get(f"{sb.base_url}.well-known/jwks.json", timeout=10).json()
    assert old not in [k["kid"] for k in jwks["keys"]]
    # the api-explorer's own token was signed by the revoked key: it needs a new one now
    assert api.call("GET", "keys/signing").status_code == 401
    listed = {k["kid"]: k for k in Api(sb, management_token(sb)).get("keys/signing")}
    assert listed[old]["revoked"] is True
    assert "revoked_at" in listed[old]
