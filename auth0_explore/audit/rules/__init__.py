"""The rule table: every family's rules, in one tuple the engine, reports and docs read.

One module per family (`audience` and `apis`, `grants`, `clients`, `tenant`, `domains`, `keys`,
`tokens`);
adding a rule is one decorated function in its family's module and one trigger in
`tests/audit/triggers.py` (the parametrized test over this table fails until it has one).
"""

from __future__ import annotations

from auth0_explore.audit.model import Rule
from auth0_explore.audit.registry import rule_table
from auth0_explore.audit.rules import (
    apis,
    audience,
    clients,
    domains,
    grants,
    keys,
    tenant,
    tokens,
)
from auth0_explore.errors import ConfigError

__all__ = ["RULES", "rule"]

#: every rule, family by family (`model.AREAS` order), each family in declaration order
RULES = rule_table(
    m.family for m in (audience, apis, grants, clients, tenant, domains, keys, tokens)
)
_BY_ID = {r.id: r for r in RULES}


def rule(rule_id: str) -> Rule:
    """The rule with this id."""
    found = _BY_ID.get(rule_id.upper())
    if found is None:
        raise ConfigError(f"no audit rule {rule_id!r}; the rules are {', '.join(_BY_ID)}")
    return found
