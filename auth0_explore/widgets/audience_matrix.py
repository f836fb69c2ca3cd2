"""`AudienceMatrix`: pick configurations, domains, grants, audience choices and a scope; run.

    AudienceMatrix([Target.from_sandbox(a, "plain"), Target.from_sandbox(b, "default")])

The run goes on in a thread the widget owns, with a progress bar and a cancel button:
cancelling keeps every finished row and running again resumes (nothing runs twice). Then the
attempts DataFrame, the comparison with differences marked, and exports (CSV, Parquet, the
HTML report). A thin view over `explore.selection.MatrixSelection` and `explore.Run`;
`matrix.result` is the last attempts DataFrame.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import ipywidgets as w
import pandas as pd

from auth0_explore.errors import ConfigError
from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.explore.compare import Comparison
from auth0_explore.explore.report import write_exports, write_report
from auth0_explore.explore.runner import Run
from auth0_explore.explore.scenarios import AUDIENCE_CHOICES, STANDARD_CHOICES
from auth0_explore.explore.selection import MATRIX_GRANTS, MatrixSelection
from auth0_explore.explore.targets import Target
from auth0_explore.widgets.base import Panel, field
from auth0_explore.widgets.views.frame import FrameView
from auth0_explore.widgets.views.notice import Notice

__all__ = ["AudienceMatrix"]


class _Running:
    """A `Run` going on in a thread: `cancel()` stops it after the attempt in flight.

    Stopping uses the runner's own interruption (a `KeyboardInterrupt` from `on_result`):
    finished rows stay and `run.resume()` runs the rest.
    """

    def __init__(
        self,
        run: Run,
        on_result: Callable[[AttemptResult], None],
        on_end: Callable[[_Running], None],
    ) -> None:
        self.run = run
        self.cancelled = False
        self.error: Exception | None = None
        self._on_result, self._on_end = on_result, on_end
        self._stop = threading.Event()
        run.on_result = self._each
        self._thread = threading.Thread(target=self._go, name="auth0-explore-matrix", daemon=True)
        self._thread.start()

    def _go(self) -> None:
        try:
            self.run.start()
        except KeyboardInterrupt:
            self.cancelled = True
        except Exception as error:  # noqa: BLE001 - handed to the widget, which shows it
            self.error = error
        self._on_end(self)

    def _each(self, result: AttemptResult) -> None:
        if self._stop.is_set():
            raise KeyboardInterrupt  # the runner's way to stop: finished rows stay
        self._on_result(result)

    @property
    def alive(self) -> bool:
        """True while the run's thread runs."""
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the run to end."""
        self._thread.join(timeout)

    def cancel(self) -> None:
        """Stop after the attempt in flight and wait for the thread."""
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join()


class AudienceMatrix(Panel):
    """Run a chosen audience matrix over one or more configurations, compare, export.

    Args:
        targets: one `explore.Target` per configuration (e.g. `Target.from_sandbox(sb, label)`).
    """

    def __init__(self, targets: Target | Sequence[Target]) -> None:
        self.targets = [targets] if isinstance(targets, Target) else list(targets)
        self.run: Run | None = None
        self.result: pd.DataFrame | None = None
        self.comparison: Comparison | None = None
        self._selection: MatrixSelection | None = None
        self._running: _Running | None = None
        labels = [t.label for t in self.targets]
        domains = list(dict.fromkeys(d for t in self.targets for d in t.domains))
        self.configurations = field(
            w.SelectMultiple,
            "configurations",
            options=labels,
            value=tuple(labels),
            rows=min(4, max(2, len(labels))),
        )
        self.domains = field(
            w.SelectMultiple,
            "domains",
            options=domains,
            value=(),
            rows=min(4, max(2, len(domains))),
        )
        self.grants = field(
            w.SelectMultiple, "grants", options=MATRIX_GRANTS, value=("client_credentials",), rows=3
        )
        self.choices = field(
            w.SelectMultiple, "audiences", options=AUDIENCE_CHOICES, value=STANDARD_CHOICES, rows=4
        )
        self.scope = field(w.Text, "scope", placeholder="sent with every request")
        self.start = w.Button(description="Run", button_style="primary", icon="play")
        self.cancel = w.Button(description="Cancel", icon="stop")
        self.progress = w.IntProgress(value=0, min=0, max=1, description="0/0")
        self.frame_view = w.HTML()
        self.comparison_view = w.HTML()
        self.folder = field(w.Text, "folder", value="auth0-explore-report")
        self.csv = w.Button(description="CSV", icon="download")
        self.parquet = w.Button(description="Parquet", icon="download")
        self.report = w.Button(description="HTML report", icon="file")
        self.exported = w.HTML()
        rows = [
            w.HBox(
                [
                    w.VBox([self.configurations, self.domains, self.scope]),
                    w.VBox([self.grants, self.choices]),
                ]
            ),
            w.HBox([self.start, self.cancel, self.progress]),
        ]
        exports = w.HBox([self.folder, self.csv, self.parquet, self.report])
        footer = [self.comparison_view, self.frame_view, exports, self.exported]
        note = "— empty domains: each configuration's default domain"
        super().__init__("Audience matrix", rows, note=note, footer=footer)
        self.on_click(self.start, self._start)
        self.on_click(self.cancel, self.stop_background)
        self.on_click(self.csv, lambda: self._export("csv"))
        self.on_click(self.parquet, lambda: self._export("parquet"))
        self.on_click(self.report, lambda: self._export("html"))

    def selection(self) -> MatrixSelection:
        """What the fields pick."""
        return MatrixSelection(
            configurations=tuple(self.configurations.value),
            domains=tuple(self.domains.value),
            grants=tuple(self.grants.value),
            choices=tuple(self.choices.value),
            scope=self.scope.value.strip() or None,
        )

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the run in progress (tests and scripts; a notebook just watches)."""
        if self._running is not None:
            self._running.wait(timeout)

    def _start(self) -> None:
        if self._running is not None and self._running.alive:
            raise ConfigError("a run is in progress: wait for it, or cancel it first")
        selection = self.selection()
        if self.run is None or selection != self._selection or self.run.done:
            self.run = Run(selection.scenarios(self.targets), self.targets, progress=False)
            self._selection = selection
        self.progress.max = len(self.run.scenarios)
        self._progress()
        self._running = _Running(self.run, lambda _: self._progress(), self._ended)
        self.own(self._running)

    def _progress(self) -> None:
        run = self.run
        if run is not None:
            self.progress.value = len(run.results)
            self.progress.description = f"{len(run.results)}/{len(run.scenarios)}"

    def _ended(self, running: _Running) -> None:
        """The run finished, was cancelled, or failed: show what there is."""
        try:
            self._progress()
            frame = running.run.frame()
            self.result = frame
            self.frame_view.value = FrameView(frame)._repr_html_()
            self.comparison = self._selection.compare(frame) if self._selection else None
            compared = self.comparison or Notice(
                "One configuration on one domain: nothing to compare side by side."
            )
            self.comparison_view.value = compared._repr_html_()
            self.status.value = Notice(
                self._summary(running), tone=self._tone(running)
            )._repr_html_()
            if running.error is not None:
                self.show_problem(running.error)
        except Exception as error:  # noqa: BLE001 - the run's thread has nowhere else to show it
            self.show_problem(error)

    @staticmethod
    def _summary(running: _Running) -> str:
        stats = running.run.stats()
        done = f"{stats['finished']} of {stats['scenarios']} attempts"
        if running.cancelled:
            return f"Cancelled after {done}: the finished rows are kept; Run again resumes."
        return (
            f"{done}: {stats['tokens']} tokens, {stats['errors']} refusals "
            f"in {stats['elapsed_s']} s."
        )

    @staticmethod
    def _tone(running: _Running) -> str:
        return "bad" if running.error is not None else "" if running.cancelled else "ok"

    def _export(self, kind: str) -> None:
        if self.result is None or self.result.empty:
            raise ConfigError("nothing to export yet: run the matrix first")
        folder = Path(self.folder.value.strip() or "auth0-explore-report")
        if kind == "html":
            comparisons = [self.comparison] if self.comparison is not None else []
            paths = write_report(
                self.result, folder, formats=["html"], comparisons=comparisons, run=self.run
            ).paths()
        else:
            paths = list(write_exports(self.result, folder, formats=[kind]).values())
        self.exported.value = Notice(
            "written: " + ", ".join(str(p) for p in paths), tone="ok"
        )._repr_html_()
