"""Tenant connections from explicit values, the environment, a .env file, or a sandbox."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from auth0_explore.config import Credentials, TenantConnection, normalize_base_url
from auth0_explore.environment import EnvSource, find_dotenv_file
from auth0_explore.errors import ConfigError
from auth0_explore.secrets import Secret

CANARY = "canary-secret-0123456789abcdef"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("dev-x.us.auth0.com", "https://dev-x.us.auth0.com/"),
        ("https://dev-x.us.auth0.com", "https://dev-x.us.auth0.com/"),
        ("https://dev-x.us.auth0.com/", "https://dev-x.us.auth0.com/"),
        ("  DEV-X.us.Auth0.com  ", "https://dev-x.us.auth0.com/"),
        ("login.example.com:8443", "https://login.example.com:8443/"),
        ("http://127.0.0.1:8791/", "http://127.0.0.1:8791/"),
        ("127.0.0.1:8791", "http://127.0.0.1:8791/"),
        ("localhost:8791", "http://localhost:8791/"),
        ("http://[::1]:8791", "http://[::1]:8791/"),
    ],
    ids=[
        "bare",
        "https",
        "https-slash",
        "case-space",
        "port",
        "loopback",
        "bare-loopback",
        "localhost",
        "ipv6-loopback",
    ],
)
def test_domains_normalise_to_one_base_url(given: str, expected: str) -> None:
    """However a person writes the domain, the base URL is scheme://host[:port]/."""
    assert normalize_base_url(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("", "AUTH0_DOMAIN"),
        ("http://dev-x.us.auth0.com", "https"),
        ("https://dev-x.us.auth0.com/oauth/token", "path"),
        ("https://dev-x.us.auth0.com/?a=1", "query"),
        ("https://user:pw@dev-x.us.auth0.com/", "user"),
        ("ftp://dev-x.us.auth0.com/", "host name"),
        ("https://dev-x.us.auth0.com:99999/", "not a valid"),
    ],
    ids=["empty", "plain-http", "path", "query", "userinfo", "scheme", "bad-port"],
)
def test_bad_domains_raise_config_errors_that_say_what_to_set(given: str, message: str) -> None:
    """A domain that is not a tenant's base URL is refused with a message saying what to give."""
    with pytest.raises(ConfigError, match=message):
        normalize_base_url(given)


def test_credentials_mask_a_plain_secret_and_require_a_client_id() -> None:
    """A plain secret becomes a Secret at once; an empty client id says which variable to set."""
    creds = Credentials("abc", CANARY)  # type: ignore[arg-type]
    assert isinstance(creds.client_secret, Secret)
    assert CANARY not in repr(creds)
    assert creds.require_secret().reveal() == CANARY
    with pytest.raises(ConfigError, match="AUTH0_CLIENT_SECRET"):
        Credentials("abc").require_secret()
    with pytest.raises(ConfigError, match="AUTH0_CLIENT_ID"):
        Credentials(" ")


def test_environment_wins_over_the_dotenv_file(tmp_path: Path) -> None:
    """Values in the environment override the .env file, which is read, never loaded."""
    dotenv = tmp_path / "tenant.env"
    dotenv.write_text(
        f"AUTH0_DOMAIN=file.eu.auth0.com\nAUTH0_CLIENT_ID=fromfile\nAUTH0_CLIENT_SECRET={CANARY}\n"
        "AUTH0_AUDIENCE=https://api.example.com/\n"
    )
    conn = TenantConnection.from_env({"AUTH0_DOMAIN": "env.us.auth0.com"}, dotenv=dotenv)
    assert conn.base_url == "https://env.us.auth0.com/"
    assert conn.credentials == Credentials("fromfile", Secret(CANARY))
    assert conn.audience == "https://api.example.com/"
    assert conn.management_audience == "https://env.us.auth0.com/api/v2/"
    assert CANARY not in repr(conn)


