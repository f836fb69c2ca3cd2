"""Figure 2: sandbox issuing throughput under wrk vs the signing limit and two npm peers.

Every server runs as its own process on 127.0.0.1 and gets the same load: wrk, 2 threads,
16 kept-alive connections, a Lua script POSTing form bodies to the token endpoint (one client;
or many clients and audiences, cycling). Runs rotate over the servers, and RSA-2048 signing on
all cores and on one core is sampled between runs, so every ratio compares figures of the same
minutes. Issue 16's bars: one sandbox process (the default CLI) at least 1.5x
oauth2-mock-server and 0.6 of one core's signing rate; `--workers N` 0.5 of every core's.
"""

from __future__ import annotations

import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from benchmarks import limits, load, subjects
from benchmarks.runner import Bar, Context, Row, not_measured, rate, secs

AHEAD = Bar(">=", 1.0)
# issue 16: one process (the default CLI) well ahead of oauth2-mock-server and near one core's
# signing rate; --workers near every core's
FAST = Bar(">=", 1.5)
ONE_CORE_SHARE = Bar(">=", 0.6)
ALL_CORES_SHARE = Bar(">=", 0.5)
FAST_PEER = "oauth2-mock-server"
ZERO = Bar("<=", 0)
MANY_CLIENTS, MANY_AUDIENCES = 40, 5


@dataclass
class Server:
    """How to start one token server and what its token requests look like."""

    name: str
    argv: list[str]
    port: int
    path: str
    body: Callable[[str, str, str], str]  # (client_id, client_secret, audience) -> form body
    one: list[tuple[str, str, str]]  # the credentials of the one-client run
    many: list[tuple[str, str, str]]  # many clients x audiences
    ready: Callable[[subprocess.Popen[str]], None] | None = None  # reads what the server printed


def form_body(audience_key: str) -> Callable[[str, str, str], str]:
    def body(client_id: str, secret: str, audience: str) -> str:
        return urlencode(
            {
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
                audience_key: audience,
            }
        )

    return body


def _fake_credentials() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Peers accept any client: the same shapes of ids and audiences as the sandbox's."""
    many = [
        (f"bench{c:027d}", f"secret-{c}", f"https://api{a}.example.com/")
        for c in range(MANY_CLIENTS)
        for a in range(MANY_AUDIENCES)
    ]
    return many[:1], many


def peers(node_prefix: Path) -> tuple[list[Server], list[str]]:
    """The npm peers that are installed, and a note for each that is not."""
    modules = node_prefix / "node_modules"
    one, many = _fake_credentials()
    found, missing = [], []
    launcher = Path(__file__).with_name("node") / "auth0-simulator.cjs"
    if (modules / "@simulacrum" / "auth0-simulator").is_dir():
        port = load.free_port()
        argv = ["node", str(launcher), str(node_prefix.resolve()), str(port)]
        found.append(
            Server(
                "@simulacrum/auth0-simulator",
                argv,
                port,
                "/oauth/token",
                form_body("audience"),
                one,
                many,
            )
        )
    else:
        missing.append("@simulacrum/auth0-simulator")
    mock = modules / "oauth2-mock-server" / "dist" / "oauth2-mock-server.mjs"
    if mock.is_file():
        port = load.free_port()
        argv = ["node", str(mock), "-a", "127.0.0.1", "-p", str(port)]
        # oauth2-mock-server reads the audience from an `aud` form field
        found.append(
            Server("oauth2-mock-server", argv, port, "/token", form_body("aud"), one, many)
        )
    else:
        missing.append("oauth2-mock-server")
    return found, missing


def _bodies(server: Server, which: str, folder: Path) -> Path:
    creds = server.one if which == "one" else server.many
    path = folder / f"{server.name.replace('/', '_').lstrip('@')}-{which}.txt"
    path.write_text("".join(server.body(*c) + "\n" for c in creds))
    return path


