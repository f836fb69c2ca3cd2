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
from auth0_explore.explore.frames import frame_text
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

__all__ = ["RenewalChain", "RenewalSession", "RenewalStep", "renewal_chain"]

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

    def __str__(self) -> str:
        steps = self.frame()
        rotated = steps["rotated"].map({True: " (rotated)", False: " (same)"}).fillna("")
        why = steps["first_failed_check"].fillna("")
        shown = pd.DataFrame({
            "step": steps["step"],
            "action": steps["action"] + rotated,
            "at (UTC)": steps["at"].dt.strftime("%m-%d %H:%M"),
            "access token": steps["access_token"].str.split(" ").str[0],
            "expires (UTC)": steps["exp"].dt.strftime("%m-%d %H:%M"),
            "valid": steps["valid"].map({True: "yes", False: "no: "}).fillna("-") + why,
        })  # fmt: skip
        return f"Renewal chain (leeway {self.leeway:g} s)\n{frame_text(shown)}"

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


class RenewalSession:
    """A login and its renewals, one step at a time, on a sandbox target with a frozen clock.

    Each step is validated when it happens (on the shared clock, with `leeway`); `now()`
    validates every token again at the clock's current time, so moving the clock shows tokens
    turn from valid to expired. Owns one connection: `close()` (or `with`) ends it.

    Args:
        target: a sandbox target on a `FrozenClock`, with a user (who logs in, no browser).
        application: the sandbox application that logs in (`spa` rotates refresh tokens,
            `web` does not).
        audience: the API to ask for (default: the target's custom API).
        scope: must include `offline_access` to get a refresh token.
        domain: which of the tenant's domains to use.
        leeway: the validator's clock-skew tolerance, in seconds (may change between steps).
    """

    def __init__(
        self,
        target: Target,
        *,
        application: str = "spa",
        audience: str | None = None,
        scope: str = OFFLINE_SCOPE,
        domain: str | None = None,
        leeway: float = DEFAULT_LEEWAY,
    ) -> None:
        sandbox, user = target.sandbox, target.user
        if sandbox is None or user is None or not isinstance(target.clock, FrozenClock):
            raise ConfigError(
                "renewals need a sandbox target with a user and a FrozenClock: "
                "Sandbox(profile=..., clock=FrozenClock())"
            )
        self.clock: FrozenClock = target.clock
        self.leeway = leeway
        self.steps: list[RenewalStep] = []
        self._user, self._sandbox, self._scope = user, sandbox, scope
        self._audience = audience or target.custom_api or ""
        self._app = sandbox.application(application)
        self._method: AuthMethod = "none" if self._app.is_public else "client_secret_post"
        self._tenant = Tenant.from_sandbox(
            sandbox, hostnames=True, application=application, domain=domain
        )

    def move_to(self, seconds: float) -> None:
        """Set the shared clock (the sandbox's and the validator's) to `seconds`."""
        self.clock.set(seconds)

    def login(self, action: str = "login") -> RenewalStep:
        """Log the user in (code flow with PKCE): access, ID and refresh tokens."""
        token = self._tenant.login(
            lambda url: str(self._sandbox.login_from_url(url, self._user)),
            redirect_uri=self._app.callbacks[0],
            audience=self._audience,
            scope=self._scope,
            auth_method=self._method,
        )
        return self._add(action, token)

    def refresh(self) -> RenewalStep:
        """New tokens for the latest refresh token (rotated too, for rotating applications)."""
        latest = next(
            (s.token for s in reversed(self.steps) if s.token and s.token.has_refresh_token), None
        )
        if latest is None:
            raise ConfigError("no refresh token yet: log in first (scope offline_access)")
        return self._add("refresh", self._tenant.refresh(latest, auth_method=self._method))

    def recheck(self, action: str = "expired") -> RenewalStep:
        """The latest token validated again now (after the clock moved)."""
        latest = next((s.token for s in reversed(self.steps) if s.token), None)
        if latest is None:
            raise ConfigError("no token yet: log in first")
        return self._add(action, latest)

    def check(self, token: TokenResult) -> ValidationReport:
        """Validate `token` now, with this session's leeway."""
        issuer = self._tenant.connection.base_url
        expectations = Expectations(issuers=issuer, audience=self._audience, leeway=self.leeway)
        keys = self._tenant.jwks(issuer).keyset()
        return validate(token.reveal(), expectations, keys=keys, clock=self.clock)

    def now(self) -> RenewalChain:
        """Every step's token validated again at the clock's time, with the current leeway."""
        steps = tuple(
            RenewalStep(s.action, s.at, s.token, self.check(s.token) if s.token else None)
            for s in self.steps
            if s.action != "expired"
        )
        return RenewalChain(steps, self.leeway, self.refresh_token_lifetime)

    def chain(self) -> RenewalChain:
        """The steps as they happened (each validated at its own time)."""
        return RenewalChain(tuple(self.steps), self.leeway, self.refresh_token_lifetime)

    @property
    def refresh_token_lifetime(self) -> float | None:
        """The application's absolute refresh-token lifetime, when its tokens expire."""
        settings = getattr(self._app, "refresh_token", None)
        if settings is None or getattr(settings, "infinite_token_lifetime", True):
            return None
        return float(settings.token_lifetime)

    def close(self) -> None:
        """Close the session's connection."""
        self._tenant.close()

    def __enter__(self) -> RenewalSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _add(self, action: str, token: TokenResult) -> RenewalStep:
        step = RenewalStep(action, self.clock.now(), token, self.check(token))
        self.steps.append(step)
        return step


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

    The arguments are `RenewalSession`'s; the clock moves past the first token's expiry
    (plus leeway) between the first two steps.
    """
    with RenewalSession(
        target,
        application=application,
        audience=audience,
        scope=scope,
        domain=domain,
        leeway=leeway,
    ) as session:
        first = session.login()
        lifetime = (first.token.expires_in if first.token else 0) or 0
        session.move_to(session.clock.now() + lifetime + leeway + 1)
        session.recheck("expired")
        session.refresh()
        session.login("re-authenticate")
        return session.chain()
