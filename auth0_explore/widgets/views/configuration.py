"""What a configuration change did: the toggles that changed and the differences they made."""

from __future__ import annotations

from auth0_explore.explore.configuration import BeforeAfter
from auth0_explore.widgets.views.html import block, esc, table

__all__ = ["BeforeAfterView"]


class BeforeAfterView:
    """The changed toggles, then each scenario whose answer changed, field by field."""

    def __init__(self, change: BeforeAfter) -> None:
        self.change = change

    def _repr_html_(self) -> str:
        change = self.change
        toggles = [
            (esc(name), f"<code>{esc(a)}</code>", f"<code>{esc(b)}</code>")
            for name, a, b in change.changes
        ]
        if not toggles:
            head = "<p class='a0x-box'>Nothing changed in the configuration: the same scenarios "
            head += "ran twice (differences below would be Auth0's own variation).</p>"
        else:
            head = table(
                ("toggle", "before", "after"),
                toggles,
                css="a0x-changes",
                caption="what changed in the configuration",
            )
        differences = change.comparison.differences(brief=True)
        if differences.empty:
            effect = "<p class='a0x-box ok'>No scenario's answer changed.</p>"
        else:
            rows = [[esc(v) for v in record] for record in differences.itertuples(index=False)]
            effect = table(
                [str(c) for c in differences.columns],
                rows,
                css="a0x-effects",
                caption="what changed in the answers",
            )
        return block("changes", head + effect)
