"""A canary secret typed into the widgets appears nowhere: not in a saved notebook (widget state
stored, nbclient's default), not in an exported widget snapshot, not in any output."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

# No cell holds the canary: the kernel reads it from the environment, as typing would bring it.
CELLS = (
    """import json, os
from pathlib import Path
from ipywidgets.embed import embed_data
from auth0_explore.sandbox import Sandbox
from auth0_explore.widgets import TokenForm, TokenInspector
from auth0_explore.widgets.snapshot import export_html, widget_state
sb = Sandbox(profile="plain").start()
form = TokenForm(sb)
form""",
    """form.client_secret.value = os.environ["A0X_CANARY"]  # typed into the password field
form.request.click()
form.result.error_description""",
    """form.application.value = "m2m-orgs"
form.application.value = "m2m"  # forgets the typed secret
form.request.click()
form.tabs.select("timeline")
form.result""",
    """inspector = TokenInspector(sb)
inspector.token.value = os.environ["A0X_CANARY"]  # pasted, never submitted
inspector""",
    """out = Path(os.environ["A0X_OUT"])
(out / "token.txt").write_text(form.result.token.reveal())
export_html(out / "snapshot.html", [form, inspector])
(out / "scrubbed.json").write_text(json.dumps(widget_state()))
(out / "raw-embed.json").write_text(json.dumps(embed_data(views=None)))
sb.stop()""",
)


@pytest.fixture
def executed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    """The notebook run in a real kernel with widget state stored, then saved."""
    canary = f"canary-{secrets.token_hex(12)}"
    monkeypatch.setenv("A0X_CANARY", canary)
    monkeypatch.setenv("A0X_OUT", str(tmp_path))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    notebook = new_notebook(cells=[new_code_cell(source) for source in CELLS])
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    saved = tmp_path / "canary.ipynb"
    nbformat.write(notebook, saved)
    return canary, saved


def test_the_canary_and_the_token_appear_nowhere(executed: tuple[str, Path]) -> None:
    """The saved notebook (outputs and widget state), the HTML snapshot, the scrubbed and the
    raw widget state: neither the typed secret nor the full token is in any of them."""
    canary, saved = executed
    out = saved.parent
    notebook = json.loads(saved.read_text())
    state = notebook["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]
    assert len(state["state"]) > 20  # the widget state really was stored
    outputs = [o for cell in notebook["cells"] for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert "Unauthorized" in json.dumps(outputs)  # the canary was sent, and refused
    token = (out / "token.txt").read_text()
    assert len(token) > 100
    for name in ("canary.ipynb", "snapshot.html", "scrubbed.json", "raw-embed.json"):
        text = (out / name).read_text()
        assert canary not in text, name
        assert token not in text, name
    assert os.environ.get("A0X_CANARY") == canary
