"""Parameter types the command line's modules share (commands.py, audit.py)."""

from __future__ import annotations

from typing import Any

import click

__all__ = ["ProfileName"]


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
