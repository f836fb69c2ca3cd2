"""Findings as HTML: a fragment for notebooks and widgets, and the self-contained report page.

Every value is escaped; evidence is shown field by field; the chart is a base64 PNG, so the page
needs nothing beside it. Tokens appear only as fingerprints (probes never keep more).
"""

from __future__ import annotations

import base64
import html
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from auth0_explore.audit.model import SEVERITIES, Finding, ordered
from auth0_explore.audit.report.chart import SEVERITY_COLOURS, findings_chart

if TYPE_CHECKING:
    from auth0_explore.audit.engine import Audit

__all__ = ["CSS", "finding_html", "findings_html", "report_page"]

CSS: Final = """
.a0x-audit{font:14px/1.5 system-ui,sans-serif;color:#1f2328;max-width:1200px}
.a0x-audit table{border-collapse:collapse;margin:4px 0 10px;font-size:13px}
.a0x-audit th,.a0x-audit td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;
vertical-align:top}
.a0x-audit th{background:#f6f8fa}
.a0x-audit code{font:12px ui-monospace,Menlo,monospace;background:#f6f8fa;padding:0 3px;
word-break:break-all}
.a0x-finding{border-left:5px solid #d0d7de;padding:4px 12px;margin:10px 0;background:#fbfbfc}
.a0x-badge{display:inline-block;border-radius:8px;padding:0 7px;font-size:12px;color:#fff;
margin-right:4px}
.a0x-muted{color:#57606a}
"""


def _esc(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return html.escape(text)


def _badge(severity: str) -> str:
    colour = SEVERITY_COLOURS.get(severity, "#57606a")
    ink = "#1f2328" if severity in ("low", "info") else "#fff"
    return (
        f"<span class='a0x-badge' style='background:{colour};color:{ink}'>{_esc(severity)}</span>"
    )


def _probe_note(finding: Finding) -> str:
    if finding.confirmed is True:
        return "<span class='a0x-badge' style='background:#1a7f37'>confirmed by a probe</span>"
    if finding.confirmed is False:
        return "<span class='a0x-badge' style='background:#9a6700'>probes showed otherwise</span>"
    return ""


def _evidence(evidence: Mapping[str, Any]) -> str:
    if not evidence:
        return ""
    rows = "".join(
        f"<tr><th><code>{_esc(k)}</code></th><td><code>{_esc(v)}</code></td></tr>"
        for k, v in evidence.items()
    )
    return f"<table>{rows}</table>"


def finding_html(finding: Finding) -> str:
    """One finding: rule, object, message, evidence, fix, documentation."""
    colour = SEVERITY_COLOURS.get(finding.severity, "#d0d7de")
    baselined = (
        " <span class='a0x-muted'>(accepted by the baseline)</span>" if finding.baselined else ""
    )
    checkmate = (
        f"<div class='a0x-muted'>auth0-checkmate overlap: {_esc(finding.checkmate)}</div>"
        if finding.checkmate
        else ""
    )
    return (
        f"<div class='a0x-finding' style='border-color:{colour}'>"
        f"<div>{_badge(finding.severity)}<b>{_esc(finding.rule)}</b> {_esc(finding.title)}"
        f"{baselined}</div>"
        f"<div class='a0x-muted'>{_esc(finding.tenant)} · {_esc(finding.object_kind)} "
        f"<code>{_esc(finding.object)}</code> {_probe_note(finding)}</div>"
        f"<p>{_esc(finding.message)}</p>{_evidence(finding.evidence)}"
        f"<p><b>Fix:</b> {_esc(finding.fix)} "
        f"<a href='{_esc(finding.doc)}' target='_blank' rel='noopener'>Auth0 docs</a></p>"
        f"{checkmate}</div>"
    )


def _counts(findings: Sequence[Finding], tenants: Sequence[str] = ()) -> str:
    """Findings per tenant and severity (baselined ones left out); every tenant listed."""
    counted = Counter((f.tenant, f.severity) for f in findings if not f.baselined)
    tenants = list(dict.fromkeys([*tenants, *(f.tenant for f in findings)]))
    head = "".join(f"<th>{_badge(s)}</th>" for s in SEVERITIES)
    rows = "".join(
        f"<tr><th>{_esc(t)}</th>"
        + "".join(f"<td>{counted[(t, s)]}</td>" for s in SEVERITIES)
        + "</tr>"
        for t in tenants
    )
    return f"<table><tr><th>tenant</th>{head}</tr>{rows}</table>"


def findings_html(findings: Iterable[Finding], *, title: str = "Audit findings") -> str:
    """The findings, most severe first, with a count per severity (notebooks, widgets)."""
    listed = ordered(findings)
    if not listed:
        body = "<p>No finding: every rule is satisfied.</p>"
    else:
        body = _counts(listed) + "".join(finding_html(f) for f in listed)
    return f"<style>{CSS}</style><div class='a0x-audit'><h3>{_esc(title)}</h3>{body}</div>"


def _chart(findings: Sequence[Finding]) -> str:
    figure = findings_chart(findings)
    if figure is None:
        return "<p>No finding to chart.</p>"
    from auth0_explore.explore.timeline import figure_png

    data = base64.b64encode(figure_png(figure)).decode("ascii")
    return f"<img alt='findings by area and severity' src='data:image/png;base64,{data}'>"


def _probes(audits: Sequence[Audit]) -> str:
    rows = []
    for a in audits:
        sent = list(a.probes.sent())
        tokens = sum(1 for p in sent if p.outcome == "token")
        skipped = len(a.probes.probes) - len(sent)
        rows.append(
            f"<tr><th>{_esc(a.tenant)}</th><td>{a.probes.budget}</td><td>{a.probes.requested}</td>"
            f"<td>{tokens}</td><td>{len(sent) - tokens}</td><td>{skipped}</td>"
            f"<td>{a.probes.throttled}</td></tr>"
        )
    head = (
        "<tr><th>tenant</th><th>budget</th><th>tokens requested</th><th>issued</th>"
        "<th>refused</th><th>skipped</th><th>429s waited out</th></tr>"
    )
    return f"<table>{head}{''.join(rows)}</table>"


def report_page(audits: Sequence[Audit], *, generated: str) -> str:
    """The whole report: counts, the chart, every finding by severity, the probes."""
    findings = ordered(f for a in audits for f in a.findings)
    sections = []
    for severity in SEVERITIES:
        chosen = [f for f in findings if f.severity == severity]
        if chosen:
            cards = "".join(finding_html(f) for f in chosen)
            sections.append(f"<h2>{_badge(severity)} {len(chosen)} {severity}</h2>{cards}")
    tenants = ", ".join(a.tenant for a in audits)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>auth0-explore audit: {_esc(tenants)}</title><style>{CSS}</style></head>"
        "<body class='a0x-audit'>"
        f"<h1>Audit of {_esc(tenants)}</h1><p class='a0x-muted'>Generated {_esc(generated)} by "
        "auth0-explore. Baselined findings are listed but not counted.</p>"
        f"{_counts(findings, [a.tenant for a in audits])}"
        f"<h2>Findings by area and severity</h2>{_chart(findings)}"
        f"{''.join(sections)}<h2>Probes</h2>{_probes(audits)}</body></html>"
    )
