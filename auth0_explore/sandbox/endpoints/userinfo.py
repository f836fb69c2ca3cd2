"""`GET /userinfo`: the profile behind an access token whose audience includes /userinfo.

Auth0: §8.3 — accepts the opaque JWE token and JWTs (RS256 with the tenant keys) whose `aud`
holds `https://<canonical>/userinfo`; answers `sub` then the claims of the token's scopes
(`nickname, name, picture, updated_at, email, email_verified`); a bad or expired token gets 401
with the text body `Unauthorized` and `WWW-Authenticate: Bearer realm="Users",
error="invalid_token", error_description="…"` ("The token has expired" seen; the description
for other failures is `Emulation.userinfo_invalid_token_description` [inferred]).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jwt
from werkzeug.wrappers import Request, Response

from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.http.responses import error_response, json_response, take_rate_limit
from auth0_explore.sandbox.http.routes import Route

if TYPE_CHECKING:
    from jwt.types import Options

    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["ROUTES", "jwt_claims", "userinfo_endpoint"]

EXPIRED = "The token has expired"
_NOT_CHECKED_HERE: Options = {
    "verify_exp": False,  # checked below on the sandbox clock
    "verify_iat": False,
    "verify_nbf": False,
    "verify_aud": False,  # checked below: it must include /userinfo
    "verify_iss": False,
}


def _unauthorized(description: str | None) -> Response:
    challenge = 'Bearer realm="Users"'
    if description is not None:
        challenge += f', error="invalid_token", error_description="{description}"'
    return Response(
        "Unauthorized",
        status=401,
        content_type="text/plain; charset=utf-8",
        headers={"WWW-Authenticate": challenge},
    )


def jwt_claims(token: str, state: SandboxState, secret: str | None = None) -> dict[str, Any] | None:
    """Claims of a JWT this tenant signed (its keys, or `secret` for HS256); no time checks."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") == "HS256" and secret is not None:
            key: Any = secret.encode("utf-8")
            algorithms = ["HS256"]
        else:
            kid = header.get("kid")
            found = state.issuer.keys.find(kid) if isinstance(kid, str) else None
            if found is None:
                return None
            key, algorithms = found.private_key.public_key(), ["RS256", "PS256"]
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=algorithms,
            options=_NOT_CHECKED_HERE,
        )
    except jwt.PyJWTError:
        return None
    return claims


def userinfo_endpoint(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """`GET /userinfo`: the user's claims, or 401 with `WWW-Authenticate`."""
    tenant = state.tenant
    invalid = tenant.emulation.userinfo_invalid_token_description
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return _unauthorized(None)  # RFC 6750 §3.1: no error code when no token was sent
    claims = state.opaque.open(token) if token.count(".") == 4 else jwt_claims(token, state)
    if claims is None:
        return _unauthorized(invalid)
    aud = claims.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    if tenant.userinfo_audience not in audiences:
        return _unauthorized(invalid)
    exp = claims.get("exp")
    if not isinstance(exp, int) or state.clock.now() >= exp:
        return _unauthorized(EXPIRED)
    user = tenant.user_by_id(str(claims.get("sub")))
    if user is None:
        return _unauthorized(invalid)
    # §2.10: /userinfo is limited per user (Free: 5 a minute, burst 10).
    headers, refused = take_rate_limit(state, "/userinfo", f"/userinfo {user.user_id}")
    if refused is not None:
        return error_response(refused, headers)
    scopes = str(claims.get("scope", "")).split()
    body = {"sub": user.user_id, **user.scope_claims(scopes)}
    return json_response(body, headers={**headers, "Cache-Control": "no-store"})


ROUTES = (Route("/userinfo", ("GET",), userinfo_endpoint),)
