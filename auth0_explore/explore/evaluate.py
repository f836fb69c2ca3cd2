"""From a token response (or an error) to a frozen `AttemptResult`: inspect, validate, explain.

Validation uses what the target knows, never what the token says: the issuer is the domain the
request went to, the audience the one requested (or the tenant's known default), the algorithm
and dialect the API's, the keys the issuer's JWKS (or the API's HS256 secret).
"""

from __future__ import annotations

import threading

from auth0_explore.client.results import TokenResult
from auth0_explore.client.tenant import Tenant
from auth0_explore.errors import (
    Auth0ExploreError,
    OAuthError,
    RequestTimeoutError,
    TransportError,
)
from auth0_explore.explore.attempts import AttemptResult, explanation_text, why_error
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.explore.targets import Target
from auth0_explore.tokens import (
    AUTH0_ACCESS_TOKEN,
    RFC9068_ACCESS_TOKEN,
    KeySet,
    RequestContext,
    ValidationReport,
    explain,
    inspect,
    validate,
)

__all__ = ["Evaluator"]


class Evaluator:
    """Turns what one target answered into `AttemptResult`s; caches key sets per issuer."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self._keys: dict[str, KeySet] = {}
        self._lock = threading.Lock()

    def success(self, scenario: Scenario, tenant: Tenant, token: TokenResult) -> AttemptResult:
        """The attempt that got `token`."""
        target, clock = self.target, self.target.clock
        access = token.reveal()
        inspection = inspect(access, clock=clock)
        audience = scenario.audience or target.default_audience or None
        api = target.api_keys(audience or "")
        report = None
        if audience is not None:
            report = self._validate(access, tenant, audience, api.alg, api.rfc9068)
        context = RequestContext(
            grant_type=scenario.grant,
            audience=scenario.audience,
            scope=scenario.scope,
            organization=scenario.organization,
            base_url=tenant.connection.base_url,
            canonical_domain=target.canonical_domain,
            default_audience=target.default_audience,
            token_lifetime=api.token_lifetime if audience else None,
            signing_alg=api.alg,
        )
        explanation = explanation_text(explain(inspection, clock=clock, context=context))
        id_token = None
        if token.id_token_fingerprint is not None:
            id_token = inspect(token.reveal("id_token"), clock=clock)
        return AttemptResult(
            scenario=scenario,
            base_url=tenant.connection.base_url,
            client=_client_id(tenant),
            token=token,
            status=token.status,
            inspection=inspection,
            report=report,
            explanation=explanation,
            id_token=id_token,
        )

    def failure(
        self, scenario: Scenario, tenant: Tenant, error: Auth0ExploreError
    ) -> AttemptResult:
        """The attempt that failed with `error`, keeping Auth0's exact wording."""
        if isinstance(error, OAuthError):
            status: int | None = error.status
            code, description = error.error, error.error_description
        else:
            status, description = None, str(error)
            if isinstance(error, RequestTimeoutError):
                code = "timeout"
            elif isinstance(error, TransportError):
                code = "transport"
            else:
                code = type(error).__name__  # ConfigError, TokenError: the request never went

        return AttemptResult(
            scenario=scenario,
            base_url=tenant.connection.base_url,
            client=_client_id(tenant),
            status=status,
            error=code,
            error_description=description,
            explanation=why_error(code, description),
        )

    def _validate(
        self, token: str, tenant: Tenant, audience: str, alg: str, rfc9068: bool
    ) -> ValidationReport:
        issuer = tenant.connection.base_url
        api = self.target.api_keys(audience)
        try:
            if alg.startswith("HS"):
                if api.secret is None:
                    raise LookupError
                keys = KeySet.from_secret(api.secret, alg=alg)
            else:
                keys = self._key_set(tenant, issuer)
        except (Auth0ExploreError, LookupError):
            keys = KeySet([])
        return validate(
            token,
            keys=keys,
            clock=self.target.clock,
            issuers=issuer,
            audience=audience,
            profile=RFC9068_ACCESS_TOKEN if rfc9068 else AUTH0_ACCESS_TOKEN,
            algorithms=(alg,),
            expected_azp=_client_id(tenant),
        )

    def _key_set(self, tenant: Tenant, issuer: str) -> KeySet:
        with self._lock:
            keys = self._keys.get(issuer)
            if keys is None:
                keys = KeySet.from_jwks(tenant.jwks(issuer).get_jwks())
                self._keys[issuer] = keys
            return keys


def _client_id(tenant: Tenant) -> str | None:
    credentials = tenant.connection.credentials
    return credentials.client_id if credentials else None
