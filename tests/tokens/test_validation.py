"""The validator against every category of token-validation §2, with tokens forged at test time."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from auth0_explore.clock import FrozenClock
from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.tokens import (
    ID_TOKEN,
    RFC9068_ACCESS_TOKEN,
    STRING_AUD_API,
    Expectations,
    KeySet,
    ValidationReport,
    validate,
    verify,
    verify_signature,
)
from tests.tokens.forge import (
    API,
    CLIENT_ID,
    ISSUER,
    NOW,
    Forge,
    auth0_opaque_token,
    b64,
    m2m_claims,
)

Check = Callable[..., ValidationReport]
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def test_a_valid_m2m_token_passes_every_check(forge: Forge, check: Check) -> None:
    """An Auth0 M2M token signed by the tenant key passes all rows of the report."""
    report = check(forge.token(), expected_azp=CLIENT_ID, required_scopes=["read:things"])
    assert report.valid, report.failures
    assert all(c.status == "passed" for c in report.checks)
    assert report.claims == m2m_claims()
    assert report.reason == ""
    assert report.error is None
    report.raise_for_failure()


def test_verify_returns_claims_and_raises_the_first_failure(
    forge: Forge, keys: KeySet, expect: Expectations
) -> None:
    """The strict helper returns the claims, or raises the first failing check's reason."""
    clock = FrozenClock(NOW + 10)
    assert verify(forge.token(), expect, keys=keys, clock=clock) == m2m_claims()
    expired = forge.token(m2m_claims(exp=NOW - 3600), kid="rsa-1")
    other = Expectations(issuers="https://other/", audience=API)
    with pytest.raises(TokenError) as caught:
        verify(expired, other, keys=keys, clock=clock)
    assert (caught.value.reason, caught.value.check) == ("iss_mismatch", "issuer")


def test_returned_claims_are_copies(forge: Forge, keys: KeySet, expect: Expectations) -> None:
    """Mutating returned claims never changes what the next validation sees."""
    token = forge.token(m2m_claims(aud=[API, "https://x/userinfo"]))
    clock = FrozenClock(NOW)
    first = verify(token, expect, keys=keys, clock=clock)
    first["aud"].append("https://evil/")
    first["iss"] = "changed"
    second = verify(token, expect, keys=keys, clock=clock)
    assert second["aud"] == [API, "https://x/userinfo"]
    assert second["iss"] == ISSUER
    report = validate(token, expect, keys=keys, clock=clock)
    assert report.claims is not None
    report.claims["aud"].clear()
    report.header["alg"] = "none"
    assert verify(token, expect, keys=keys, clock=clock) == second


@pytest.mark.parametrize(
    ("header", "options"),
    [
        ({}, {}),
        ({"jku": "https://attacker.example/jwks.json"}, {"algorithms": ["RS256", "PS256"]}),
        ({}, {"expected_azp": "someone-else", "required_scopes": "admin"}),
        ({"crit": ["exp"]}, {}),
    ],
    ids=["plain", "key-url-two-algs", "claims-fail", "header-fails"],
)
def test_validate_writes_the_same_rows_when_it_has_seen_the_header_before(
    header: dict[str, Any], options: dict[str, Any], forge: Forge, rsa_jwk: dict[str, Any]
) -> None:
    """The first token of a header is read in full; later ones through the key set's plan.

    Both give the same report, word for word, and the plan lives on the key set.
    """
    keys = KeySet.from_jwks({"keys": [rsa_jwk]})  # a fresh set: no plan yet
    token = forge.token(header=header)
    expectations = Expectations(issuers=ISSUER, audience=API, **options)
    clock = FrozenClock(NOW + 10)
    assert not keys.plans
    first = validate(token, expectations, keys=keys, clock=clock)  # a header never seen
    assert len(keys.plans) == 1
    second = validate(token, expectations, keys=keys, clock=clock)  # through the plan
    assert second.rows == first.rows
    assert (second.valid, second.header, second.claims) == (first.valid, first.header, first.claims)
    assert second.expectations is expectations


