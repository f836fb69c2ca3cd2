"""Fuzz over the OpenAPI description (issue 10): schemathesis against a live sandbox.

Every operation of `/openapi.json` gets `FUZZ_EXAMPLES` generated requests (schemathesis's
examples, coverage and fuzzing phases), sent over loopback to a sandbox of the full profile.
Some values are drawn from the tenant itself (its client ids and secrets, audiences, users,
callbacks), so requests also get past client authentication and reach the grants and the login.
Each answer must conform to the description (status, content type, headers, body schema) and
meet the suites' bar (`bar.py`: no 5xx, the right error shapes, no-store), within `BOUND`.

Left out, with reason: schemathesis's `positive_data_acceptance` — an OAuth server answers 400
`invalid_request` to well-formed requests whose values are wrong (RFC 6749 §5.2), which that
check reads as rejecting valid data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from auth0_explore.sandbox import Sandbox
from auth0_explore.sandbox.http.openapi import openapi_document
from tests.reliability.bar import problems_with
from tests.reliability.conftest import FUZZ_EXAMPLES, by_status

pytestmark = pytest.mark.reliability

BOUND = 10.0  # seconds: every request is answered within it, or the test fails
SCHEMA = schemathesis.openapi.from_dict(openapi_document())
#: values of the tenant under test, by parameter name; filled when its sandbox starts
KNOWN: dict[str, list[str]] = {}


@pytest.fixture(scope="module")
def tenant() -> Iterator[Sandbox]:
    with Sandbox(profile="full") as sb:
        apps = [sb.application(n) for n in ("m2m", "web", "spa", "cli", "m2m-orgs")]
        KNOWN.update(
            client_id=[a.client_id for a in apps],
            client_secret=[a.client_secret.reveal() for a in apps if a.client_secret],
            audience=[sb.api(n).identifier for n in ("custom-rs256", "custom-ps256", "rfc9068")],
            username=["alice@example.com", "bob@example.com"],
            password=["alice-Sandbox-1", "bob-Sandbox-1"],
            redirect_uri=["http://localhost:3000/callback", "http://localhost:5173/callback"],
            returnTo=["http://localhost:3000/"],
            scope=["openid profile email offline_access", "read:items"],
            response_type=["code", "token id_token", "code id_token"],
        )
        yield sb
        KNOWN.clear()


def _with_known(values: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """The generated values, some of them replaced by the tenant's own."""
    optional = {name: st.sampled_from(KNOWN[name]) for name in KNOWN}
    return st.fixed_dictionaries({}, optional=optional).map(lambda known: {**values, **known})


@SCHEMA.hook
def flatmap_body(context: Any, body: Any) -> st.SearchStrategy[Any]:
    return _with_known(body) if isinstance(body, dict) and KNOWN else st.just(body)


@SCHEMA.hook
def flatmap_query(context: Any, query: Any) -> st.SearchStrategy[Any]:
    return _with_known(query) if isinstance(query, dict) and KNOWN else st.just(query)


@dataclass
class Sent:
    """Requests by operation and answers by status, for the figure."""

    operations: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)


@pytest.fixture(scope="module")
def sent(figures: list[str]) -> Iterator[Sent]:
    """What the module sent; its figure once every operation has run."""
    counts = Sent()
    yield counts
    if counts.operations:
        figures.append(
            f"fuzz (schemathesis over /openapi.json): {sum(counts.operations.values())} requests"
            f" over {len(counts.operations)} operations, every answer below 500 and as described"
            f" ({by_status(counts.statuses)})"
        )


@SCHEMA.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_holds_to_its_description(case: Any, tenant: Sandbox, sent: Sent) -> None:
    sent.operations[case.operation.label] += 1
    base = tenant.base_url.rstrip("/")
    response = case.call(base_url=base, timeout=BOUND, allow_redirects=False)
    sent.statuses[response.status_code] += 1
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
    headers = {k.lower(): values[-1] for k, values in response.headers.items()}
    problems = problems_with(case.method, case.path, response.status_code, headers,
                             response.content)  # fmt: skip
    assert not problems, problems
