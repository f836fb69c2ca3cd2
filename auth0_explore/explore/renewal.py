"""Renewal chains: log in, let the access token expire, watch validation fail, renew two ways.

On the sandbox with a frozen clock:

1. `login` — the code flow (the sandbox logs the user in) with `offline_access`: access, ID and
   refresh tokens;
2. `expired` — the clock moves past `exp` + leeway and the same access token fails validation
   (`expired`);
3. `refresh` — the refresh token buys a new access token; with rotation (SPAs, Auth0 §2.5) the
   refresh token changes too;
4. `re-authenticate` — a new login buys fresh tokens without a refresh token.

`chain.frame()` has one row per step, `chain.timeline()` the tokens for `plot_timeline`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import pandas as pd

from auth0_explore.client.auth import AuthMethod
from auth0_explore.client.results import TokenResult
from auth0_explore.client.tenant import Tenant
from auth0_explore.clock import FrozenClock, to_datetime
from auth0_explore.errors import ConfigError
from auth0_explore.explore.targets import Target
from auth0_explore.explore.timeline import timeline_frame
from auth0_explore.tokens import (
    DEFAULT_LEEWAY,
    Expectations,
    Inspection,
    ValidationReport,
    inspect_token,
    validate,
)

__all__ = ["RenewalChain", "RenewalStep", "renewal_chain"]

OFFLINE_SCOPE: Final = "openid profile email offline_access"


@dataclass(frozen=True)
class RenewalStep:
    """One step of a chain: what was done, when, the tokens it got, and a validation.

    `report` checks the step's access token at the step's time — for `expired`, the token of
    the step before, now past its expiry.
    """

    action: str
    at: float
    token: TokenResult | None = field(repr=False)
    report: ValidationReport | None = field(repr=False)


@dataclass(frozen=True)
class RenewalChain:
    """The steps of one renewal story, in order, and the leeway validation used."""

    steps: tuple[RenewalStep, ...]
    leeway: float
    refresh_token_lifetime: float | None = None

    def frame(self) -> pd.DataFrame:
        """One row per step: time, token fingerprints, whether the refresh token rotated."""
        rows = []
        previous_refresh: str | None = None
        for number, step in enumerate(self.steps, start=1):
            token = step.token
            refresh = token.refresh_token_fingerprint if token else None
            inspection = token.inspection if token else None
            times = {t.name: t.at for t in inspection.times} if inspection else {}
            rows.append(
                {
                    "step": number,
                    "action": step.action,
                    "at": to_datetime(step.at),
                    "access_token": token.access_token_fingerprint if token else None,
                    "refresh_token": refresh,
                    # rotation: the refresh answered with a new refresh token (Auth0 §2.5)
                    "rotated": bool(refresh and refresh != previous_refresh)
                    if step.action == "refresh"
                    else None,
                    "iat": times.get("iat"),
                    "exp": times.get("exp"),
                    "valid": step.report.valid if step.report else None,
                    "first_failed_check": (step.report.reason or None) if step.report else None,
                }
            )
            if refresh:
                previous_refresh = refresh
        frame = pd.DataFrame(rows)
        for name in ("at", "iat", "exp"):
            frame[name] = pd.to_datetime(frame[name], utc=True)
        return frame

    def timeline(self, *, now: float | None = None) -> pd.DataFrame:
        """The chain's tokens as a `timeline_frame` (labels `1 login`, `3 refresh`, ...)."""
        clock = FrozenClock(now if now is not None else self.steps[-1].at)
        numbered = [
            (i, s.token)
            for i, s in enumerate(self.steps, start=1)
            if s.token and s.action != "expired"
        ]
        holders = [_Tokens(token, clock) for _, token in numbered if token is not None]
        return timeline_frame(
            holders,
            clock=clock,
            leeway=self.leeway,
            refresh_token_lifetime=self.refresh_token_lifetime,
            labels=[f"{i} {self.steps[i - 1].action}" for i, _ in numbered],
        )

    def _repr_html_(self) -> str:
        return "<p><b>Renewal chain</b></p>" + self.frame().to_html(index=False, na_rep="")

    def __repr__(self) -> str:
        return f"RenewalChain({[s.action for s in self.steps]})"


@dataclass(frozen=True)
class _Tokens:
    """A token response as `timeline_frame` reads it."""

    token: TokenResult
    clock: FrozenClock

    @property
    def inspection(self) -> Inspection:
        return self.token.inspection

    @property
    def id_token(self) -> Inspection | None:
        if self.token.id_token_fingerprint is None:
            return None
        return inspect_token(self.token.reveal("id_token"), clock=self.clock)


def renewal_chain(
    target: Target,
    *,
    application: str = "spa",
    audience: str | None = None,
    scope: str = OFFLINE_SCOPE,
    domain: str | None = None,
    leeway: float = DEFAULT_LEEWAY,
) -> RenewalChain:
    """Run the login / expire / refresh / re-authenticate story on the target's sandbox.

    Args:
        target: a sandbox target on a `FrozenClock` (time is moved, not waited for).
        application: the sandbox application that logs in (`spa` rotates refresh tokens,
            `web` does not).
        audience: the API to ask for (default: the target's custom API).
        scope: must include `offline_access` to get a refresh token.
        domain: which of the tenant's domains to use.
        leeway: the validator's clock-skew tolerance.
    """
    sandbox, clock, user = target.sandbox, target.clock, target.user
    advance = getattr(clock, "advance", None)
    if sandbox is None or user is None or advance is None:
        raise ConfigError(
            "a renewal chain needs a sandbox target with a user and a FrozenClock: "
            "Sandbox(profile=..., clock=FrozenClock())"
        )
    app = sandbox.application(application)
    method: AuthMethod = "none" if app.is_public else "client_secret_post"
    audience = audience or target.custom_api
    with Tenant.from_sandbox(
        sandbox, hostnames=True, application=application, domain=domain
    ) as tenant:
        issuer = tenant.connection.base_url

        def login() -> TokenResult:
            return tenant.login(
                lambda url: str(sandbox.login_from_url(url, user)),
                redirect_uri=app.callbacks[0],
                audience=audience,
                scope=scope,
                auth_method=method,
            )

        expectations = Expectations(issuers=issuer, audience=audience or "", leeway=leeway)

        def check(token: TokenResult) -> ValidationReport:
            return validate(token.reveal(), expectations, keys=tenant.jwks(issuer).keyset(),
                            clock=clock)  # fmt: skip

        first = login()
        steps = [RenewalStep("login", clock.now(), first, check(first))]
        advance((first.expires_in or 0) + leeway + 1)
        steps.append(RenewalStep("expired", clock.now(), first, check(first)))
        refreshed = tenant.refresh(first, auth_method=method)
        steps.append(RenewalStep("refresh", clock.now(), refreshed, check(refreshed)))
        again = login()
        steps.append(RenewalStep("re-authenticate", clock.now(), again, check(again)))
    settings = getattr(app, "refresh_token", None)
    lifetime = None
    if settings is not None and not getattr(settings, "infinite_token_lifetime", True):
        lifetime = float(settings.token_lifetime)
    return RenewalChain(tuple(steps), leeway, lifetime)
