"""auth0-explore: request Auth0 tokens, see what comes back, compare tenant configurations.

The names a notebook starts from, each written once below (read at run time by
`auth0_explore.lazy.public_names` and loaded on first use, so `import auth0_explore` stays fast
and the sans-IO core pulls in neither requests, pandas nor ipywidgets). Everything else lives in
its subpackage: `tokens` (inspect, validate, explain), `client` (the connection to a tenant),
`explore` (matrices, DataFrames, reports), `sandbox` (the local tenant), `snapshot`, `audit`,
`widgets`, `batch`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auth0_explore.lazy import public_names

__version__ = "0.1.0"

if TYPE_CHECKING:  # the public API: `X as X` lines, each name once
    from auth0_explore.client.tenant import Tenant as Tenant
    from auth0_explore.clock import FrozenClock as FrozenClock
    from auth0_explore.errors import Auth0ExploreError as Auth0ExploreError
    from auth0_explore.errors import ConfigError as ConfigError
    from auth0_explore.errors import OAuthError as OAuthError
    from auth0_explore.errors import TokenError as TokenError
    from auth0_explore.errors import TransportError as TransportError
    from auth0_explore.explore.compare import compare as compare
    from auth0_explore.explore.runner import Run as Run
    from auth0_explore.explore.scenarios import Scenario as Scenario
    from auth0_explore.explore.targets import Target as Target
    from auth0_explore.explore.timeline import plot_timeline as plot_timeline
    from auth0_explore.sandbox.sandbox import Sandbox as Sandbox
    from auth0_explore.tokens.claims import inspect_token as inspect_token
    from auth0_explore.tokens.expectations import Expectations as Expectations
    from auth0_explore.tokens.validation import validate as validate
    from auth0_explore.tokens.validation import verify as verify

#: names the README imported from the root before 0.2, served for one release with a warning
_MOVED: dict[str, str] = {
    "AUTH0_ACCESS_TOKEN": "auth0_explore.tokens.AUTH0_ACCESS_TOKEN",
    "ID_TOKEN": "auth0_explore.tokens.ID_TOKEN",
    "KeySet": "auth0_explore.tokens.KeySet",
    "RFC9068_ACCESS_TOKEN": "auth0_explore.tokens.RFC9068_ACCESS_TOKEN",
    "RequestContext": "auth0_explore.tokens.RequestContext",
    "STRING_AUD_API": "auth0_explore.tokens.STRING_AUD_API",
    "SystemClock": "auth0_explore.clock.SystemClock",
    "decode_unverified": "auth0_explore.tokens.decode_unverified",
    "explain": "auth0_explore.tokens.explain",
    "inspect": "auth0_explore.tokens.inspect_token",
    "verify_many": "auth0_explore.batch.verify_many",
}

__all__, _attribute, __dir__ = public_names(__name__, moved=_MOVED)

if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name stays a type error
    __getattr__ = _attribute
