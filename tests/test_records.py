"""The one reader of parsed files into dataclasses (tenant files, snapshots)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest

from auth0_explore.errors import ConfigError
from auth0_explore.records import RecordReader
from auth0_explore.secrets import Secret


@dataclass(frozen=True)
class Tag:
    name: str


@dataclass
class Thing:
    name: str
    pair: tuple[int, str] = (0, "")
    many: tuple[str, ...] = ()
    tags: list[Tag] = field(default_factory=list)
    limits: Mapping[str, float] = field(default_factory=dict)
    secret: Secret | None = None


READER = RecordReader(mapping="an object", shorthands={Tag: Tag})


def test_every_member_is_converted_to_its_hint() -> None:
    data = {"name": "a", "pair": [1, "x"], "many": ["p", "q"], "tags": ["t", {"name": "u"}]}
    thing = READER.build(Thing, {**data, "limits": {"rate": 2}, "secret": "s3cret"}, "thing")
    assert (thing.name, thing.pair, thing.many) == ("a", (1, "x"), ("p", "q"))
    assert thing.tags == [Tag("t"), Tag("u")]
    assert thing.limits == {"rate": 2.0}
    assert isinstance(thing.limits["rate"], float)
    assert isinstance(thing.secret, Secret)
    assert thing.secret.reveal() == "s3cret"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "a", "colour": 1}, r"'colour' \(known: limits, many, name, pair, secret, tags"),
        ({}, "thing: .*name"),
        ({"name": 1}, "thing.name: expected str, got int"),
        ({"name": "a", "pair": [1]}, "thing.pair: expected a list of 2 values"),
        ({"name": "a", "many": "p"}, "thing.many: expected a list"),
        ({"name": "a", "tags": [3]}, r"thing.tags\[0\]: expected an object"),
        ({"name": "a", "limits": []}, "thing.limits: expected an object"),
        ({"name": "a", "limits": {"rate": True}}, "thing.limits.rate: expected float, got bool"),
    ],
)
def test_a_wrong_member_is_refused_naming_where(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        READER.build(Thing, data, "thing")


def test_the_format_names_its_mappings() -> None:
    with pytest.raises(ConfigError, match="thing: expected a table"):
        RecordReader(mapping="a table").build(Thing, [], "thing")
