"""The `auth0-explore` command line: a thin shell over the library (click)."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from auth0_explore import __version__
from auth0_explore.errors import Auth0ExploreError, OAuthError

if TYPE_CHECKING:
    from auth0_explore.client.results import TokenResult
    from auth0_explore.client.tenant import Tenant


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auth0-explore")
def main() -> None:
    """Request Auth0 tokens, decode and validate them, and compare tenant configurations.

    Runs offline against an embedded sandbox tenant, or against a live tenant when
    AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are set.
    """


class ProfileName(click.ParamType[str]):
    """A sandbox profile name, checked on use: listing the profiles imports the sandbox (keys,
    certificates), which commands such as `inspect` should not pay for at start-up."""

    name = "profile"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from auth0_explore.sandbox.tenant.profiles import TENANT_PROFILES

        if value not in TENANT_PROFILES:
            self.fail(
                f"{value!r} is not a profile; use one of: {', '.join(TENANT_PROFILES)}", param, ctx
            )
        return str(value)

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        from auth0_explore.sandbox.tenant.profiles import TENANT_PROFILES

        return "[" + "|".join(TENANT_PROFILES) + "]"


@main.command()
@click.option("--profile", type=ProfileName(), help="A ready-made tenant.")
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML tenant file instead of a profile.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Canonical domain port.")
@click.option("--seed", type=int, default=None, help="Deterministic keys and ids.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes sharing the ports and keys (SO_REUSEPORT); counts become per process.",
)
@click.option(
    "--max-connections",
    type=click.IntRange(1),
    default=None,
    help="Open connections each domain holds, kept-alive ones included (default 4096).",
)
@click.option("--tls", is_flag=True, help="Serve HTTPS with a CA made at start (see ca_path).")
def sandbox(
    profile: str | None,
    config: Path | None,
    port: int,
    seed: int | None,
    workers: int,
    max_connections: int | None,
    tls: bool,
) -> None:
    """Serve the sandbox tenant until Ctrl-C; prints one JSON line describing it first."""
    from auth0_explore.errors import Auth0ExploreError
    from auth0_explore.sandbox import DEFAULT_PROFILE, Sandbox
    from auth0_explore.sandbox.http.server import DEFAULT_MAX_CONNECTIONS

    if profile and config:
        raise click.UsageError("use --profile or --config, not both")
    chosen = config or profile or DEFAULT_PROFILE
    limit = max_connections or DEFAULT_MAX_CONNECTIONS
    if tls and workers > 1:
        raise click.UsageError("--tls serves one process: each worker would make its own CA")
    if workers > 1:
        from auth0_explore.sandbox.http.workers import serve_workers

        try:
            serve_workers(chosen, seed, port, workers, lambda d: click.echo(json.dumps(d)), limit)
        except Auth0ExploreError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            pass
        return
    try:
        server = Sandbox(profile=chosen, seed=seed, port=port, max_connections=limit, tls=tls)
        server.start()
    except Auth0ExploreError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        click.echo(json.dumps(server.description()), nl=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default="auth0-explore-report",
    show_default=True,
    help="Folder for the HTML report and the CSV, JSON and Parquet exports.",
)
def demo(out: Path) -> None:
    """Run the docs' client-credentials request, then the audience matrix under two configurations.

    Prints the comparison of the default-audience and custom-domain configurations and writes
    an HTML report (with CSV, JSON and Parquet exports) into --out.
    """
    from auth0_explore.demo import run_demo, run_explorer_demo
    from auth0_explore.sandbox import Sandbox

    with Sandbox() as server:
        result = run_demo(server, click.echo)
    if result.status != 200:
        raise SystemExit(1)
    click.echo("")
    run_explorer_demo(out, click.echo)


@main.command()
@click.option(
    "--domain",
    help="Tenant domain (default: AUTH0_DOMAIN); with --sandbox, which sandbox domain to use.",
)
@click.option(
    "--sandbox",
    "profile",
    metavar="PROFILE",
    type=ProfileName(),
    help="Start the sandbox tenant with this profile and ask it instead.",
)
@click.option(
    "--hostnames", is_flag=True, help="With --sandbox: address it by host name (realistic iss)."
)
@click.option("--application", default="m2m", show_default=True, help="With --sandbox: the app.")
@click.option("--audience", help="API identifier to ask a token for; default: AUTH0_AUDIENCE.")
@click.option("--scope", help="Space-separated scopes to ask for.")
@click.option("--organization", help="Organization id (org_...) or name.")
@click.option("--basic", is_flag=True, help="Authenticate with HTTP Basic instead of the body.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--reveal", is_flag=True, help="Print the raw access token (it is a credential).")
def token(
    domain: str | None,
    profile: str | None,
    hostnames: bool,
    application: str,
    audience: str | None,
    scope: str | None,
    organization: str | None,
    basic: bool,
    as_json: bool,
    reveal: bool,
) -> None:
    """Request a client-credentials token and show the request, the response and the token.

    For a live tenant the client id and secret come from AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET
    (environment or .env file), never from a flag; the secret is never printed.
    """
    from auth0_explore.client.tenant import Tenant
    from auth0_explore.config import TenantConnection

    try:
        if profile is not None:
            from auth0_explore.sandbox import Sandbox

            with (
                Sandbox(profile=profile) as sb,
                Tenant.from_sandbox(
                    sb, hostnames=hostnames, application=application, domain=domain
                ) as tenant,
            ):
                _request_token(tenant, audience, scope, organization, basic, as_json, reveal)
            return
        environ = dict(os.environ)
        if domain:
            environ["AUTH0_DOMAIN"] = domain
        with Tenant(TenantConnection.from_env(environ)) as tenant:
            _request_token(tenant, audience, scope, organization, basic, as_json, reveal)
    except Auth0ExploreError as exc:
        _fail(exc, as_json)


def _request_token(
    tenant: Tenant,
    audience: str | None,
    scope: str | None,
    organization: str | None,
    basic: bool,
    as_json: bool,
    reveal: bool,
) -> None:
    result = tenant.client_credentials(
        audience,
        scope=scope,
        organization=organization,
        auth_method="client_secret_basic" if basic else "client_secret_post",
        cache=False,
    )
    view = _inspector_view(result)
    if as_json:
        click.echo(json.dumps({**result.to_dict(reveal=reveal), "token": view}, indent=2))
        return
    request = result.request
    click.echo(f"{request.method} {request.url}  [{request.auth_method}]")
    for key, value in request.params.items():
        click.echo(f"  {key}={value}")
    click.echo(
        f"-> {result.status} in {result.elapsed * 1000:.1f} ms ({len(result.attempts)} attempt(s))"
    )
    data = result.to_dict(reveal=reveal)
    for key in ("access_token", "token_type", "expires_in", "expires_at", "scope"):
        if data[key] is not None:
            click.echo(f"{key:<13} {data[key]}")
    if result.rate_limit:
        click.echo(f"{'rate limit':<13} {result.rate_limit}")
    if result.quotas:
        for bucket in (*result.quotas.client, *result.quotas.organization):
            click.echo(f"{'quota':<13} {bucket}")
    click.echo(f"{'token':<13} {view['family']} ({view['kind']})")
    if view["header"]:
        click.echo(f"{'header':<13} {json.dumps(view['header'])}")
    if view["claims"] is not None:
        click.echo(f"{'claims':<13} {json.dumps(view['claims'])}")
    verdict = "valid" if view["valid"] else f"invalid: {view['reason']}"
    click.echo(f"{'validation':<13} {verdict}")
    for sentence in view["explanation"]:
        click.echo(f"  - {sentence}")


def _inspector_view(result: TokenResult) -> dict[str, Any]:
    """The token as the inspector sees it: kind, decoded header and claims, verdict, why."""
    inspection = result.inspection
    try:
        report = result.validation
        valid, reason = report.valid, report.reason
    except Auth0ExploreError as exc:  # the JWKS could not be had: no verdict
        valid, reason = False, getattr(exc, "reason", "jwks_unavailable")
    return {
        "kind": inspection.kind,
        "family": inspection.family,
        "header": inspection.header,
        "claims": inspection.claims,
        "valid": valid,
        "reason": reason,
        "explanation": result.explanation.sentences,
    }


def _fail(exc: Auth0ExploreError, as_json: bool) -> NoReturn:
    if as_json:
        body: dict[str, object] = {"type": type(exc).__name__, "message": str(exc)}
        if isinstance(exc, OAuthError):
            body.update(status=exc.status, error=exc.error, error_description=exc.error_description)
        click.echo(json.dumps(body, indent=2))
    raise click.ClickException(str(exc))


@main.command(name="snapshot")
@click.option("--profile", type=ProfileName(), help="A sandbox profile, read through its API.")
@click.option("--domain", help="A live tenant (read-only; AUTH0_CLIENT_ID/SECRET from env).")
@click.option(
    "--deploy-cli",
    type=click.Path(exists=True, path_type=Path),
    help="An auth0-deploy-cli export: a .yaml file or a directory.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def snapshot_command(
    profile: str | None, domain: str | None, deploy_cli: Path | None, out: Path
) -> None:
    """Save a tenant's configuration as JSON, every secret stripped."""
    from auth0_explore.snapshot_commands import save, take_snapshot

    if sum(x is not None for x in (profile, domain, deploy_cli)) != 1:
        raise click.UsageError("give exactly one of --profile, --domain or --deploy-cli")
    try:
        click.echo(save(take_snapshot(profile, domain, deploy_cli, os.environ), out))
    except Auth0ExploreError as exc:
        raise click.ClickException(str(exc)) from None


