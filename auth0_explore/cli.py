"""The `auth0-explore` command line: a thin shell over the library (click)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import click

from auth0_explore import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auth0-explore")
def main() -> None:
    """Request Auth0 tokens, decode and validate them, and compare tenant configurations.

    Runs offline against an embedded sandbox tenant, or against a live tenant when
    AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are set.
    """


def _profile_names() -> list[str]:
    from auth0_explore.sandbox.profiles import PROFILES

    return list(PROFILES)


@main.command()
@click.option("--profile", type=click.Choice(_profile_names()), help="A ready-made tenant.")
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML tenant file instead of a profile.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Canonical domain port.")
@click.option("--seed", type=int, default=None, help="Deterministic keys and ids.")
def sandbox(profile: str | None, config: Path | None, port: int, seed: int | None) -> None:
    """Serve the sandbox tenant until Ctrl-C; prints one JSON line describing it first."""
    from auth0_explore.errors import Auth0ExploreError
    from auth0_explore.sandbox import DEFAULT_PROFILE, Sandbox

    if profile and config:
        raise click.UsageError("use --profile or --config, not both")
    try:
        server = Sandbox(profile=config or profile or DEFAULT_PROFILE, seed=seed, port=port)
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
def demo() -> None:
    """Start the sandbox and run the Auth0 docs' client-credentials request against it."""
    from auth0_explore.demo import run_demo
    from auth0_explore.sandbox import Sandbox

    with Sandbox() as server:
        result = run_demo(server, click.echo)
    if result.status != 200:
        raise SystemExit(1)
