"""User flows on a tenant: authorization code with PKCE, refresh, password, device, userinfo.

Parameters and grant types follow the Auth0 Authentication API documentation
(`auth0-behavior.md` §2.4-2.7, §8.3-8.5), and are tested against the sandbox's user flows.
"""

from __future__ import annotations

from collections.abc import Callable

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
from auth0_explore.client.calls import (
    TenantCalls,
    _endpoint_result,
    _json_object,
    _refresh_token_of,
    _shape_error,
)
from auth0_explore.client.policy import NO_RETRY
from auth0_explore.client.results import (
    EndpointResult,
    RequestRecord,
    TokenResult,
)
from auth0_explore.errors import OAuthError, RequestTimeoutError
from auth0_explore.secrets import Secret, fingerprint

__all__ = ["UserFlows"]


class UserFlows(TenantCalls):
    """The user-facing grants and endpoints of a tenant (a part of `Tenant`)."""

    # -- user flows -----------------------------------------------------------------------------

    def authorize(
        self,
        *,
        redirect_uri: str,
        audience: str | None = None,
        scope: str = "openid profile email",
        organization: str | None = None,
        connection: str | None = None,
        prompt: str | None = None,
    ) -> AuthorizationRequest:
        """The `/authorize` URL for the authorization-code flow with PKCE; nothing is sent."""
        return build_authorization_request(
            self.connection.base_url,
            self._credentials().client_id,
            redirect_uri,
            audience=audience or self.connection.audience,
            scope=scope,
            organization=organization,
            connection=connection,
            prompt=prompt,
        )

    def exchange_code(
        self,
        request: AuthorizationRequest,
        redirect_url: str,
        *,
        auth_method: AuthMethod | None = None,
    ) -> TokenResult:
        """Exchange the code in a pasted redirect URL (checked against `request`) for tokens."""
        code = code_from_redirect(request, redirect_url)
        return self._token_call(
            authorization_code_params(request, code), auth_method, audience=request.audience
        )

    def login(
        self,
        user_agent: Callable[[str], str],
        *,
        redirect_uri: str,
        audience: str | None = None,
        scope: str = "openid profile email",
        organization: str | None = None,
        auth_method: AuthMethod | None = None,
    ) -> TokenResult:
        """The whole code flow: `user_agent(authorize_url)` logs in and returns the redirect URL.

        A person pasting from a browser is one user agent; a scripted sandbox login is another.
        """
        request = self.authorize(
            redirect_uri=redirect_uri, audience=audience, scope=scope, organization=organization
        )
        return self.exchange_code(request, user_agent(request.url), auth_method=auth_method)

    def refresh(
        self,
        refresh_token: str | TokenResult,
        *,
        scope: str | None = None,
        auth_method: AuthMethod | None = None,
    ) -> TokenResult:
        """New tokens for a refresh token (`grant_type=refresh_token`, §2.5); scope may shrink."""
        token = _refresh_token_of(refresh_token)
        params = {"grant_type": "refresh_token", "refresh_token": token}
        if scope is not None:
            params["scope"] = scope
        audience = refresh_token.audience if isinstance(refresh_token, TokenResult) else None
        return self._token_call(params, auth_method, audience=audience)

    def password_realm(
        self,
        username: str,
        password: str | Secret,
        *,
        realm: str | None = None,
        audience: str | None = None,
        scope: str | None = None,
        auth_method: AuthMethod | None = None,
    ) -> TokenResult:
        """Resource-owner password: `password-realm` with a realm, plain `password` without."""
        params = {
            "grant_type": PASSWORD_REALM_GRANT if realm else "password",
            "username": username,
            "password": Secret(password).reveal(),
        }
        for name, value in (("realm", realm), ("audience", audience), ("scope", scope)):
            if value:
                params[name] = value
        return self._token_call(params, auth_method)

    def device_authorization(
        self, *, audience: str | None = None, scope: str | None = None
    ) -> DeviceAuthorization:
        """Start the device flow (`POST /oauth/device/code`, §2.7): a user code and where to go."""
        params = {"client_id": self._credentials().client_id}
        for name, value in (("audience", audience or self.connection.audience), ("scope", scope)):
            if value:
                params[name] = value
        response, _ = self._send("POST", "oauth/device/code", params, auth_method="none")
        data = _json_object(response)
        try:
            return DeviceAuthorization(
                user_code=str(data["user_code"]),
                verification_uri=str(data["verification_uri"]),
                verification_uri_complete=data.get("verification_uri_complete"),
                expires_in=int(data["expires_in"]),
                interval=int(data.get("interval", 5)),
                requested_at=self.clock.now(),
                _device_code=str(data["device_code"]),
                audience=params.get("audience"),
            )
        except (KeyError, TypeError, ValueError):
            raise _shape_error(response, "a device authorization") from None

    def poll_device(
        self, device: DeviceAuthorization, *, auth_method: AuthMethod = "none"
    ) -> TokenResult:
        """Poll the token endpoint until the user approves, honouring `interval` and `slow_down`.

        `authorization_pending` waits `interval` seconds; `slow_down` takes the new interval
        from the response (or adds 5 s, RFC 8628 §3.5). Other errors are raised; giving up
        after `expires_in` raises `RequestTimeoutError`.
        """
        params = {"grant_type": DEVICE_CODE_GRANT, "device_code": device._device_code}
        interval = float(device.interval)
        waited = 0.0
        while True:
            try:
                return self._token_call(
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
                    url=self._token_url,
                )
            self.http.sleep(interval)
            waited += interval

    def userinfo(self, access_token: str | TokenResult) -> EndpointResult:
        """The user's profile from `/userinfo` for an access token that has its audience."""
        token = access_token.reveal() if isinstance(access_token, TokenResult) else access_token
        url = self.connection.url("userinfo")
        record = RequestRecord("GET", url, {"access_token": fingerprint(token)}, "bearer")
        response = self._request(record, headers={"Authorization": f"Bearer {token}"})
        return _endpoint_result(record, response, _json_object(response))

    def revoke(
        self, refresh_token: str | TokenResult, *, auth_method: AuthMethod | None = None
    ) -> EndpointResult:
        """Revoke a refresh token (`POST /oauth/revoke`, §8.4); Auth0 answers 200 with no body."""
        token = _refresh_token_of(refresh_token)
        response, record = self._send(
            "POST", "oauth/revoke", {"token": token}, auth_method or "default"
        )
        return _endpoint_result(record, response, _json_object(response) if response.body else {})
