"""auth0-explore: request Auth0 tokens, see what comes back, compare tenant configurations.

The public API is listed in `__all__`. Names load lazily (PEP 562) so that
`import auth0_explore` stays fast and importing the sans-IO core pulls in neither requests,
pandas nor ipywidgets.
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

from auth0_explore.lazy import exports

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "AUTH0_ACCESS_TOKEN": "auth0_explore.tokens.profiles",
    "Auth0ExploreError": "auth0_explore.errors",
    "Clock": "auth0_explore.clock",
    "ConfigError": "auth0_explore.errors",
    "Credentials": "auth0_explore.config",
    "Expectations": "auth0_explore.tokens.expectations",
    "Explanation": "auth0_explore.tokens.explanations",
    "FrozenClock": "auth0_explore.clock",
    "ID_TOKEN": "auth0_explore.tokens.profiles",
    "Inspection": "auth0_explore.tokens.claims",
    "KeySet": "auth0_explore.tokens.keys",
    "OAuthError": "auth0_explore.errors",
    "RFC9068_ACCESS_TOKEN": "auth0_explore.tokens.profiles",
    "RequestContext": "auth0_explore.tokens.explanations",
    "RequestTimeoutError": "auth0_explore.errors",
    "RetryPolicy": "auth0_explore.client.policy",
    "Run": "auth0_explore.explore.runner",
    "STRING_AUD_API": "auth0_explore.tokens.profiles",
    "SandboxError": "auth0_explore.errors",
    "Scenario": "auth0_explore.explore.scenarios",
    "Secret": "auth0_explore.secrets",
    "SystemClock": "auth0_explore.clock",
    "Target": "auth0_explore.explore.targets",
    "Tenant": "auth0_explore.client.tenant",
    "TenantConnection": "auth0_explore.config",
    "Timeouts": "auth0_explore.client.policy",
    "TokenError": "auth0_explore.errors",
    "TokenProfile": "auth0_explore.tokens.profiles",
    "TokenResult": "auth0_explore.client.results",
    "TransportError": "auth0_explore.errors",
    "ValidationReport": "auth0_explore.tokens.report",
    "decode_unverified": "auth0_explore.tokens.compact",
    "explain": "auth0_explore.tokens.explanations",
    "fingerprint": "auth0_explore.secrets",
    "inspect_token": "auth0_explore.tokens.claims",
    "validate": "auth0_explore.tokens.validation",
    "verify": "auth0_explore.tokens.validation",
    "verify_many": "auth0_explore.batch.many",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # `X as X`: names a type checker sees as re-exported
    from auth0_explore.batch.many import verify_many as verify_many
    from auth0_explore.client.policy import RetryPolicy as RetryPolicy
    from auth0_explore.client.policy import Timeouts as Timeouts
    from auth0_explore.client.results import TokenResult as TokenResult
    from auth0_explore.client.tenant import Tenant as Tenant
    from auth0_explore.clock import Clock as Clock
    from auth0_explore.clock import FrozenClock as FrozenClock
    from auth0_explore.clock import SystemClock as SystemClock
    from auth0_explore.config import Credentials as Credentials
    from auth0_explore.config import TenantConnection as TenantConnection
    from auth0_explore.errors import Auth0ExploreError as Auth0ExploreError
    from auth0_explore.errors import ConfigError as ConfigError
    from auth0_explore.errors import OAuthError as OAuthError
    from auth0_explore.errors import RequestTimeoutError as RequestTimeoutError
    from auth0_explore.errors import SandboxError as SandboxError
    from auth0_explore.errors import TokenError as TokenError
    from auth0_explore.errors import TransportError as TransportError
    from auth0_explore.explore.runner import Run as Run
    from auth0_explore.explore.scenarios import Scenario as Scenario
    from auth0_explore.explore.targets import Target as Target
    from auth0_explore.secrets import Secret as Secret
    from auth0_explore.secrets import fingerprint as fingerprint
    from auth0_explore.tokens.claims import Inspection as Inspection
    from auth0_explore.tokens.claims import inspect_token as inspect_token
    from auth0_explore.tokens.compact import decode_unverified as decode_unverified
    from auth0_explore.tokens.expectations import Expectations as Expectations
    from auth0_explore.tokens.explanations import Explanation as Explanation
    from auth0_explore.tokens.explanations import RequestContext as RequestContext
    from auth0_explore.tokens.explanations import explain as explain
    from auth0_explore.tokens.keys import KeySet as KeySet
    from auth0_explore.tokens.profiles import AUTH0_ACCESS_TOKEN as AUTH0_ACCESS_TOKEN
    from auth0_explore.tokens.profiles import ID_TOKEN as ID_TOKEN
    from auth0_explore.tokens.profiles import RFC9068_ACCESS_TOKEN as RFC9068_ACCESS_TOKEN
    from auth0_explore.tokens.profiles import STRING_AUD_API as STRING_AUD_API
    from auth0_explore.tokens.profiles import TokenProfile as TokenProfile
    from auth0_explore.tokens.report import ValidationReport as ValidationReport
    from auth0_explore.tokens.validation import validate as validate
    from auth0_explore.tokens.validation import verify as verify


_get_export, __dir__ = exports(__name__, _EXPORTS)

# old name -> (new name, module): kept for one release because the README used them
_DEPRECATED: dict[str, tuple[str, str]] = {
    "inspect": ("inspect_token", "auth0_explore.tokens.claims"),
}


def _attribute(name: str) -> Any:
    """A public name, loaded on first use; a deprecated one with its warning."""
    moved = _DEPRECATED.get(name)
    if moved is None:
        return _get_export(name)
    new, module = moved
    warnings.warn(
        f"auth0_explore.{name} is deprecated: use auth0_explore.{new}",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(module), new)


if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name stays a type error
    __getattr__ = _attribute
