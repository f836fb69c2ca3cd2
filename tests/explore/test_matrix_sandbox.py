"""The standard audience matrix on the sandbox gives what Auth0's documentation says it gives."""

from __future__ import annotations

import pandas as pd
import pytest

from auth0_explore.explore.runner import Run
from auth0_explore.explore.scenarios import Scenario, under
from auth0_explore.explore.targets import Target
from auth0_explore.sandbox import Sandbox
from tests.explore.conftest import CANONICAL, CUSTOM, RS256_API

CLIENT_GRANT_MISSING = (
    'Client is not authorized to access "{aud}". You need to create a "client-grant" associated '
    "to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants"
)


def _rows(target: Target, **matrix: object) -> pd.DataFrame:
    frame = Run(target.matrix(**matrix), target, progress=False).start().frame()  # type: ignore[arg-type]
    return frame.set_index(["scenario", "domain"])


def test_management_api_token_is_a_jwt_for_the_canonical_api_v2(plain: Target) -> None:
    """Management API: a signed JWT whose aud is the string https://<tenant>/api/v2/ (§3.5)."""
    row = _rows(plain).loc[("Management API", f"https://{CANONICAL}/")]
    assert row["outcome"] == "token"
    assert row["token_kind"] == "jws"
    assert row["aud"] == [f"https://{CANONICAL}/api/v2/"]
    assert not row["aud_is_array"]
    assert row["valid"]
    assert "Management API" in row["explanation"]


def test_custom_api_token_is_a_valid_m2m_jwt(plain: Target) -> None:
    """Custom API: RS256 JWT, string aud, gty client-credentials, sub <client>@clients, 24 h."""
    row = _rows(plain).loc[("custom API", f"https://{CANONICAL}/")]
    assert (row["alg"], row["typ"], row["gty"]) == ("RS256", "JWT", "client-credentials")
    assert row["aud"] == [RS256_API]
    assert row["sub"] == f"{row['client']}@clients"
    assert row["azp"] == row["client"]
    assert row["scope"] == "read:items write:items"
    assert row["lifetime_s"] == 86400
    assert row["valid"]
    assert pd.isna(row["first_failed_check"])
    assert str(row["exp"].tz) == "UTC"


def test_iss_is_the_domain_the_request_went_to(custom_domain: Target) -> None:
    """Canonical vs custom domain: iss follows the host; Auth0 API audiences stay canonical (§7)."""
    rows = _rows(custom_domain, all_domains=True)
    canonical = rows.loc[("custom API", f"https://{CANONICAL}/")]
    custom = rows.loc[("custom API", f"https://{CUSTOM}/")]
    assert canonical["iss"] == f"https://{CANONICAL}/"
    assert custom["iss"] == f"https://{CUSTOM}/"
    assert custom["valid"], custom["first_failed_check"]
    management = rows.loc[("Management API", f"https://{CUSTOM}/")]
    assert management["aud"] == [f"https://{CANONICAL}/api/v2/"]
    assert "custom domain" in custom["explanation"]


def test_no_audience_fails_without_a_default_and_gets_the_default_with_one(
    plain: Target, default: Target
) -> None:
    """The default-audience effect on client credentials (§2.3 step 2, §6)."""
    without = _rows(plain).loc[("no audience", f"https://{CANONICAL}/")]
    assert (without["status"], without["error"]) == (403, "access_denied")
    assert without["error_description"] == "Non-global clients are not allowed access to APIv1"
    assert "no default audience" in without["explanation"]
    with_default = _rows(default).loc[("no audience", f"https://{CANONICAL}/")]
    assert with_default["outcome"] == "token"
    assert with_default["aud"] == [RS256_API]
    assert with_default["valid"]
    assert "default audience" in with_default["explanation"]