# --- unsigned and stripped --------------------------------------------------------------


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
@pytest.mark.parametrize("keep_signature", [False, True], ids=["empty-sig", "real-sig-kept"])
def test_alg_none_is_refused_in_any_case(
    alg: str, keep_signature: bool, forge: Forge, check: Check
) -> None:
    """alg none in any letter case is unsigned, refused with or without a leftover signature."""
    real = forge.sign("RS256", b"whatever") if keep_signature else b""
    token = forge.token(alg=alg, signature=real)
    report = check(token, algorithms=["RS256", "HS256"])
    assert report.reason == "alg_not_allowed"
    assert report.check("signature").status == "not run"


def test_none_can_never_be_allowed(forge: Forge, check: Check) -> None:
    """Putting none in the allow-list is a configuration error, not a way in."""
    for algorithms in (["none"], ["RS256", "None"]):
        with pytest.raises(ConfigError, match="'none'"):
            check(forge.token(alg="none", signature=b""), algorithms=algorithms)


def test_stripped_signature_is_refused(forge: Forge, check: Check) -> None:
    """A token with its signature removed (trailing dot kept) fails the signature check."""
    token = forge.token().rsplit(".", 1)[0] + "."
    report = check(token)
    assert report.reason == "bad_signature"
    assert "empty" in report.check("signature").explanation


def test_tampered_payload_fails_the_signature(forge: Forge, check: Check) -> None:
    """Changing one claim breaks the signature; claims are then not checked."""
    header, _, signature = forge.token().split(".")
    token = f"{header}.{b64(m2m_claims(scope='admin'))}.{signature}"
    report = check(token)
    assert report.reason == "bad_signature"
    assert report.check("scope").status == "not run"


# --- algorithm confusion ----------------------------------------------------------------


def _rsa_public_forms(key: rsa.RSAPrivateKey) -> dict[str, bytes]:
    public = key.public_key()
    pem = serialization.PublicFormat.SubjectPublicKeyInfo
    return {
        "spki-pem": public.public_bytes(serialization.Encoding.PEM, pem),
        "pkcs1-pem": public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.PKCS1
        ),
        "jwk-json": json.dumps(RSAAlgorithm.to_jwk(public, as_dict=True)).encode(),
        "spki-der": public.public_bytes(serialization.Encoding.DER, pem),
        "raw-modulus": public.public_numbers().n.to_bytes(256, "big"),
    }


FORMS = ["spki-pem", "pkcs1-pem", "jwk-json", "spki-der", "raw-modulus"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("allow", [("RS256",), ("RS256", "HS256")], ids=["rs-only", "rs-and-hs"])
def test_rsa_public_key_as_hmac_secret_is_refused(
    form: str, allow: tuple[str, ...], forge: Forge, rsa_key: rsa.RSAPrivateKey, check: Check
) -> None:
    """HS256 signed with the tenant's public key in any form never verifies (RFC 8725 §2.1)."""
    secret = _rsa_public_forms(rsa_key)[form]
    token = forge.token(alg="HS256", key=secret)
    report = check(token, algorithms=allow)
    assert report.reason == "alg_not_allowed"
    assert not report.valid


@pytest.mark.parametrize("form", ["spki-pem", "pkcs1-pem", "spki-der"])
def test_a_public_key_cannot_become_an_hmac_key_set(form: str, rsa_key: rsa.RSAPrivateKey) -> None:
    """KeySet.from_secret refuses a public key passed as the HMAC secret."""
    with pytest.raises(TokenError) as caught:
        KeySet.from_secret(_rsa_public_forms(rsa_key)[form])
    assert caught.value.reason == "weak_key"


def test_hs256_api_tokens_verify_with_their_secret(forge: Forge, check: Check) -> None:
    """An HS256 API's tokens verify with its signing secret, bound to HS256 only."""
    secret = b"s" * 32
    keys = KeySet.from_secret(secret)
    assert check(
        forge.token(alg="HS256", key=secret, kid=None), keys=keys, algorithms=["HS256"]
    ).valid
    with pytest.raises(TokenError) as caught:
        KeySet.from_secret(b"short-secret-16b")
    assert caught.value.reason == "weak_key"


# --- keys from the token ----------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {"jku": "https://attacker.example/jwks.json"},
        {"x5u": "https://attacker.example/cert.pem"},
        {"jwk": "ATTACKER_JWK"},
        {"x5c": ["MIIBIjANBgkq"]},
    ],
    ids=["jku", "x5u", "jwk", "x5c"],
)
def test_keys_in_the_header_are_never_used(
    extra: dict[str, Any], forge: Forge, check: Check, attacker_key: rsa.RSAPrivateKey
) -> None:
    """A token signed by an attacker's key and carrying that key (or its URL) is refused."""
    attacker = attacker_key
    if extra.get("jwk") == "ATTACKER_JWK":
        extra = {"jwk": RSAAlgorithm.to_jwk(attacker.public_key(), as_dict=True)}
    report = check(forge.token(key=attacker, header=extra))
    assert report.reason == "bad_signature"


