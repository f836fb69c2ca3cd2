"""The runner: a matrix of scenarios against one or more targets, as a resumable `Run`.

    run = Run(target.matrix(), target)
    run.start()          # concurrent, paced to the tenant's rate limit, a progress bar
    run.frame()          # one row per attempt, failures included with Auth0's exact error

Every attempt is recorded as it finishes, keyed by its scenario. A failed attempt is a row, never
an exception. Interrupting a run (Ctrl-C, or a callback raising `KeyboardInterrupt`) cancels
what has not started, keeps every attempt that finished, and re-raises; `run.resume()` runs
only the scenarios without a result, so no row is lost or repeated.
"""

from __future__ import annotations

import html
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import Any

import pandas as pd

from auth0_explore.client.cache import CacheKey
from auth0_explore.client.limits import RateLimit
from auth0_explore.client.pacing import Pacer
from auth0_explore.client.tenant import Tenant
from auth0_explore.errors import Auth0ExploreError, ConfigError, OAuthError
from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.explore.compare import grant_label
from auth0_explore.explore.evaluate import Evaluator
from auth0_explore.explore.frames import to_frame
from auth0_explore.explore.grants import GRANTS, GrantCall
from auth0_explore.explore.reproduce import Reproduction, reproduce
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.explore.targets import Target
from auth0_explore.text import table

__all__ = ["Run"]

_SUMMARY = ("configuration", "scenario", "domain", "outcome", "status", "error", "aud", "iss")


