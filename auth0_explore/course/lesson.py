"""The tenant a lesson runs on: sandboxes on loopback, or your own tenant from `AUTH0_*`.

    lesson = course.start("plain", "default-audience")   # one sandbox per configuration
    lesson                                                # says which tenant, and why
    lesson.tenant.client_credentials(lesson.custom_api)
    if lesson.sandbox_only("moving the clock"):           # False, with a note, on your tenant
        lesson.clock.advance(3600)

`AUTH0_DOMAIN` in the environment or in a `.env` file of the notebook's folder or any folder
above it (`environment.EnvSource`) makes every lesson run on that tenant instead, unchanged: one
configuration (`live`), reached through `AUTH0_DOMAIN` and the custom domain of
`AUTH0_CUSTOM_DOMAIN` if set. The API a lesson asks for is `AUTH0_AUDIENCE`, else the tenant's
default audience (learned from one token request), else the Management API.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from cryptography import x509

from auth0_explore.client.tenant import Tenant
from auth0_explore.clock import Clock, FrozenClock, SystemClock
from auth0_explore.environment import EnvSource
from auth0_explore.errors import Auth0ExploreError, ConfigError, OAuthError
from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.explore.choices import NO_AUDIENCE
from auth0_explore.explore.scenarios import STANDARD_CHOICES, Scenario
from auth0_explore.explore.targets import Target
from auth0_explore.explore.workbench import TokenRequest, Workbench
from auth0_explore.sandbox import Sandbox
from auth0_explore.widgets.views.html import block, esc
from auth0_explore.widgets.views.notice import Notice

__all__ = ["LIVE", "NO_AUDIENCE", "Lesson", "Skipped", "start"]

#: the configuration label of your own tenant
LIVE: Final = "live"
_CUSTOM_API: Final = "custom-rs256"
_NON_GLOBAL: Final = "Non-global clients are not allowed access to APIv1"
_HOST: Final = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")
_SETUP: Final = (
    "To run it on your own tenant, set AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET "
    "(a machine-to-machine application) in the environment or in a .env file in this folder "
    "or any folder above it, then restart the kernel."
)


class Skipped:
    """The note a sandbox-only cell shows on your tenant instead of running."""

    def __init__(self, what: str) -> None:
        self.text = f"Skipped on your tenant: {what} needs the sandbox."

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return Notice(self.text)._repr_html_()


class Lesson:
    """The tenant a notebook runs on, and what the lesson asks of it.

    Attributes:
        source: where `AUTH0_*` were looked for, and what was found.
        targets: one explorer `Target` per configuration (one, `live`, on your tenant).
        sandboxes: the sandboxes the lesson started (none on your tenant).
        custom_api: the API identifier the lesson asks tokens for.
        api_source: where `custom_api` came from, in words.
        clock: the clock the sandboxes and validators share.
    """

    def __init__(
        self,
        source: EnvSource,
        targets: Sequence[Target],
        *,
        sandboxes: Sequence[Sandbox] = (),
        custom_api: str,
        api_source: str,
        clock: Clock,
    ) -> None:
        self.source = source
        self.targets = tuple(targets)
        self.sandboxes = tuple(sandboxes)
        self.custom_api = custom_api
        self.api_source = api_source
        self.clock = clock
        self._benches: dict[str, Workbench] = {}

    @property
    def live(self) -> bool:
        """True on your own tenant, False on the sandbox."""
        return not self.sandboxes

    @property
    def target(self) -> Target:
        """The first configuration."""
        return self.targets[0]

    @property
    def tenant(self) -> Tenant:
        """The first configuration's M2M connection, on its default domain."""
        return self.target.tenant()

    @property
    def sandbox(self) -> Sandbox | None:
        """The first sandbox (None on your tenant): move its clock, rotate its keys."""
        return self.sandboxes[0] if self.sandboxes else None

    def configuration(self, label: str) -> Target:
        """The target of one configuration, by label (a sandbox profile, or `live`)."""
        for target in self.targets:
            if target.label == label:
                return target
        known = ", ".join(t.label for t in self.targets)
        raise ConfigError(f"this lesson has no configuration {label!r}; it has {known}")

    def sandbox_only(self, what: str) -> bool:
        """True on the sandbox; on your tenant, shows why the cell is skipped and says False.

        Use it to guard a cell that only the sandbox can run (`what` names the reason, e.g.
        "moving the clock"): `if lesson.sandbox_only("moving the clock"): ...`.
        """
        if not self.live:
            return True
        from IPython.display import display

        display(Skipped(what))  # type: ignore[no-untyped-call]  # IPython's display is untyped
        return False

    def matrix(
        self,
        *,
        choices: Sequence[str] = STANDARD_CHOICES,
        grants: Sequence[str] = ("client_credentials",),
        scope: str | None = None,
        all_domains: bool = False,
    ) -> list[Scenario]:
        """The audience matrix of every configuration, asking for `custom_api`."""
        return [
            scenario
            for target in self.targets
            for scenario in target.matrix(
                choices=choices,
                grants=grants,
                scope=scope,
                all_domains=all_domains,
                custom_api=self.custom_api,
            )
        ]

    def request(
        self,
        *,
        audience: str | None = None,
        grant: str = "client_credentials",
        scope: str | None = None,
        domain: str | None = None,
        configuration: str | None = None,
    ) -> AttemptResult:
        """One token request, as the token form sends it; a refusal is a result too.

        `audience` defaults to `custom_api`; `NO_AUDIENCE` sends none. User grants log
        `alice@example.com` in on the sandbox; on your tenant they say a person must.
        """
        target = self.configuration(configuration) if configuration else self.target
        bench = self._benches.get(target.label)
        if bench is None:
            bench = self._benches[target.label] = Workbench(target)
        request = TokenRequest(
            grant=grant, domain=domain, audience=audience or self.custom_api, scope=scope
        )
        return bench.request(request)

    def close(self) -> None:
        """Close every connection and stop every sandbox the lesson started."""
        for bench in self._benches.values():
            bench.close()
        for target in self.targets:
            target.close()
        for sandbox in self.sandboxes:
            sandbox.stop()

    def __repr__(self) -> str:
        return f"Lesson({self._where()})"

    def _repr_html_(self) -> str:
        rows = "".join(f"<li>{esc(line)}</li>" for line in self._details())
        return block(
            "lesson", f"<div class='a0x-box'><b>{esc(self._where())}</b><ul>{rows}</ul></div>"
        )

    def _where(self) -> str:
        if self.live:
            return f"Running on your tenant {self.target.canonical_domain}"
        names = ", ".join(t.label for t in self.targets)
        return f"Running on the sandbox ({names}), on loopback: no network, no Auth0 account"

    def _details(self) -> list[str]:
        source = self.source
        if not self.live:
            return [source.describe() + ".", _SETUP]
        client = source.values.get("AUTH0_CLIENT_ID", "")
        secret = source.origin("AUTH0_CLIENT_SECRET")
        proof = f"its secret from {secret}, masked" if secret else "no AUTH0_CLIENT_SECRET"
        return [
            source.describe() + ".",
            f"client {client} (AUTH0_CLIENT_ID from {source.origin('AUTH0_CLIENT_ID')}); {proof}.",
            f"asked through {', '.join(self.target.domains)}; the tenant's own (canonical) "
            f"domain, which Auth0's APIs keep in their audiences: {self.target.canonical_domain}",
            f"the API the lessons ask for: {self.custom_api} ({self.api_source}).",
            "Cells that need the sandbox (moving the clock, logging a user in from code) say "
            "so and are skipped.",
        ]