def test_a_genuine_token_with_a_key_url_is_reported_as_ignored(forge: Forge, check: Check) -> None:
    """Key members in the header do not break a genuine token; the report says they were ignored."""
    report = check(forge.token(header={"jku": "https://x/jwks.json", "x5u": "https://x/c"}))
    assert report.valid
    assert report.check("header keys").found == ["jku", "x5u"]


# --- kid tricks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kid", "reason"),
    [
        ("../../../../dev/null", "unknown_kid"),
        ("' OR '1'='1' --", "unknown_kid"),
        ("no-such-key", "unknown_kid"),
        (1, "malformed"),
        (["rsa-1"], "malformed"),
    ],
    ids=["path-traversal", "sql", "unknown", "integer", "array"],
)
def test_kid_tricks_give_typed_errors(kid: Any, reason: str, forge: Forge, check: Check) -> None:
    """Hostile kids are looked up as plain strings: a typed reason, never a crash."""
    report = check(forge.token(kid=None, header={"kid": kid}))
    assert report.reason == reason
    assert report.check("key").status == "failed"


def test_missing_kid_with_one_key_uses_it(forge: Forge, check: Check) -> None:
    """With a single signing key, a token without kid verifies with it."""
    assert check(forge.token(kid=None)).valid


def test_missing_kid_with_several_keys_is_ambiguous(
    forge: Forge, check: Check, rsa_jwk: dict[str, Any], ec_jwk: dict[str, Any]
) -> None:
    """Without kid, a key set of several signing keys cannot choose."""
    keys = KeySet.from_jwks({"keys": [rsa_jwk, ec_jwk]})
    assert check(forge.token(kid=None), keys=keys).reason == "ambiguous_kid"


def test_missing_kid_beside_a_refused_key_is_ambiguous(
    forge: Forge, check: Check, rsa_jwk: dict[str, Any]
) -> None:
    """Issue 10 finding 5: one usable key and one weak key; a token without kid is refused."""
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - on purpose
    weak_jwk = RSAAlgorithm.to_jwk(weak.public_key(), as_dict=True) | {"kid": "weak"}
    keys = KeySet.from_jwks({"keys": [rsa_jwk, weak_jwk]})
    report = check(forge.token(kid=None), keys=keys)
    assert report.reason == "ambiguous_kid"
    assert "must name its key with kid" in report.check("key").explanation
    assert check(forge.token(), keys=keys).valid  # with its kid, the same token passes


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"use": "enc"}, "key_not_for_signing"),
        ({"key_ops": ["sign"]}, "key_not_for_signing"),
        ({"key_ops": "verify"}, "key_not_for_signing"),
        ({"alg": "RSA-OAEP"}, "key_not_for_signing"),
        ({"alg": "PS256"}, "alg_not_allowed"),
    ],
    ids=["use-enc", "key-ops-without-verify", "key-ops-not-list", "alg-enc", "alg-other"],
)
def test_a_key_not_meant_for_this_signature_is_refused(
    changes: dict[str, Any], reason: str, forge: Forge, rsa_jwk: dict[str, Any], check: Check
) -> None:
    """use, key_ops and alg of the JWK bind the key; a token outside them is refused."""
    keys = KeySet.from_jwks({"keys": [{**rsa_jwk, **changes}]})
    assert check(forge.token(), keys=keys, algorithms=["RS256", "PS256"]).reason == reason


