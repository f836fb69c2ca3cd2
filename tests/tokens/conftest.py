"""Fixtures for the token inspector tests: session keys, the forge, a frozen clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from auth0_explore.clock import FrozenClock
from auth0_explore.tokens import Expectations, KeySet
from tests.tokens.forge import API, ISSUER, NOW, Forge


@pytest.fixture(scope="session")
def rsa_key() -> rsa.RSAPrivateKey:
    """The tenant's RSA signing key."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def attacker_key() -> rsa.RSAPrivateKey:
    """An RSA key that is not the tenant's."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def ec_key() -> ec.EllipticCurvePrivateKey:
    """An ES256 signing key."""
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="session")
def forge(rsa_key: rsa.RSAPrivateKey, ec_key: ec.EllipticCurvePrivateKey) -> Forge:
    """Builds tokens signed with the session keys."""
    return Forge(rsa_key, ec_key)


@pytest.fixture(scope="session")
def rsa_jwk(rsa_key: rsa.RSAPrivateKey) -> dict[str, Any]:
    """The public JWK Auth0 would publish for the RSA key."""
    jwk: dict[str, Any] = RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    jwk.update(kid="rsa-1", alg="RS256", use="sig")
    return jwk


@pytest.fixture(scope="session")
def ec_jwk(ec_key: ec.EllipticCurvePrivateKey) -> dict[str, Any]:
    """The public JWK of the EC key."""
    jwk: dict[str, Any] = ECAlgorithm.to_jwk(ec_key.public_key(), as_dict=True)
    jwk.update(kid="ec-1", alg="ES256", use="sig")
    return jwk


@pytest.fixture(scope="session")
def keys(rsa_jwk: dict[str, Any]) -> KeySet:
    """The tenant's key set: one RSA key."""
    return KeySet.from_jwks({"keys": [rsa_jwk]})


@pytest.fixture
def clock() -> FrozenClock:
    """Ten seconds after the forged tokens were issued."""
    return FrozenClock(NOW + 10)


@pytest.fixture
def check(keys: KeySet, clock: FrozenClock) -> Callable[..., Any]:
    """`validate` with the tenant's defaults: `keys` and `clock` override the call's, any other
    keyword the `Expectations` (issuers ISSUER and audience API unless given)."""
    from auth0_explore.tokens import validate

    def run(token: object, **options: Any) -> Any:
        key_set = options.pop("keys", keys)
        time = options.pop("clock", clock)
        expectations = Expectations(**{"issuers": ISSUER, "audience": API, **options})
        return validate(token, expectations, keys=key_set, clock=time)

    return run


@pytest.fixture
def expect() -> Expectations:
    """The default expectations: an Auth0 access token for API from ISSUER."""
    return Expectations(issuers=ISSUER, audience=API)
