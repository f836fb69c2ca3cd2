"""Logging a user in: the `/authorize` endpoint, the login form, and the same without a browser.

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
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from werkzeug.wrappers import Request, Response

from auth0_explore.errors import OAuthError, SandboxError
from auth0_explore.sandbox.endpoints.authorize import (
    AuthorizeRequest,
    PageError,
    RedirectError,
    check_authorize,
    complete,
)
from auth0_explore.sandbox.grants.password import check_password
from auth0_explore.sandbox.http.body import read_params
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.http.hosts import RequestSite, SandboxDomain
from auth0_explore.sandbox.http.pages import error_page, login_page
from auth0_explore.sandbox.stores.sessions import COOKIE, Session

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["authorize_endpoint", "login_as", "login_endpoint", "login_from_url"]


def _fresh(session: Session | None, checked: AuthorizeRequest, now: float) -> bool:
    if session is None:
        return False
    return checked.max_age is None or now - session.auth_time <= checked.max_age


def authorize_endpoint(request: Request, site: RequestSite, state: SandboxState) -> Response:
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
        return RedirectError(checked.target, required).response()
    return login_page(params, tenant.settings.friendly_name)


def login_endpoint(
    request: Request, data: bytes, site: RequestSite, state: SandboxState
) -> Response:
    """`POST /u/login`: the /authorize parameters with `username` and `password`."""
    tenant = state.tenant
    try:
        body = read_params(request, data, tenant.emulation)
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
    session = state.sessions.start(user.user_id)
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
    session = state.sessions.start(user.user_id)
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
