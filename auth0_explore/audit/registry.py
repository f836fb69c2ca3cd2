"""How rule modules register their rules: one `Family` per module, one decorator per rule.

    family = Family("audience")

    @family.rule("AUD-01", "The default audience names no API", severity="high", ...)
    def dangling_default_audience(ctx: AuditContext) -> Iterator[Hit]:
        ...

The decorator keeps the function as it is (a plain function of the context, testable alone)
and appends a `Rule` to `family.rules`; `audit.rules.RULES` joins the families into the one
table the engine, the reports and the reference page read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from auth0_explore.audit.model import AREAS, Check, ProbeSupport, Rule, Severity
from auth0_explore.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Family", "rule_table"]


class Family:
    """The rules of one area, in the order they are declared."""

    def __init__(self, area: str) -> None:
        if area not in AREAS:
            raise ConfigError(f"unknown rule area {area!r}; use one of {', '.join(AREAS)}")
        self.area = area
        self.rules: list[Rule] = []

    def rule(
        self,
        rule_id: str,
        title: str,
        *,
        severity: Severity,
        rationale: str,
        doc: str,
        fix: str,
        probe: ProbeSupport,
        evidence: str,
        checkmate: str | None = None,
    ) -> Callable[[Check], Check]:
        """Register the decorated function as rule `rule_id` of this family."""

        def register(check: Check) -> Check:
            self.rules.append(
                Rule(
                    rule_id,
                    title,
                    severity,
                    self.area,
                    rationale,
                    doc,
                    fix,
                    probe,
                    evidence,
                    check,
                    checkmate,
                )
            )
            return check

        return register


def rule_table(families: Iterable[Family]) -> tuple[Rule, ...]:
    """Every family's rules, checked: ids unique and shaped `ABC-01`."""
    table = tuple(r for family in families for r in family.rules)
    seen: set[str] = set()
    for rule in table:
        prefix, _, number = rule.id.partition("-")
        if not (prefix.isupper() and len(prefix) == 3 and number.isdigit() and len(number) == 2):
            raise ConfigError(f"rule id {rule.id!r} is not shaped like AUD-01")
        if rule.id in seen:
            raise ConfigError(f"rule id {rule.id} is declared twice")
        seen.add(rule.id)
    return table
