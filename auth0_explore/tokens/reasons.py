"""The stable reason codes a token check can fail with (token-validation.md §1).

Code that branches on a failure compares `TokenError.reason` or `Check.reason` with these
strings; they never change meaning. Each has a one-line description, shown by reports.
"""

from __future__ import annotations

__all__ = ["REASONS"]

#: reason code -> what it means, in one line
REASONS: dict[str, str] = {
    "malformed": "the token is not a well-formed compact JWS/JWT (segments, base64url, JSON)",
    "too_large": "the token is larger than the size limit and was refused unread",
    "duplicate_member": "a JSON object in the header or payload repeats a member name",
    "jwe_not_jws": "the token is encrypted (JWE); it cannot be verified as a signed token",
    "alg_not_allowed": "the token's alg is not in the caller's allow-list (or is 'none')",
    "unknown_kid": "no key in the key set has the token's kid",
    "ambiguous_kid": "the kid names several keys, or is missing while the set has several keys",
    "weak_key": "the key is too weak to trust (RSA under 2048 bits, short HMAC secret, ...)",
    "key_not_for_signing": "the key's use, key_ops or alg does not allow verifying this token",
    "bad_signature": "the signature does not verify with the key",
    "crit_unsupported": "the header's crit lists extensions this validator does not understand",
    "typ_mismatch": "the header's typ does not fit the expected token profile",
    "expired": "exp is in the past (beyond the leeway)",
    "not_yet_valid": "nbf is in the future (beyond the leeway)",
    "issued_in_future": "iat is in the future (beyond the leeway)",
    "iss_mismatch": "iss is not exactly one of the accepted issuers",
    "aud_mismatch": "aud does not contain the expected audience, or has the wrong shape",
    "azp_mismatch": "azp (or client_id) does not name the expected client",
    "nonce_mismatch": "nonce does not match the one sent to /authorize",
    "insufficient_scope": "scope lacks a scope the caller requires",
    "wrong_token_type": "the token is of another kind than expected (an ID token as API token)",
    "missing_claim": "a claim the profile requires is absent",
    "bad_claim_type": "a claim has the wrong JSON type (e.g. a NumericDate given as a string)",
    "jwks_unavailable": "the issuer's key set could not be fetched (raised by the client layer)",
}