def test_a_kid_naming_a_weak_rsa_key_is_refused(forge: Forge, check: Check) -> None:
    """An RSA key under 2048 bits is kept in the set but never verifies (weak_key)."""
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - on purpose
    jwk = RSAAlgorithm.to_jwk(weak.public_key(), as_dict=True) | {"kid": "weak", "use": "sig"}
    keys = KeySet.from_jwks({"keys": [jwk]})
    assert "weak" in keys
    report = check(forge.token(kid="weak", key=weak), keys=keys)
    assert report.reason == "weak_key"


# --- psychic signatures -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("r", "s"),
    [(0, 0), (0, 1), (1, 0), (P256_ORDER, P256_ORDER), (P256_ORDER, 1), (1, P256_ORDER)],
    ids=["r0-s0", "r0-s1", "r1-s0", "rn-sn", "rn-s1", "r1-sn"],
)
def test_ecdsa_edge_values_never_verify(
    r: int, s: int, forge: Forge, ec_jwk: dict[str, Any], check: Check
) -> None:
    """ES256 signatures with r or s outside [1, n-1] are refused (CVE-2022-21449)."""
    keys = KeySet.from_jwks({"keys": [ec_jwk]})
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    token = forge.token(alg="ES256", kid="ec-1", signature=signature)
    assert check(token, keys=keys, algorithms=["ES256"]).reason == "bad_signature"


def test_a_genuine_es256_token_verifies(forge: Forge, ec_jwk: dict[str, Any], check: Check) -> None:
    """The same path accepts a real ES256 signature."""
    keys = KeySet.from_jwks({"keys": [ec_jwk]})
    assert check(forge.token(alg="ES256", kid="ec-1"), keys=keys, algorithms=["ES256"]).valid


def test_ec_key_is_bound_to_its_curve(ec_key: ec.EllipticCurvePrivateKey) -> None:
    """A P-256 key claiming ES384 is unusable."""
    jwk = ECAlgorithm.to_jwk(ec_key.public_key(), as_dict=True) | {"kid": "e", "alg": "ES384"}
    keys = KeySet.from_jwks({"keys": [jwk]})
    with pytest.raises(TokenError) as caught:
        keys.find("e")
    assert caught.value.reason == "key_not_for_signing"


# --- time -------------------------------------------------------------------------------


LEEWAY = 30


@pytest.mark.parametrize(
    ("claim", "offset", "reason"),
    [
        ("exp", -LEEWAY + 1, ""),
        ("exp", -LEEWAY, "expired"),
        ("exp", -LEEWAY - 1, "expired"),
        ("nbf", LEEWAY - 1, ""),
        ("nbf", LEEWAY, ""),
        ("nbf", LEEWAY + 1, "not_yet_valid"),
        ("iat", LEEWAY - 1, ""),
        ("iat", LEEWAY, ""),
        ("iat", LEEWAY + 1, "issued_in_future"),
    ],
    ids=[
        "exp-inside-leeway", "exp-at-leeway", "exp-past-leeway",
        "nbf-inside-leeway", "nbf-at-leeway", "nbf-past-leeway",
        "iat-inside-leeway", "iat-at-leeway", "iat-past-leeway",
    ],
)  # fmt: skip
def test_time_claims_at_the_leeway_boundary(
    claim: str, offset: int, reason: str, forge: Forge, check: Check
) -> None:
    """exp, nbf and iat at leeway -1, 0 and +1 second from a frozen clock."""
    now = NOW + 1000
    claims = m2m_claims(iat=NOW, exp=now + 3600) | {claim: now + offset}
    report = check(forge.token(claims), clock=FrozenClock(now), leeway=LEEWAY)
    assert report.reason == reason, report.failures


