"""The `auth0-explore` command line: a thin shell over the library (click)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from auth0_explore import __version__
from auth0_explore.cli.audit import audit_command, audit_diff_command
from auth0_explore.cli.options import ProfileName
from auth0_explore.errors import Auth0ExploreError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auth0-explore")
def main() -> None:
    """Request Auth0 tokens, decode and validate them, and compare tenant configurations.

    Runs offline against an embedded sandbox tenant, or against a live tenant when
    AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are set.
    """


@main.command()
@click.option(
    "--profile",
    type=ProfileName(),
    help="A ready-made tenant; default: full (default audience and a custom domain).",
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML tenant file instead of a profile.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Canonical domain port.")
@click.option("--seed", type=int, default=None, help="Deterministic keys, ids and secrets.")
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
@click.option("--pretty", is_flag=True, help="Print the description indented, for people.")
def sandbox(
    profile: str | None,
    config: Path | None,
    port: int,
    seed: int | None,
    workers: int,
    max_connections: int | None,
    tls: bool,
    pretty: bool,
) -> None:
    """Serve the sandbox tenant until Ctrl-C; prints one JSON line describing it first.

    The line lists the domains with their loopback URLs, the applications with their client
    ids and secrets (a private_key_jwt application: the path of its private key), the APIs, the
    default audience and the users. The default profile is full.
    """
    from auth0_explore.cli.sandbox_run import SandboxOptions, serve
    from auth0_explore.sandbox import DEFAULT_PROFILE
    from auth0_explore.sandbox.http.server import DEFAULT_MAX_CONNECTIONS

    if profile and config:
        raise click.UsageError("use --profile or --config, not both")
    if tls and workers > 1:
        raise click.UsageError("--tls serves one process: each worker would make its own CA")
    options = SandboxOptions(
        config or profile or DEFAULT_PROFILE, seed=seed, port=port, workers=workers,
        max_connections=max_connections or DEFAULT_MAX_CONNECTIONS, tls=tls, pretty=pretty,
    )  # fmt: skip
    try:
        serve(options, click.echo)
    except Auth0ExploreError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default="auth0-explore-report",
    show_default=True,
    help="Folder for the HTML report and the CSV, JSON and Parquet exports.",
)
def demo(out: Path) -> None:
    """Run the docs' client-credentials request, the audience matrix under two configurations,
    and an audit of two more.

    Prints the comparison of the default-audience and custom-domain configurations and writes
    an HTML report (with CSV, JSON and Parquet exports) into --out; then audits the `full` and
    `clean` profiles, probes included, and writes the audit's reports into --out/audit.
    """
    from auth0_explore.cli.demo import run_audit_demo, run_demo, run_explorer_demo
    from auth0_explore.sandbox import Sandbox

    with Sandbox() as server:
        result = run_demo(server, click.echo)
    if result.status != 200:
        raise SystemExit(1)
    click.echo("")
    run_explorer_demo(out, click.echo)
    click.echo("")
    run_audit_demo(out / "audit", click.echo)


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
@click.option("--seed", type=int, help="With --sandbox: deterministic keys, ids and secrets.")
@click.option(
    "--hostnames", is_flag=True, help="With --sandbox: address it by host name (realistic iss)."
)
@click.option("--application", default="m2m", show_default=True, help="With --sandbox: the app.")
@click.option("--audience", help="API identifier to ask a token for; default: AUTH0_AUDIENCE.")
@click.option("--scope", help="Space-separated scopes to ask for.")
@click.option("--organization", help="Organization id (org_...) or name.")
@click.option("--basic", is_flag=True, help="Authenticate with HTTP Basic instead of the body.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--reveal",
    is_flag=True,
    help="Print only the raw access token (a credential), e.g. for curl; with --json, put it "
    "in the object.",
)
def token(
    domain: str | None,
    profile: str | None,
    seed: int | None,
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

    \b
    TOKEN=$(auth0-explore token --audience https://api.example.com/ --reveal)
    curl -H "Authorization: Bearer $TOKEN" https://api.example.com/things
    """
    from auth0_explore.cli.token_run import TokenRequest, error_body, request_token

    ask = TokenRequest(domain, profile, seed, hostnames, application, audience, scope,
                       organization, basic)  # fmt: skip
    try:
        request_token(ask, click.echo, as_json=as_json, reveal=reveal)
    except Auth0ExploreError as exc:
        if as_json:
            click.echo(json.dumps(error_body(exc), indent=2))
        raise click.ClickException(str(exc)) from None


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
    from auth0_explore.cli.snapshot_run import save, take_snapshot

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

    from auth0_explore.cli.snapshot_run import compare, format_changes

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
@click.argument("token", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the inspection as JSON.")
@click.option(
    "--domain",
    "domains",
    multiple=True,
    help="The tenant's domain: its discovery document and JWKS are fetched, and its issuer "
    "expected. Repeat for custom domains.",
)
@click.option("--jwks", metavar="URL|FILE", help="Keys from this JWKS URL or saved file.")
@click.option("--issuer", "issuers", multiple=True, help="Accepted issuer URL (repeatable).")
@click.option("--audience", help="The API identifier (for an ID token, the client id).")
@click.option(
    "--profile",
    type=click.Choice(["auth0", "rfc9068", "id-token", "string-aud"]),
    help="The kind of token expected: an Auth0 access token (default), an RFC 9068 one, an ID "
    "token, or one for an API that accepts aud only as a string.",
)
@click.option(
    "--sandbox",
    metavar="PROFILE",
    type=ProfileName(),
    help="Start an embedded sandbox tenant and use its keys and issuers (with --seed N, those "
    "of `token --sandbox PROFILE --seed N`).",
)
@click.option("--seed", type=int, help="With --sandbox: the seed the token's sandbox used.")
@click.option("--leeway", type=click.FloatRange(0), help="Seconds of clock skew (default 60).")
@click.option("--alg", "algorithms", multiple=True, help="Allowed alg (repeatable).")
@click.option("--scope", "scopes", multiple=True, help="Required scope (repeatable).")
def inspect_command(
    token: str | None,
    as_json: bool,
    domains: tuple[str, ...],
    jwks: str | None,
    issuers: tuple[str, ...],
    audience: str | None,
    profile: str | None,
    sandbox: str | None,
    seed: int | None,
    leeway: float | None,
    algorithms: tuple[str, ...],
    scopes: tuple[str, ...],
) -> None:
    """Decode TOKEN, and validate it when told what it must be.

    Prints the kind, header, claims with readable times, and why the token looks so. With
    --domain, --jwks or --sandbox (and --audience) it also checks the token and prints every
    check and the policy used. TOKEN may be `Bearer eyJ...`; leave it out (or give -) to read
    it from standard input, which keeps it out of the shell history; on a terminal you are
    asked for it. Nothing but the key set is fetched.

    Exit status: 0 valid (or decoded, when nothing was asked), 1 invalid or not a JWT, 2 usage.
    """
    from auth0_explore.cli.inspect_run import InspectOptions, inspect_text
    from auth0_explore.clock import SystemClock

    raw = _read_token(token)
    options = InspectOptions(jwks, domains, issuers, audience, profile, algorithms, scopes,
                             leeway, sandbox, seed)  # fmt: skip
    try:
        status = inspect_text(raw, options, SystemClock(), click.echo, as_json=as_json)
    except Auth0ExploreError as exc:
        raise click.UsageError(str(exc)) from None
    if status:
        raise SystemExit(status)


def _read_token(token: str | None) -> str:
    """The token argument, else standard input; on a terminal, a prompt (input hidden)."""
    if token not in (None, "-"):
        return str(token)
    if sys.stdin.isatty():
        return str(click.prompt("Paste the token (input hidden), then Enter", hide_input=True,
                                err=True))  # fmt: skip
    text = sys.stdin.read()
    if not text.strip():
        raise click.UsageError("no token: give it as an argument or on standard input")
    return text


main.add_command(audit_command)
main.add_command(audit_diff_command)

if __name__ == "__main__":
    main()
