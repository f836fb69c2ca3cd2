"""Refresh-token rotation and reuse detection, step by step, on a sandbox application.

With rotation (Auth0 §2.5) every refresh answers a new refresh token and retires the one
presented. Presenting a retired token again (outside the rotation leeway, 0 by default) is
taken as theft: Auth0 revokes the whole family, so the thief's *and* the rightful client's
latest token stop working, and the user must log in again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from auth0_explore.client.results import TokenResult
from auth0_explore.client.tenant import Tenant
from auth0_explore.errors import ConfigError, OAuthError
from auth0_explore.explore.targets import Target

__all__ = ["reuse_detection"]

_SCOPE = "openid offline_access"
_COLUMNS = ["step", "presented", "status", "outcome", "new refresh token", "error_description"]


def reuse_detection(target: Target, *, application: str = "spa") -> pd.DataFrame:
    """Log in, refresh (rotation), present the first refresh token again, then the latest.

    Args:
        target: a sandbox target with a user (who logs in without a browser).
        application: a sandbox application with rotating refresh tokens (`spa`) or not (`web`).

    Returns:
        One row per step: which refresh token was presented (fingerprints), the status, and
        the new refresh token or Auth0's exact error.
    """
    sandbox, user = target.sandbox, target.user
    if sandbox is None or user is None:
        raise ConfigError("reuse detection needs the sandbox: it logs a user in from code")
    app = sandbox.application(application)
    method: Any = "none" if app.is_public else "client_secret_post"
    with Tenant.from_sandbox(sandbox, hostnames=True, application=application) as tenant:

        def refresh(token: TokenResult) -> Callable[[], TokenResult]:
            return lambda: tenant.refresh(token, auth_method=method)

        first = tenant.login(
            lambda url: str(sandbox.login_from_url(url, user)),
            redirect_uri=app.callbacks[0],
            audience=target.custom_api,
            scope=_SCOPE,
            auth_method=method,
        )
        rows = [_row("1 log in", None, first)]
        second, row = _step("2 refresh with the first token", first, refresh(first))
        rows.append(row)
        rows.append(_step("3 the first token again (reuse)", first, refresh(first))[1])
        latest = second if second is not None and second.has_refresh_token else first
        rows.append(_step("4 the latest token", latest, refresh(latest))[1])
    return pd.DataFrame(rows, columns=_COLUMNS)


def _step(
    step: str, presented: TokenResult, call: Callable[[], TokenResult]
) -> tuple[TokenResult | None, dict[str, Any]]:
    """Run one refresh: its response (None when refused) and its row."""
    try:
        result = call()
    except OAuthError as error:
        refused = [step, presented.refresh_token_fingerprint, error.status, error.error, None,
                   error.error_description]  # fmt: skip
        return None, dict(zip(_COLUMNS, refused, strict=True))
    return result, _row(step, presented, result)


def _row(step: str, presented: TokenResult | None, result: TokenResult) -> dict[str, Any]:
    issued = [step, presented.refresh_token_fingerprint if presented else None, result.status,
              "tokens", result.refresh_token_fingerprint, None]  # fmt: skip
    return dict(zip(_COLUMNS, issued, strict=True))
