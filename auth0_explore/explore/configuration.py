"""What changes when a tenant's configuration changes: the same matrix before and after.

    before = SandboxConfiguration.read(sb, "custom-rs256")
    after = replace(before, default_audience="https://api.sandbox.example/", rbac=True)
    change = before_and_after(sb, before, after)
    change.comparison          # the same scenarios side by side, differences marked

The toggles are the ones Auth0 configuration discussions turn on: the tenant's default audience,
asking through the custom domain, and one API's token dialect, signing algorithm, lifetime and
RBAC. They are set through the sandbox's Python API (`sb.tenant.settings`, the API object); a
Management API will take over later. A configuration the sandbox refuses is rolled back.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, Final

import pandas as pd

from auth0_explore.errors import ConfigError
from auth0_explore.explore.compare import Comparison, compare
from auth0_explore.explore.runner import Run
from auth0_explore.explore.scenarios import STANDARD_CHOICES
from auth0_explore.explore.targets import Target

__all__ = [
    "DIALECTS",
    "SIGNING_ALGS",
    "BeforeAfter",
    "SandboxConfiguration",
    "before_and_after",
]

#: Auth0's token dialects (`_authz` adds `permissions`; `rfc9068_` the RFC 9068 profile)
DIALECTS: Final = ("access_token", "access_token_authz", "rfc9068_profile", "rfc9068_profile_authz")
#: the algorithms an API can sign with
SIGNING_ALGS: Final = ("RS256", "PS256", "HS256")


@dataclass(frozen=True, slots=True)
class SandboxConfiguration:
    """The toggles of one configuration, as one value (compare two with `changes`).

    Attributes:
        default_audience: the tenant's default audience ("" for none).
        custom_domain: ask through the custom domain instead of the canonical one.
        api: the API (name) whose settings follow, and that the matrix's custom API is.
        dialect: its `token_dialect`, one of `DIALECTS`.
        signing_alg: its `signing_alg`, one of `SIGNING_ALGS`.
        token_lifetime: its `token_lifetime`, in seconds.
        rbac: its `enforce_policies` (RBAC).
    """

    default_audience: str = ""
    custom_domain: bool = False
    api: str = "custom-rs256"
    dialect: str = "access_token"
    signing_alg: str = "RS256"
    token_lifetime: int = 86400
    rbac: bool = False

    @classmethod
    def read(cls, sandbox: Any, api: str, *, custom_domain: bool = False) -> SandboxConfiguration:
        """The sandbox's configuration now, for `api`."""
        found = sandbox.api(api)
        return cls(
            default_audience=sandbox.tenant.settings.default_audience,
            custom_domain=custom_domain,
            api=found.name,
            dialect=found.token_dialect,
            signing_alg=found.signing_alg,
            token_lifetime=found.token_lifetime,
            rbac=found.enforce_policies,
        )

    def apply(self, sandbox: Any) -> None:
        """Set this configuration on the running sandbox (the next request sees it); one the
        sandbox refuses is rolled back and raised as `ConfigError`."""
        if self.custom_domain and len(sandbox.domains) < 2:
            raise ConfigError(
                "this sandbox has no custom domain: start one with profile 'custom-domain' or "
                "'full' to ask through it"
            )
        previous = SandboxConfiguration.read(sandbox, self.api)
        self._set(sandbox)
        try:
            sandbox.tenant.check()
        except ConfigError:
            previous._set(sandbox)
            raise

    def _set(self, sandbox: Any) -> None:
        api = sandbox.api(self.api)
        sandbox.tenant.settings.default_audience = self.default_audience
        api.token_dialect = self.dialect
        api.signing_alg = self.signing_alg
        if self.signing_alg == "HS256":
            api.hs256_secret(lambda: secrets.token_urlsafe(32))  # an HS256 API needs one
        api.token_lifetime = int(self.token_lifetime)
        api.enforce_policies = bool(self.rbac)

    def changes(self, other: SandboxConfiguration) -> list[tuple[str, object, object]]:
        """(toggle, this value, the other's value) for each toggle that differs."""
        return [
            (f.name, getattr(self, f.name), getattr(other, f.name))
            for f in fields(self)
            if getattr(self, f.name) != getattr(other, f.name)
        ]


@dataclass(frozen=True)
class BeforeAfter:
    """The same scenarios under two configurations: the rows, the comparison, what changed."""

    before: SandboxConfiguration
    after: SandboxConfiguration
    frame: pd.DataFrame
    comparison: Comparison

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(toggle, before, after) for each toggle that changed."""
        return self.before.changes(self.after)


def before_and_after(
    sandbox: Any,
    before: SandboxConfiguration,
    after: SandboxConfiguration,
    *,
    grants: Sequence[str] = ("client_credentials",),
    choices: Sequence[str] = STANDARD_CHOICES,
) -> BeforeAfter:
    """Run the standard matrix under `before`, then under `after` (left applied), compare."""
    frames = []
    for label, configuration in (("before", before), ("after", after)):
        configuration.apply(sandbox)
        domain = sandbox.domains[1 if configuration.custom_domain else 0].name
        with Target.from_sandbox(sandbox, label, custom_api=configuration.api) as target:
            scenarios = target.matrix(choices=choices, grants=grants, domains=[domain])
            frames.append(Run(scenarios, target, progress=False).start().frame())
    frame = pd.concat(frames, ignore_index=True)
    return BeforeAfter(before, after, frame, compare(frame, across="configuration"))