def test_default_dotenv_is_found_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no path given, the .env of the current directory (or a parent) is read."""
    (tmp_path / ".env").write_text("AUTH0_DOMAIN=dev-found.us.auth0.com\n")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert TenantConnection.from_env({}).domain == "dev-found.us.auth0.com"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "AUTH0_DOMAIN is not set"),
        ({"AUTH0_DOMAIN": "x.auth0.com", "AUTH0_CLIENT_SECRET": "s"}, "AUTH0_CLIENT_ID is not"),
    ],
    ids=["no-domain", "secret-without-id"],
)
def test_missing_environment_raises_config_error_naming_the_variable(
    env: dict[str, str], message: str
) -> None:
    """Incomplete configuration names the variable to set."""
    with pytest.raises(ConfigError, match=message):
        TenantConnection.from_env(env, dotenv=None)


def test_missing_explicit_dotenv_file_is_an_error(tmp_path: Path) -> None:
    """A .env path given explicitly must exist."""
    with pytest.raises(ConfigError, match="does not exist"):
        TenantConnection.from_env({}, dotenv=tmp_path / "nope.env")


@dataclass
class _Domain:
    name: str
    base_url: str
    canonical: bool


@dataclass
class _App:
    client_id: str
    client_secret: Secret


class _FakeSandboxDescription:
    """The shape of a running sandbox that from_sandbox reads (plain data, no server)."""

    domains = (
        _Domain("dev-sandbox.us.auth0.com", "http://127.0.0.1:8001/", True),
        _Domain("login.example.com", "http://127.0.0.1:8002/", False),
    )

    def application(self, name: str) -> _App:
        return _App(f"id-{name}", Secret(CANARY))


@pytest.mark.parametrize(
    ("hostnames", "domain", "base", "issuers", "routes"),
    [
        (
            False,
            None,
            "http://127.0.0.1:8001/",
            ("http://127.0.0.1:8001/", "http://127.0.0.1:8002/"),
            {},
        ),
        (
            True,
            "login.example.com",
            "https://login.example.com/",
            ("https://dev-sandbox.us.auth0.com/", "https://login.example.com/"),
            {
                "dev-sandbox.us.auth0.com": "http://127.0.0.1:8001/",
                "login.example.com": "http://127.0.0.1:8002/",
            },
        ),
    ],
    ids=["loopback-mode", "hostname-mode-custom-domain"],
)
def test_sandbox_connection_in_both_modes(
    hostnames: bool, domain: str | None, base: str, issuers: tuple[str, ...], routes: dict[str, str]
) -> None:
    """One setting switches between loopback base URLs and routed tenant host names."""
    conn = TenantConnection.from_sandbox(
        _FakeSandboxDescription(), hostnames=hostnames, domain=domain
    )
    assert conn.base_url == base
    assert conn.issuers == issuers
    assert conn.routes == routes
    assert conn.management_audience == "https://dev-sandbox.us.auth0.com/api/v2/"
    assert conn.credentials == Credentials("id-m2m", Secret(CANARY))


def test_unknown_sandbox_domain_lists_the_known_ones() -> None:
    """Asking for a domain the sandbox does not have names the ones it has."""
    with pytest.raises(ConfigError, match=r"login\.example\.com"):
        TenantConnection.from_sandbox(_FakeSandboxDescription(), domain="nope.example.com")


def test_a_signing_key_from_the_environment_as_pem_text_or_file(tmp_path: Path) -> None:
    """AUTH0_CLIENT_ASSERTION_SIGNING_KEY may be the PEM itself or a path to it; masked."""
    pem = "-----BEGIN PRIVATE KEY-----\nMIIcanary\n-----END PRIVATE KEY-----\n"
    key_file = tmp_path / "key.pem"
    key_file.write_text(pem)
    base = {"AUTH0_DOMAIN": "t.eu.auth0.com", "AUTH0_CLIENT_ID": "cid"}
    for value in (pem, str(key_file)):
        env = {**base, "AUTH0_CLIENT_ASSERTION_SIGNING_KEY": value,
               "AUTH0_CLIENT_ASSERTION_SIGNING_ALG": "PS256"}  # fmt: skip
        creds = TenantConnection.from_env(env, dotenv=None).credentials
        assert creds is not None
        assert creds.signing_key == Secret(pem.strip())
        assert (creds.signing_alg, creds.auth_method) == ("PS256", "private_key_jwt")
        assert "MIIcanary" not in repr(creds)
    with pytest.raises(ConfigError, match="neither a PEM private key nor the path"):
        TenantConnection.from_env(
            {**base, "AUTH0_CLIENT_ASSERTION_SIGNING_KEY": str(tmp_path / "missing.pem")},
            dotenv=None,
        )


def test_a_client_with_neither_secret_nor_key_is_public() -> None:
    """Without secret or key the default client authentication is none (SPA, native + PKCE)."""
    assert Credentials("cid").auth_method == "none"


def test_a_dotenv_in_a_parent_folder_is_found_from_a_notebook_folder(tmp_path: Path) -> None:
    """A `.env` at the project's root serves a notebook two folders down (the kernel's cwd)."""
    (tmp_path / ".env").write_text(
        f"AUTH0_DOMAIN=dev-root.eu.auth0.com\nAUTH0_CLIENT_SECRET={CANARY}\n"
    )
    notebooks = tmp_path / "course" / "notebooks"
    notebooks.mkdir(parents=True)
    source = EnvSource.find({}, start=notebooks)
    assert source.dotenv == tmp_path / ".env"
    assert source.domain == "dev-root.eu.auth0.com"
    assert source.describe() == f"AUTH0_DOMAIN=dev-root.eu.auth0.com from {tmp_path / '.env'}"
    assert CANARY not in repr(source)
    assert find_dotenv_file(notebooks) == tmp_path / ".env"


def test_the_nearest_dotenv_wins_and_the_environment_wins_over_it(tmp_path: Path) -> None:
    """The folder's own `.env` shadows a parent's; a variable set in the environment wins
    over both, and `origin` says where each value came from."""
    (tmp_path / ".env").write_text("AUTH0_DOMAIN=parent.eu.auth0.com\n")
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / ".env").write_text("AUTH0_DOMAIN=child.eu.auth0.com\nAUTH0_CLIENT_ID=c\n")
    source = EnvSource.find({"AUTH0_CLIENT_ID": "from-env", "HOME": "/x"}, start=tmp_path / "nb")
    assert (source.domain, source.values["AUTH0_CLIENT_ID"]) == ("child.eu.auth0.com", "from-env")
    assert source.origin("AUTH0_DOMAIN") == str(tmp_path / "nb" / ".env")
    assert source.origin("AUTH0_CLIENT_ID") == "the environment"
    assert source.origin("AUTH0_CLIENT_SECRET") is None
    assert "HOME" not in source.values  # only AUTH0_* settings are kept


def test_without_a_domain_the_source_says_where_it_looked(tmp_path: Path) -> None:
    """No AUTH0_DOMAIN anywhere: the sentence names the folder the search started in, so a
    notebook can say why it uses the sandbox instead of doing it silently."""
    if find_dotenv_file(tmp_path) is not None:
        pytest.skip(f"a .env above the temporary folder: {find_dotenv_file(tmp_path)}")
    source = EnvSource.find({}, start=tmp_path)
    assert source.domain is None
    assert source.describe() == (
        "AUTH0_DOMAIN is not set: not in the environment, and there is no .env in "
        f"{tmp_path} or any folder above it"
    )
    (tmp_path / ".env").write_text("AUTH0_CLIENT_ID=abc\n")
    assert f"nor in {tmp_path / '.env'}" in EnvSource.find({}, start=tmp_path).describe()
    assert "no .env file was read" in EnvSource.find({}, dotenv=None).describe()
