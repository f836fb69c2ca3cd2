"""The caller's validation options, checked once and cached.

Issuers, the alg allow-list (never from the token; `none` can never be in it) and the leeway
are checked on the first call with a given combination and reused afterwards, so the usual
call (one issuer string, the profile's algorithms) costs a dictionary lookup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from auth0_explore.errors import ConfigError
from auth0_explore.tokens.profiles import Profile
from auth0_explore.tokens.signature import SUPPORTED_ALGORITHMS

__all__ = ["Settings", "allow_list", "as_tuple", "scopes", "settings_for"]


class Settings(NamedTuple):
    """The caller's options, checked once: issuers, alg allow-list, leeway."""

    issuers: tuple[str, ...]
    allowed: frozenset[str]
    shown: tuple[str, ...]
    leeway: float
    window: str


def settings_for(
    issuers: str | Sequence[str], algorithms: Sequence[str] | None, profile: Profile, leeway: float
) -> Settings:
    """The checked options; raises ConfigError for anything a validator cannot use."""
    if type(issuers) is str and (algorithms is None or type(algorithms) is tuple):
        try:
            return _cached_settings(issuers, algorithms, profile, leeway)  # the usual call
        except TypeError:  # something unhashable: check it without the cache
            pass
    return _make_settings(issuers, algorithms, profile, leeway)


@lru_cache(maxsize=64)
def _cached_settings(
    issuers: str, algorithms: tuple[str, ...] | None, profile: Profile, leeway: float
) -> Settings:
    return _make_settings(issuers, algorithms, profile, leeway)


def _make_settings(
    issuers: str | Sequence[str], algorithms: Sequence[str] | None, profile: Profile, leeway: float
) -> Settings:
    if not isinstance(profile, Profile):
        raise ConfigError("profile is a Profile, e.g. AUTH0_ACCESS_TOKEN or ID_TOKEN")
    try:
        accepted = (issuers,) if type(issuers) is str else tuple(issuers)
    except TypeError:
        accepted = ()
    if not accepted or not all(type(i) is str and i for i in accepted):
        raise ConfigError("issuers names at least one issuer, e.g. 'https://TENANT.auth0.com/'")
    algs = profile.algorithms if algorithms is None else as_tuple(algorithms)
    return Settings(accepted, *allow_list(algs), *_leeway(leeway))


def as_tuple(algorithms: Sequence[str]) -> tuple[str, ...]:
    """One algorithm name or several, as a tuple."""
    if isinstance(algorithms, str):
        return (algorithms,)
    try:
        return tuple(algorithms)
    except TypeError:
        raise ConfigError("algorithms is a list of names such as ['RS256']") from None


def allow_list(algorithms: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The allow-list as a set and as a sorted tuple for reports."""
    if not all(type(name) is str for name in algorithms):
        raise ConfigError("algorithms is a list of names such as ['RS256']")
    return _allow_list(algorithms)


@lru_cache(maxsize=64)
def _allow_list(algorithms: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    allowed = frozenset(algorithms)
    if not allowed:
        raise ConfigError("the algorithm allow-list is empty")
    unknown = sorted(str(a) for a in allowed if a not in SUPPORTED_ALGORITHMS)
    if unknown:
        raise ConfigError(f"unsupported algorithms in the allow-list: {unknown} ('none' never is)")
    return allowed, tuple(sorted(allowed))


def _leeway(leeway: float) -> tuple[float, str]:
    if isinstance(leeway, bool) or not isinstance(leeway, int | float):
        raise ConfigError("leeway is a number of seconds")
    if not (math.isfinite(leeway) and leeway >= 0):
        raise ConfigError("leeway is a finite number of seconds >= 0")
    return float(leeway), f"{leeway:g} s"


def scopes(required: Sequence[str] | str) -> Sequence[str]:
    """Required scopes as a sequence; a string is split on spaces like the `scope` claim."""
    if isinstance(required, str):
        return tuple(required.split())
    return required
