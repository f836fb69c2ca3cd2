"""API identifiers as people read them: the host they name, and a loose spelling for
comparing `https://api.example.com/` with `api.example.com`."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["host_of", "loose"]


def loose(identifier: str) -> str:
    """An identifier as a person reads it: no scheme, no trailing slashes, lower case."""
    text = identifier.strip().lower()
    for scheme in ("https://", "http://"):
        text = text.removeprefix(scheme)
    return text.rstrip("/")


def host_of(identifier: str) -> str:
    """The host an identifier names (`https://api.example.com/x` -> `api.example.com`); for a
    bare word such as `localhost` or `my-api`, the word itself."""
    if "://" in identifier:
        try:
            return (urlsplit(identifier).hostname or "").lower()
        except ValueError:
            return ""
    return identifier.split("/", 1)[0].rsplit(":", 1)[0].lower()