@pytest.mark.parametrize("leeway", [0, 0.5])
def test_zero_and_fractional_leeway(leeway: float, forge: Forge, check: Check) -> None:
    """Without leeway, a token expires exactly at exp."""
    claims = m2m_claims(exp=NOW + 100)
    assert check(forge.token(claims), clock=FrozenClock(NOW + 99), leeway=leeway).valid
    assert (
        check(forge.token(claims), clock=FrozenClock(NOW + 100.5), leeway=leeway).reason
        == "expired"
    )


def test_far_future_iat_is_refused(forge: Forge, check: Check) -> None:
    """A token claiming to be issued in ten years is refused."""
    claims = m2m_claims(iat=NOW + 10 * 365 * 86400, exp=NOW + 11 * 365 * 86400)
    assert check(forge.token(claims)).reason == "issued_in_future"


@pytest.mark.parametrize(
    "raw_value",
    ['"1700086400"', "true", "false", "null", "1e400", "-1e400", "[1700086400]", "{}"],
    ids=["string", "true", "false", "null", "infinity", "minus-infinity", "array", "object"],
)
@pytest.mark.parametrize("claim", ["exp", "nbf", "iat"])
def test_numeric_dates_of_the_wrong_type_are_refused(
    claim: str, raw_value: str, forge: Forge, check: Check
) -> None:
    """A NumericDate given as a string, boolean, non-finite number or container is refused."""
    others = {name: value for name, value in m2m_claims().items() if name != claim}
    claims = json.dumps(others)[:-1] + f', "{claim}": {raw_value}}}'
    report = check(forge.token(raw_payload=b64(claims)))
    assert report.reason in {"bad_claim_type", "missing_claim"}
    assert (
        report.check({"exp": "expiry", "nbf": "not before", "iat": "issued at"}[claim]).reason
        == "bad_claim_type"
    )


def test_floats_are_valid_numeric_dates(forge: Forge, check: Check) -> None:
    """NumericDate may be fractional (RFC 7519 §2)."""
    assert check(forge.token(m2m_claims(iat=NOW + 0.5, exp=NOW + 3600.25))).valid


# --- issuer -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iss", "reason"),
    [
        (ISSUER.rstrip("/"), "iss_mismatch"),
        (ISSUER + "/", "iss_mismatch"),
        (ISSUER + "evil", "iss_mismatch"),
        (ISSUER[:-5], "iss_mismatch"),
        (ISSUER.upper(), "iss_mismatch"),
        ("https://DEV-sandbox.us.auth0.com/", "iss_mismatch"),
        ([ISSUER], "bad_claim_type"),
        ({"iss": ISSUER}, "bad_claim_type"),
        (None, "missing_claim"),
    ],
    ids=[
        "no-trailing-slash",
        "double-slash",
        "suffix",
        "prefix",
        "upper",
        "host-case",
        "array",
        "object",
        "missing",
    ],
)
def test_issuer_must_match_exactly(iss: Any, reason: str, forge: Forge, check: Check) -> None:
    """iss is compared byte for byte: trailing slash, substrings, arrays and case all fail."""
    assert check(forge.token(m2m_claims(iss=iss))).reason == reason


def test_several_issuers_only_when_named(forge: Forge, check: Check) -> None:
    """A custom domain's issuer is accepted when the caller names it next to the canonical one."""
    token = forge.token(m2m_claims(iss="https://login.example.com/"))
    assert check(token).reason == "iss_mismatch"
    assert check(token, issuers=[ISSUER, "https://login.example.com/"]).valid


# --- audience ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aud", "reason"),
    [
        (API, ""),
        ([API, "https://dev-sandbox.us.auth0.com/userinfo"], ""),
        (["https://other/", API], ""),
        ("https://other/", "aud_mismatch"),
        (API.rstrip("/"), "aud_mismatch"),
        (["https://other/"], "aud_mismatch"),
        ([], "aud_mismatch"),
        ([API, 7], "bad_claim_type"),
        ([API, None], "bad_claim_type"),
        ({"aud": API}, "bad_claim_type"),
        (7, "bad_claim_type"),
    ],
    ids=[
        "string", "array-with-userinfo", "array-second", "other-string", "no-trailing-slash",
        "array-without", "empty-array", "non-string-member", "null-member", "object", "number",
    ],
)  # fmt: skip
def test_audience_rules(aud: Any, reason: str, forge: Forge, check: Check) -> None:
    """aud is a string or an array of strings containing the API identifier."""
    assert check(forge.token(m2m_claims(aud=aud))).reason == reason


