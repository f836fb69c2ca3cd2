"""The sandbox's OpenAPI description (issue 10): it describes exactly the routes it serves.

Every route of the route table is described with its methods, and every described operation is
a route; the fragments merge without one family overwriting another's; every `$ref` resolves.
The fuzz suite (`tests/reliability/test_fuzz_openapi.py`) then holds the sandbox to it.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from auth0_explore.errors import SandboxError
from auth0_explore.sandbox import Sandbox
from auth0_explore.sandbox.http.openapi import (
    described_operations,
    merge_fragments,
    openapi_document,
    openapi_path,
)
from auth0_explore.sandbox.http.routes import default_routes


def _routed() -> set[tuple[str, str]]:
    return {
        (method, openapi_path(route.path)) for route in default_routes() for method in route.methods
    }


def test_every_route_is_described_and_every_described_operation_is_a_route() -> None:
    described = described_operations(openapi_document())
    routed = _routed()
    assert routed - described == set(), "routes the description lacks"
    assert described - routed == set(), "described operations no route serves"


def test_the_served_document_is_the_description(plain: Sandbox) -> None:
    """`GET /openapi.json`: OpenAPI 3.1, a relative server URL (right for any domain or port)."""
    response = requests.get(f"{plain.base_url}openapi.json", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    document = response.json()
    assert document == openapi_document()
    assert document["openapi"] == "3.1.0"
    assert document["servers"][0]["url"] == "/"


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_every_reference_resolves() -> None:
    document = openapi_document()
    refs = _refs(document)
    assert refs
    for ref in refs:
        node: Any = document
        for part in ref.removeprefix("#/").split("/"):
            assert isinstance(node, dict), f"{ref} does not resolve"
            assert part in node, f"{ref} does not resolve"
            node = node[part]


def test_every_operation_has_a_tag_of_the_document_and_a_unique_id() -> None:
    document = openapi_document()
    tags = {tag["name"] for tag in document["tags"]}
    ids = []
    for item in document["paths"].values():
        for operation in item.values():
            assert set(operation["tags"]) <= tags, operation["operationId"]
            ids.append(operation["operationId"])
    assert len(ids) == len(set(ids))


def test_sandbox_only_routes_say_so() -> None:
    """Routes Auth0 lacks (or has with other fields) carry `x-sandbox-only` and the tag."""
    paths = openapi_document()["paths"]
    marked = {
        (method.upper(), path)
        for path, item in paths.items()
        for method, operation in item.items()
        if operation.get("x-sandbox-only")
    }
    assert marked == {("POST", "/u/login"), ("POST", "/activate"), ("GET", "/openapi.json")}
    for method, path in marked:
        assert "Sandbox only" in paths[path][method.lower()]["tags"]


BASE = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "tags": [{"name": "A"}],
        "components": {"schemas": {"Shared": {"type": "string"}}}}  # fmt: skip


def test_fragments_merge_paths_components_and_tags() -> None:
    part = {"paths": {"/x": {"get": {}}}, "components": {"schemas": {"X": {}}},
            "tags": [{"name": "B"}]}  # fmt: skip
    merged = merge_fragments([("base.json", BASE), ("x.json", part)])
    assert merged["paths"] == {"/x": {"get": {}}}
    assert set(merged["components"]["schemas"]) == {"Shared", "X"}
    assert [tag["name"] for tag in merged["tags"]] == ["A", "B"]


@pytest.mark.parametrize(
    ("part", "place"),
    [
        ({"paths": {"/x": {}}}, "paths//x"),
        ({"components": {"schemas": {"Shared": {}}}}, "components/schemas/Shared"),
        ({"tags": [{"name": "A"}]}, "tags/A"),
    ],
    ids=["path", "component", "tag"],
)
def test_two_fragments_describing_the_same_thing_is_an_error_naming_both(
    part: dict[str, Any], place: str
) -> None:
    first = {"paths": {"/x": {}}}
    with pytest.raises(SandboxError, match=r"fragments (base|a)\.json and b\.json both describe"):
        merge_fragments([("base.json", BASE), ("a.json", first), ("b.json", part)])


@pytest.mark.parametrize(
    ("rule", "path"),
    [("/api/v2/clients/<id>", "/api/v2/clients/{id}"),
     ("/api/v2/users/<string:user_id>/roles", "/api/v2/users/{user_id}/roles"),
     ("/oauth/token", "/oauth/token")],
)  # fmt: skip
def test_route_rules_become_openapi_paths(rule: str, path: str) -> None:
    assert openapi_path(rule) == path
