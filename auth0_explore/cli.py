"""The `auth0-explore` command line: a thin shell over the library (click)."""

from __future__ import annotations

import click

from auth0_explore import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auth0-explore")
def main() -> None:
    """Request Auth0 tokens, decode and validate them, and compare tenant configurations.

    Runs offline against an embedded sandbox tenant, or against a live tenant when
    AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET are set.
    """