def test_string_aud_api_refuses_an_array(forge: Forge, check: Check) -> None:
    """An API that expects a string aud refuses the openid-style array."""
    token = forge.token(m2m_claims(aud=[API, "https://dev-sandbox.us.auth0.com/userinfo"]))
    assert check(token, profile=STRING_AUD_API).reason == "aud_mismatch"
    assert check(forge.token(), profile=STRING_AUD_API).valid


# --- typ and profiles -------------------------------------------------------------------


def rfc9068_claims(**changes: Any) -> dict[str, Any]:
    claims = m2m_claims(azp=None, gty=None, client_id=CLIENT_ID, jti="Ck1HcUtRYXN0MHlqZ0VOdw")
    return {k: v for k, v in (claims | changes).items() if v is not None}


@pytest.mark.parametrize(
    ("typ", "claims", "reason"),
    [
        ("at+jwt", rfc9068_claims(), ""),
        ("application/at+jwt", rfc9068_claims(), ""),
        ("AT+JWT", rfc9068_claims(), ""),
        ("Application/AT+JWT", rfc9068_claims(), ""),
        ("JWT", rfc9068_claims(), "typ_mismatch"),
        (None, rfc9068_claims(), "typ_mismatch"),
        ("at+jwt", rfc9068_claims(jti=None), "missing_claim"),
        ("at+jwt", rfc9068_claims(client_id=None), "missing_claim"),
        ("at+jwt", rfc9068_claims(iat=None), "missing_claim"),
        ("at+jwt", rfc9068_claims(client_id="someone-else"), "azp_mismatch"),
    ],
    ids=[
        "at+jwt", "application-at+jwt", "upper", "mixed-case", "typ-jwt", "typ-missing",
        "no-jti", "no-client-id", "no-iat", "other-client",
    ],
)  # fmt: skip
def test_rfc9068_profile(
    typ: str | None, claims: dict[str, Any], reason: str, forge: Forge, check: Check
) -> None:
    """RFC 9068: typ at+jwt (any case), client_id, jti and iat required."""
    report = check(
        forge.token(claims, typ=typ), profile=RFC9068_ACCESS_TOKEN, expected_azp=CLIENT_ID
    )
    assert report.reason == reason, report.failures


@pytest.mark.parametrize(
    ("typ", "reason"),
    [
        ("JWT", ""),
        ("jwt", ""),
        (None, ""),
        ("at+jwt", "typ_mismatch"),
        ("JOSE", "typ_mismatch"),
        (7, "typ_mismatch"),
    ],
    ids=["JWT", "lowercase", "absent", "at+jwt", "jose", "number"],
)
def test_auth0_profile_typ(typ: Any, reason: str, forge: Forge, check: Check) -> None:
    """The Auth0 profile accepts typ JWT or none; an RFC 9068 token needs its own profile."""
    report = check(forge.token(typ=None, header={} if typ is None else {"typ": typ}))
    assert report.reason == reason


def test_azp_must_name_the_expected_client(forge: Forge, check: Check) -> None:
    """azp names the client; another client's token is refused when a client is expected."""
    token = forge.token(m2m_claims(azp="other-client"))
    assert check(token).valid
    assert check(token, expected_azp=CLIENT_ID).reason == "azp_mismatch"


def test_required_scopes(forge: Forge, check: Check) -> None:
    """Every required scope must be in scope; one string is split on spaces like the claim."""
    token = forge.token()
    assert check(token, required_scopes="read:things write:things").valid
    assert check(token, required_scopes="read:things delete:x").reason == "insufficient_scope"
    assert check(token, required_scopes=("read:things", "write:things")).valid
    assert check(token, required_scopes=["delete:things"]).reason == "insufficient_scope"
    assert (
        check(forge.token(m2m_claims(scope=None)), required_scopes=["read:things"]).reason
        == "missing_claim"
    )
    assert check(forge.token(m2m_claims(scope=["read:things"]))).reason == "bad_claim_type"


