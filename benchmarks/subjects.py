"""Adapters from the benchmarks to the toolkit's pieces, each saying plainly when one is missing.

A benchmark whose subject has not landed on main prints "not measured: ..." from `why`, never
a number. When a piece lands, its adapter here is the one place to wire it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization

from benchmarks.limits import AUDIENCE, ISSUER, Minted, cores

if TYPE_CHECKING:
    from benchmarks.issuing import Server


def missing(module: str) -> str | None:
    """Why a subject cannot be measured, or None when its module is importable."""
    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        found = False
    return None if found else f"{module} not on main yet"


@dataclass
class Inspector:
    """The toolkit's validator bound to one issuer, audience and cached key set."""

    why: str = ""
    validate: Callable[[str], object] | None = None
    batch: Callable[[Sequence[str]], object] | None = None

    @property
    def ready(self) -> bool:
        return self.validate is not None

    def validate_all(self, tokens: Sequence[str]) -> int:
        assert self.validate is not None
        validate = self.validate
        for token in tokens:
            validate(token)
        return len(tokens)


def inspector(minted: Minted) -> Inspector:
    """The token inspector with every strict check on, for the tokens in `minted`.

    `verify` is the strict helper: size gate, strict parse, alg allow-list from the profile,
    `kid` lookup in the issuer's key set (built once, as the JWKS cache holds it), signature,
    `typ` and the Auth0 access-token profile, `iss`, `aud`, `exp` / `nbf` / `iat` with leeway,
    required claims. It raises on the first failure, so a benchmark run that completes has
    accepted every token.
    """
    why = missing("auth0_explore.tokens")
    if why:
        return Inspector(why)
    if minted.jwks is None:
        return Inspector("needs sandbox-minted tokens with their JWKS")
    from auth0_explore.clock import SystemClock
    from auth0_explore.tokens import Expectations, KeySet, verify

    keys = KeySet.from_jwks(minted.jwks)
    clock = SystemClock()
    expectations = Expectations(issuers=minted.issuer, audience=minted.audience)

    def validate(token: str) -> object:
        return verify(token, expectations, keys=keys, clock=clock)

    batch_api = _batch_api()

    def batch(tokens: Sequence[str]) -> object:
        # every core; each result is the claims or the TokenError: all must be claims
        assert batch_api is not None
        from auth0_explore.batch import IN_PROCESS_BELOW, shared_pool

        if len(tokens) >= IN_PROCESS_BELOW:
            # up before the first timing (then a no-op): the figure is a warm pool's, as
            # every call's but the very first is
            shared_pool().start()
        results = batch_api(tokens, expectations, keys=keys, clock=clock)
        if not all(type(result) is dict for result in results):
            raise AssertionError("verify_many refused a sandbox token")
        return results

    return Inspector(validate=validate, batch=batch if batch_api is not None else None)


def _batch_api() -> Callable[..., Any] | None:
    """The inspector's multi-core batch path (`auth0_explore.batch.verify_many`), if present."""
    if missing("auth0_explore.batch"):
        return None
    from auth0_explore.batch import verify_many

    return verify_many


SEED = 6  # the sandbox's deterministic mode: every process derives the same signing key


def _sandbox_issuer() -> tuple[Any, Any, Any]:
    from auth0_explore.clock import SystemClock
    from auth0_explore.sandbox import Api
    from auth0_explore.sandbox.minting.access_tokens import TokenIssuer
    from auth0_explore.sandbox.minting.entropy import Entropy
    from auth0_explore.sandbox.minting.keys import KeyRing

    clock = SystemClock()
    entropy = Entropy(SEED)
    issuer = TokenIssuer(KeyRing("dev-sandbox.us.auth0.com", entropy, clock), entropy, clock)
    return issuer, Api(name="bench", identifier=AUDIENCE), entropy


def _sandbox_mint_chunk(start: int, count: int) -> list[str]:
    issuer, api, _ = _sandbox_issuer()
    out = []
    for i in range(start, start + count):
        client_id = f"Bench{i:027d}"
        out.append(
            issuer.access_token(
                iss=ISSUER,
                sub=f"{client_id}@clients",
                aud=AUDIENCE,
                client_id=client_id,
                api=api,
                scopes=["read:things", "write:things"],
                gty="client-credentials",
            ).token
        )
    return out


