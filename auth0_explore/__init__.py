"""auth0-explore: request Auth0 tokens, see what comes back, compare tenant configurations.

The public API is listed in `__all__`. Names load lazily (PEP 562) so that
`import auth0_explore` stays fast and importing the sans-IO core pulls in neither requests,
pandas nor ipywidgets.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "AUTH0_ACCESS_TOKEN": "auth0_explore.tokens.profiles",
    "Auth0ExploreError": "auth0_explore.errors",
    "Clock": "auth0_explore.clock",
    "ConfigError": "auth0_explore.errors",
    "Credentials": "auth0_explore.config",
    "Explanation": "auth0_explore.tokens.explanations",
    "FrozenClock": "auth0_explore.clock",
    "ID_TOKEN": "auth0_explore.tokens.profiles",
    "Inspection": "auth0_explore.tokens.claims",
    "KeySet": "auth0_explore.tokens.keys",
    "OAuthError": "auth0_explore.errors",
    "Profile": "auth0_explore.tokens.profiles",
    "RFC9068_ACCESS_TOKEN": "auth0_explore.tokens.profiles",
    "RequestContext": "auth0_explore.tokens.explanations",
    "RequestTimeoutError": "auth0_explore.errors",
    "RetryPolicy": "auth0_explore.client.policy",
    "STRING_AUD_API": "auth0_explore.tokens.profiles",
    "SandboxError": "auth0_explore.errors",
    "Secret": "auth0_explore.secrets",
    "SystemClock": "auth0_explore.clock",
    "Tenant": "auth0_explore.client.tenant",
    "TenantConnection": "auth0_explore.config",
    "Timeouts": "auth0_explore.client.policy",
    "TokenError": "auth0_explore.errors",
    "TokenResult": "auth0_explore.client.results",
    "TransportError": "auth0_explore.errors",
    "ValidationReport": "auth0_explore.tokens.report",
    "decode_unverified": "auth0_explore.tokens.compact",
    "explain": "auth0_explore.tokens.explanations",
    "fingerprint": "auth0_explore.secrets",
    "inspect": "auth0_explore.tokens.claims",
    "validate": "auth0_explore.tokens.validation",
    "verify": "auth0_explore.tokens.validation",
    "verify_many": "auth0_explore.tokens.batch",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from auth0_explore.client.policy import RetryPolicy, Timeouts
    from auth0_explore.client.results import TokenResult
    from auth0_explore.client.tenant import Tenant
    from auth0_explore.clock import Clock, FrozenClock, SystemClock
    from auth0_explore.config import Credentials, TenantConnection
    from auth0_explore.errors import (
        Auth0ExploreError,
        ConfigError,
        OAuthError,
        RequestTimeoutError,
        SandboxError,
        TokenError,
        TransportError,
    )
    from auth0_explore.secrets import Secret, fingerprint
    from auth0_explore.tokens.batch import verify_many
    from auth0_explore.tokens.claims import Inspection, inspect
    from auth0_explore.tokens.compact import decode_unverified
    from auth0_explore.tokens.explanations import Explanation, RequestContext, explain
    from auth0_explore.tokens.keys import KeySet
    from auth0_explore.tokens.profiles import (
        AUTH0_ACCESS_TOKEN,
        ID_TOKEN,
        RFC9068_ACCESS_TOKEN,
        STRING_AUD_API,
        Profile,
    )
    from auth0_explore.tokens.report import ValidationReport
    from auth0_explore.tokens.validation import validate, verify


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'auth0_explore' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
