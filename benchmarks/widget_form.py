"""Figure 8: the token form, click to rendered, against the bare client call (bar: 1.2 at most).

The sandbox runs in its own process (`auth0-explore sandbox --config`), as for figure 3, so its
work does not share this process's GIL. Sides, rotated every round, on kept-alive connections,
no token cache (every call is a real round trip):

- form: `TokenForm(tenant).request.click()`, headless (ipywidgets without a front end runs the
  handler in-process), until the status line and the open tab (the claims table) are rendered:
  the request, the explorer's inspection, validation (JWKS from the cache) and explanation, the
  attempt recorded, the HTML of both views put into their widgets;
- bare: `Tenant.client_credentials(audience, cache=False)`: the request and the token response,
  nothing else;
- ref: a click, then every other tab drawn (header, audiences, validation, explanation,
  timeline, reproduction), as if the user opened them all; tabs are otherwise drawn when opened;
- ref: the client call with what the client itself shows of it (`result.validation` and the
  result's `_repr_html_`, which decodes the token): what a cell needs without the form.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from benchmarks import subjects
from benchmarks.runner import Bar, Context, Row, interleave_many, not_measured, secs

BAR = Bar("<=", 1.2)
FIGURE = "Token form: click to rendered"


def _sides(
    base_url: str, client_id: str, secret: str, audience: str
) -> dict[str, Callable[[], object]]:
    from auth0_explore.client import Tenant
    from auth0_explore.config import TenantConnection
    from auth0_explore.widgets import TokenForm
    from auth0_explore.widgets.result_tabs import TABS

    def connection() -> Tenant:
        return Tenant(TenantConnection.from_values(base_url, client_id, secret, audience=audience))

    form = TokenForm(connection())
    form.audience.value = audience
    bare = connection()

    def click() -> object:
        form.request.click()
        result = form.result
        if result is None or not result.ok or "a0x-claims" not in form.panes["claims"].value:
            raise AssertionError(f"the form did not render a token: {result!r}")
        return result

    def click_and_open_every_tab() -> object:
        result = click()
        for name in TABS[1:-1]:
            form.tabs.select(name)
        form.tabs.select("claims")
        return result

    def call() -> object:
        return bare.client_credentials(audience, cache=False)

    def call_and_show() -> object:
        result = bare.client_credentials(audience, cache=False)
        if not result.validation.valid:
            raise AssertionError(f"the sandbox's token failed validation: {result.validation!r}")
        return result._repr_html_()

    return {
        "form": click,
        "bare": call,
        "every tab": click_and_open_every_tab,
        "client shows": call_and_show,
    }


def run(ctx: Context) -> list[Row]:
    why = subjects.missing("auth0_explore.widgets") or subjects.missing("ipywidgets")
    if why:
        return [
            not_measured(FIGURE, why),
            not_measured("  ref: click + every tab drawn", why),
            not_measured("  ref: the client call + its validation and HTML", why),
        ]
    calls = ctx.size(1_000, 5)
    warmup = ctx.size(20, 1)
    where = Path(ctx.cache) / "form"
    with subjects.one_client_sandbox(ctx.smoke, where) as (base_url, client_id, secret, audience):
        sides = _sides(base_url, client_id, secret, audience)
        # call by call, order rotating: a slow spell hits each side alike; medians per call.
        # Each figure is its own pair, so the reference row's work does not slow the first.
        per_call = interleave_many(
            {"form": sides["form"], "bare": sides["bare"]},
            repeats=calls,
            warmup=warmup,
            collect=False,
        )
        every = interleave_many(
            {"every tab": sides["every tab"], "bare": sides["bare"]},
            repeats=calls // 4 or 1,
            warmup=warmup,
            collect=False,
        )
        shown = interleave_many(
            {"client shows": sides["client shows"], "bare": sides["bare"]},
            repeats=calls // 2 or 1,
            warmup=warmup,
            collect=False,
        )
    bare = per_call["bare"]
    return [
        Row(
            f"{FIGURE} (request, inspect, validate, explain, status + claims), median of {calls:,}",
            f"form {secs(per_call['form'])}",
            f"Tenant.client_credentials {secs(bare)}",
            per_call["form"] / bare,
            BAR,
        ),
        Row(
            "  ref: click + every tab drawn (timeline, reproduction, ...)",
            f"form, all tabs {secs(every['every tab'])}",
            f"Tenant.client_credentials {secs(every['bare'])}",
            every["every tab"] / every["bare"],
            note="ref",
        ),
        Row(
            "  ref: the client call + its validation and HTML (no form)",
            f"client + display {secs(shown['client shows'])}",
            f"Tenant.client_credentials {secs(shown['bare'])}",
            shown["client shows"] / shown["bare"],
            note="ref",
        ),
    ]
