"""From a token response (or an error) to a frozen `AttemptResult`: inspect, validate, explain.

Built on the client's bridge to the inspector (`client.inspection`): the result's own
`inspection`, the client's request context and `validate_token` (JWKS cache, one refetch for a
new `kid`). What the explorer adds is what the target knows and a token does not say: the
issuer is the domain the request went to, the algorithm and dialect are the API's (never the
token's), HS256 tokens check against the API's secret, and explanations know the API's lifetime.
"""

from __future__ import annotations

from auth0_explore.client.inspection import validate_token
from auth0_explore.client.results import TokenResult
from auth0_explore.client.tenant import Tenant
from auth0_explore.errors import (
    Auth0ExploreError,
    OAuthError,
    RequestTimeoutError,
    TransportError,
)
from auth0_explore.explore.attempts import AttemptResult, why_error
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.explore.targets import ApiKeys, Target
from auth0_explore.tokens import (
    KeySet,
    RequestContext,
    ValidationReport,
    inspect_token,
    validate,
)

__all__ = ["Evaluator"]


class Evaluator:
    """Turns what one target answered into `AttemptResult`s."""

    def __init__(self, target: Target) -> None:
        self.target = target

    def success(self, scenario: Scenario, tenant: Tenant, token: TokenResult) -> AttemptResult:
        """The attempt that got `token`."""
        target, clock = self.target, self.target.clock
        inspection = token.inspection
        audience = scenario.audience or target.default_audience or None
        api = target.api_keys(audience or "")
        report = None
        if audience is not None:
            report = self._validate(token, tenant, audience, api)
        context = RequestContext(
            grant_type=token.request.grant_type or None,
            # the scenario, not the token request: the code flow sends these to /authorize
            audience=scenario.audience,
            scope=scenario.scope,
            organization=scenario.organization,
            base_url=token.base_url,
            canonical_domain=token.canonical_domain,
            default_audience=target.default_audience,
            token_lifetime=api.token_lifetime if audience else None,
            signing_alg=api.alg,
        )
        id_token = None
        if token.id_token_fingerprint is not None:
            id_token = inspect_token(token.reveal("id_token"), clock=clock)
        return AttemptResult(
            scenario=scenario,
            base_url=tenant.connection.base_url,
            client=_client_id(tenant),
            token=token,
            status=token.status,
            inspection=inspection,
            report=report,
            id_token=id_token,
            http_attempts=len(token.attempts),
            context=context,  # explained when first asked (`AttemptResult.explained`)
        )

    def failure(
        self, scenario: Scenario, tenant: Tenant | None, error: Auth0ExploreError
    ) -> AttemptResult:
        """The attempt that failed with `error`, keeping Auth0's exact wording."""
        hint, tries = "", 0
        if isinstance(error, OAuthError):
            status: int | None = error.status
            code, description = error.error, error.error_description
            hint, tries = error.hint, error.attempts
        else:
            status, description = None, str(error)
            if isinstance(error, RequestTimeoutError):
                code, tries = "timeout", error.attempts
            elif isinstance(error, TransportError):
                code, tries = "transport", error.attempts
            else:
                code = type(error).__name__  # ConfigError, TokenError: the request never went

        return AttemptResult(
            scenario=scenario,
            base_url=tenant.connection.base_url if tenant else (scenario.domain or ""),
            client=_client_id(tenant) if tenant else None,
            status=status,
            error=code,
            error_description=description,
            why=why_error(code, description),
            hint=hint,
            http_attempts=tries,
        )

    def _validate(
        self, token: TokenResult, tenant: Tenant, audience: str, api: ApiKeys
    ) -> ValidationReport:
        issuer, clock = tenant.connection.base_url, self.target.clock
        if not api.alg.startswith("HS"):
            expectations = api.expectations(issuer, audience)
            try:
                return validate_token(token.reveal(), expectations, keys=tenant.jwks(issuer),
                                      clock=clock, inspection=token.inspection)  # fmt: skip
            except Auth0ExploreError:
                keys = KeySet(())  # no key set to be had: the report says which check failed
        elif api.secret is not None:
            keys = KeySet.from_secret(api.secret, alg=api.alg)
        else:
            keys = KeySet(())  # an HS256 API whose secret the target does not know
        expectations = api.expectations(issuer, audience, client=_client_id(tenant))
        return validate(token.reveal(), expectations, keys=keys, clock=clock)


def _client_id(tenant: Tenant) -> str | None:
    credentials = tenant.connection.credentials
    return credentials.client_id if credentials else None
