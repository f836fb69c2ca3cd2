"""The token inspector: sans-IO parsing, validation, inspection and explanations.

Nothing here does network I/O or reads the wall clock: keys come in as a `KeySet`, time as a
`Clock`, and what a token must be as an `Expectations`. Imports neither requests, pandas,
matplotlib nor ipywidgets; running a batch on several processes is `auth0_explore.batch`.
"""

from __future__ import annotations

from auth0_explore.tokens.claims import FAMILIES, Inspection, TimeClaim, inspect_token
from auth0_explore.tokens.compact import MAX_TOKEN_SIZE, ParsedToken, decode_unverified, parse
from auth0_explore.tokens.expectations import DEFAULT_LEEWAY, Expectations, issuers_for
from auth0_explore.tokens.explanations import Explanation, Finding, RequestContext, explain
from auth0_explore.tokens.keys import Key, KeySet
from auth0_explore.tokens.profiles import (
    AUTH0_ACCESS_TOKEN,
    ID_TOKEN,
    RFC9068_ACCESS_TOKEN,
    STRING_AUD_API,
    TOKEN_PROFILES,
    TokenProfile,
)
from auth0_explore.tokens.reasons import REASONS
from auth0_explore.tokens.report import Check, ValidationReport
from auth0_explore.tokens.validation import validate, verify, verify_each, verify_signature

__all__ = [
    "AUTH0_ACCESS_TOKEN",
    "DEFAULT_LEEWAY",
    "FAMILIES",
    "ID_TOKEN",
    "MAX_TOKEN_SIZE",
    "REASONS",
    "RFC9068_ACCESS_TOKEN",
    "STRING_AUD_API",
    "TOKEN_PROFILES",
    "Check",
    "Expectations",
    "Explanation",
    "Finding",
    "Inspection",
    "Key",
    "KeySet",
    "ParsedToken",
    "RequestContext",
    "TimeClaim",
    "TokenProfile",
    "ValidationReport",
    "decode_unverified",
    "explain",
    "inspect_token",
    "issuers_for",
    "parse",
    "validate",
    "verify",
    "verify_each",
    "verify_signature",
]
