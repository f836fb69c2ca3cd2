"""`AuditView`: run an audit of a tenant, then browse its findings by severity and area.

    AuditView({"clean": Sandbox(profile="clean").start(), "full": Sandbox(profile="full").start()})
    AuditView()                        # the live tenant of AUTH0_* (its application reads it)

Pick a tenant and a token budget (0: no probe), Run: the audit goes on in a thread the widget
owns (`audit.sources`: the configuration through the Management API, the probes, the rules).
Then the counts and the chart, filters by severity and area, the list of findings, and the one
selected with its evidence and fix; Write reports puts HTML, JSON, CSV and SARIF in a folder.
`view.result` is the last `Audit`; `view.results` keeps one per tenant.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import ipywidgets as w

from auth0_explore.audit.context import AuditOptions
from auth0_explore.audit.engine import Audit
from auth0_explore.audit.model import AREAS, SEVERITIES, Finding
from auth0_explore.audit.report.chart import findings_chart
from auth0_explore.audit.report.files import write_reports
from auth0_explore.audit.sources import ProbeSettings, audit_live, audit_sandbox
from auth0_explore.errors import ConfigError
from auth0_explore.widgets.base import Panel, field
from auth0_explore.widgets.views.notice import Notice

__all__ = ["AuditView"]


def _runner(source: Any) -> Callable[[str, AuditOptions, ProbeSettings], Audit]:
    """How to audit `source`: a running sandbox, a client `Tenant`, or None for AUTH0_*."""
    from auth0_explore.sandbox import Sandbox

    if isinstance(source, Sandbox):
        return lambda label, options, probes: audit_sandbox(
            source, label=label, options=options, probes=probes
        )

    def live(label: str, options: AuditOptions, probes: ProbeSettings) -> Audit:
        from auth0_explore.config import TenantConnection

        connection = source.connection if source is not None else TenantConnection.from_env()
        return audit_live(connection, label=label, options=options, probes=probes)

    return live


class _Running:
    """One audit in a thread; `cancel()` waits for it (an audit is not cut short mid-request)."""

    def __init__(self, work: Callable[[], Audit], done: Callable[[_Running], None]) -> None:
        self.result: Audit | None = None
        self.error: Exception | None = None
        self._work, self._done = work, done
        self._thread = threading.Thread(target=self._go, name="auth0-explore-audit", daemon=True)
        self._thread.start()

    def _go(self) -> None:
        try:
            self.result = self._work()
        except Exception as error:  # noqa: BLE001 - handed to the widget, which shows it
            self.error = error
        self._done(self)

    @property
    def alive(self) -> bool:
        """True while the audit runs."""
        return self._thread.is_alive()

    def join(self, timeout: float | None = None) -> None:
        """Wait for the audit to end, at most `timeout` seconds."""
        if self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def cancel(self) -> None:
        """Wait for the audit to end (it reads and probes within its budget, then stops)."""
        self.join()


class AuditView(Panel):
    """Run an audit and browse the findings.

    Args:
        sources: a running sandbox, a client `Tenant`, or label -> either; None audits the live
            tenant of `AUTH0_*` (its application needs the Management API's read scopes).
    """

    def __init__(self, sources: Any = None) -> None:
        self.sources: dict[str, Any] = (
            dict(sources) if isinstance(sources, Mapping) else {_label(sources): sources}
        )
        self.result: Audit | None = None
        self.results: dict[str, Audit] = {}
        self._running: _Running | None = None
        self._shown: list[Finding] = []
        self._build_fields()
        rows = [
            w.HBox([self.tenant, self.budget]),
            w.HBox([self.issuers, self.failing]),
            w.HBox([self.run, self.severity, self.area]),
        ]
        footer = [self.summary, w.HBox([self.findings, self.details]), self.exports, self.written]
        super().__init__("Audit", rows, note="— rules and probes", footer=footer)
        self.on_click(self.run, self._start)
        self.on_click(self.write, self._write)
        for control in (self.severity, self.area):
            control.observe(self.guard(self._filter), names="value")
        self.findings.observe(self.guard(self._select), names="value")

    def _build_fields(self) -> None:
        labels = list(self.sources)
        self.tenant = field(w.Dropdown, "tenant", options=labels, value=labels[-1])
        self.budget = field(w.BoundedIntText, "probe budget", value=10, min=0, max=10_000)
        self.issuers = field(
            w.Text, "issuers", placeholder="accepted by your APIs, comma separated"
        )
        self.failing = w.Checkbox(description="also probe what should fail", indent=False)
        self.run = w.Button(description="Run audit", button_style="primary", icon="play")
        self.severity = w.SelectMultiple(
            description="severity", options=SEVERITIES, value=SEVERITIES, rows=5
        )
        self.area = w.SelectMultiple(description="area", options=AREAS, value=AREAS, rows=5)
        self.summary = w.HTML()
        self.findings = w.Select(
            description="findings", options=[], rows=12, layout=w.Layout(width="520px")
        )
        self.details = w.HTML(layout=w.Layout(width="560px"))
        self.folder = field(w.Text, "folder", value="audit-report")
        self.write = w.Button(description="Write reports", icon="file")
        self.exports = w.HBox([self.folder, self.write])
        self.written = w.HTML()

    # -- running ------------------------------------------------------------------------------

    def _options(self) -> tuple[AuditOptions, ProbeSettings]:
        issuers = tuple(i.strip() for i in self.issuers.value.split(",") if i.strip())
        options = AuditOptions(issuers=issuers or None)
        return options, ProbeSettings(int(self.budget.value), bool(self.failing.value))

    def _start(self) -> None:
        if self._running is not None and self._running.alive:
            raise ConfigError("an audit is running: wait for it to end")
        label = str(self.tenant.value)
        options, probes = self._options()
        runner = _runner(self.sources[label])
        self.status.value = Notice(f"auditing {label}: reading, probing, judging …")._repr_html_()
        self._running = _Running(lambda: runner(label, options, probes), self._ended)
        self.own(self._running)

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the audit in progress (tests and scripts; a notebook just watches)."""
        if self._running is not None:
            self._running.join(timeout)

    def _ended(self, running: _Running) -> None:
        try:
            if running.error is not None:
                self.show_problem(running.error)
                return
            result = running.result
            if result is None:
                return
            self.result = self.results[result.tenant] = result
            self.summary.value = _summary_html(result)
            self._filter()
            self.status.value = Notice(_said(result), tone="ok")._repr_html_()
        except Exception as error:  # noqa: BLE001 - the audit's thread has nowhere else to show it
            self.show_problem(error)

    # -- browsing -----------------------------------------------------------------------------

    def _filter(self) -> None:
        result = self.result
        chosen = (
            []
            if result is None
            else [
                f
                for f in result.findings
                if f.severity in self.severity.value and f.area in self.area.value
            ]
        )
        self._shown = chosen
        self.findings.options = [(_line(f), i) for i, f in enumerate(chosen)]
        self.findings.value = 0 if chosen else None
        self._select()

    def _select(self) -> None:
        index = self.findings.value
        if index is None or not 0 <= index < len(self._shown):
            empty = "No finding here." if self.result else "Run an audit to see its findings."
            self.details.value = Notice(empty)._repr_html_()
            return
        self.details.value = _detail(self._shown[index])

    def _write(self) -> None:
        audits = list(self.results.values())
        if not audits:
            raise ConfigError("nothing to write yet: run an audit first")
        files = write_reports(audits, Path(self.folder.value.strip() or "audit-report"))
        names = ", ".join(p.name for p in files.paths())
        self.written.value = Notice(
            f"written to {files.directory}: {names}", tone="ok"
        )._repr_html_()


def _label(source: Any) -> str:
    tenant = getattr(source, "tenant", None)
    domain = getattr(tenant, "domain", None) or getattr(
        getattr(source, "connection", None), "domain", None
    )
    return str(domain or "live tenant (AUTH0_*)")


def _line(finding: Finding) -> str:
    confirmed = " ✓probe" if finding.confirmed else ""
    return f"{finding.severity:<6} {finding.rule}  {finding.object}{confirmed}"


def _detail(finding: Finding) -> str:
    return finding._repr_html_()


def _said(result: Audit) -> str:
    counts = ", ".join(f"{n} {s}" for s, n in result.counts().items() if n) or "no finding"
    sent = sum(1 for _ in result.probes.sent())
    return f"{result.tenant}: {counts}; {sent} probes ({result.probes.requested} tokens asked)."


def _summary_html(result: Audit) -> str:
    figure = findings_chart(result.findings)
    if figure is None:
        return Notice(
            f"{result.tenant}: no finding, every rule is satisfied.", tone="ok"
        )._repr_html_()
    from auth0_explore.explore.timeline import figure_png

    data = base64.b64encode(figure_png(figure, dpi=80)).decode("ascii")
    return f"<img alt='findings by area and severity' src='data:image/png;base64,{data}'>"
