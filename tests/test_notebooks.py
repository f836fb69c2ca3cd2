"""Every notebook runs top to bottom on the sandbox, holds no def or class, and is stripped."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    """The folder is not empty (a glob that finds nothing would make the tests below vanish)."""
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    """Outputs, execution counts and widget state are stripped: the notebook in git is only its
    source (saved widget state would hold whatever the fields held, secrets included)."""
    notebook = nbformat.read(path, as_version=4)
    assert "widgets" not in notebook.metadata, f"{path.name}: widget state saved"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell has outputs"
            assert cell.execution_count is None, f"{path.name}: a cell has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_cells_are_thin(path: Path) -> None:
    """No def or class: logic belongs in the package; each cell is a few lines."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            lines = cell.source.splitlines()
            assert not any(line.lstrip().startswith(("def ", "class ")) for line in lines)
            assert len(lines) <= 12, cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom_on_the_sandbox(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Executed in a fresh kernel without AUTH0_* variables, every cell succeeds."""
    from nbclient import NotebookClient

    for name in [n for n in os.environ if n.startswith("AUTH0_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # silence jupyter_core's migration notice
    monkeypatch.chdir(tmp_path)  # no .env of the developer's is picked up
    notebook = nbformat.read(path, as_version=4)
    # store_widget_state=False: nbclient's default writes every widget's state into the notebook
    NotebookClient(notebook, timeout=180, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()  # fmt: skip
    assert "widgets" not in notebook.metadata
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors
    assert notebook.cells[-1].outputs, "the last cell shows the run's stats"
