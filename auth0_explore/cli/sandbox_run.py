"""The body of `auth0-explore sandbox` (commands.py keeps the options): serve, describe, stop.

It prints one JSON line describing the tenant (or, with `--pretty`, the same object indented
for people), then serves until Ctrl-C, SIGTERM or SIGHUP. An application that authenticates
with `private_key_jwt` has no usable secret: the line gives the path of its private key
instead, written into a folder of the command's own that is removed when it stops.
"""

from __future__ import annotations

import contextlib
import json
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from auth0_explore.sandbox.tenant.describe import PRIVATE_KEY_JWT

__all__ = ["SandboxOptions", "serve"]

Echo = Callable[[str], None]


class SandboxOptions:
    """How to serve: the tenant, the seed, the ports, the processes, TLS, the output form."""

    def __init__(
        self,
        chosen: str | Path,
        *,
        seed: int | None,
        port: int,
        workers: int,
        max_connections: int,
        tls: bool,
        pretty: bool,
    ) -> None:
        self.chosen, self.seed, self.port, self.workers = chosen, seed, port, workers
        self.max_connections, self.tls, self.pretty = max_connections, tls, pretty

    def line(self, description: dict[str, Any]) -> str:
        """The description as the command prints it."""
        return json.dumps(description, indent=2 if self.pretty else None)


def serve(options: SandboxOptions, echo: Echo) -> None:
    """Serve until stopped; the description is printed once the tenant answers.

    Raises:
        Auth0ExploreError: the sandbox could not start (a busy port, a bad tenant file).
    """
    if options.workers > 1:
        from auth0_explore.sandbox.http.workers import serve_workers

        def show(description: dict[str, Any]) -> None:
            echo(options.line(_with_private_keys(description, None)))

        with contextlib.suppress(KeyboardInterrupt):
            serve_workers(options.chosen, options.seed, options.port, options.workers, show,
                          options.max_connections)  # fmt: skip
        return
    from auth0_explore.sandbox import Sandbox

    server = Sandbox(profile=options.chosen, seed=options.seed, port=options.port,
                     max_connections=options.max_connections, tls=options.tls)  # fmt: skip
    stop = threading.Event()
    with _stopped_by_signals(stop), tempfile.TemporaryDirectory(prefix="sandbox-keys-") as keys:
        server.start()
        try:
            paths = _write_private_keys(server, Path(keys))
            echo(options.line(_with_private_keys(server.description(), paths)))
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()


def _write_private_keys(server: Any, folder: Path) -> dict[str, str]:
    """Each `private_key_jwt` application's private key as a PEM file (0600): name -> path."""
    paths = {}
    for app in server.tenant.applications:
        keys = [c.private_key for c in app.credentials if c.private_key is not None]
        if app.token_endpoint_auth_method == PRIVATE_KEY_JWT and keys:
            path = folder / f"{app.name}-private-key.pem"
            path.touch(mode=0o600)
            path.write_text(keys[0].reveal(), encoding="ascii")
            paths[app.name] = str(path)
    return paths


def _with_private_keys(description: dict[str, Any], paths: dict[str, str] | None) -> dict[str, Any]:
    """Where each `private_key_jwt` application's private key is (the line lists no secret for
    it: Auth0 would refuse one with 401)."""
    for app in description["applications"]:
        if app.get("token_endpoint_auth_method") != PRIVATE_KEY_JWT:
            continue
        if paths is not None and app["name"] in paths:
            app["private_key_path"] = paths[app["name"]]
        else:
            app["private_key"] = (
                f"not written with --workers; in Python: "
                f"sb.application({app['name']!r}).credentials[0].private_key"
            )
    return description


@contextmanager
def _stopped_by_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and SIGHUP end the command like Ctrl-C does: the sandbox stops, files go."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handlers = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