def start(
    *profiles: str,
    frozen: bool = False,
    environ: Mapping[str, str] | None = None,
    folder: str | Path | None = None,
) -> Lesson:
    """The lesson's tenant: your own when `AUTH0_DOMAIN` is set, else one sandbox per profile.

    Args:
        profiles: the sandbox configurations the lesson compares (`plain`, `default-audience`,
            `custom-domain`, `full`); ignored on your tenant, which is one configuration.
        frozen: give the sandboxes one `FrozenClock`, which the lesson moves.
        environ: the environment to read (default: the process's).
        folder: where the search for `.env` starts (default: the current folder, which is
            the notebook's own in Jupyter).
    """
    source = EnvSource.find(environ, start=folder)
    if source.domain is not None:
        return _live(source, environ)
    clock: Clock = FrozenClock() if frozen else SystemClock()
    chosen = profiles or ("full",)
    sandboxes: list[Sandbox] = []
    try:
        for profile in chosen:
            sandboxes.append(Sandbox(profile=profile, clock=clock).start())
        targets = [Target.from_sandbox(sb, p) for sb, p in zip(sandboxes, chosen, strict=True)]
    except BaseException:
        for sandbox in sandboxes:
            sandbox.stop()
        raise
    api = sandboxes[0].api(_CUSTOM_API).identifier
    return Lesson(source, targets, sandboxes=sandboxes, custom_api=api,
                  api_source=f"the sandbox's API {_CUSTOM_API}", clock=clock)  # fmt: skip


