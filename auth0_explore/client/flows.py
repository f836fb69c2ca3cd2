"""User flows on a tenant: authorization code with PKCE, refresh, password, device, userinfo.

A part of `Tenant`, whose methods document the arguments. Parameters and grant types follow
the Auth0 Authentication API documentation (`auth0-behavior.md` §2.4-2.7, §8.3-8.5), and are
tested against the sandbox's user flows.
"""

from __future__ import annotations

from auth0_explore.client.auth import (
    DEVICE_CODE_GRANT,
    PASSWORD_REALM_GRANT,
    AuthMethod,
    AuthorizationRequest,
    DeviceAuthorization,
    authorization_code_params,
    build_authorization_request,
    code_from_redirect,
)
from auth0_explore.client.calls import Sender, endpoint_result, json_object, shape_error
from auth0_explore.client.policy import NO_RETRY
from auth0_explore.client.results import EndpointResult, RequestRecord, TokenResult
from auth0_explore.client.token_endpoint import TokenEndpoint
from auth0_explore.errors import OAuthError, RequestTimeoutError
from auth0_explore.secrets import Secret, fingerprint

__all__ = ["UserFlows"]


class UserFlows:
    """The user-facing grants and endpoints of a tenant; `Tenant`'s methods document them."""

    def __init__(self, sender: Sender, tokens: TokenEndpoint) -> None:
        self._sender = sender
        self._tokens = tokens

    def authorize(
        self,
        redirect_uri: str,
        audience: str | None,
        scope: str,
        organization: str | None,
        connection: str | None,
        prompt: str | None,
    ) -> AuthorizationRequest:
        """Nothing is sent: the browser goes to the URL, the code comes back pasted."""
        return build_authorization_request(
            self._sender.connection.base_url,
            self._sender.credentials().client_id,
            redirect_uri,
            audience=audience or self._sender.connection.audience,
            scope=scope,
            organization=organization,
            connection=connection,
            prompt=prompt,
        )

    def exchange_code(
        self, request: AuthorizationRequest, redirect_url: str, auth_method: AuthMethod | None
    ) -> TokenResult:
        """The code is checked against `request` (state, redirect URI) before it is sent."""
        code = code_from_redirect(request, redirect_url)
        return self._tokens.call(
            authorization_code_params(request, code), auth_method, audience=request.audience
        )

    def refresh(
        self, refresh_token: str | TokenResult, scope: str | None, auth_method: AuthMethod | None
    ) -> TokenResult:
        """The new result keeps the audience the refreshed one asked for."""
        params = {"grant_type": "refresh_token", "refresh_token": refresh_token_of(refresh_token)}
        if scope is not None:
            params["scope"] = scope
        audience = refresh_token.audience if isinstance(refresh_token, TokenResult) else None
        return self._tokens.call(params, auth_method, audience=audience)

    def password_realm(
        self,
        username: str,
        password: str | Secret,
        realm: str | None,
        audience: str | None,
        scope: str | None,
        auth_method: AuthMethod | None,
    ) -> TokenResult:
        """Empty optional parameters are left out: Auth0 treats an empty one as given (§2.1)."""
        params = {
            "grant_type": PASSWORD_REALM_GRANT if realm else "password",
            "username": username,
            "password": Secret(password).reveal(),
        }
        for name, value in (("realm", realm), ("audience", audience), ("scope", scope)):
            if value:
                params[name] = value
        return self._tokens.call(params, auth_method)

    def device_authorization(self, audience: str | None, scope: str | None) -> DeviceAuthorization:
        """A public-client call: the client id only, no secret (RFC 8628 §3.1)."""
        sender = self._sender
        params = {"client_id": sender.credentials().client_id}
        for name, value in (("audience", audience or sender.connection.audience), ("scope", scope)):
            if value:
                params[name] = value
        response, _ = sender.send("POST", "oauth/device/code", params, auth_method="none")
        data = json_object(response)
        try:
            return DeviceAuthorization(
                user_code=str(data["user_code"]),
                verification_uri=str(data["verification_uri"]),
                verification_uri_complete=data.get("verification_uri_complete"),
                expires_in=int(data["expires_in"]),
                interval=int(data.get("interval", 5)),
                requested_at=sender.clock.now(),
                _device_code=str(data["device_code"]),
                audience=params.get("audience"),
            )
        except (KeyError, TypeError, ValueError):
            raise shape_error(response, "a device authorization") from None

    def poll_device(self, device: DeviceAuthorization, auth_method: AuthMethod) -> TokenResult:
        """Each poll is one attempt (NO_RETRY): the pace is the device flow's, not backoff's."""
        params = {"grant_type": DEVICE_CODE_GRANT, "device_code": device._device_code}
        interval = float(device.interval)
        waited = 0.0
        while True:
            try:
                return self._tokens.call(
                    params, auth_method, audience=device.audience, retry=NO_RETRY
                )
            except OAuthError as exc:
                if exc.error == "slow_down":
                    given = exc.extra.get("interval")
                    interval = float(given) if isinstance(given, int) else interval + 5
                elif exc.error != "authorization_pending":
                    raise
            if waited + interval > device.expires_in:
                raise RequestTimeoutError(
                    f"the device code expired after {device.expires_in} s without approval: "
                    "start again with device_authorization()",
                    url=self._sender.token_url,
                )
            self._sender.http.sleep(interval)
            waited += interval

    def userinfo(self, access_token: str | TokenResult) -> EndpointResult:
        """The record keeps the token's fingerprint, never the token."""
        token = access_token.reveal() if isinstance(access_token, TokenResult) else access_token
        url = self._sender.connection.url("userinfo")
        record = RequestRecord("GET", url, {"access_token": fingerprint(token)}, "bearer")
        response = self._sender.request(record, headers={"Authorization": f"Bearer {token}"})
        return endpoint_result(record, response, json_object(response))

    def revoke(
        self, refresh_token: str | TokenResult, auth_method: AuthMethod | None
    ) -> EndpointResult:
        """Auth0 answers 200 with an empty body (§8.4): an empty result, not an error."""
        response, record = self._sender.send(
            "POST",
            "oauth/revoke",
            {"token": refresh_token_of(refresh_token)},
            auth_method or "default",
        )
        return endpoint_result(record, response, json_object(response) if response.body else {})


def refresh_token_of(value: str | TokenResult) -> str:
    """The refresh token of a result, or the raw token given."""
    return value.reveal("refresh_token") if isinstance(value, TokenResult) else value
