"""`grant_type=authorization_code`, with and without PKCE (Auth0: §2.4, §2.9 rows 12-14, 19).

Order after the token endpoint's common checks: `code` present -> code known, unused, unexpired
and this client's -> `redirect_uri` sent again when it was sent to /authorize, and equal ->
PKCE verifier (S256 or plain, RFC 7636 §4.6) -> mint.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import TYPE_CHECKING

from auth0_explore.sandbox.grants.registry import IssuedToken, TokenRequest
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.minting.keys import b64url
from auth0_explore.sandbox.minting.user_tokens import mint_user_tokens

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["authorization_code", "pkce_ok"]

_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")  # RFC 7636 §4.1


def pkce_ok(verifier: str | None, challenge: str, method: str) -> bool:
    """True when `verifier` answers `challenge` (RFC 7636 §4.6)."""
    if verifier is None or not _VERIFIER.fullmatch(verifier):
        return False
    if method == "S256":
        computed = b64url(hashlib.sha256(verifier.encode("ascii")).digest())
    else:
        computed = verifier
    return hmac.compare_digest(computed.encode(), challenge.encode())


def authorization_code(request: TokenRequest, state: SandboxState) -> IssuedToken:
    """Exchange a code for tokens, or raise the OAuthError Auth0 would answer with."""
    tenant, params = state.tenant, request.params
    emulation = tenant.emulation
    code = params.get("code")
    if not code:
        raise oauth_error(emulation, "missing_parameter", name="code")
    record = state.codes.take(code, request.client.client_id)
    if record is None:
        raise oauth_error(emulation, "invalid_code")
    redirect_uri = params.get("redirect_uri")
    if record.redirect_uri is not None:
        if not redirect_uri:
            raise oauth_error(emulation, "redirect_uri_required")
        if redirect_uri != record.redirect_uri:
            raise oauth_error(emulation, "redirect_uri_mismatch")
    if record.code_challenge is not None:
        verifier = params.get("code_verifier")
        if not pkce_ok(verifier, record.code_challenge, record.code_challenge_method):
            raise oauth_error(emulation, "pkce_failed")
    elif request.client.is_public:
        # A public client proves itself only with PKCE [inferred]: 401 "Unauthorized" (§2.9 row 5).
        raise oauth_error(emulation, "unauthorized")
    tokens = mint_user_tokens(state, request.site, record.grant)
    return IssuedToken(tokens.body())