def sandbox_tokens(count: int) -> Minted | None:
    """`count` distinct tokens minted by the sandbox's own issuer (on all cores), or None."""
    if missing("auth0_explore.sandbox"):
        return None
    issuer, _, _ = _sandbox_issuer()
    current = issuer.keys.current
    public_pem = current.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    workers = min(cores(), max(1, count // 500))
    if workers == 1:
        tokens = _sandbox_mint_chunk(0, count)
    else:
        step = -(-count // workers)
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            parts = [
                pool.submit(_sandbox_mint_chunk, i, min(step, count - i))
                for i in range(0, count, step)
            ]
            tokens = [token for part in parts for token in part.result()]
    return Minted(tokens, public_pem, kid=current.kid, jwks=issuer.keys.jwks(), from_sandbox=True)


@dataclass
class SandboxServer:
    """The toolkit's sandbox as a token server process for the load figures."""

    why: str = ""
    server: Server | None = None
    name: str = "auth0-explore sandbox"


def grant_matrix_tenant(
    applications: int, apis: int, *, profile: str, scope: Sequence[str], host: str
) -> Any:
    """A profile's tenant with `applications` M2M applications each granted each of `apis` APIs
    (`https://bench-<j>.<host>/`), plus the profile's `api-explorer`, which reads it (figures 9
    and 10)."""
    from auth0_explore.sandbox import Api, Application, ClientGrant, load_profile

    tenant = load_profile(profile)
    explorer = next(a for a in tenant.applications if a.name == "api-explorer")
    reader = next(g for g in tenant.client_grants if g.client == "api-explorer")
    tenant.applications = [Application(f"bench-app-{i}") for i in range(applications)]
    tenant.applications.append(explorer)
    tenant.apis = [Api(f"bench-api-{j}", f"https://bench-{j}.{host}/") for j in range(apis)]
    tenant.client_grants = [
        ClientGrant(app.name, api.identifier, list(scope))
        for app in tenant.applications[:applications]
        for api in tenant.apis
    ]
    tenant.client_grants.append(reader)
    tenant.organizations, tenant.users, tenant.connections = [], [], []
    tenant.settings.default_audience = ""
    return tenant


def tenant_toml(clients: int, audiences: int, rate_limit: int | None = None) -> str:
    """A tenant file with `clients` M2M applications, each granted `audiences` RS256 APIs.

    With `rate_limit`, `/oauth/token` refuses past that many requests per second (burst the same).
    """
    lines = ['domain = "dev-sandbox.us.auth0.com"', ""]
    if rate_limit:
        lines += [
            "[emulation]",
            "enforce_rate_limits = true",
            '[emulation.rate_limits."/oauth/token"]',
            f"burst = {rate_limit}",
            f"per_second = {float(rate_limit)}",
            "",
        ]
    for a in range(audiences):
        lines += [
            "[[apis]]",
            f'name = "bench-api-{a}"',
            f'identifier = "https://api{a}.bench.example/"',
            'scopes = ["read:things", "write:things"]',
            "",
        ]
    for c in range(clients):
        lines += ["[[applications]]", f'name = "bench-m2m-{c}"', ""]
        for a in range(audiences):
            lines += [
                "[[client_grants]]",
                f'client = "bench-m2m-{c}"',
                f'api = "bench-api-{a}"',
                'scope = ["read:things", "write:things"]',
                "",
            ]
    return "\n".join(lines)


def sandbox_has_workers() -> bool:
    """Whether `auth0-explore sandbox` offers `--workers` (processes sharing the port)."""
    out = subprocess.run(
        [*_cli(), "sandbox", "--help"], capture_output=True, text=True, check=False
    )
    return "--workers" in out.stdout


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("auth0-explore")
    return [str(script)] if script.exists() else [sys.executable, "-m", "auth0_explore"]


def sandbox_server(
    folder: Path | None = None, clients: int = 40, audiences: int = 5, workers: int | None = None
) -> SandboxServer:
    """The sandbox started by `auth0-explore sandbox --config`, with many clients and audiences.

    The credentials come from the JSON line the command prints on start, as a person would
    copy them.
    """
    why = missing("auth0_explore.sandbox")
    if why:
        return SandboxServer(why)
    from benchmarks.issuing import Server, form_body
    from benchmarks.load import free_port

    folder = folder or Path(tempfile.mkdtemp(prefix="bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "bench-tenant.toml"
    config.write_text(tenant_toml(clients, audiences))
    port = free_port()
    argv = [*_cli(), "sandbox", "--config", str(config), "--port", str(port)]
    name = "auth0-explore sandbox"
    if workers:
        argv += ["--workers", str(workers)]
        name += f" --workers {workers}"
    server = Server(name, argv, port, "/oauth/token", form_body("audience"), [], [])

    def ready(proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        described = json.loads(proc.stdout.readline())
        apps = [a for a in described["applications"] if a["name"].startswith("bench-m2m-")]
        apis = [a["identifier"] for a in described["apis"] if a["name"].startswith("bench-api-")]
        server.many[:] = [(a["client_id"], a["client_secret"], api) for a in apps for api in apis]
        server.one[:] = server.many[:1]

    server.ready = ready
    return SandboxServer(server=server, name=name)


@contextlib.contextmanager
def one_client_sandbox(smoke: bool, folder: Path) -> Iterator[tuple[str, str, str, str]]:
    """(base_url, client_id, client_secret, audience) of a one-client, one-API sandbox: in its
    own process (`auth0-explore sandbox --config`, so its work does not share the measuring
    process's GIL), or in this process for a smoke run."""
    if smoke:
        with sandbox_in_process(clients=1, audiences=1) as (base_url, creds):
            yield (base_url, *creds[0])
        return
    from benchmarks.load import server as server_process

    sandbox = sandbox_server(folder, clients=1, audiences=1)
    assert sandbox.server is not None
    with server_process(sandbox.server.argv, sandbox.server.port) as proc:
        assert sandbox.server.ready is not None
        sandbox.server.ready(proc)
        yield (f"http://127.0.0.1:{sandbox.server.port}/", *sandbox.server.one[0])


@contextlib.contextmanager
def sandbox_in_process(
    clients: int, audiences: int, *, rate_limit: int | None = None, clock: Any = None
) -> Iterator[tuple[str, list[tuple[str, str, str]]]]:
    """The bench tenant served in this process: its base URL and (client, secret, audience)s."""
    with sandbox_object(clients, audiences, rate_limit=rate_limit, clock=clock) as (sandbox, creds):
        yield sandbox.base_url, creds


@contextlib.contextmanager
def sandbox_object(
    clients: int, audiences: int, *, rate_limit: int | None = None, clock: Any = None
) -> Iterator[tuple[Any, list[tuple[str, str, str]]]]:
    """The running `Sandbox` itself, and (client, secret, audience) for every grant."""
    from auth0_explore.sandbox import Sandbox
    from auth0_explore.sandbox.tenant.files import tenant_from_dict

    tenant = tenant_from_dict(tomllib.loads(tenant_toml(clients, audiences, rate_limit)))
    with Sandbox(tenant, clock=clock) as sandbox:
        apps = [a for a in sandbox.tenant.applications if a.name.startswith("bench-m2m-")]
        apis = [a.identifier for a in sandbox.tenant.apis if a.name.startswith("bench-api-")]
        creds = [
            (a.client_id, a.client_secret.reveal() if a.client_secret else "", api)
            for a in apps
            for api in apis
        ]
        yield sandbox, creds


@dataclass
class ToolkitClient:
    """One client-credentials call through the toolkit, and what it covers."""

    call: Callable[[], object]
    what: str


def toolkit_client(base_url: str, client_id: str, secret: str, audience: str) -> ToolkitClient:
    """Request (no token cache), then the result's inspection and validation, as a user sees them.

    `TokenResult.inspection` and `.validation` decode the token and check it against the tenant's
    JWKS cache (fetched once, on the first call). A token that fails validation stops the run.
    """
    from auth0_explore.client import Tenant
    from auth0_explore.config import TenantConnection

    tenant = Tenant(TenantConnection.from_values(base_url, client_id, secret, audience=audience))

    def request_inspect_validate() -> object:
        result = tenant.client_credentials(audience, cache=False)
        assert result.inspection is not None
        report = result.validation
        if not report.valid:
            raise AssertionError(f"the sandbox's token failed validation: {report.failures}")
        return report

    return ToolkitClient(request_inspect_validate, "request + inspect + validate")


@dataclass
class MatrixOutcome:
    """An audience matrix run: attempts, 429s that reached the caller, wall seconds."""

    attempts: int
    reached_429: int
    wall: float
    minted: int
    subject: str


def runner_matrix(
    sandbox: Any, creds: list[tuple[str, str, str]], scopes: Sequence[str | None]
) -> MatrixOutcome:
    """The explorer's `Run` over one client x every API x `scopes`, pacing itself.

    The runner learns the rate from `X-RateLimit-*` (rate=None) and keeps to it; a 429 that
    reaches a row is an attempt whose outcome is an error with status 429.
    """
    import time

    from auth0_explore.explore import Run, Scenario, Target

    client_id = creds[0][0]
    app = sandbox.tenant.application(client_id, by_name=False)
    audiences = sorted({audience for c, _, audience in creds if c == client_id})
    target = Target.from_sandbox(
        sandbox,
        "bench",
        hostnames=False,
        application=app.name,
        custom_api=audiences[0],
        user_application=None,
        user=None,
    )
    scenarios = [
        Scenario(
            label=f"{audience} {scope or '-'}",
            audience_choice="custom",
            audience=audience,
            scope=scope,
            configuration="bench",
        )
        for audience in audiences
        for scope in scopes
    ]
    before = sandbox.mint_count
    run = Run(scenarios, target, workers=8, reuse_tokens=True, progress=False)
    started = time.perf_counter()
    run.start()
    wall = time.perf_counter() - started
    reached = sum(1 for a in run.attempts if not a.ok and a.status == 429)
    return MatrixOutcome(
        len(scenarios), reached, wall, sandbox.mint_count - before, "explorer Run, 8 workers"
    )
