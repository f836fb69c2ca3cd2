"""The HTML report's page: comparisons in plain sight, the attempts, the reasons, the commands.

Built from an attempts frame and, when given, the `Run` behind it: the run knows each attempt's
findings (so explanations group by reason, one entry per distinct sentence listing the rows it
applies to) and where each request really went (so reproductions target the sandbox that
answered, or the live tenant, never a look-alike host). Every value is escaped; explanations
link Auth0's documentation.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from auth0_explore.errors import Auth0ExploreError
from auth0_explore.explore.attempts import AUTH0_DOCS, error_docs
from auth0_explore.explore.compare import DEFAULT_FIELDS, Comparison, grant_label, show_value
from auth0_explore.explore.reproduce import Reproduction, reproduce
from auth0_explore.secrets import MASK

if TYPE_CHECKING:
    from auth0_explore.explore.runner import Run

__all__ = ["RULE_DOCS", "page"]

#: explanation rule id -> the page of Auth0's documentation about it
RULE_DOCS: Final = {
    rule: AUTH0_DOCS + path
    for rule, path in {
        "opaque-userinfo-token": "secure/tokens/access-tokens",
        "id-token": "secure/tokens/id-tokens",
        "rfc9068-dialect": "secure/tokens/access-tokens/access-token-profiles",
        "signing-key": "secure/tokens/json-web-tokens/json-web-key-sets",
        "m2m-gty": "get-started/authentication-and-authorization-flow/client-credentials-flow",
        "default-audience": "get-started/tenant-settings",
        "aud-array-openid": "secure/tokens/access-tokens",
        "aud-string": "secure/tokens/access-tokens",
        "management-api": "secure/tokens/access-tokens/management-api-access-tokens",
        "issuer-domain": "customize/custom-domains",
        "lifetime": "secure/tokens/access-tokens/update-access-token-lifetime",
        "expired": "secure/tokens/access-tokens/validate-access-tokens",
        "organization": "manage-users/organizations/using-tokens",
        "permissions": "get-started/apis/enable-role-based-access-control-for-apis",
    }.items()
}

_TABLE_COLUMNS: Final = ("configuration", "scenario", "domain", *DEFAULT_FIELDS, "fingerprint")
_CSS: Final = """
body{font:14px/1.5 system-ui,sans-serif;margin:2em auto;padding:0 1em;color:#222;max-width:1200px}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}
img{max-width:100%;height:auto}
table.attempts{border-collapse:collapse;font-size:12px}
table.attempts th,table.attempts td{border:1px solid #ccc;padding:2px 6px;vertical-align:top;
text-align:left}
table.attempts thead th{background:#f3f3f3}
tr.error td{background:#fdf0f0}
tr.differs td{background:#fff3b0}
pre{background:#f6f6f6;padding:8px;overflow-x:auto;font-size:12px}
.note,.rows{color:#555}
.wide{overflow-x:auto;max-width:100%}
.reason{margin:0 0 1em}.reason p{margin:0.2em 0}
details{margin:0.5em 0 1.5em}
"""

#: one reason: its sentence and the page of Auth0's docs about it (None when none is known)
Reason = tuple[str, str | None]


def page(
    frame: pd.DataFrame,
    title: str,
    comparisons: Sequence[Comparison],
    png: bytes | None,
    generated: datetime | None,
    run: Run | None,
) -> str:
    """The whole report page, self-contained."""
    esc = html.escape
    stamp = (generated or datetime.now().astimezone()).isoformat(timespec="seconds")
    tokens = int((frame["outcome"] == "token").sum()) if len(frame) else 0
    parts = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{esc(title)}</title>"
        f"<style>{_CSS}</style></head><body><h1>{esc(title)}</h1>",
        f"<p class='note'>Generated {esc(stamp)} — {len(frame)} attempts, {tokens} tokens, "
        f"{len(frame) - tokens} errors. Tokens appear as fingerprints; secrets never appear. "
        "What the columns mean: <a href='https://auth0.com/docs/secure/tokens/access-tokens'>"
        "Auth0: access tokens</a>.</p>",
    ]
    if comparisons:
        parts.append("<h2>Comparisons</h2><p class='note'>Highlighted rows and cells differ.</p>")
        parts += [_comparison(c) for c in comparisons]
    if png is not None:
        data = base64.b64encode(png).decode("ascii")
        image = f"<img alt='token expiry timeline' src='data:image/png;base64,{data}'>"
        parts.append(f"<h2>Expiry timeline</h2>{image}")
    parts.append("<h2>Attempts</h2><div class='wide'>" + _attempts_table(frame) + "</div>")
    parts.append("<h2>Explanations</h2>" + _explanations(_reasons(frame, run)))
    parts.append("<h2>Reproduce</h2>" + _reproductions(frame, run))
    parts.append("</body></html>")
    return "\n".join(parts)


def _comparison(comparison: Comparison) -> str:
    """What differs, in plain sight: the overview (rows that differ highlighted) and the
    differing fields side by side; every compared field is folded below."""
    title = f"Compared across {comparison.across}: {' | '.join(comparison.sides)}"
    overview = comparison.overview().reset_index()
    rows = []
    for record in overview.to_dict("records"):
        css = " class='differs'" if record["differs in"] else ""
        cells = "".join(f"<td>{html.escape(show_value(v))}</td>" for v in record.values())
        rows.append(f"<tr{css}>{cells}</tr>")
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in overview.columns)
    summary = (
        f"<table class='attempts'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
        "</table>"
    )
    differences = comparison.differences(brief=True)
    detail = (
        differences.to_html(index=False, escape=True, classes="attempts", border=0)
        if len(differences)
        else "<p>No compared field differs.</p>"
    )
    return (
        f"<h3>{html.escape(title)}</h3><div class='wide'>{summary}</div><h4>What differs</h4>"
        f"<div class='wide'>{detail}</div><details><summary>Every compared field, side by "
        f"side</summary><div class='wide'>{comparison.to_html()}</div></details>"
    )


def _attempts_table(frame: pd.DataFrame) -> str:
    columns = [c for c in _TABLE_COLUMNS if c in frame.columns]
    if "access_token" in frame.columns:
        columns.append("access_token")
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    rows = []
    for record in frame[columns].to_dict("records"):
        css = " class='error'" if record.get("outcome") == "error" else ""
        cells = "".join(f"<td>{html.escape(show_value(record[c]))}</td>" for c in columns)
        rows.append(f"<tr{css}>{cells}</tr>")
    return (
        f"<table class='attempts'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def row_label(record: dict[str, Any]) -> str:
    """`configuration · scenario (grant) · domain host`: which row a reason applies to."""
    domain = str(record.get("domain") or "").split("://", 1)[-1].rstrip("/")
    grant = grant_label(str(record.get("grant") or ""))
    return f"{record.get('configuration')} · {record.get('scenario')} ({grant}) · {domain}"


def _reasons(frame: pd.DataFrame, run: Run | None) -> list[tuple[str, list[Reason]]]:
    """(row label, its reasons) per row: each finding of a run's attempt, else the frame's
    explanation as one reason."""
    rows = [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]
    if run is None:
        return [(row_label(r), _frame_reasons(r)) for r in rows]
    keys = {_key(r) for r in rows}
    found = []
    for attempt in run.attempts:
        if _key(attempt.record) not in keys:
            continue
        if attempt.findings:
            reasons = [(f.text, RULE_DOCS.get(f.rule)) for f in attempt.findings]
        else:
            reasons = _frame_reasons(attempt.record)
        found.append((row_label(attempt.record), reasons))
    return found


def _frame_reasons(record: dict[str, Any]) -> list[Reason]:
    text = record.get("explanation")
    if not isinstance(text, str) or not text:
        return []
    return [(text, error_docs(record.get("error"), record.get("error_description")))]


def _key(record: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(record.get(c)) for c in ("configuration", "scenario", "grant", "domain"))


def _explanations(per_row: Iterable[tuple[str, list[Reason]]]) -> str:
    """One entry per distinct reason, in order of first appearance, listing its rows."""
    groups: dict[Reason, list[str]] = {}
    for label, reasons in per_row:
        for reason in reasons:
            groups.setdefault(reason, []).append(label)
    if not groups:
        return "<p>(none)</p>"
    items = []
    for (text, url), labels in groups.items():
        link = f" <a href='{html.escape(url)}'>Auth0 docs</a>" if url else ""
        rows = "; ".join(html.escape(label) for label in labels)
        count = f"{len(labels)} row{'s' if len(labels) > 1 else ''}"
        items.append(
            f"<div class='reason'><p>{html.escape(text)}{link}</p>"
            f"<p class='rows'>{count}: {rows}</p></div>"
        )
    return (
        f"<p class='note'>{len(groups)} distinct reasons; each lists the rows it applies to."
        f"</p>{''.join(items)}"
    )


def _reproductions(frame: pd.DataFrame, run: Run | None) -> str:
    """Each distinct client-credentials request once, sent where it really went."""
    blocks, notes, seen = [], [], set()
    for record in frame.to_dict("records"):
        if record.get("grant") != "client_credentials":
            continue
        row = {str(k): v for k, v in record.items()}
        try:
            both: Reproduction = run.reproduce(row) if run is not None else reproduce(row)
        except Auth0ExploreError as error:  # not reproducible, or its sandbox has stopped
            said = f"{row_label(row)}: {error}"
            blocks.append(f"<p class='note'>{html.escape(said)}</p>")
            continue
        if both.curl in seen:
            continue
        seen.add(both.curl)
        if both.note not in notes:
            notes.append(both.note)
        where = f"{record.get('configuration')} · {record.get('scenario')}"
        blocks.append(f"<p>{html.escape(where)}</p><pre>{html.escape(both.curl)}</pre>")
    listed = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    masked = (
        "<p class='note'>Secrets are masked (********). A sandbox's URL and secrets last as "
        "long as it runs: <code>auth0-explore sandbox --profile NAME</code> prints those of a "
        "new one, and in a notebook <code>run.reproduce(row, reveal=True)</code> gives a "
        "command that runs while the run's sandbox does.</p>"
        if any(MASK in block for block in blocks)
        else ""
    )
    return f"<ul class='note'>{listed}</ul>{masked}" + "".join(blocks)
