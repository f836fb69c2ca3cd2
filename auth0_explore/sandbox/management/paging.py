"""Listing: offset and checkpoint paging, `include_totals` envelopes, `fields` projection.

Auth0: §9.2 — offset `page` (0-based) / `per_page` (default 50) / `include_totals` (an envelope
`{total, start, limit, <collection>}`, else a bare array); checkpoint `from` + `take` (an
envelope `{<collection>, next}`, `next` absent on the last page); `fields` + `include_fields`.
`from` is the id of the first object to return, as Auth0 documents it ("Id from which to start
selection"), and `next` is the id after the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from auth0_explore.sandbox.management.errors import bad_request
from auth0_explore.sandbox.tenant.settings import Emulation

__all__ = ["Listing", "Projection", "flag", "listing", "projection"]

_DEFAULT_PER_PAGE = 50


def _invalid(name: str, problem: str) -> Exception:
    # wording seen: "Query validation error: 'Value 1000 is greater than maximum 100' on
    # property per_page (Number of results per page. Defaults to 50)."
    return bad_request(f"Query validation error: '{problem}' on property {name}.")


def _integer(args: MultiDict[str, str], name: str, default: int, largest: int | None) -> int:
    text = args.get(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise _invalid(name, "Expected type integer but found type string") from None
    if value < 0:
        raise _invalid(name, f"Value {value} is less than minimum 0")
    if largest is not None and value > largest:
        raise _invalid(name, f"Value {value} is greater than maximum {largest}")
    return value


def flag(args: MultiDict[str, str], name: str, default: bool = False) -> bool:
    """A boolean query parameter (`true`/`false`)."""
    text = args.get(name)
    if text is None or text == "":
        return default
    if text not in ("true", "false"):
        raise _invalid(name, "Expected type boolean but found type string")
    return text == "true"


@dataclass(frozen=True)
class Listing:
    """One page request: offset (page, per_page, totals) or checkpoint (start id, take)."""

    page: int = 0
    per_page: int = _DEFAULT_PER_PAGE
    include_totals: bool = False
    checkpoint: bool = False
    start: str | None = None

    def answer(
        self,
        items: Sequence[dict[str, Any]],
        collection: str,
        ids: Sequence[str],
        *,
        totals_first: bool = True,
    ) -> Any:
        """The page of `items` (already filtered and projected; `ids` are theirs) in Auth0's
        shape."""
        if self.checkpoint:
            first = 0
            if self.start:
                if self.start not in ids:
                    raise _invalid("from", f"Unknown id {self.start}")
                first = ids.index(self.start)
            chunk = items[first : first + self.per_page]
            body: dict[str, Any] = {collection: list(chunk)}
            following = first + self.per_page
            if following < len(items):
                body["next"] = ids[following]
            return body
        start = self.page * self.per_page
        chunk = list(items[start : start + self.per_page])
        if not self.include_totals:
            return chunk
        totals = {"start": start, "limit": self.per_page, "total": len(items)}
        if totals_first:  # clients, grants, APIs (seen); organizations list theirs after
            return {"total": len(items), "start": start, "limit": self.per_page, collection: chunk}
        return {collection: chunk, **totals}


def listing(
    args: MultiDict[str, str], emulation: Emulation, *, offset_limit: int | None = None
) -> Listing:
    """The paging a request asks for; checkpoint when it names `from` or `take`."""
    largest = emulation.management_max_per_page
    # every parameter is checked, whichever paging it asks for (found by the fuzz suite: a
    # negative per_page beside take was ignored; Auth0 validates the whole query first)
    page = _integer(args, "page", 0, None)
    per_page = _integer(args, "per_page", _DEFAULT_PER_PAGE, largest) or _DEFAULT_PER_PAGE
    totals = flag(args, "include_totals")
    if "take" in args or "from" in args:
        take = _integer(args, "take", _DEFAULT_PER_PAGE, largest)
        return Listing(per_page=take or _DEFAULT_PER_PAGE, checkpoint=True, start=args.get("from"))
    if offset_limit is not None and (page + 1) * per_page > offset_limit:
        raise bad_request(
            f"Requesting page {page} exceeds the allowed maximum of {offset_limit} records. "
            f"To fetch results beyond {offset_limit}, use the checkpoint pagination method."
        )  # seen (auth0-python#277)
    return Listing(page, per_page, totals)


@dataclass(frozen=True)
class Projection:
    """`fields` + `include_fields`: which members of each object to send."""

    fields: frozenset[str] = frozenset()
    include: bool = True
    always: frozenset[str] = frozenset()

    @property
    def requested(self) -> frozenset[str]:
        """Members asked for by name (to include)."""
        return self.fields if self.include else frozenset()

    def apply(self, item: Mapping[str, Any]) -> dict[str, Any]:
        """The members of `item` this projection keeps, in `item`'s order."""
        if not self.fields:
            return dict(item)
        if self.include:
            keep = self.fields | self.always
            return {k: v for k, v in item.items() if k in keep}
        return {k: v for k, v in item.items() if k not in self.fields}


def projection(args: MultiDict[str, str], always: Iterable[str] = ()) -> Projection:
    """The projection a request asks for (`fields=a,b&include_fields=true`)."""
    raw = args.get("fields") or ""
    fields = frozenset(f.strip() for f in raw.split(",") if f.strip())
    return Projection(fields, flag(args, "include_fields", True), frozenset(always))
