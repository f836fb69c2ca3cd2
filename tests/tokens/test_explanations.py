"""explain: one sentence per rule on why the token looks the way it does."""

from __future__ import annotations

from auth0_explore.clock import FrozenClock
from auth0_explore.tokens import RequestContext, explain, inspect_token
from auth0_explore.tokens.explanations import RULES
from tests.tokens.forge import API, CLIENT_ID, ISSUER, NOW, Forge, auth0_opaque_token, m2m_claims

CLOCK = FrozenClock(NOW + 60)
CANONICAL = "dev-sandbox.us.auth0.com"
USERINFO = f"https://{CANONICAL}/userinfo"


def test_rule_ids_are_unique_and_stable() -> None:
    """Every rule has a distinct id; ids are the stable handle tests and notebooks use."""
    ids = [rule_id for rule_id, _, _ in RULES]
    assert len(ids) == len(set(ids))


def test_opaque_because_no_audience_and_no_default() -> None:
    """The opaque token is explained by the request (no audience) and the tenant (no default)."""
    context = RequestContext(grant_type="authorization_code", audience=None, default_audience="")
    finding = explain(auth0_opaque_token(), clock=CLOCK, context=context).rule(
        "opaque-userinfo-token"
    )
    assert finding is not None
    assert "only Auth0 can read" in finding.text
    assert "named no audience and the tenant has no default audience" in finding.text


def test_aud_array_because_openid_with_a_custom_api(forge: Forge) -> None:
    """openid with an RS256 custom API adds the canonical /userinfo audience."""
    token = forge.token(
        m2m_claims(gty=None, sub="auth0|1", aud=[API, USERINFO], scope="openid read:things")
    )
    context = RequestContext(audience=API, scope="openid read:things", signing_alg="RS256")
    finding = explain(token, clock=CLOCK, context=context).rule("aud-array-openid")
    assert finding is not None
    assert "asked for openid" in finding.text
    assert USERINFO in finding.text


def test_iss_is_the_custom_domain_because_the_request_went_there(forge: Forge) -> None:
    """A token minted through a custom domain names it; the explanation says why."""
    token = forge.token(m2m_claims(iss="https://login.example.com/"))
    context = RequestContext(base_url="https://login.example.com", canonical_domain=CANONICAL)
    finding = explain(token, clock=CLOCK, context=context).rule("issuer-domain")
    assert finding is not None
    assert "iss is https://login.example.com/, exactly the base URL the request used" in (
        finding.text
    )
    assert f"Tokens from the canonical domain say https://{CANONICAL}/" in finding.text
    canonical = explain(
        forge.token(), clock=CLOCK, context=RequestContext(canonical_domain=CANONICAL)
    )
    issuer = canonical.rule("issuer-domain")
    assert issuer is not None
    assert "canonical" in issuer.text


def test_iss_of_a_loopback_base_url_is_quoted_as_is_not_called_a_custom_domain(
    forge: Forge,
) -> None:
    """The sandbox's plain base URL keeps its scheme and port and is no custom domain."""
    token = forge.token(m2m_claims(iss="http://127.0.0.1:8791/"))
    context = RequestContext(base_url="http://127.0.0.1:8791", canonical_domain=CANONICAL)
    finding = explain(token, clock=CLOCK, context=context).rule("issuer-domain")
    assert finding is not None
    assert finding.text.startswith("iss is http://127.0.0.1:8791/, exactly the base URL")
    assert "custom domain https://" not in finding.text
    assert "Tokens from the canonical domain" not in finding.text


def test_permissions_name_the_rfc9068_authz_dialect_for_at_jwt_tokens(forge: Forge) -> None:
    """Permissions in an at+jwt token come from rfc9068_profile_authz, not access_token_authz."""
    claims = m2m_claims(azp=None, gty=None, client_id=CLIENT_ID, jti="j", permissions=["r"])
    finding = explain(forge.token(claims, typ="at+jwt"), clock=CLOCK).rule("permissions")
    assert finding is not None
    assert "rfc9068_profile_authz" in finding.text
    plain = explain(forge.token(m2m_claims(permissions=["r"])), clock=CLOCK).rule("permissions")
    assert plain is not None
    assert "access_token_authz" in plain.text


def test_gty_marks_an_m2m_token_and_lifetime_is_the_apis(forge: Forge) -> None:
    """gty=client-credentials marks M2M; exp - iat equals the API's token_lifetime."""
    explanation = explain(
        forge.token(),
        clock=CLOCK,
        context=RequestContext(grant_type="client_credentials", token_lifetime=86400),
    )
    gty, lifetime = explanation.rule("m2m-gty"), explanation.rule("lifetime")
    assert gty is not None
    assert "M2M" in gty.text
    assert lifetime is not None
    assert "equals the API's token_lifetime" in lifetime.text
    assert explanation.rule("aud-string") is not None


def test_rfc9068_dialect_and_default_audience(forge: Forge) -> None:
    """typ at+jwt means RFC 9068; an audience the request did not name is the tenant default."""
    claims = m2m_claims(azp=None, gty=None, client_id=CLIENT_ID, jti="j", sub="auth0|1")
    context = RequestContext(audience=None, default_audience=API)
    explanation = explain(forge.token(claims, typ="at+jwt"), clock=CLOCK, context=context)
    assert explanation.rule("rfc9068-dialect") is not None
    assert explanation.rule("default-audience") is not None


def test_other_rules(forge: Forge) -> None:
    """Organizations, permissions, missing scopes, expiry, ID tokens and the Management API."""
    claims = m2m_claims(
        org_id="org_1",
        permissions=["read:things"],
        exp=NOW + 30,
        aud=f"https://{CANONICAL}/api/v2/",
    )
    context = RequestContext(organization="org_1", scope="read:things delete:things")
    explanation = explain(forge.token(claims), clock=FrozenClock(NOW + 3600), context=context)
    for rule in ("organization", "permissions", "scope-granted", "expired", "management-api"):
        assert explanation.rule(rule) is not None, rule
    id_token = forge.token(
        {
            "iss": ISSUER,
            "sub": "auth0|1",
            "aud": CLIENT_ID,
            "iat": NOW,
            "exp": NOW + 36000,
            "nonce": "n",
        }
    )
    id_explanation = explain(inspect_token(id_token, clock=CLOCK), clock=CLOCK)
    assert id_explanation.rule("id-token") is not None
    lifetime = id_explanation.rule("lifetime")
    assert lifetime is not None
    assert "default ID token lifetime" in lifetime.text


def test_junk_is_explained_not_raised() -> None:
    """A malformed token gets one sentence saying why it cannot be read."""
    explanation = explain("not a token", clock=CLOCK)
    assert explanation.family == "malformed"
    assert explanation.sentences
    assert "cannot be read" in explanation.sentences[0]


def test_signing_key_and_hs256(forge: Forge) -> None:
    """RS256 names the kid and where its key lives; HS256 says who can mint such tokens."""
    rs = explain(forge.token(), clock=CLOCK).rule("signing-key")
    assert rs is not None
    assert f"{ISSUER}.well-known/jwks.json" in rs.text
    hs = explain(forge.token(alg="HS256", key=b"k" * 32, kid=None), clock=CLOCK).rule("signing-key")
    assert hs is not None
    assert "signing secret" in hs.text
