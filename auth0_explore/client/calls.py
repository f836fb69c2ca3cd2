"""Sending a call to a tenant: client authentication added, the request recorded masked.

Every part of `Tenant` sends through one `Sender`: it adds client authentication (the secret
in the body, HTTP Basic, or a signed assertion), keeps a record of what was sent with secrets
masked, and notes the request on any failure. The functions below read what came back.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Literal

from auth0_explore.client.auth import AuthMethod, client_assertion, form_with_client
from auth0_explore.client.policy import RetryPolicy
from auth0_explore.client.results import EndpointResult, RequestRecord, mask_params
from auth0_explore.client.session import HttpResponse, HttpSession
from auth0_explore.clock import Clock
from auth0_explore.config import Credentials, TenantConnection
from auth0_explore.errors import ConfigError, OAuthError, TransportError

__all__ = ["Sender", "endpoint_result", "json_object", "shape_error"]

log = logging.getLogger("auth0_explore.client")


class Sender:
    """How the parts of a `Tenant` reach it: its connection, clock and HTTP session."""

    def __init__(self, connection: TenantConnection, clock: Clock, http: HttpSession) -> None:
        self.connection = connection
        self.clock = clock
        self.http = http
        self.token_url = connection.url("oauth/token")

    def credentials(self) -> Credentials:
        """The application's credentials, or a `ConfigError` saying how to configure them."""
        if self.connection.credentials is None:
            raise ConfigError(
                "this call needs an application: set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET "
                "(or pass application= to Tenant.from_sandbox)"
            )
        return self.connection.credentials

    def send(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None = None,
        auth_method: AuthMethod | Literal["default"] | None = None,
        *,
        retry: RetryPolicy | None = None,
    ) -> tuple[HttpResponse, RequestRecord]:
        """Send a form call with client authentication added; the record masks what was sent.

        `auth_method` None sends no client authentication; "default" uses the application's.
        """
        url = self.token_url if path == "oauth/token" else self.connection.url(path)
        body: dict[str, str] | None = None
        basic = None
        if auth_method is not None:
            creds = self.credentials()
            if auth_method == "default":
                auth_method = creds.auth_method
            assertion = self._assertion(creds) if auth_method == "private_key_jwt" else None
            body, basic = form_with_client(
                params or {}, creds.client_id, creds.client_secret, auth_method, assertion=assertion
            )
        elif params is not None:
            body = dict(params)
        record = RequestRecord(method, url, mask_params(body or {}), auth_method or "none")
        return self.request(record, data=body, auth=basic, retry=retry), record

    def request(
        self,
        record: RequestRecord,
        *,
        data: Mapping[str, str] | bytes | None = None,
        auth: tuple[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
    ) -> HttpResponse:
        """Send what `record` describes; a failure gets a note naming the request (masked)."""
        describe = record.describe() if log.isEnabledFor(logging.DEBUG) else ""
        try:
            return self.http.request(
                record.method,
                record.url,
                data=data,
                auth=auth,
                headers=headers,
                retry=retry,
                describe=describe,
            )
        except (OAuthError, TransportError) as exc:
            exc.add_note(f"request: {record.method} {record.url} {record.describe()}")
            raise

    def _assertion(self, creds: Credentials) -> str:
        """A fresh `private_key_jwt` client assertion for this tenant (one per request)."""
        if creds.signing_key is None:
            raise ConfigError(
                "private_key_jwt needs the application's private key: set "
                "AUTH0_CLIENT_ASSERTION_SIGNING_KEY"
            )
        return client_assertion(
            creds.client_id,
            creds.signing_key,
            audience=self.connection.base_url,
            now=self.clock.now(),
            alg=creds.signing_alg,
            kid=creds.signing_kid,
        )


def json_object(response: HttpResponse) -> dict[str, Any]:
    """The body as a JSON object, or a `TransportError` saying the tenant sent something else."""
    data = response.json()
    if not isinstance(data, dict):
        raise shape_error(response, "a JSON object")
    return data


def shape_error(response: HttpResponse, what: str) -> TransportError:
    """The error for a response that lacks `what` (a token, a device authorization ...)."""
    return TransportError(
        f"{response.method} {response.url} answered {response.status} without {what}: "
        "check that the domain points at an Auth0 tenant",
        url=response.url,
        attempts=len(response.attempts),
    )


def endpoint_result(
    record: RequestRecord, response: HttpResponse, data: Mapping[str, Any]
) -> EndpointResult:
    """The result of a non-token call: what was sent, what came back."""
    return EndpointResult(
        record,
        response.status,
        response.headers,
        data,
        response.elapsed,
        response.attempts,
        response.rate_limit,
    )
