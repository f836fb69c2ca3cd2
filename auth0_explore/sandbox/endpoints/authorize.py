"""`GET /authorize` and its login page `POST /u/login`: checking a request, logging a user in,
and answering the application.

Auth0: §8.5 — with an unknown client or a callback not in the client's list there is no
redirect, only an error page ("Callback URL mismatch."); once client and callback are valid,
every error goes back by redirect with `error`, `error_description` and `state`
(`Service not found: <aud>` for an unknown audience, `Login required` for `prompt=none`
without a session, the organization errors). Success: `code` by query, tokens by fragment
(`token_lifetime_for_web`, 7200 s for the opaque token, §5), or `form_post`.

`GET /authorize` answers at once when the browser has a live session (`auth0` cookie) that is
fresh enough for `max_age` and `prompt` is not `login`; `prompt=none` without one is
`login_required`; otherwise it shows the login page. The page posts every /authorize parameter
plus `username` and `password` to `POST /u/login` (a sandbox route: Auth0's Universal Login
keeps them in a server-side transaction instead), which scripts can post to directly — or post
only the credentials to `/u/login?<the /authorize query string>`.
`login_as` does the same from Python for a user by email, without a password.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from werkzeug.wrappers import Request, Response

from auth0_explore.errors import OAuthError, SandboxError
from auth0_explore.sandbox.grants.password import check_password
from auth0_explore.sandbox.grants.user_grant import (
    UserGrant,
    granted_scopes,
    requested_audience,
    user_api,
)
from auth0_explore.sandbox.http.body import read_params
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.http.hosts import RequestSite, SandboxDomain
from auth0_explore.sandbox.http.pages import error_page, form_post_page, login_page
from auth0_explore.sandbox.http.routes import Route
from auth0_explore.sandbox.minting.id_tokens import id_token
from auth0_explore.sandbox.minting.user_tokens import access_token_for
from auth0_explore.sandbox.stores.sessions import COOKIE, Session
from auth0_explore.sandbox.tenant.model import Api, Application, Organization, TenantConfig
from auth0_explore.sandbox.tenant.users import User

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = [
    "ROUTES",
    "AuthorizeRequest",
    "PageError",
    "Redirect",
    "RedirectError",
    "authorize_endpoint",
    "check_authorize",
    "complete",
    "login_as",
    "login_endpoint",
    "login_from_url",
]

RESPONSE_TYPES = {
    frozenset(t.split())
    for t in ("code", "token", "id_token", "id_token token", "code id_token", "code token",
              "code id_token token")
}  # fmt: skip
RESPONSE_MODES = ("query", "fragment", "form_post")


class PageError(Exception):
    """No valid callback to redirect to: Auth0 shows an error page instead."""

    def __init__(self, title: str, *lines: str) -> None:
        super().__init__(f"{title} {' '.join(lines)}")
        self.title = title
        self.lines = list(lines)

    def response(self) -> Response:
        """The error page."""
        return error_page(self.title, self.lines)


@dataclass(frozen=True)
class Redirect:
    """Where and how a response goes back to the application."""

    redirect_uri: str
    mode: str
    state: str | None


class RedirectError(Exception):
    """An error Auth0 delivers to the callback."""

    def __init__(self, redirect: Redirect, error: OAuthError) -> None:
        super().__init__(error.error_description)
        self.redirect = redirect
        self.error = error

    def response(self) -> Response:
        """The redirect carrying the error."""
        values = {"error": self.error.error, "error_description": self.error.error_description}
        return deliver(self.redirect, values)


@dataclass(frozen=True)
class AuthorizeRequest:
    """A checked /authorize request."""

    params: Mapping[str, str]
    client: Application
    redirect: Redirect
    redirect_sent: bool
    response_type: frozenset[str]
    api: Api | None
    organization: Organization | None
    max_age: int | None


def deliver(redirect: Redirect, values: dict[str, str]) -> Response:
    """Send `values` (plus `state`) to the callback by query, fragment or form_post."""
    if redirect.state is not None:
        values = {**values, "state": redirect.state}
    if redirect.mode == "form_post":
        return form_post_page(redirect.redirect_uri, values)
    encoded = urlencode(values, quote_via=quote)
    if redirect.mode == "fragment":
        location = f"{redirect.redirect_uri}#{encoded}"
    else:
        joiner = "&" if "?" in redirect.redirect_uri else "?"
        location = f"{redirect.redirect_uri}{joiner}{encoded}"
    return Response(status=302, headers={"Location": location, "Cache-Control": "no-store"})


def _client_and_callback(
    params: Mapping[str, str], tenant: TenantConfig
) -> tuple[Application, str]:
    client_id = params.get("client_id")
    if not client_id:
        raise PageError("invalid_request", "Missing required parameter: client_id")
    client = tenant.application(client_id, by_name=False)
    if client is None:
        raise PageError("invalid_request", f"Unknown client: {client_id}")
    redirect_uri = params.get("redirect_uri") or (client.callbacks[0] if client.callbacks else "")
    if redirect_uri not in client.callbacks:
        raise PageError(
            "Callback URL mismatch.",
            "The provided redirect_uri is not in the list of allowed callback URLs.",
            "Please go to the Application Settings page and make sure you are sending a valid "
            "callback url from your application.",
            f"{redirect_uri or '(none)'} is not in the list of allowed callback URLs",  # log text
        )
    return client, redirect_uri


def _organization(
    params: Mapping[str, str], client: Application, tenant: TenantConfig
) -> Organization | None:
    emulation = tenant.emulation
    ref = params.get("organization")
    if not ref:
        if client.organization_usage == "require":
            raise oauth_error(emulation, "organization_param_required")
        return None
    if client.organization_usage in (None, "deny"):
        raise oauth_error(emulation, "organization_not_allowed_for_client")
    by_name = tenant.settings.allow_organization_name_in_authentication_api
    if not ref.startswith("org_") and not by_name:
        raise oauth_error(emulation, "organization_must_be_id")
    org = tenant.organization(ref, by_name=by_name)
    if org is None:
        raise oauth_error(emulation, "organization_invalid", organization=ref)
    return org


def check_authorize(params: Mapping[str, str], tenant: TenantConfig) -> AuthorizeRequest:
    """The checked request; PageError or RedirectError as Auth0 would answer."""
    client, redirect_uri = _client_and_callback(params, tenant)
    emulation = tenant.emulation
    response_type = frozenset(params.get("response_type", "").split())
    default_mode = "query" if response_type == {"code"} else "fragment"
    mode = params.get("response_mode") or default_mode
    redirect = Redirect(redirect_uri, mode if mode in RESPONSE_MODES else default_mode,
                    params.get("state"))  # fmt: skip
    try:
        if not response_type:
            raise oauth_error(emulation, "missing_parameter", name="response_type")
        if response_type not in RESPONSE_TYPES:
            raise oauth_error(
                emulation, "unsupported_response_type", response_type=params["response_type"]
            )
        if mode not in RESPONSE_MODES:
            raise oauth_error(emulation, "unsupported_response_mode", response_mode=mode)
        if "code" in response_type and "authorization_code" not in client.grant_types:
            raise oauth_error(emulation, "grant_not_allowed", grant="authorization_code")
        if response_type - {"code"} and "implicit" not in client.grant_types:
            raise oauth_error(emulation, "grant_not_allowed", grant="implicit")
        if "id_token" in response_type and not params.get("nonce"):
            raise oauth_error(emulation, "nonce_required")
        third_party = not client.is_first_party  # §2.4: PKCE is mandatory for third parties
        if "code" in response_type and third_party and not params.get("code_challenge"):
            raise oauth_error(emulation, "pkce_required")
        method = params.get("code_challenge_method") or "plain"
        if params.get("code_challenge") and method not in ("S256", "plain"):
            raise oauth_error(emulation, "unsupported_challenge_method", method=method)
        audience = requested_audience(params, tenant)
        api, known = user_api(audience, tenant)
        if not known:
            raise oauth_error(emulation, "authorize_unknown_audience", audience=audience or "")
        organization = _organization(params, client, tenant)
    except OAuthError as error:
        raise RedirectError(redirect, error) from None
    max_age = params.get("max_age", "")
    return AuthorizeRequest(
        params, client, redirect, bool(params.get("redirect_uri")), response_type, api,
        organization, int(max_age) if max_age.isdigit() else None,
    )  # fmt: skip


def complete(
    request: AuthorizeRequest, user: User, session: Session, site: RequestSite, state: SandboxState
) -> Response:
    """Answer the application for a logged-in user: code and/or tokens, or an error."""
    params, org, tenant = request.params, request.organization, state.tenant
    if user.blocked:  # Auth0 rules' UnauthorizedError: error=unauthorized (legacy wording)
        return RedirectError(
            request.redirect, oauth_error(tenant.emulation, "user_blocked")
        ).response()
    if org is not None and org.id not in {
        o.id for r in user.organizations if (o := tenant.organization(r))
    }:
        error = oauth_error(
            tenant.emulation, "user_not_in_organization", user_id=user.user_id,
            organization=org.id,
        )  # fmt: skip
        return RedirectError(request.redirect, error).response()
    scopes = granted_scopes(params.get("scope"), request.api, user, request.client)
    grant = UserGrant(
        user, request.client, request.api, scopes, org, params.get("nonce") or None,
        session.sid, session.auth_time if request.max_age is not None else None,
    )  # fmt: skip
    values: dict[str, str] = {}
    code = access = None
    if "code" in request.response_type:
        code = state.codes.issue(
            grant,
            redirect_uri=request.redirect.redirect_uri if request.redirect_sent else None,
            code_challenge=params.get("code_challenge") or None,
            code_challenge_method=params.get("code_challenge_method") or "plain",
            lifetime=tenant.emulation.authorization_code_lifetime,
        )
        values["code"] = code
    if "token" in request.response_type:
        access, expires_in = access_token_for(state, site, grant, gty=None, web=True)
        values.update(access_token=access, scope=" ".join(scopes))
        values.update(expires_in=str(expires_in), token_type="Bearer")
    if "id_token" in request.response_type:
        values["id_token"] = id_token(state, site, grant, access_token=access, code=code)
    return deliver(request.redirect, values)


def _fresh(session: Session | None, checked: AuthorizeRequest, now: float) -> bool:
    if session is None:
        return False
    return checked.max_age is None or now - session.auth_time <= checked.max_age


def authorize_endpoint(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """`GET /authorize`."""
    tenant = state.tenant
    params = {k: request.args[k] for k in request.args}
    try:
        checked = check_authorize(params, tenant)
    except (PageError, RedirectError) as failure:
        return failure.response()
    session = state.sessions.find(request.cookies.get(COOKIE), tenant.settings)
    user = tenant.user_by_id(session.user_id) if session else None
    prompt = params.get("prompt", "")
    fresh = _fresh(session, checked, state.clock.now())
    if user is not None and session is not None and fresh and prompt != "login":
        return complete(checked, user, session, site, state)
    if prompt == "none":
        required = oauth_error(tenant.emulation, "login_required")
        return RedirectError(checked.redirect, required).response()
    return login_page(params, tenant.settings.friendly_name)


def login_endpoint(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """`POST /u/login`: the /authorize parameters with `username` and `password`."""
    tenant = state.tenant
    try:
        body = read_params(request, tenant.emulation)
    except OAuthError as error:
        return error_page(error.error, [error.error_description], error.status)
    # The /authorize query string may ride along: POST /u/login?<query> with only credentials.
    params = {**{k: request.args[k] for k in request.args}, **body}
    credentials = {"username": params.pop("username", ""), "password": params.pop("password", "")}
    try:
        checked = check_authorize(params, tenant)
    except (PageError, RedirectError) as failure:
        return failure.response()
    connections = tenant.connections_for(checked.client)
    if params.get("connection"):
        connections = [c for c in connections if c == params["connection"]]
    try:
        user = check_password(state, credentials["username"], credentials["password"], connections)
    except OAuthError as error:
        shown = {**params, "username": credentials["username"]}
        name = tenant.settings.friendly_name
        return login_page(shown, name, error=error.error_description, status=error.status)
    session = state.sessions.start(user.user_id, tenant.settings)
    response = complete(checked, user, session, site, state)
    response.set_cookie(COOKIE, session.sid, path="/", httponly=True, samesite="Lax")
    return response


def login_as(state: SandboxState, site: RequestSite, email: str, params: Mapping[str, str]) -> str:
    """Log `email` in for these /authorize parameters; the URL the browser would go to next."""
    tenant = state.tenant
    try:
        checked = check_authorize(params, tenant)
    except PageError as page:
        raise SandboxError(f"/authorize refused the request: {page}") from None
    except RedirectError as failure:
        return _location(failure.response())
    user = tenant.user(email, tenant.connections_for(checked.client))
    if user is None:
        raise SandboxError(f"no user {email!r} in a connection enabled for {checked.client.name!r}")
    session = state.sessions.start(user.user_id, tenant.settings)
    return _location(complete(checked, user, session, site, state))


def login_from_url(
    state: SandboxState, domains: tuple[SandboxDomain, ...], authorize_url: str, email: str
) -> str:
    """`login_as` for a whole /authorize URL on one of the served domains (loopback or name)."""
    parts = urlsplit(authorize_url)
    params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    host = parts.netloc.lower()
    served = next(
        (d for d in domains if host in (d.name.lower(), urlsplit(d.base_url).netloc)), domains[0]
    )
    issuer = f"https://{served.name}/" if host == served.name.lower() else served.base_url
    return login_as(state, RequestSite(served.name, served.canonical, issuer), email, params)


def _location(response: Response) -> str:
    location = response.headers.get("Location")
    if location is None:
        raise SandboxError("response_mode=form_post has no URL: use query or fragment")
    return location


ROUTES = (
    Route("/authorize", ("GET",), authorize_endpoint),
    Route("/u/login", ("POST",), login_endpoint),
)