def _live(source: EnvSource, environ: Mapping[str, str] | None) -> Lesson:
    """Your tenant as the lesson's one configuration."""
    custom = source.values.get("AUTH0_CUSTOM_DOMAIN", "")
    domains = [d.strip() for d in custom.split(",") if d.strip()]
    target = Target.from_env(LIVE, environ, dotenv=source.dotenv, custom_domains=domains)
    try:
        canonical = _canonical_domain(target.tenant())
        if canonical is not None and canonical != target.canonical_domain:
            target.close()
            target = Target.from_env(
                LIVE,
                environ,
                dotenv=source.dotenv,
                custom_domains=domains,
                canonical_domain=canonical,
            )
        target.default_audience = _default_audience(target.tenant())
    except BaseException:
        target.close()
        raise
    default = target.default_audience
    if target.custom_api:
        api, where = target.custom_api, f"AUTH0_AUDIENCE from {source.origin('AUTH0_AUDIENCE')}"
    elif default:
        api, where = default, "your tenant's default audience; set AUTH0_AUDIENCE to choose"
    else:
        api = target.management_api
        where = "AUTH0_AUDIENCE is not set and there is no default audience: set it to your API"
    return Lesson(source, [target], custom_api=api, api_source=where, clock=target.clock)


def _canonical_domain(tenant: Tenant) -> str | None:
    """The tenant's own domain, as the certificate of its signing key names it (CN = the
    canonical domain, auth0-behavior §8.2), or None when the key set does not say.

    `AUTH0_DOMAIN` may be a custom domain, or a sandbox's loopback address, while Auth0's own
    APIs (the Management API, `/userinfo`) keep the canonical domain in their audiences (§7).
    """
    try:
        document = tenant.jwks().get_jwks()
        chain = next(k["x5c"] for k in document.get("keys", []) if k.get("x5c"))
        certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0]))
        names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    except (Auth0ExploreError, StopIteration, KeyError, TypeError, ValueError):
        return None
    name = str(names[0].value).strip().lower() if names else ""
    return name if _HOST.fullmatch(name) else None


def _default_audience(tenant: Tenant) -> str | None:
    """What a client-credentials request without audience gets: the default audience, "" when
    Auth0 refuses it for lack of one (auth0-behavior §2.3), None when it cannot tell."""
    try:
        token = tenant.client_credentials("")
    except OAuthError as error:
        if error.status == 401:
            raise ConfigError(
                f"your tenant refused this application ({error}): check AUTH0_CLIENT_ID and "
                "AUTH0_CLIENT_SECRET (a machine-to-machine application's)"
            ) from None
        return "" if _NON_GLOBAL in error.error_description else None
    audiences: Any = token.inspection.audiences
    return str(audiences[0]) if audiences else ""
