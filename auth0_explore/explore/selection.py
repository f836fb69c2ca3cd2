"""A pick of configurations, domains, grants, audience choices and a scope: a matrix to run.

    pick = MatrixSelection(configurations=("plain", "default-audience"), domains=(...))
    run = Run(pick.scenarios(targets), targets)
    pick.compare(run.frame())      # across configurations, else across domains

The audience-matrix widget is a view over this: what it shows is what a selection picks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from auth0_explore.errors import ConfigError
from auth0_explore.explore.compare import Comparison, compare
from auth0_explore.explore.scenarios import STANDARD_CHOICES, Scenario
from auth0_explore.explore.targets import Target

__all__ = ["MATRIX_GRANTS", "MatrixSelection"]

#: the grants a matrix can run (the explorer's `GRANTS`)
MATRIX_GRANTS = ("client_credentials", "authorization_code", "password")


@dataclass(frozen=True, slots=True)
class MatrixSelection:
    """What to run: each picked configuration on each of its picked domains, every grant and
    audience choice. An empty `domains` means each configuration's default domain."""

    configurations: tuple[str, ...]
    domains: tuple[str, ...] = ()
    grants: tuple[str, ...] = ("client_credentials",)
    choices: tuple[str, ...] = STANDARD_CHOICES
    scope: str | None = None

    @classmethod
    def everything(cls, targets: Sequence[Target]) -> MatrixSelection:
        """Every configuration on its default domain, client credentials, the standard choices."""
        return cls(configurations=tuple(t.label for t in targets))

    def scenarios(self, targets: Sequence[Target]) -> list[Scenario]:
        """The scenarios of this selection, configuration by configuration."""
        if not self.configurations or not self.grants or not self.choices:
            raise ConfigError("pick at least one configuration, one grant and one audience choice")
        by_label = {t.label: t for t in targets}
        scenarios: list[Scenario] = []
        for label in self.configurations:
            target = by_label.get(label)
            if target is None:
                raise ConfigError(f"no configuration {label!r}; there are {', '.join(by_label)}")
            domains = [d for d in self.domains if d in target.domains]
            if self.domains and not domains:
                continue  # none of the picked domains belongs to this configuration
            scenarios += target.matrix(
                choices=self.choices,
                scope=self.scope or None,
                grants=self.grants,
                domains=domains or None,
            )
        if not scenarios:
            raise ConfigError("the picked domains belong to none of the picked configurations")
        return scenarios

    def compare(self, frame: pd.DataFrame) -> Comparison | None:
        """Side by side: across configurations when several ran (each domain its own row),
        else across domains when several did; None when the frame has one side only."""
        if frame.empty:
            return None
        several_domains = frame["domain"].nunique() > 1
        if frame["configuration"].nunique() > 1:
            on = ("scenario", "grant", "domain") if several_domains else ("scenario", "grant")
            return compare(frame, across="configuration", on=on)
        return compare(frame, across="domain") if several_domains else None