class Run:
    """A matrix of scenarios against targets; results kept by scenario, resumable.

    Args:
        scenarios: what to try; each `scenario.configuration` names a target's label ("" when
            there is one target).
        targets: one `Target` or several (one per configuration).
        workers: requests in flight at once (the pacer still keeps to the rate limit).
        reuse_tokens: let the client's token cache answer repeated client-credentials requests.
        rate: requests per second per target; None learns it from `X-RateLimit-*`.
        progress: show a progress bar (tqdm); None shows one in terminals and notebooks.
        on_result: called with each `AttemptResult` as it is recorded (in the calling thread).
        grants: extra or replacement grant calls, by grant type.
    """

    def __init__(
        self,
        scenarios: Iterable[Scenario],
        targets: Target | Sequence[Target],
        *,
        workers: int = 8,
        reuse_tokens: bool = True,
        rate: float | None = None,
        progress: bool | None = None,
        on_result: Callable[[AttemptResult], None] | None = None,
        grants: Mapping[str, GrantCall] | None = None,
    ) -> None:
        self.scenarios: tuple[Scenario, ...] = tuple(scenarios)
        listed = [targets] if isinstance(targets, Target) else list(targets)
        self.targets: dict[str, Target] = {t.label: t for t in listed}
        self.workers = max(1, workers)
        self.reuse_tokens = reuse_tokens
        self.progress = progress
        self.on_result = on_result
        self.grants: dict[str, GrantCall] = {**GRANTS, **(grants or {})}
        #: finished attempts by scenario key, in the order they finished
        self.results: dict[tuple[str, str, str, str], AttemptResult] = {}
        #: wall seconds spent running, over every start/resume
        self.elapsed = 0.0
        self.pacers = {label: Pacer(rate) for label in self.targets}
        self._evaluators = {label: Evaluator(t) for label, t in self.targets.items()}
        self._minted: set[CacheKey] = set()
        self._lock = threading.Lock()
        self._check()

    # -- running --------------------------------------------------------------------------------

    @property
    def pending(self) -> list[Scenario]:
        """The scenarios without a result yet, in matrix order."""
        return [s for s in self.scenarios if s.key not in self.results]

    @property
    def done(self) -> bool:
        """True when every scenario has a result."""
        return len(self.results) == len(self.scenarios)

    def start(self) -> Run:
        """Run every pending scenario; returns self. Interrupted: finished rows stay, re-raised."""
        pending = self.pending
        if not pending:
            return self
        bar = _progress_bar(len(self.scenarios), len(self.results), self.progress)
        began = time.monotonic()
        executor = ThreadPoolExecutor(self.workers, thread_name_prefix="auth0-explore-run")
        futures: dict[Future[AttemptResult], Scenario] = {
            executor.submit(self._attempt, s): s for s in pending
        }
        try:
            for future in as_completed(futures):
                self._record(future.result(), notify=True)
                if bar is not None:
                    bar.update(1)
        except BaseException:
            # Ctrl-C or a failing callback: stop what has not started, keep what finishes.
            executor.shutdown(wait=True, cancel_futures=True)
            for future in futures:
                if future.done() and not future.cancelled() and future.exception() is None:
                    self._record(future.result(), notify=False)
            raise
        finally:
            executor.shutdown(wait=True)
            self.elapsed += time.monotonic() - began
            if bar is not None:
                bar.close()
        return self

    def resume(self) -> Run:
        """Run the scenarios an interrupted run did not finish (none is repeated)."""
        return self.start()

    # -- results --------------------------------------------------------------------------------

    @property
    def attempts(self) -> list[AttemptResult]:
        """The finished attempts, in matrix order."""
        return [self.results[s.key] for s in self.scenarios if s.key in self.results]

    def frame(self, *, reveal: bool = False) -> pd.DataFrame:
        """The attempts DataFrame (`frames.COLUMNS`); `reveal` adds the raw `access_token`."""
        attempts = self.attempts
        frame = to_frame(attempts)
        if reveal:
            frame["access_token"] = [a.token.reveal() if a.token else None for a in attempts]
        return frame

    def reproduce(
        self, row: Mapping[str, Any] | pd.Series | AttemptResult, *, reveal: bool = False
    ) -> Reproduction:
        """A client-credentials row as curl and auth0-python, sent where it really went: a
        sandbox domain at its loopback URL with the sandbox's own secret (masked unless
        `reveal`), a live tenant at its domain with `$AUTH0_CLIENT_SECRET`."""
        record: Mapping[str, Any] = row.record if isinstance(row, AttemptResult) else dict(row)
        target = self._target_of(record)
        destination = target.destination(str(record.get("domain")), record.get("client"))
        return reproduce(row, destination, reveal=reveal)

    def stats(self) -> dict[str, Any]:
        """Counts and time: attempts, tokens, errors, responses that met a 429, seconds."""
        attempts = self.attempts
        return {
            "scenarios": len(self.scenarios),
            "finished": len(attempts),
            "tokens": sum(a.ok for a in attempts),
            "errors": sum(not a.ok for a in attempts),
            "from_cache": sum(bool(a.token and a.token.from_cache) for a in attempts),
            "throttled": sum(p.throttled for p in self.pacers.values()),
            "elapsed_s": round(self.elapsed, 3),
        }

    def __repr__(self) -> str:
        return (
            f"Run({len(self.results)}/{len(self.scenarios)} finished, targets={list(self.targets)})"
        )

    def __str__(self) -> str:
        stats = self.stats()
        head = (
            f"Run: {stats['finished']}/{stats['scenarios']} finished, {stats['tokens']} tokens, "
            f"{stats['errors']} errors, {stats['elapsed_s']} s"
        )
        rows = [
            (a.scenario.configuration, f"{a.scenario.label} ({grant_label(a.scenario.grant)})",
             a.base_url.split("://", 1)[-1].rstrip("/"), _outcome(a))
            for a in self.attempts
        ]  # fmt: skip
        if not rows:
            return head
        return f"{head}\n{table(('configuration', 'scenario', 'domain', 'outcome'), rows)}"

    def _repr_html_(self) -> str:
        stats = self.stats()
        head = (
            f"<p><b>Run</b>: {stats['finished']}/{stats['scenarios']} finished — "
            f"{stats['tokens']} tokens, {stats['errors']} errors, "
            f"{stats['elapsed_s']} s</p>"
        )
        frame = self.frame()
        shown = frame[list(_SUMMARY)].to_html(index=False, na_rep="", escape=True)
        return "<div>" + head + shown + "</div>" if len(frame) else html.escape(repr(self))

    # -- plumbing -------------------------------------------------------------------------------

    def _check(self) -> None:
        if not self.targets:
            raise ConfigError("a run needs at least one target")
        seen: set[tuple[str, str, str, str]] = set()
        for scenario in self.scenarios:
            if scenario.key in seen:
                raise ConfigError(f"two scenarios share the key {scenario.key}: rename one")
            seen.add(scenario.key)
            self._target_of(scenario)
            if scenario.grant not in self.grants:
                raise ConfigError(
                    f"no grant call for {scenario.grant!r}; known: {', '.join(self.grants)}"
                )

    def _target_of(self, scenario: Scenario | Mapping[str, Any]) -> Target:
        """The target a scenario (or a row) ran under: by configuration label, or the only one."""
        if isinstance(scenario, Scenario):
            label, name = scenario.configuration, scenario.label
        else:
            label, name = str(scenario.get("configuration") or ""), str(scenario.get("scenario"))
        if not label and len(self.targets) == 1:
            return next(iter(self.targets.values()))
        target = self.targets.get(label)
        if target is None:
            raise ConfigError(
                f"scenario {name!r} runs under {label!r}, but the targets are "
                f"{', '.join(self.targets)}"
            )
        return target

    def _attempt(self, scenario: Scenario) -> AttemptResult:
        target = self._target_of(scenario)
        evaluator = self._evaluators[target.label]
        try:
            tenant = target.tenant(scenario.domain, grant=scenario.grant)
        except ConfigError as error:
            return evaluator.failure(scenario, None, error)
        pacer = self.pacers[target.label]
        key = self._cache_key(scenario, tenant)
        with self._lock:
            paced = key is None or key not in self._minted
        if paced:
            pacer.acquire()
        try:
            token = self.grants[scenario.grant](tenant, scenario, target, self.reuse_tokens)
        except OAuthError as error:
            if paced:
                pacer.observe(RateLimit.from_headers(error.headers), throttled=error.status == 429)
            return evaluator.failure(scenario, tenant, error)
        except BaseException as error:
            if paced:
                pacer.observe(None)  # a probe that learnt nothing must not hold the others
            if isinstance(error, Auth0ExploreError):
                return evaluator.failure(scenario, tenant, error)
            raise
        if paced:
            throttled = any(a.status == 429 for a in token.attempts) and not token.from_cache
            pacer.observe(token.rate_limit, throttled=throttled)
        if key is not None:
            with self._lock:
                self._minted.add(key)
        return evaluator.success(scenario, tenant, token)

    def _cache_key(self, scenario: Scenario, tenant: Tenant) -> CacheKey | None:
        """The token-cache key a client-credentials scenario uses, when the cache may answer."""
        if scenario.grant != "client_credentials" or not self.reuse_tokens or scenario.resource:
            return None
        credentials = tenant.connection.credentials
        client = credentials.client_id if credentials else ""
        return CacheKey.of(
            tenant.connection.domain,
            client,
            scenario.sent_audience,
            scenario.scope,
            scenario.organization,
        )

    def _record(self, result: AttemptResult, *, notify: bool) -> None:
        if result.scenario.key in self.results:
            return
        self.results[result.scenario.key] = result
        if notify and self.on_result is not None:
            self.on_result(result)


def _outcome(attempt: AttemptResult) -> str:
    """`M2M access token, aud …` or `403 Service not enabled…`: one cell of the text view."""
    if attempt.token is None:
        return f"{attempt.status} {attempt.error_description or attempt.error}"
    kind = attempt.inspection.family if attempt.inspection else "token"
    audiences = ", ".join(attempt.inspection.audiences) if attempt.inspection else ""
    return f"{kind}, aud {audiences}" if audiences else kind


def _progress_bar(total: int, done: int, enabled: bool | None) -> Any:
    if enabled is None:
        enabled = sys.stderr.isatty() or "ipykernel" in sys.modules
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=done, desc="attempts", unit="attempt", leave=False)
