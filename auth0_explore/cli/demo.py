"""`auth0-explore demo`: the Auth0 docs' client-credentials request, then the explorer.

`run_demo` prints the docs' request with the secret masked, sends it through the toolkit's
client, prints the response with the token as a fingerprint, and the header and the claims
verified with `verify` and `Expectations`. `run_explorer_demo` runs the standard
audience matrix under the default-audience and custom-domain configurations, prints the
comparison tables and writes the HTML report. `run_audit_demo` audits two configurations, one
with the findings tenants often have and the clean one, probes included. The command line only
calls these three.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auth0_explore.audit.tenants import TenantSpec
from auth0_explore.cli.audit_run import AuditOutcome, AuditRequest, run_audit, summary_line
from auth0_explore.client.tenant import Tenant
from auth0_explore.clock import SystemClock
from auth0_explore.errors import OAuthError
from auth0_explore.explore.compare import Comparison, compare
from auth0_explore.explore.report import ReportFiles, write_report
from auth0_explore.explore.reproduce import Destination, curl_command
from auth0_explore.explore.runner import Run
from auth0_explore.explore.targets import Target
from auth0_explore.explore.timeline import plot_timeline, timeline_frame
from auth0_explore.sandbox import Sandbox
from auth0_explore.text import terminal_width, wrap
from auth0_explore.tokens import Expectations, verify

__all__ = [
    "AUDIT_PROFILES",
    "DEMO_PROFILES",
    "DemoResult",
    "ExplorerDemo",
    "run_audit_demo",
    "run_demo",
    "run_explorer_demo",
]

SHOWN_HEADERS = (
    "Content-Type",
    "Cache-Control",
    "Pragma",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-Auth0-RequestId",
)


@dataclass(frozen=True)
class DemoResult:
    """What the demo saw: the response status and the decoded token."""

    status: int
    header: dict[str, Any]
    claims: dict[str, Any]


def run_demo(sandbox: Sandbox, echo: Callable[[str], None] = print) -> DemoResult:
    """Run the documentation's client-credentials request on a running sandbox and show it.

    The request goes through the toolkit's client (`Tenant`), and the token is verified with
    the tenant's JWKS against `Expectations.for_api(...)`: the same calls a script would make.
    """
    app = sandbox.application("m2m")
    api = sandbox.api("custom-rs256")
    echo(f"Sandbox tenant {sandbox.tenant.domain} at {sandbox.base_url}\n")
    echo("Request (Auth0 docs: Client Credentials Flow, secret masked):")
    request = {"grant": "client_credentials", "client": app.client_id,
               "requested_audience": api.identifier, "audience_choice": "custom"}  # fmt: skip
    destination = Destination(sandbox.base_url, secret=app.client_secret)
    echo(curl_command(request, destination) + "\n")
    with Tenant.from_sandbox(sandbox, application="m2m") as tenant:
        try:
            result = tenant.client_credentials(api.identifier, cache=False)
        except OAuthError as error:
            echo(f"Response: HTTP {error.status}\n{error}")
            return DemoResult(error.status, {}, {})
        echo(f"Response: HTTP {result.status}")
        for name in SHOWN_HEADERS:
            if name in result.headers:
                echo(f"  {name}: {result.headers[name]}")
        body = result.to_dict()
        shown = {key: body[key] for key in ("access_token", "expires_in", "scope", "token_type")}
        echo(json.dumps(shown, indent=2) + "\n")
        expectations = Expectations.for_api(sandbox.base_url, api.identifier)
        keys = tenant.jwks().keyset()
        claims = verify(result.reveal(), expectations, keys=keys, clock=tenant.clock)
        header = result.inspection.header
    echo("Token header:")
    echo(json.dumps(header, indent=2))
    said = f"Token claims (verified with the tenant's JWKS against {expectations!r}):"
    echo("\n".join(wrap(said, terminal_width())))
    echo(json.dumps(claims, indent=2))
    return DemoResult(result.status, header, claims)


@dataclass(frozen=True)
class ExplorerDemo:
    """What the explorer part of the demo made: the run, its comparisons, the report files."""

    run: Run
    comparisons: tuple[Comparison, ...]
    report: ReportFiles


DEMO_PROFILES = ("default-audience", "custom-domain")


def run_explorer_demo(
    out_dir: str | Path,
    echo: Callable[[str], None] = print,
    *,
    progress: bool | None = None,
    while_serving: Callable[[Run], None] | None = None,
) -> ExplorerDemo:
    """The standard audience matrix under two configurations, compared, and an HTML report.

    Starts one sandbox per configuration (default audience; custom domain, asked through both
    domains), prints the comparison tables and writes the report into `out_dir`.
    `while_serving(run)` is called after the report is written, while the sandboxes still
    answer (the report's commands can be run then).
    """
    clock = SystemClock()
    with ExitStack() as stack:
        targets = []
        for profile in DEMO_PROFILES:
            sandbox = stack.enter_context(Sandbox(profile=profile, clock=clock))
            targets.append(stack.enter_context(Target.from_sandbox(sandbox, profile)))
        default, custom = targets
        scenarios = [
            *default.matrix(),
            *default.user_matrix(grants=("authorization_code",)),
            *custom.matrix(all_domains=True),
            *custom.user_matrix(grants=("authorization_code",), all_domains=True),
        ]
        echo(f"Running {len(scenarios)} token requests under {' and '.join(DEMO_PROFILES)}...")
        run = Run(scenarios, targets, progress=progress).start()
        canonical = f"https://{default.canonical_domain}/"
        frame = run.frame()
        comparisons = (
            compare(frame[frame["domain"] == canonical], across="configuration"),
            compare(frame[frame["configuration"] == "custom-domain"], across="domain"),
        )
        for comparison in comparisons:
            echo("\n" + comparison.to_text() + "\n")
        figure = plot_timeline(timeline_frame(run, clock=clock), title="Token lifetimes (demo)")
        # written while the sandboxes run: reproductions name where each request really went
        files = write_report(
            frame,
            out_dir,
            title="auth0-explore: default audience vs custom domain",
            comparisons=comparisons,
            timeline=figure,
            run=run,
        )
        if while_serving is not None:
            while_serving(run)
    stats = run.stats()
    summary = (
        f"{stats['tokens']} tokens, {stats['errors']} refusals (each a row with Auth0's exact "
        f"error), {stats['from_cache']} served from the token cache, in {stats['elapsed_s']} s."
    )
    echo("\n".join(wrap(summary, terminal_width())))
    echo(f"Report: {(Path(out_dir) / 'report.html').resolve()}")
    echo(f"Data:   {', '.join(p.name for p in files.paths() if p != files.html)}")
    return ExplorerDemo(run, comparisons, files)


#: the audit's contrast: every feature, configured as tenants often are; then as the rules ask
AUDIT_PROFILES = ("full", "clean")


def run_audit_demo(
    out_dir: str | Path, echo: Callable[[str], None] = print, *, probe: int = 10
) -> AuditOutcome:
    """Audit the `full` and `clean` profiles (rules, and `probe` tokens each to confirm what
    they issue), print each tenant's summary and write the audit's reports into `out_dir`."""
    specs = tuple(TenantSpec(profile, "profile", profile) for profile in AUDIT_PROFILES)
    said = (
        f"Auditing the {' and '.join(AUDIT_PROFILES)} configurations: every rule, and up to "
        f"{probe} probe tokens each to confirm what the tenant really issues..."
    )
    echo("\n".join(wrap(said, terminal_width())))
    outcome = run_audit(AuditRequest(specs, Path(out_dir), probe=probe))
    for result in outcome.results:
        echo(summary_line(result))  # the findings themselves are in the report
    echo(f"Audit report: {(Path(out_dir) / 'report.html').resolve()}")
    return outcome