@pytest.mark.parametrize(
    ("label", "description"),
    [
        ("unknown audience", "Service not enabled within domain: https://unknown.invalid/"),
        (
            "trailing-slash variant",
            "Service not enabled within domain: https://api.sandbox.example",
        ),
        ("custom API + openid", "Client has not been granted scopes: openid"),
    ],
    ids=["unknown", "trailing-slash", "openid-not-granted"],
)
def test_refusals_keep_auth0s_exact_error(plain: Target, label: str, description: str) -> None:
    """A refused attempt is a row with status 403, access_denied and the exact description."""
    row = _rows(plain).loc[(label, f"https://{CANONICAL}/")]
    assert (row["outcome"], row["status"], row["error"]) == ("error", 403, "access_denied")
    assert row["error_description"] == description
    assert row["explanation"]
    assert pd.isna(row["fingerprint"])
    assert pd.isna(row["iss"])


def test_missing_client_grant_is_a_row_with_the_client_grant_error(plain_sandbox: Sandbox) -> None:
    """An application without a client grant for the API gets Auth0's client-grant error."""
    with Target.from_sandbox(plain_sandbox, "plain", application="m2m-quota") as target:
        scenario = Scenario("Management API", "management", target.management_api)
        row = Run([scenario], target, progress=False).start().frame().iloc[0]
    assert (row["status"], row["error"]) == (403, "access_denied")
    assert row["error_description"] == CLIENT_GRANT_MISSING.format(aud=target.management_api)
    assert "client grant" in row["explanation"]


def test_resource_parameter_stands_for_audience(plain: Target) -> None:
    """`resource` (RFC 8707) gets the same API token as `audience` in compatibility mode (§6)."""
    row = _rows(plain).loc[("resource parameter", f"https://{CANONICAL}/")]
    assert row["aud"] == [RS256_API]
    assert row["requested_audience"] == RS256_API


@pytest.mark.parametrize(
    ("api", "alg", "typ"),
    [
        ("https://hs256.sandbox.example/", "HS256", "JWT"),
        ("https://rfc9068.sandbox.example/", "RS256", "at+jwt"),
        ("https://ps256.sandbox.example/", "PS256", "JWT"),
    ],
    ids=["hs256", "rfc9068", "ps256"],
)
def test_other_apis_validate_with_their_own_algorithm_and_dialect(
    plain: Target, api: str, alg: str, typ: str
) -> None:
    """HS256 tokens check against the API secret, RFC 9068 ones against that profile, PS256
    ones with the tenant key published for RS256 (the allow-list is the API's: PS256)."""
    row = Run([Scenario("api", "custom", api)], plain, progress=False).start().frame().iloc[0]
    assert (row["alg"], row["typ"]) == (alg, typ)
    assert row["valid"], row["first_failed_check"]


def test_one_matrix_runs_under_two_configurations(plain: Target, default: Target) -> None:
    """Scenarios labelled per configuration run against their own target, in matrix order."""
    base = plain.matrix()
    scenarios = under("plain", base) + under("default-audience", base)
    run = Run(scenarios, [plain, default], progress=False).start()
    frame = run.frame()
    assert frame["configuration"].tolist() == ["plain"] * len(base) + ["default-audience"] * len(
        base
    )
    assert run.done
    assert run.stats()["finished"] == len(scenarios)


def test_repeated_requests_are_served_from_the_token_cache(plain: Target) -> None:
    """The same client-credentials request twice mints once; the second row says from_cache."""
    first = Scenario("a", "custom", RS256_API)
    second = Scenario("b", "custom", RS256_API)
    run = Run([first, second], plain, workers=1, progress=False).start()
    assert run.frame()["from_cache"].tolist() == [False, True]


def test_organization_scenarios_carry_org_id(plain_sandbox: Sandbox) -> None:
    """An organization the client grant allows puts org_id in the token and the row."""
    org = plain_sandbox.tenant.organization("acme")
    assert org is not None
    with Target.from_sandbox(plain_sandbox, "orgs", application="m2m-orgs") as target:
        matrix = target.matrix(choices=("custom",), organization=org.id)
        row = Run(matrix, target, progress=False).start().frame().iloc[0]
    assert row["organization"] == org.id
    assert row["org_id"] == org.id
    assert "org_id" in row["explanation"]