# --- ID tokens --------------------------------------------------------------------------


def id_claims(**changes: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "nickname": "ada", "name": "ada@example.com", "iss": ISSUER, "aud": CLIENT_ID,
        "iat": NOW, "exp": NOW + 36000, "sub": "auth0|602c0dcab993d10073daf680",
        "nonce": "n-0S6_WzA2Mj", "sid": "s-1",
    }  # fmt: skip
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def test_an_id_token_presented_to_an_api_is_refused(
    forge: Forge, check: Check, keys: KeySet, expect: Expectations
) -> None:
    """An ID token (aud = client id, nonce) is never an access token."""
    token = forge.token(id_claims())
    assert check(token, expected_azp=CLIENT_ID).reason == "wrong_token_type"
    with pytest.raises(TokenError) as caught:
        verify(token, expect, keys=keys, clock=FrozenClock(NOW))
    assert caught.value.reason == "wrong_token_type"


@pytest.mark.parametrize(
    ("claims", "options", "reason"),
    [
        (id_claims(), {"nonce": "n-0S6_WzA2Mj"}, ""),
        (id_claims(), {}, ""),
        (id_claims(), {"nonce": "other"}, "nonce_mismatch"),
        (id_claims(nonce=None), {"nonce": "n-0S6_WzA2Mj"}, "missing_claim"),
        (id_claims(aud=[CLIENT_ID, "https://x/"], azp=CLIENT_ID), {}, ""),
        (id_claims(aud=[CLIENT_ID, "https://x/"]), {}, "missing_claim"),
        (id_claims(aud=[CLIENT_ID, "https://x/"], azp="other"), {}, "azp_mismatch"),
        (id_claims(aud="other-client"), {}, "aud_mismatch"),
        (m2m_claims(aud=CLIENT_ID), {}, "wrong_token_type"),
    ],
    ids=[
        "nonce-matches", "no-nonce-expected", "nonce-mismatch", "nonce-missing",
        "multi-aud-with-azp", "multi-aud-without-azp", "multi-aud-wrong-azp", "other-client",
        "access-token-as-id-token",
    ],
)  # fmt: skip
def test_id_token_profile(
    claims: dict[str, Any], options: dict[str, Any], reason: str, forge: Forge, check: Check
) -> None:
    """ID tokens: aud is the client id, azp with several audiences, nonce echoes /authorize."""
    report = check(forge.token(claims), profile=ID_TOKEN, audience=CLIENT_ID, **options)
    assert report.reason == reason, report.failures


# --- crit -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {"crit": ["http://example.com/ext"], "http://example.com/ext": True},
        {"crit": ["exp"], "exp": NOW},
        {"crit": ["alg"]},
        {"crit": ["kid"]},
        {"crit": []},
        {"crit": "b64"},
        {"crit": [1]},
        {"crit": ["b64"], "b64": False},
        {"b64": False},
        {"crit": ["b64"], "b64": True},
    ],
    ids=[
        "unknown-extension", "unknown-exp", "registered-alg", "registered-kid", "empty-list",
        "not-a-list", "non-string-name", "b64-false", "b64-false-without-crit", "b64-true",
    ],
)  # fmt: skip
def test_crit_is_refused(extra: dict[str, Any], forge: Forge, check: Check) -> None:
    """No critical extension is understood: every crit form refuses the token."""
    report = check(forge.token(header=extra))
    assert report.reason == "crit_unsupported"
    assert report.check("key").status == "not run"


# --- report shape -----------------------------------------------------------------------


