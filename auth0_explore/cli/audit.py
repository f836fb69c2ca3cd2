"""The options of `auth0-explore audit` and `audit-diff`; commands.py adds both to its group and
cli/audit_run.py holds their bodies (imported on use: the CLI starts without pandas)."""

from __future__ import annotations

from pathlib import Path

import click

from auth0_explore.cli.options import ProfileName
from auth0_explore.errors import Auth0ExploreError

__all__ = ["AuditFailed", "audit_command", "audit_diff_command"]


class AuditFailed(click.ClickException):
    """The audit could not run (a bad file, a tenant out of reach): exit 3, since 1 means
    findings."""

    exit_code = 3


@click.command(name="audit")
@click.option("--profile", type=ProfileName(), help="A sandbox profile, read through its API.")
@click.option("--snapshot", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--deploy-cli", type=click.Path(exists=True, path_type=Path), help="An export.")
@click.option("--domain", help="A live tenant's canonical domain (AUTH0_CLIENT_ID/SECRET).")
@click.option(
    "--tenants",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML file of tenants, audited at once.",
)
@click.option(
    "--probe",
    "budget",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="Tokens to request at most, per tenant (they cost M2M quota).",
)
@click.option("--probe-failing", is_flag=True, help="Also send requests predicted to fail.")
@click.option("--issuer", "issuers", multiple=True, help="An issuer your APIs accept (repeat).")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option(
    "--fail-on",
    type=click.Choice(["critical", "high", "medium", "low", "info"]),
    help="Exit 1 when a finding at this severity or above is not baselined.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def audit_command(
    profile: str | None,
    snapshot: Path | None,
    deploy_cli: Path | None,
    domain: str | None,
    tenants: Path | None,
    budget: int,
    probe_failing: bool,
    issuers: tuple[str, ...],
    baseline: Path | None,
    out: Path,
    fail_on: str | None,
    as_json: bool,
) -> None:
    """Audit tenant configurations; probe what they issue; write HTML, JSON, CSV and SARIF.

    Exit codes: 0 clean (or no --fail-on), 1 a finding at --fail-on or above, 2 usage,
    3 a tenant could not be audited.
    """
    from auth0_explore.cli.audit_run import AuditRequest, run_audit, specs_from, summary_json

    if sum(x is not None for x in (profile, snapshot, deploy_cli, domain, tenants)) != 1:
        raise click.UsageError(
            "give exactly one of --profile, --snapshot, --deploy-cli, --domain or --tenants"
        )
    try:
        specs = specs_from(profile, snapshot, deploy_cli, domain, tenants)
        request = AuditRequest(tuple(specs), out, budget, probe_failing, issuers, baseline, fail_on)
        outcome = run_audit(request)
    except Auth0ExploreError as exc:
        raise AuditFailed(str(exc)) from None
    click.echo(summary_json(outcome) if as_json else "\n".join(outcome.lines))
    raise SystemExit(outcome.exit_code)


@click.command(name="audit-diff")
@click.argument("before", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("after", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def audit_diff_command(before: Path, after: Path) -> None:
    """Findings new, fixed or unchanged between two runs' findings.json (exit 1 when new)."""
    from auth0_explore.cli.audit_run import run_diff

    try:
        code, lines = run_diff(before, after)
    except Auth0ExploreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("\n".join(lines))
    raise SystemExit(code)
