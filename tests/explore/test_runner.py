"""The runner: interrupted runs keep their rows and resume; rate limits are kept, not hit."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.explore.runner import Run
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.explore.targets import Target
from auth0_explore.sandbox import RateLimitRule, Sandbox
from tests.explore.conftest import RS256_API


def _scenarios(count: int) -> list[Scenario]:
    return [Scenario(f"s{i:03}", "custom", RS256_API, scope="read:items") for i in range(count)]


def test_interrupted_run_keeps_finished_rows_and_resumes_without_repeats(plain: Target) -> None:
    """KeyboardInterrupt after 5 rows: those stay; resume() runs the rest once each."""
    scenarios = _scenarios(24)
    seen: list[AttemptResult] = []

    def interrupt_after_five(result: AttemptResult) -> None:
        seen.append(result)
        if len(seen) == 5:
            raise KeyboardInterrupt

    run = Run(scenarios, plain, workers=2, reuse_tokens=False, progress=False,
              on_result=interrupt_after_five)  # fmt: skip
    with pytest.raises(KeyboardInterrupt):
        run.start()
    finished = dict(run.results)
    assert 5 <= len(finished) < len(scenarios)
    assert all(key in finished for key in (r.scenario.key for r in seen))
    run.on_result = seen.append
    run.resume()
    assert run.done
    labels = run.frame()["scenario"].tolist()
    assert labels == [s.label for s in scenarios]  # every scenario once, in matrix order
    for key, result in finished.items():
        assert run.results[key] is result  # finished rows were not redone
    # resume reported only what it ran; rows finished while stopping were kept, not re-run
    assert len(seen) == 5 + len(scenarios) - len(finished)


def test_a_run_with_nothing_pending_sends_nothing(plain: Target) -> None:
    """Resuming a finished run is a no-op."""
    run = Run(_scenarios(2), plain, progress=False).start()
    before = dict(run.results)
    assert run.resume().results == before


def test_duplicate_scenarios_and_unknown_configurations_are_refused(plain: Target) -> None:
    """Keys must be unique and every configuration must have a target."""
    with pytest.raises(Exception, match="share the key"):
        Run(_scenarios(1) * 2, plain)
    with pytest.raises(Exception, match="runs under 'other'"):
        Run([Scenario("x", "custom", RS256_API, configuration="other")], plain)


def test_runner_keeps_to_an_enforced_rate_limit_without_429s() -> None:
    """60 fresh requests against 20 burst / 20 per s: no 429 reaches a row, none is even met."""
    with Sandbox(profile="plain") as sb:
        sb.tenant.emulation.enforce_rate_limits = True
        sb.tenant.emulation.rate_limits["/oauth/token"] = RateLimitRule(burst=20, per_second=20.0)
        with Target.from_sandbox(sb, "limited") as target:
            run = Run(_scenarios(60), target, reuse_tokens=False, progress=False)
            began = time.monotonic()
            run.start()
            elapsed = time.monotonic() - began
        frame = run.frame()
    assert (frame["outcome"] == "token").all(), frame["error_description"].dropna().tolist()
    assert run.stats()["throttled"] == 0
    bound = (60 - 20) / 20  # what the bucket allows after its burst
    assert elapsed < bound * 1.1 + 0.5


@pytest.fixture
def faulty(plain_sandbox: Sandbox) -> Iterator[Sandbox]:
    """The plain sandbox, its faults disarmed afterwards."""
    yield plain_sandbox
    plain_sandbox.faults.clear()


def test_a_429_met_on_the_way_slows_the_pace_and_never_reaches_a_row(
    faulty: Sandbox, plain: Target
) -> None:
    """The session waits out a 429 (Retry-After: 0) and retries; the pacer cuts its rate."""
    faulty.faults.inject("/oauth/token", count=1, status=429, headers={"Retry-After": "0"})
    run = Run(_scenarios(3), plain, workers=1, reuse_tokens=False, progress=False).start()
    assert (run.frame()["outcome"] == "token").all()
    assert run.stats()["throttled"] == 1
    pacer = run.pacers["plain"]
    assert pacer.rate is not None
    assert pacer.rate < 30 * 0.97  # below the announced 30/s it started from


def test_server_errors_after_retries_are_rows_and_the_run_goes_on(
    faulty: Sandbox, plain: Target
) -> None:
    """Four 500s exhaust the retries of the first attempt: a 500 row; the others succeed."""
    faulty.faults.inject("/oauth/token", count=4, status=500)
    run = Run(_scenarios(3), plain, workers=1, reuse_tokens=False, progress=False).start()
    frame = run.frame()
    assert frame["status"].tolist() == [500, 200, 200]
    assert frame.loc[0, "outcome"] == "error"
    assert run.stats() | {"elapsed_s": 0} == {
        "scenarios": 3, "finished": 3, "tokens": 2, "errors": 1, "from_cache": 0,
        "throttled": 0, "elapsed_s": 0,
    }  # fmt: skip
    assert "3/3 finished" in run._repr_html_()
