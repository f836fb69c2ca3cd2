"""The exercise checker: right, wrong and unanswered, compared the way a person means it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from auth0_explore.course import check, value
from auth0_explore.errors import ConfigError


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("  Audience ", "audience"),
        ("24", 24),
        (24.0, np.int64(24)),
        ("yes", True),
        (False, np.bool_(False)),
        ("https://x/userinfo", ["https://x/userinfo"]),
        (["b", "a"], ("a", "b")),
        (None, pd.NA),
        ("Service not enabled within  domain: x", "Service not enabled within domain: x"),
    ],
    ids=["case-spaces", "number-text", "numpy-int", "yes", "numpy-bool", "one-item-list",
         "any-order", "missing", "inner-spaces"],
)  # fmt: skip
def test_answers_are_compared_as_meant(answer: Any, expected: Any) -> None:
    """Case and spacing of text, number types, yes/no, NumPy and pandas values, list order."""
    verdict = check(answer, expected, about="x")
    assert verdict.right, verdict


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("https://api.example.com", "https://api.example.com/"),
        (23.5, 24),
        ("no", True),
        (["a"], ["a", "b"]),
        (0, False),
        ("24", "twenty-four"),
        (None, "x"),
    ],
    ids=["trailing-slash", "number", "bool", "list-length", "zero-is-not-false", "text",
         "none"],
)  # fmt: skip
def test_a_near_miss_is_wrong(answer: Any, expected: Any) -> None:
    """A trailing slash matters (audiences match byte for byte); 0 is not False."""
    assert check(answer, expected, about="x").state == "wrong"


def test_the_three_verdicts_say_what_was_checked_and_what_to_do() -> None:
    """Right shows the value and why; wrong shows the answer and a hint (never the right
    answer); the placeholder `...` asks for an answer. Each renders as an escaped box."""
    right = check(24, 24.0, about="hours", why="86400 s is a day.")
    assert str(right) == "✓ Right — hours: 24. 86400 s is a day."
    wrong = check(86400, 24, about="the lifetime <in hours>", hint="expires_in is in seconds.")
    assert str(wrong) == (
        "✗ Not yet — the lifetime <in hours>: you answered 86400. Hint: expires_in is in seconds."
    )
    assert "24" not in wrong.message
    assert "&lt;in hours&gt;" in wrong._repr_html_()
    assert "a0x-box bad" in wrong._repr_html_()
    assert check(1, 2, about="x").message.endswith("Try again.")
    unanswered = check(..., 24, about="hours")
    assert unanswered.state == "unanswered"
    assert "replace the ..." in str(unanswered)


def test_other_accepted_answers_and_ordered_lists() -> None:
    """`accept` takes alternatives (a reason code for a check's name); `ordered` compares lists
    in order."""
    assert check("aud_mismatch", "audience", about="x", accept=["aud_mismatch"]).right
    assert not check(["b", "a"], ["a", "b"], about="x", ordered=True).right
    assert check(["a", "b"], ["a", "b"], about="x", ordered=True).right


def test_value_reads_one_answer_from_a_frame() -> None:
    """The rows matching `where` must agree on one value; none or several is a clear error."""
    frame = pd.DataFrame(
        {"scenario": ["a", "a", "b"], "configuration": ["x", "y", "x"], "status": [403, 403, 200]}
    )
    assert value(frame, "status", where={"scenario": "a"}) == 403
    with pytest.raises(ConfigError, match="no row has"):
        value(frame, "status", where={"scenario": "c"})
    with pytest.raises(ConfigError, match="disagree on 'status'"):
        value(frame, "status", where={"configuration": "x"})
    with pytest.raises(ConfigError, match="no column 'nope'"):
        value(frame, "nope", where={})
