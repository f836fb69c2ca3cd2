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
    if view["expectations"] is not None:
        policy = view["expectations"]
        click.echo(f"{'checked for':<13} aud {policy['audience']}, iss {policy['issuers']}, "
                   f"{policy['profile']}, {', '.join(policy['algorithms'])}")  # fmt: skip
    for sentence in view["explanation"]:
        click.echo(f"  - {sentence}")


def _inspector_view(result: TokenResult) -> dict[str, Any]:
    """The token as the inspector sees it: kind, decoded header and claims, verdict, why."""
    inspection = result.inspection
    policy: dict[str, object] | None = None
    try:
        report = result.validation
        valid, reason, policy = report.valid, report.reason, report.expectations.as_dict()
    except Auth0ExploreError as exc:  # the JWKS could not be had: no verdict
        valid, reason = False, getattr(exc, "reason", "jwks_unavailable")
    return {
        "kind": inspection.kind,
        "family": inspection.family,
        "header": inspection.header,
        "claims": inspection.claims,
        "valid": valid,
        "reason": reason,
        "expectations": policy,
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


@main.command(name="inspect")
@click.argument("token", default="-")
@click.option("--json", "as_json", is_flag=True, help="Print the inspection as JSON.")
@click.option(
    "--jwks",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Validate offline against this JWKS document (a file, e.g. saved from the tenant).",
)
@click.option("--domain", "domains", multiple=True, help="Accepted tenant domain (repeatable).")
@click.option("--issuer", "issuers", multiple=True, help="Accepted issuer URL (repeatable).")
@click.option("--audience", help="The API identifier (or client id) the token must be for.")
@click.option(
    "--token-profile",
    type=click.Choice(["auth0_access_token", "rfc9068_access_token", "id_token", "string_aud_api"]),
    default="auth0_access_token",
    show_default=True,
    help="The kind of token expected.",
)
@click.option("--alg", "algorithms", multiple=True, help="Allowed alg (repeatable).")
@click.option("--scope", "scopes", multiple=True, help="Required scope (repeatable).")
def inspect_command(
    token: str,
    as_json: bool,
    jwks: Path | None,
    domains: tuple[str, ...],
    issuers: tuple[str, ...],
    audience: str | None,
    token_profile: str,
    algorithms: tuple[str, ...],
    scopes: tuple[str, ...],
) -> None:
    """Decode TOKEN offline: kind, header, claims, readable times, and why it looks so.

    Pass - (the default) to read the token from standard input, which keeps it out of the
    shell history. Nothing is sent anywhere. With --jwks, --audience and --domain (or
    --issuer) it is also validated against that key set, and the command exits 1 when the
    token is not valid; `auth0-explore token` requests and validates.
    """
    from auth0_explore.clock import SystemClock
    from auth0_explore.inspect_commands import OfflineCheck, inspect_text

    from_stdin = token == "-"  # noqa: S105 - "-" is the stdin marker, not a password
    raw = sys.stdin.read().strip() if from_stdin else token.strip()
    check = OfflineCheck(jwks, domains, issuers, audience, token_profile, algorithms, scopes)
    try:
        status = inspect_text(raw, check, SystemClock(), click.echo, as_json=as_json)
    except Auth0ExploreError as exc:
        raise click.UsageError(str(exc)) from None
    if status:
        raise SystemExit(status)


if __name__ == "__main__":
    main()
