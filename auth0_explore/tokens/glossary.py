"""One line for every registered JWT claim, Auth0 claim and JOSE header member.

Sources: RFC 7519 §4.1, RFC 9068 §2.2, RFC 8693 §4, OpenID Connect Core §2 and §5.1,
RFC 7515 §4.1 / RFC 7516 §4.1, and Auth0's access token and ID token documentation.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CLAIMS", "HEADER", "describe_claim", "describe_header"]

CLAIMS: Final[dict[str, str]] = {
    "iss": "issuer: who minted the token; for Auth0 https://<domain used>/ with a trailing slash",
    "sub": "subject: the user id (auth0|…) or, for M2M tokens, <client_id>@clients",
    "aud": "audience: who must accept it; the API identifier (an array when /userinfo is added)",
    "exp": "expiry time (NumericDate): refuse the token from this moment on",
    "nbf": "not-before time (NumericDate): refuse the token until this moment",
    "iat": "issued-at time (NumericDate): when the token was minted",
    "jti": "JWT id: a unique id for this token (RFC 9068 tokens carry one)",
    "azp": "authorized party: the client id the token was issued to",
    "scope": "granted scopes, space-separated; what the client may do at the API",
    "scp": "granted scopes as an array (some issuers; Auth0 uses scope)",
    "gty": "Auth0 grant type: client-credentials (M2M), password, refresh_token…",
    "permissions": "RBAC permissions of the user or client (API dialect access_token_authz)",
    "org_id": "the Auth0 Organization the token was issued for",
    "org_name": "the Auth0 Organization's name (when the tenant includes it)",
    "client_id": "RFC 9068: the client the token was issued to (replaces azp)",
    "nonce": "ID token: echoes the nonce the application sent to /authorize (replay defence)",
    "at_hash": "ID token: hash of the access token issued alongside it",
    "c_hash": "ID token: hash of the authorization code issued alongside it",
    "sid": "session id at Auth0, used for logout",
    "auth_time": "when the user actually authenticated (NumericDate; sent with max_age)",
    "acr": "authentication context class reference: how strongly the user authenticated",
    "amr": "authentication methods used, e.g. mfa, pwd",
    "email": "the user's email address (scope email)",
    "email_verified": "whether the email address was verified (scope email)",
    "name": "the user's full name (scope profile)",
    "nickname": "the user's nickname (scope profile)",
    "given_name": "the user's given name (scope profile)",
    "family_name": "the user's family name (scope profile)",
    "picture": "URL of the user's picture (scope profile)",
    "updated_at": "when the user profile last changed (ISO 8601 string at Auth0)",
    "locale": "the user's locale (scope profile)",
    "act": "actor: who acts on behalf of the subject (token exchange, RFC 8693)",
    "cnf": "confirmation: the key the token is bound to (DPoP, mTLS)",
    "sub_profile": "Auth0: the kind of subject (e.g. an agent)",
    "client_profile": "Auth0: the kind of client",
}

HEADER: Final[dict[str, str]] = {
    "alg": "signature algorithm; the validator's allow-list decides, never this value",
    "typ": "media type: JWT (Auth0 profile) or at+jwt (RFC 9068 access token)",
    "kid": "key id: which key of the issuer's JWKS signed the token",
    "crit": "extensions the reader must understand or refuse the token",
    "enc": "JWE content encryption, e.g. A256GCM",
    "cty": "content type, e.g. JWT for a nested token",
    "jku": "URL of a key set; never fetched by a safe validator",
    "x5u": "URL of an X.509 certificate; never fetched by a safe validator",
    "jwk": "a key embedded in the header; never trusted",
    "x5c": "an X.509 chain embedded in the header; never trusted",
    "x5t": "SHA-1 thumbprint of the signing certificate",
    "x5t#S256": "SHA-256 thumbprint of the signing certificate",
    "iss": "JWE header copy of the issuer (Auth0's opaque /userinfo token)",
    "zip": "JWE compression of the plaintext",
}


def describe_claim(name: str) -> str:
    """The glossary line of a claim; custom claims are described by their form."""
    line = CLAIMS.get(name)
    if line is not None:
        return line
    if "://" in name:
        return "custom claim, namespaced by a URL (added by an Auth0 Action)"
    return "custom claim (not registered)"


def describe_header(name: str) -> str:
    """The glossary line of a JOSE header member."""
    return HEADER.get(name, "header member (not registered)")