@main.command(name="diff")
@click.argument("before", type=click.Path(exists=True, path_type=Path))
@click.argument("after", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the changes as a JSON list.")
def diff_command(before: Path, after: Path, as_json: bool) -> None:
    """What changed from snapshot BEFORE to AFTER (exit 1 when something did, like diff)."""
    from dataclasses import asdict

    from auth0_explore.snapshot_commands import compare, format_changes

    try:
        found = compare(before, after)
    except Auth0ExploreError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps([asdict(c) for c in found], indent=1, default=str))
    else:
        format_changes(found, click.echo)
    if found:
        raise SystemExit(1)


class AuditFailed(click.ClickException):
    """The audit could not run (a bad file, a tenant out of reach): exit 3, since 1 means
    findings."""

    exit_code = 3


@main.command(name="audit")
@click.option("--profile", type=ProfileName(), help="A sandbox profile, read through its API.")
@click.option("--snapshot", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--deploy-cli", type=click.Path(exists=True, path_type=Path), help="An export.")
@click.option("--domain", help="A live tenant's canonical domain (AUTH0_CLIENT_ID/SECRET).")
@click.option("--tenants", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A TOML file of tenants, audited at once.")  # fmt: skip
@click.option("--probe", "budget", type=click.IntRange(0), default=0, show_default=True,
              help="Tokens to request at most, per tenant (they cost M2M quota).")  # fmt: skip
@click.option("--probe-failing", is_flag=True, help="Also send requests predicted to fail.")
@click.option("--issuer", "issuers", multiple=True, help="An issuer your APIs accept (repeat).")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--fail-on", type=click.Choice(["critical", "high", "medium", "low", "info"]),
              help="Exit 1 when a finding at this severity or above is not baselined.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def audit_command(
    profile: str | None, snapshot: Path | None, deploy_cli: Path | None, domain: str | None,
    tenants: Path | None, budget: int, probe_failing: bool, issuers: tuple[str, ...],
    baseline: Path | None, out: Path, fail_on: str | None, as_json: bool,
) -> None:  # fmt: skip
    """Audit tenant configurations; probe what they issue; write HTML, JSON, CSV and SARIF.

    Exit codes: 0 clean (or no --fail-on), 1 a finding at --fail-on or above, 2 usage,
    3 a tenant could not be audited.
    """
    from auth0_explore.audit_commands import AuditRequest, run_audit, specs_from, summary_json

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


@main.command(name="audit-diff")
@click.argument("before", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("after", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def audit_diff_command(before: Path, after: Path) -> None:
    """Findings new, fixed or unchanged between two runs' findings.json (exit 1 when new)."""
    from auth0_explore.audit_commands import run_diff

    try:
        code, lines = run_diff(before, after)
    except Auth0ExploreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("\n".join(lines))
    raise SystemExit(code)


@main.command(name="inspect")
@click.argument("token", default="-")
@click.option("--json", "as_json", is_flag=True, help="Print the inspection as JSON.")
def inspect_command(token: str, as_json: bool) -> None:
    """Decode TOKEN offline: kind, header, claims, readable times, and why it looks so.

    Pass - (the default) to read the token from standard input, which keeps it out of the
    shell history. Nothing is sent anywhere and nothing is verified: `auth0-explore token`
    requests and validates.
    """
    from auth0_explore.clock import SystemClock
    from auth0_explore.tokens.claims import inspect
    from auth0_explore.tokens.explanations import explain

    from_stdin = token == "-"  # noqa: S105 - "-" is the stdin marker, not a password
    raw = sys.stdin.read().strip() if from_stdin else token.strip()
    clock = SystemClock()
    inspection = inspect(raw, clock=clock)
    sentences = explain(inspection, clock=clock).sentences
    if as_json:
        click.echo(json.dumps({**inspection.as_dict(), "explanation": sentences}, indent=2))
        return
    click.echo(f"{'token':<11} {inspection.token}")
    click.echo(f"{'kind':<11} {inspection.family} ({inspection.kind})")
    if inspection.message:
        click.echo(f"{'note':<11} {inspection.message}")
    if inspection.header:
        click.echo(f"{'header':<11} {json.dumps(inspection.header)}")
    for name, value in (inspection.claims or {}).items():
        item = inspection.time(name)
        readable = (
            f"  ({item.at:%Y-%m-%d %H:%M:%S} UTC, {item.relative})" if item and item.at else ""
        )
        click.echo(f"  {name:<9} {json.dumps(value)}{readable}")
    if inspection.remaining_text:
        click.echo(f"{'expiry':<11} {inspection.remaining_text}")
    for sentence in sentences:
        click.echo(f"  - {sentence}")
    if inspection.kind == "malformed":
        raise SystemExit(1)


if __name__ == "__main__":
    main()