def test_every_check_is_reported_even_when_several_fail(forge: Forge, check: Check) -> None:
    """All claim checks run and report; the first failure gives the reason."""
    claims = m2m_claims(iss="https://x/", aud="https://y/", exp=NOW - 3600)
    report = check(forge.token(claims))
    failed = [c.name for c in report.failures]
    assert failed == ["issuer", "audience", "expiry"]
    assert report.reason == "iss_mismatch"
    assert report.check("expiry").explanation.startswith("expired")
    records = report.to_records()
    assert [r["check"] for r in records] == [c.name for c in report.checks]


def test_a_bad_structure_marks_everything_else_not_run(check: Check) -> None:
    """When parsing fails, every later check is listed as not run."""
    report = check("not-a-token!")
    assert report.kind == "malformed"
    assert report.checks[0].status == "failed"
    assert {c.status for c in report.checks[1:]} == {"not run"}


def test_a_jws_with_a_non_json_payload_fails_the_payload_check(forge: Forge, check: Check) -> None:
    """A genuine signature over non-JSON bytes verifies, then fails as a JWT."""
    report = check(forge.token(raw_payload=b64("hello")))
    assert report.check("signature").status == "passed"
    assert report.reason == "malformed"
    assert report.check("payload").status == "failed"


def test_a_call_with_something_else_than_expectations_or_keys_is_a_configuration_error(
    forge: Forge, keys: KeySet, clock: FrozenClock, expect: Expectations
) -> None:
    """Caller mistakes raise ConfigError with a message, before anything is trusted."""
    for call in (validate, verify):
        with pytest.raises(ConfigError, match="KeySet"):
            call(forge.token(), expect, keys={"keys": []}, clock=clock)  # type: ignore[arg-type]  # the mistake under test
        with pytest.raises(ConfigError, match="Expectations"):
            call(forge.token(), {"audience": API}, keys=keys, clock=clock)  # type: ignore[arg-type]  # the mistake under test


def test_a_key_without_alg_verifies_exactly_one_allowed_algorithm(
    forge: Forge, rsa_jwk: dict[str, Any], check: Check
) -> None:
    """A JWK without alg (remove_alg_from_jwks) binds to the one allowed alg of its family."""
    keys = KeySet.from_jwks({"keys": [{k: v for k, v in rsa_jwk.items() if k != "alg"}]})
    assert check(forge.token(), keys=keys, algorithms=["RS256"]).valid
    assert check(forge.token(), keys=keys, algorithms=["RS256", "ES256"]).valid
    assert (
        check(forge.token(), keys=keys, algorithms=["RS256", "PS256"]).reason == "alg_not_allowed"
    )


def test_auth0_opaque_token_is_never_validated_as_a_jws(check: Check) -> None:
    """Auth0's /userinfo JWE is classified, refused as jwe_not_jws, and nothing else runs."""
    report = check(auth0_opaque_token())
    assert report.kind == "auth0_opaque_jwe"
    assert report.reason == "jwe_not_jws"
    assert "only Auth0 can read it" in report.checks[0].explanation
    assert {c.status for c in report.checks[1:]} == {"not run"}


def test_results_never_share_decoded_headers(forge: Forge, check: Check, keys: KeySet) -> None:
    """Mutating a report's or a verified parse's header cannot change later validations."""
    token = forge.token()
    check(token).header["alg"] = "none"
    verify_signature(token, keys=keys, algorithms=["RS256"]).header["kid"] = "other"
    assert check(token).valid
    assert check(forge.token(m2m_claims(sub="another"))).valid


def test_a_custom_profile_compares_typ_case_insensitively(
    forge: Forge, check: Check, keys: KeySet, clock: FrozenClock
) -> None:
    """A profile made with an upper-case typ still matches any case, in both entry points."""
    profile = replace(RFC9068_ACCESS_TOKEN, name="custom", typ=("AT+JWT",))
    claims = rfc9068_claims()
    expectations = Expectations(issuers=ISSUER, audience=API, profile=profile)
    for typ in ("at+jwt", "AT+JWT", "At+Jwt"):
        token = forge.token(claims, typ=typ)
        assert check(token, profile=profile, expected_azp=CLIENT_ID).valid
        assert verify(token, expectations, keys=keys, clock=clock)
