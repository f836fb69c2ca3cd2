"""The validation report: one row per check, so a notebook shows *why* (token-validation §1)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from auth0_explore.errors import TokenError
from auth0_explore.text import fields, table
from auth0_explore.tokens.display import html_table, show
from auth0_explore.tokens.reasons import REASONS

if TYPE_CHECKING:
    from auth0_explore.tokens.expectations import Expectations

__all__ = ["Check", "CheckFailedError", "Outcome", "Row", "ValidationReport"]

Status = Literal["passed", "failed", "not run"]


class Check(NamedTuple):
    """One row of a report.

    `passed` is None when the check did not run because an earlier one (structure, key,
    signature) failed; `reason` is a stable code from `REASONS`, empty when passed.
    """

    name: str
    passed: bool | None
    expected: object
    found: object
    reason: str
    explanation: str

    @property
    def status(self) -> Status:
        """`passed`, `failed` or `not run`."""
        if self.passed is None:
            return "not run"
        return "passed" if self.passed else "failed"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Every check run on one token, in order, and the verdict.

    Attributes:
        token: the token's fingerprint (never the token).
        kind: what parsing found (`jws`, `auth0_opaque_jwe`, `jwe`, `opaque`, `malformed`).
        profile: the name of the profile the token was checked against.
        valid: True when every check passed.
        header: the decoded header (empty when parsing failed).
        claims: the decoded claims, or None. Not trustworthy unless `valid`.
        expectations: the policy the token was checked against.
    """

    token: str
    kind: str
    profile: str
    valid: bool
    header: dict[str, Any] = field(repr=False)
    claims: dict[str, Any] | None = field(repr=False)
    rows: tuple[tuple[str, bool | None, object, object, str, str], ...] = field(repr=False)
    expectations: Expectations = field(repr=False)

    @property
    def checks(self) -> tuple[Check, ...]:
        """The rows as `Check`s."""
        return tuple(map(Check._make, self.rows))

    @property
    def failures(self) -> tuple[Check, ...]:
        """The checks that failed, in order."""
        return tuple(Check._make(row) for row in self.rows if row[1] is False)

    @property
    def reason(self) -> str:
        """The reason code of the first failure, or empty when valid."""
        for row in self.rows:
            if row[1] is False:
                return row[4]
        return ""

    @property
    def error(self) -> TokenError | None:
        """The first failure as the `TokenError` the strict helper raises, or None."""
        for row in self.rows:
            if row[1] is False:
                return TokenError(row[4], row[5], check=row[0])
        return None

    def raise_for_failure(self) -> None:
        """Raise the first failure; do nothing when the token is valid."""
        error = self.error
        if error is not None:
            raise error

    def check(self, name: str) -> Check:
        """The row called `name` (KeyError if the report has none)."""
        for row in self.rows:
            if row[0] == name:
                return Check._make(row)
        raise KeyError(name)

    def to_records(self) -> list[dict[str, object]]:
        """The rows as plain dicts, ready for a DataFrame (`expected`/`found` as text)."""
        return [
            {
                "check": c.name,
                "status": c.status,
                "expected": show(c.expected),
                "found": show(c.found),
                "reason": c.reason,
                "explanation": c.explanation,
            }
            for c in self.checks
        ]

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready summary (for `--json` output and exports); the token as a fingerprint."""
        return {
            "token": self.token,
            "kind": self.kind,
            "profile": self.profile,
            "valid": self.valid,
            "reason": self.reason,
            "checks": self.to_records(),
            "expectations": self.expectations.as_dict(),
        }

    def __repr__(self) -> str:
        verdict = "valid" if self.valid else f"invalid: {self.reason}"
        return (
            f"ValidationReport({verdict}, profile={self.profile!r}, kind={self.kind!r}, "
            f"token={self.token!r})"
        )

    def __str__(self) -> str:
        verdict = (
            "valid" if self.valid else f"invalid: {self.reason} ({REASONS.get(self.reason, '')})"
        )
        mark = {"passed": "ok", "failed": "FAIL", "not run": "-"}
        rows = []
        for c in self.checks:
            why = c.explanation
            if c.passed is False:
                why += f" (expected {show(c.expected, 200)}, found {show(c.found, 200)})"
            rows.append((mark[c.status], c.name, why))
        head = fields(
            [("validation", verdict), ("token", f"{self.token}, {self.kind}"),
             ("policy", repr(self.expectations))]
        )  # fmt: skip
        return f"{head}\n{table(('', 'check', 'why'), rows)}"

    def _repr_html_(self) -> str:
        verdict = "✅ valid" if self.valid else f"❌ invalid ({self.reason})"
        if not self.valid:
            verdict += f": {REASONS.get(self.reason, '')}"
        mark = {"passed": "✅", "failed": "❌", "not run": "·"}
        table = html_table(
            ("", "check", "expected", "found", "reason", "explanation"),
            (
                (mark[c.status], c.name, c.expected, c.found, c.reason, c.explanation)
                for c in self.checks
            ),
        )
        return (
            f"<div><p><b>{html.escape(verdict)}</b> — profile {html.escape(self.profile)}, "
            f"{html.escape(self.kind)}, token <code>{html.escape(self.token)}</code></p>"
            f"{table}<details open><summary>checked against</summary>"
            f"{self.expectations._repr_html_()}</details></div>"
        )


#: a passed check: (expected, found, explanation)
Outcome = tuple[object, object, str]
#: a report row: (name, passed, expected, found, reason, explanation)
Row = tuple[str, bool | None, object, object, str, str]


class CheckFailedError(Exception):
    """A failed check inside the validator; becomes a report row or a `TokenError`."""

    def __init__(
        self,
        reason: str,
        message: str,
        expected: object = None,
        found: object = None,
        claim: str = "",
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.expected = expected
        self.found = found
        self.claim = claim

    def error(self, check: str) -> TokenError:
        """The public form of this failure."""
        return TokenError(self.reason, self.message, check=check, claim=self.claim)