def run(ctx: Context) -> list[Row]:
    if ctx.smoke:
        return _smoke(ctx)
    if load.wrk_path() is None:
        return [not_measured("Sandbox issuing throughput (wrk)", "wrk is not installed")]
    node = Path(ctx.cache) / "node"
    servers, missing = peers(node)
    toolkit = subjects.sandbox_server(Path(ctx.cache) / "wrk")
    toolkits = [toolkit]
    if toolkit.server is not None:
        if subjects.sandbox_has_workers():  # the opt-in multi-process mode, one per core
            toolkits.append(
                subjects.sandbox_server(Path(ctx.cache) / "wrk", workers=limits.cores())
            )
        servers[:0] = [t.server for t in toolkits if t.server is not None]
    folder = Path(ctx.cache) / "wrk"
    folder.mkdir(parents=True, exist_ok=True)
    seconds, repeats = 3.0, 5  # more, shorter rounds: a load spike moves one of five medians
    results: dict[tuple[str, str], list[load.WrkResult]] = {}
    samples: list[float] = []
    single: list[float] = []  # one core: the most a one-process server can sign (GIL)
    with limits.SignPool() as pool, _all_running(servers):
        for server in servers:  # warm-up: JIT, key caches, connection pools
            load.wrk(
                _url(server), server.path, _bodies(server, "one", folder), connections=16, seconds=1
            )
        for i in range(repeats):
            order = servers if i % 2 == 0 else servers[::-1]
            for server in order:
                for which in ("one", "many"):
                    samples.append(pool.rate(1.0))
                    single.append(limits.sign_rate(0.5))
                    result = load.wrk(
                        _url(server),
                        server.path,
                        _bodies(server, which, folder),
                        connections=16,
                        seconds=seconds,
                    )
                    results.setdefault((server.name, which), []).append(result)
        samples.append(pool.rate(1.0))
        wide = None
        if toolkit.server is not None:
            wide = load.wrk(
                _url(toolkit.server),
                toolkit.server.path,
                _bodies(toolkit.server, "many", folder),
                connections=200,
                seconds=seconds,
            )
    limits_now = _Limits(statistics.median(samples), statistics.median(single))
    return _rows(results, limits_now, toolkits, missing, wide)


def _url(server: Server) -> str:
    return f"http://127.0.0.1:{server.port}"


class _all_running:  # noqa: N801 - used as a context manager, like contextlib's helpers
    def __init__(self, servers: list[Server]) -> None:
        self._servers = servers
        self._stack: list[object] = []

    def __enter__(self) -> None:
        import contextlib

        self._exit = contextlib.ExitStack()
        for server in self._servers:
            proc = self._exit.enter_context(load.server(server.argv, server.port))
            if server.ready is not None:
                server.ready(proc)

    def __exit__(self, *exc: object) -> None:
        self._exit.close()


