"""The device-code grant in the background: a code to show, a countdown, then the tokens.

    flow = workbench.device(TokenRequest(grant="device_code", application="cli"),
                            on_change=lambda flow: print(flow.remaining))
    flow.start()                            # POST /oauth/device/code, then polling in a thread
    flow.approve("alice@example.com")       # the sandbox only: what the user does on /activate
    flow.wait(30)                           # the AttemptResult (tokens, or Auth0's error)

A flow owns one connection and one polling thread; both end with the flow — tokens, an error,
the code's expiry, or `cancel()`. Waits between polls happen in steps of a second (each step
calls `on_change`, a countdown's tick). On a frozen clock the waits move the clock instead of
sleeping: the sandbox reads the same clock, so its `interval` is respected without waiting.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Final, Literal

from auth0_explore.client.auth import DeviceAuthorization
from auth0_explore.client.tenant import Tenant
from auth0_explore.config import TenantConnection
from auth0_explore.errors import Auth0ExploreError, ConfigError
from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.explore.evaluate import Evaluator
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.explore.targets import Target

__all__ = ["DeviceFlow"]

State = Literal["new", "pending", "done", "failed", "cancelled"]

#: real seconds a step takes on a frozen clock (the clock moves a whole step meanwhile)
_FROZEN_STEP_PAUSE: Final = 0.01


class _CancelledError(Exception):
    """Raised inside the poller's wait when the flow is cancelled."""


class DeviceFlow:
    """One device authorization and its polling (RFC 8628), owned by whoever started it.

    Args:
        target: the tenant and what validation needs to know.
        scenario: what is asked (audience, scope), recorded on the result.
        connection: the application (a native app allowed the device grant) and domain.
        on_change: called from the polling thread at each countdown step and at the end.
        tick: seconds between countdown steps.
    """

    def __init__(
        self,
        target: Target,
        scenario: Scenario,
        connection: TenantConnection,
        *,
        on_change: Callable[[DeviceFlow], None] | None = None,
        tick: float = 1.0,
    ) -> None:
        self.target = target
        self.scenario = scenario
        self.on_change = on_change
        self.tick = tick
        self.authorization: DeviceAuthorization | None = None
        #: the tokens or the error, once the flow ended (None while pending or when cancelled)
        self.result: AttemptResult | None = None
        self.state: State = "new"
        self._cancelled = threading.Event()
        self._tenant = Tenant(connection, clock=target.clock, sleep=self._sleep)
        self._thread: threading.Thread | None = None

    def start(self) -> DeviceFlow:
        """Ask for a device code, then poll in the background; a refusal ends the flow at once
        (`state` "failed", `result` says why). Returns self."""
        if self.state != "new":
            raise ConfigError("this device flow was started already: start a new one")
        try:
            self.authorization = self._tenant.device_authorization(
                audience=self.scenario.sent_audience, scope=self.scenario.scope
            )
        except Auth0ExploreError as error:
            self._finish(Evaluator(self.target).failure(self.scenario, self._tenant, error))
            return self
        self.state = "pending"
        self._thread = threading.Thread(target=self._poll, name="auth0-explore-device", daemon=True)
        self._thread.start()
        return self

    @property
    def remaining(self) -> float:
        """Seconds until the device code expires, on the tenant's clock (0 once expired)."""
        if self.authorization is None:
            return 0.0
        device = self.authorization
        return max(0.0, device.requested_at + device.expires_in - self.target.clock.now())

    def approve(self, email: str) -> None:
        """Approve the user code as this sandbox user (what they would do on /activate)."""
        self._sandbox().approve_device(self._user_code(), email)

    def deny(self) -> None:
        """Deny the user code: the next poll gets `access_denied`."""
        self._sandbox().deny_device(self._user_code())

    def wait(self, timeout: float | None = None) -> AttemptResult | None:
        """Wait for the end of the flow (at most `timeout` seconds); its result, if any."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.result

    def cancel(self) -> None:
        """Stop polling and wait for the thread to end; safe to call at any time, twice too."""
        self._cancelled.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        if self.state in ("new", "pending"):
            self.state = "cancelled"
        self._tenant.close()

    @property
    def alive(self) -> bool:
        """True while the polling thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def __repr__(self) -> str:
        code = self.authorization.user_code if self.authorization else None
        return f"DeviceFlow({self.state}, user_code={code!r}, remaining={self.remaining:.0f} s)"

    # -- plumbing -------------------------------------------------------------------------------

    def _poll(self) -> None:
        evaluator = Evaluator(self.target)
        try:
            token = self._tenant.poll_device(self._device())
            result = evaluator.success(self.scenario, self._tenant, token)
        except _CancelledError:
            self.state = "cancelled"
            return
        except Auth0ExploreError as error:
            result = evaluator.failure(self.scenario, self._tenant, error)
        self._finish(result)

    def _finish(self, result: AttemptResult) -> None:
        self.result = result
        self.state = "done" if result.ok else "failed"
        self._tenant.close()
        self._notify()

    def _sleep(self, seconds: float) -> None:
        """The poller's wait: steps of `tick`, each one a countdown tick; cancellable."""
        advance = getattr(self.target.clock, "advance", None)
        left = seconds
        while left > 0:
            step = min(self.tick, left)
            pause = step if advance is None else _FROZEN_STEP_PAUSE
            if self._cancelled.wait(pause):
                raise _CancelledError
            if advance is not None:
                advance(step)
            left -= step
            self._notify()

    def _notify(self) -> None:
        if self.on_change is not None:
            self.on_change(self)

    def _sandbox(self) -> Any:
        if self.target.sandbox is None:
            raise ConfigError(
                "only the sandbox approves codes from Python: on a live tenant, open "
                "the verification URL and enter the user code"
            )
        return self.target.sandbox

    def _device(self) -> DeviceAuthorization:
        if self.authorization is None:
            raise ConfigError("the flow has no user code yet: start() it first")
        return self.authorization

    def _user_code(self) -> str:
        return self._device().user_code
