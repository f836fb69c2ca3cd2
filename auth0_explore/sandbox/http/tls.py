"""TLS for the sandbox (opt-in): a certificate authority made at start, one certificate for
127.0.0.1, localhost and every tenant domain, and waitress serving through it.

SDKs that only speak `https://` (auth0-python's `ManagementClient`, most browsers' fetch) then
work unchanged once they trust the CA (`sb.ca_path`, also in the JSON line). The CA comes from
trustme, a small library made exactly for throwaway test CAs (`pip install
'auth0-explore[tls]'`); its files live in a temporary folder removed when the sandbox stops.

waitress speaks plain HTTP only, so each accepted connection is wrapped in TLS without a
blocking handshake: the handshake runs inside the first reads, on the server's poll loop, and
a read or write that TLS cannot finish yet waits for the next poll (`TLSChannel`).
"""

from __future__ import annotations

import shutil
import ssl
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from auth0_explore.errors import SandboxError
from auth0_explore.sandbox.http.channel import SandboxChannel

__all__ = ["LocalCA", "TLSChannel"]


class LocalCA:
    """A throwaway CA and the server certificate it issued; `close()` removes its files."""

    def __init__(self, names: Sequence[str]) -> None:
        try:
            import trustme
        except ImportError:
            raise SandboxError(
                "the sandbox's TLS mode needs trustme: pip install 'auth0-explore[tls]'"
            ) from None
        authority = trustme.CA(organization_name="auth0-explore sandbox")
        leaf = authority.issue_cert("127.0.0.1", "localhost", *names)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.minimum_version = ssl.TLSVersion.TLSv1_2
        leaf.configure_cert(self.context)
        self._folder = Path(tempfile.mkdtemp(prefix="auth0-explore-ca-"))
        #: the CA certificate (PEM) clients trust: `verify=sb.ca_path`, `REQUESTS_CA_BUNDLE`
        self.ca_path = self._folder / "sandbox-ca.pem"
        authority.cert_pem.write_to_path(str(self.ca_path))

    def close(self) -> None:
        """Remove the CA's files (the sandbox has stopped)."""
        shutil.rmtree(self._folder, ignore_errors=True)


class TLSChannel(SandboxChannel):
    """The sandbox's channel over a TLS socket whose handshake and records complete over time."""

    def handle_read(self) -> None:
        """Read what TLS has decrypted; nothing yet (mid-handshake, part of a record) is no
        disconnection, unlike a plain socket's empty read."""
        sock = self.socket
        if not isinstance(sock, ssl.SSLSocket):  # pragma: no cover - a TLS listener's channel
            super().handle_read()
            return
        try:
            data = sock.recv(self.adj.recv_bytes)
            # the poll loop cannot see bytes TLS has already decrypted: take them now
            while data and sock.pending():
                data += sock.recv(sock.pending())
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
            return
        except OSError:  # a failed handshake (a client that does not trust the CA), a reset
            self.handle_close()
            return
        if not data:
            self.handle_close()
            return
        self.last_activity = time.time()
        self.received(data)

    def send(self, data: bytes, do_close: bool = True) -> int:
        """Bytes TLS took, 0 when it must wait (the next poll tries again)."""
        sock = self.socket
        if sock is None:
            return 0
        try:
            sent: int = sock.send(data)
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
            return 0
        except OSError:
            if do_close:
                self.handle_close()
            return 0
        return sent