def _median(results: list[load.WrkResult]) -> load.WrkResult:
    return sorted(results, key=lambda r: r.rate)[len(results) // 2]


@dataclass(frozen=True)
class _Limits:
    """RSA-2048 signing measured between the runs: all cores at once, and one core."""

    all_cores: float
    one_core: float

    def share(self, toolkit: subjects.SandboxServer) -> tuple[float, str, Bar]:
        """The limit a server is held to: one core for one process, every core for workers."""
        if "--workers" in toolkit.name:
            text = f"RSA-2048 sign, {limits.cores()} cores: {rate(self.all_cores, 'sig/s')}"
            return self.all_cores, text, ALL_CORES_SHARE
        text = f"RSA-2048 sign, 1 core (same minutes): {rate(self.one_core, 'sig/s')}"
        return self.one_core, text, ONE_CORE_SHARE


def _rows(
    results: dict[tuple[str, str], list[load.WrkResult]],
    limits_now: _Limits,
    toolkits: list[subjects.SandboxServer],
    missing: list[str],
    wide: load.WrkResult | None,
) -> list[Row]:
    rows = []
    label = {"one": "one client", "many": f"{MANY_CLIENTS} clients x {MANY_AUDIENCES} audiences"}
    ours = {t.name for t in toolkits}
    for which in ("one", "many"):
        peer_runs = {
            name: runs
            for (name, kind), runs in results.items()
            if kind == which and name not in ours
        }
        for toolkit in toolkits:
            if toolkit.server is None:
                rows.append(not_measured(f"Issuing, {label[which]}, 16 conns", toolkit.why))
                continue
            rows += _toolkit_rows(
                toolkit, _median(results[toolkit.name, which]), peer_runs, limits_now, label[which]
            )
        if all(t.server is None for t in toolkits):
            for name, runs in peer_runs.items():
                peer = _median(runs)
                rows.append(
                    Row(
                        f"  peer: {name}, {label[which]}",
                        f"{name} {rate(peer.rate, 'tok/s')} (p50 {secs(peer.p50)})",
                        f"RSA-2048 sign, 1 core: {rate(limits_now.one_core, 'sig/s')}",
                        peer.rate / limits_now.one_core,
                        note="ref",
                    )
                )
    for name in missing:
        rows.append(not_measured(f"  peer: {name}", "not installed (make bench-node)"))
    rows.append(_wide_row(wide, toolkits[0]))
    return rows


def _toolkit_rows(
    toolkit: subjects.SandboxServer,
    sub: load.WrkResult,
    peer_runs: dict[str, list[load.WrkResult]],
    limits_now: _Limits,
    label: str,
) -> list[Row]:
    short = toolkit.name.removeprefix("auth0-explore ")
    limit, limit_text, share_bar = limits_now.share(toolkit)
    one_process = "--workers" not in toolkit.name
    rows = [
        Row(
            f"Issuing, {label}, 16 conns ({short}): share of signing limit",
            f"{short} {rate(sub.rate, 'tok/s')} (p50 {secs(sub.p50)}, p99 {secs(sub.p99)})",
            limit_text,
            sub.rate / limit,
            share_bar,
        )
    ]
    for name, runs in peer_runs.items():
        peer = _median(runs)
        errors = sum(r.errors for r in runs)
        peer_text = f"{name} {rate(peer.rate, 'tok/s')} (p50 {secs(peer.p50)})"
        if errors:
            peer_text += f", {errors} errors"
        bar = FAST if one_process and name == FAST_PEER else AHEAD
        rows.append(
            Row(
                f"  {short} vs {name}, {label}",
                f"{short} {rate(sub.rate, 'tok/s')}",
                peer_text,
                sub.rate / peer.rate,
                bar,
            )
        )
    return rows


def _wide_row(wide: load.WrkResult | None, toolkit: subjects.SandboxServer) -> Row:
    if wide is None:
        return not_measured("Issuing, 200 concurrent connections: errors", toolkit.why)
    return Row(
        "Issuing, 200 concurrent connections: errors",
        f"{wide.errors} errors / {wide.requests:,} (p50 {secs(wide.p50)}, p99 {secs(wide.p99)})",
        f"{rate(wide.rate, 'tok/s')}",
        float(wide.errors),
        ZERO,
        unit="",
    )


def _smoke(ctx: Context) -> list[Row]:
    """No wrk, no npm: check the harness's own pieces (bodies, wrk output parsing, the sandbox)."""
    one, many = _fake_credentials()
    body = form_body("audience")(*one[0])
    assert body.startswith("grant_type=client_credentials&client_id=")
    assert len({form_body("aud")(*c) for c in many}) == MANY_CLIENTS * MANY_AUDIENCES
    parsed = load.WrkResult.parse(
        '{"requests":100,"duration_us":2000000,"connect":0,"read":0,"write":0,"status":2,'
        '"timeout":0,"p50_us":1500,"p99_us":9000,"max_us":12000}'
    )
    assert parsed.rate == 49.0
    assert parsed.errors == 2
    why = subjects.missing("auth0_explore.sandbox")
    if why:
        return [not_measured("Issuing (smoke: harness only)", why)]
    import requests

    ok = 0
    sandbox = subjects.sandbox_in_process(clients=2, audiences=2)
    with sandbox as (base_url, many), requests.Session() as session:
        for creds in many:
            response = session.post(
                base_url + "oauth/token",
                data=form_body("audience")(*creds),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                timeout=10,
            )
            ok += response.status_code == 200
    return [
        Row(
            "Issuing (smoke: the load's bodies against the sandbox, no wrk)",
            f"{ok}/{len(many)} tokens",
            "",
            ok / len(many),
            Bar(">=", 1.0),
        )
    ]
