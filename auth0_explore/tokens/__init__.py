"""The token inspector: sans-IO parsing, validation, inspection and explanations.

Nothing here does network I/O or reads the wall clock: keys come in as a `KeySet`, time as a
`Clock`. Imports neither requests, pandas, matplotlib nor ipywidgets.
"""

from __future__ import annotations

from auth0_explore.tokens.batch import verify_many
from auth0_explore.tokens.claims import FAMILIES, Inspection, TimeClaim, inspect
from auth0_explore.tokens.compact import MAX_TOKEN_SIZE, ParsedToken, decode_unverified, parse
from auth0_explore.tokens.explanations import Explanation, Finding, RequestContext, explain
from auth0_explore.tokens.keys import Key, KeySet
from auth0_explore.tokens.profiles import (
    AUTH0_ACCESS_TOKEN,
    ID_TOKEN,
    PROFILES,
    RFC9068_ACCESS_TOKEN,
    STRING_AUD_API,
    Profile,
)
from auth0_explore.tokens.reasons import REASONS
from auth0_explore.tokens.report import Check, ValidationReport
from auth0_explore.tokens.validation import DEFAULT_LEEWAY, validate, verify, verify_signature

__all__ = [
    "AUTH0_ACCESS_TOKEN",
    "DEFAULT_LEEWAY",
    "FAMILIES",
    "ID_TOKEN",
    "MAX_TOKEN_SIZE",
    "PROFILES",
    "REASONS",
    "RFC9068_ACCESS_TOKEN",
    "STRING_AUD_API",
    "Check",
    "Explanation",
    "Finding",
    "Inspection",
    "Key",
    "KeySet",
    "ParsedToken",
    "Profile",
    "RequestContext",
    "TimeClaim",
    "ValidationReport",
    "decode_unverified",
    "explain",
    "inspect",
    "parse",
    "validate",
    "verify",
    "verify_many",
    "verify_signature",
]
