"""Device authorizations: codes, the user's decision, and what each poll is told.

Auth0: §2.7 — user codes over the tenant's charset (`base20` letters or `digits`) in its mask
(`****-****`), device code and user code live 900 s, poll interval 5 s; polling faster is
`slow_down`; an expired code says `expired_token` exactly once, then `invalid_grant`.

An authorization is forgotten once it has nothing more to say: after the poll that got its
tokens, after the one that was told `expired_token`, and (swept) a lifetime after it expired —
each later poll gets `invalid_grant`, as for a code never issued. User codes are indexed, so
/activate costs the same with one authorization pending or a hundred thousand.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from auth0_explore.clock import Clock
from auth0_explore.sandbox.grants.user_grant import UserGrant
from auth0_explore.sandbox.minting.entropy import SECRET_CHARS, Entropy
from auth0_explore.sandbox.stores.sweep import Sweeper
from auth0_explore.sandbox.tenant.model import Api, Application
from auth0_explore.sandbox.tenant.settings import TenantSettings

__all__ = ["DEVICE_CODE_LIFETIME", "POLL_INTERVAL", "DeviceAuthorization", "DeviceStore"]

DEVICE_CODE_LIFETIME = 900
POLL_INTERVAL = 5
CHARSETS = {"base20": "BCDFGHJKLMNPQRSTVWXZ", "digits": "0123456789"}


@dataclass
class DeviceAuthorization:
    """One `/oauth/device/code` request and its progress."""

    device_code: str
    user_code: str
    client: Application
    api: Api | None
    scope: str | None  # as requested; granted scopes are decided when the user approves
    expires_at: float
    status: str = "pending"  # pending | approved | denied
    last_poll: float | None = None
    grant: UserGrant | None = None


def _normalize(user_code: str) -> str:
    return "".join(c for c in user_code.upper() if c.isalnum())


class DeviceStore:
    """Every device authorization; thread-safe."""

    def __init__(self, entropy: Entropy, clock: Clock) -> None:
        self._stream = entropy.stream("device-code")
        self._clock = clock
        self._lock = threading.Lock()
        self._by_device: dict[str, DeviceAuthorization] = {}
        self._by_user_code: dict[str, DeviceAuthorization] = {}  # normalized user code
        self._sweeper = Sweeper(clock)

    def __len__(self) -> int:
        """Authorizations held (expired ones too, until the next sweep)."""
        with self._lock:
            return len(self._by_device)

    def _forget(self, record: DeviceAuthorization) -> None:
        self._by_device.pop(record.device_code, None)
        wanted = _normalize(record.user_code)
        if self._by_user_code.get(wanted) is record:
            del self._by_user_code[wanted]

    def _user_code(self, settings: TenantSettings) -> str:
        alphabet = CHARSETS.get(settings.device_flow_charset, CHARSETS["base20"])
        mask = settings.device_flow_mask or "****-****"
        drawn = iter(self._stream.text(mask.count("*"), alphabet))
        return "".join(next(drawn) if c == "*" else c for c in mask)

    def start(
        self, client: Application, api: Api | None, scope: str | None, settings: TenantSettings
    ) -> DeviceAuthorization:
        """A new pending authorization."""
        now = self._clock.now()
        with self._lock:
            if self._sweeper.due(now):  # a lifetime past expiry: no device polls any more
                late = now - DEVICE_CODE_LIFETIME
                for old in [r for r in self._by_device.values() if late >= r.expires_at]:
                    self._forget(old)
            record = DeviceAuthorization(
                device_code="Ag_" + self._stream.text(40, SECRET_CHARS),
                user_code=self._user_code(settings),
                client=client,
                api=api,
                scope=scope,
                expires_at=now + DEVICE_CODE_LIFETIME,
            )
            self._by_device[record.device_code] = record
            self._by_user_code[_normalize(record.user_code)] = record
            return record

    def pending(self, user_code: str) -> DeviceAuthorization | None:
        """The pending, unexpired authorization with this user code (dashes and case ignored)."""
        now = self._clock.now()
        with self._lock:
            record = self._by_user_code.get(_normalize(user_code))
        if record is None or record.status != "pending" or now >= record.expires_at:
            return None
        return record

    def decide(self, record: DeviceAuthorization, grant: UserGrant | None) -> None:
        """The user approved (with the grant) or denied (None)."""
        with self._lock:
            record.grant = grant
            record.status = "approved" if grant is not None else "denied"

    def poll(self, device_code: str, client_id: str) -> tuple[str, DeviceAuthorization | None]:
        """What a poll gets: unknown, expired, slow_down, pending, denied or approved."""
        now = self._clock.now()
        with self._lock:
            record = self._by_device.get(device_code)
            if record is None or record.client.client_id != client_id:
                return "unknown", None
            if now >= record.expires_at:
                self._forget(record)  # told once; later polls are unknown
                return "expired", record
            previous, record.last_poll = record.last_poll, now
            if previous is not None and now - previous < POLL_INTERVAL:
                return "slow_down", record
            if record.status == "approved":
                self._forget(record)  # the tokens go out once
            return record.status, record
