"""Reason codes: every code the inspector can raise is listed, with one line, in REASONS."""

from __future__ import annotations

import ast
from pathlib import Path

from auth0_explore.tokens import REASONS

PACKAGE = Path(__file__).resolve().parents[2] / "auth0_explore" / "tokens"
# callable name -> position of the reason code among its arguments
RAISERS = {"TokenError": 0, "CheckFailedError": 0, "_fail": 0, "_bad": 2}


def _codes_used() -> set[str]:
    codes = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            position = RAISERS.get(name)
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                codes.add(argument.value)
    return codes


def test_every_raised_code_is_documented() -> None:
    """No code reaches a caller without its line in REASONS (and the docs' list)."""
    used = _codes_used()
    assert used, "the scan found no reason codes"
    assert used <= set(REASONS), sorted(used - set(REASONS))


def test_reasons_are_stable_snake_case_with_one_line_each() -> None:
    """Codes are lower snake case; each description is one line."""
    for code, line in REASONS.items():
        assert code == code.lower()
        assert code.replace("_", "").isalpha()
        assert line
        assert "\n" not in line


def test_the_docs_list_every_code() -> None:
    """The token inspector's reference (docs/reference/tokens.md) lists every code of REASONS."""
    page = (PACKAGE.parents[1] / "docs" / "reference" / "tokens.md").read_text()
    for code in REASONS:
        assert f"`{code}`" in page, code
