"""Hypothesis strategies for raw HTTP/1.1 requests that no client library would send.

Methods odd and ordinary, paths real and crafted, queries with duplicated, huge and undecodable
parameters, content types with every charset, encodings the sandbox does not speak, bodies that
are truncated, deeply nested or lone-surrogate JSON, broken forms or random bytes, huge and
repeated headers, chunked framing. Every request is framed correctly (a Content-Length that
matches, or valid chunks), so each deserves a complete answer.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlsplit

from hypothesis import strategies as st

from auth0_explore.sandbox.http.routes import default_routes

__all__ = ["RawRequest", "raw_requests"]

ROUTES = sorted({(method, route.path) for route in default_routes() for method in route.methods})
ODD_PATHS = [
    "/", "//oauth/token", "/oauth/token/", "/OAUTH/TOKEN", "/oauth/./token",
    "/oauth/../oauth/token", "/%2e%2e/%2e%2e/etc/passwd", "/oauth%2Ftoken", "/oauth/token%00",
    "/oauth/token;x=1",
    "/%ED%A0%80", "/%FF%FE", "/.well-known/", "/u/login/", "/" + "a" * 4000,
    "http://127.0.0.1/oauth/token", "/oauth/token#frag", "/userinfo?",
]  # fmt: skip
METHODS = ["GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "get", "post",
           "FOO", "PROPFIND", "M-SEARCH"]  # fmt: skip
NAMES = [
    "grant_type", "client_id", "client_secret", "audience", "scope", "code", "redirect_uri",
    "code_verifier", "refresh_token", "username", "password", "realm", "device_code", "token",
    "user_code", "action", "response_type", "response_mode", "state", "nonce", "prompt",
    "max_age", "organization", "returnTo", "id_token_hint", "client_assertion",
    "client_assertion_type", "code_challenge", "code_challenge_method", "resource",
]  # fmt: skip
GRANTS = ["client_credentials", "authorization_code", "refresh_token", "password",
          "http://auth0.com/oauth/grant-type/password-realm",
          "urn:ietf:params:oauth:grant-type:device_code"]  # fmt: skip
CONTENT_TYPES = [
    "application/json", "application/json; charset=utf-8", "application/json; charset=latin-1",
    "application/json; charset=utf-16", "application/json; charset=bogus", "application/json;;;",
    "APPLICATION/JSON", "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=iso-8859-1",
    "application/x-www-form-urlencoded; charset=utf-16", "multipart/form-data; boundary=xyz",
    "text/plain", "application/xml", "*/*", "", "application/" + "x" * 3000,
]  # fmt: skip


class RawRequest:
    """Bytes on the wire, and what they ask for (for the bar's per-route rules). Not a
    dataclass: hypothesis prints a failing example's dataclass field by field, 300 KB
    headers included, and refuses to."""

    __slots__ = ("data", "method", "path")

    def __init__(self, method: str, path: str, data: bytes) -> None:
        self.method, self.path, self.data = method, path, data

    def __repr__(self) -> str:
        """Short, so a failing example with a 300 KB header is shown, not refused."""
        head = self.data[:300]
        return f"RawRequest({self.method!r}, {self.path[:80]!r}, {len(self.data)} bytes: {head!r})"


def _values() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=40),
        st.sampled_from([*GRANTS, "", " ", "null", "\x00", "x\ud800", "\udfff", "\U0001f600"]),
        st.integers(min_value=1, max_value=70_000).map(lambda n: "v" * n),
    )


def _quoted(text: str) -> str:
    """Percent-encoded UTF-8, lone surrogates included (as the bytes a sloppy client sends)."""
    return quote(text.encode("utf-8", "surrogatepass"))


def _query_part() -> st.SearchStrategy[str]:
    pair = st.tuples(st.one_of(st.sampled_from(NAMES), st.text(max_size=10)), _values())
    encoded = st.lists(pair, max_size=6).map(
        lambda pairs: "&".join(f"{_quoted(n)}={_quoted(v)}" for n, v in pairs)
    )
    raw = st.sampled_from(["%ED%A0%80=1", "a=%ZZ", "a=%", "=", "&&&", "a=1&a=2", "%FF=%FE"])
    return st.one_of(encoded, raw)


def _json_body() -> st.SearchStrategy[bytes]:
    value = st.one_of(_values(), st.none(), st.integers(), st.booleans(),
                      st.lists(st.text(max_size=5), max_size=3))  # fmt: skip
    members = st.dictionaries(st.one_of(st.sampled_from(NAMES), st.text(max_size=8)), value,
                              max_size=8)  # fmt: skip
    plain = members.map(lambda m: json.dumps(m).encode())
    surrogate = members.map(
        lambda m: json.dumps({**m, "grant_type": "x"}).replace('"x"', '"x\\ud800"').encode()
    )
    truncated = st.tuples(plain, st.integers(min_value=0, max_value=200)).map(
        lambda pair: pair[0][: pair[1]]
    )
    nested = st.sampled_from([10, 1000, 100_000]).map(lambda n: b"[" * n + b"]" * n)
    utf16 = json.dumps({"grant_type": "x"}).encode("utf-16")
    odd = st.sampled_from([b"[]", b"1", b'"x"', b"null", b'{"a":1,"a":2}', b"\xef\xbb\xbf{}",
                           utf16, b"{", b"\x00" * 8])  # fmt: skip
    return st.one_of(plain, surrogate, truncated, nested, odd)


def _form_body() -> st.SearchStrategy[bytes]:
    return st.one_of(
        _query_part().map(str.encode),
        st.binary(max_size=200),
        st.sampled_from([b"grant_type=%ED%A0%80", b"a=\xff\xfe", b"grant_type=" + b"x" * 70_000]),
    )


def _headers() -> st.SearchStrategy[list[tuple[str, str]]]:
    host = st.sampled_from(["127.0.0.1", "dev-sandbox.us.auth0.com", "login.example.com:1",
                            "evil/path", "", "[::1]:80", "x" * 300])  # fmt: skip
    auth = st.sampled_from(["Basic Og==", "Basic !!!", "Basic " + "QQ" * 2000, "Bearer x.y.z",
                            "Bearer ", "Digest x", "bearer a.b.c.d.e", ""])  # fmt: skip
    extra = st.one_of(
        st.tuples(st.just("Authorization"), auth),
        st.tuples(st.just("Cookie"), st.sampled_from(["auth0=x", "auth0=", "auth0=" + "c" * 5000])),
        st.tuples(st.just("Content-Encoding"), st.sampled_from(["gzip", "deflate", "br", "bogus"])),
        st.tuples(st.just("Expect"), st.just("100-continue")),
        st.tuples(st.just("Accept-Charset"), st.just("utf-16")),
        st.tuples(st.just("X-Huge"), st.integers(1, 300_000).map(lambda n: "h" * n)),
        st.tuples(st.just("Transfer-Encoding"), st.sampled_from(["gzip", "chunked, gzip", "x"])),
        st.tuples(st.just("Host"), host),  # a second Host
    )
    many = st.integers(0, 150).map(lambda n: [(f"X-Many-{i}", "v") for i in range(n)])
    return st.tuples(host, st.lists(extra, max_size=4), many).map(
        lambda parts: [("Host", parts[0]), *parts[1], *parts[2]]
    )


def _chunked(body: bytes) -> bytes:
    chunks = [body[i : i + 1000] for i in range(0, len(body), 1000)]
    return b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"


@st.composite
def raw_requests(draw: st.DrawFn) -> RawRequest:
    """One complete, correctly framed request."""
    # mostly a real route with its own method, so most requests reach the endpoints' code
    method, path = draw(st.sampled_from(ROUTES))
    if draw(st.integers(0, 9)) == 0:
        method = draw(st.sampled_from(METHODS))
    if draw(st.integers(0, 9)) == 0:
        path = draw(st.sampled_from(ODD_PATHS))
    if draw(st.booleans()):
        path = f"{path}?{draw(_query_part())}"
    content_type = draw(st.sampled_from(CONTENT_TYPES))
    body = draw(_json_body() if "json" in content_type.lower() else _form_body())
    if method.upper() in ("GET", "HEAD") and draw(st.booleans()):
        body = b""
    headers = draw(_headers())
    if content_type:
        headers.append(("Content-Type", content_type))
    if body and draw(st.booleans()):
        headers.append(("Transfer-Encoding", "chunked"))
        framed = _chunked(body)
    else:
        headers.append(("Content-Length", str(len(body))))
        framed = body
    headers.append(("Connection", "close"))
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{n}: {v}\r\n" for n, v in headers)
    route = urlsplit(path).path or path
    return RawRequest(method, route, head.encode("latin-1") + b"\r\n" + framed)
