"""The course, executed: every notebook top to bottom on the sandbox and, unchanged, in live
mode against a sandbox in another process reached only through AUTH0_*; every exercise's
checking cell run with the stored placeholder, a wrong answer and the right one.

Live mode reads its three variables from a `.env` in the folder *above* the one the notebook
runs in, as a learner's project-root `.env` is found from `notebooks/`.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbformat import NotebookNode

from tests.course.conftest import LiveTenant

ROOT = Path(__file__).parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]

RIGHT, WRONG, UNANSWERED = "✓ Right", "✗ Not yet", "… No answer yet"
SKIPPED = "Skipped on your tenant"
#: a compact JWS or JWE (header and payload segments), or an Auth0 refresh token
TOKEN_LIKE = re.compile(r"eyJ[\w-]{8,}\.[\w-]{8,}\.|v1\.M[\w-]{40,}")


def _cells(path: Path) -> list[NotebookNode]:
    return list(nbformat.read(path, as_version=4).cells)


def test_the_course_is_there() -> None:
    """Lessons 0 to 7, numbered in order (a glob that found nothing would hide every test)."""
    assert [p.name[:2] for p in NOTEBOOKS] == ["00", "01", "02", "03", "04", "05", "06", "07"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    """Outputs, execution counts and widget state are stripped: the notebook in git is only its
    source (saved widget state would hold whatever the fields held, secrets included)."""
    notebook = nbformat.read(path, as_version=4)
    assert "widgets" not in notebook.metadata, f"{path.name}: widget state saved"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell has outputs"
            assert cell.execution_count is None, f"{path.name}: a cell has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_a_lesson_of_short_cells(path: Path) -> None:
    """It opens with its time and goals; no def or class (logic lives in the package); each
    code cell is a few lines; at least one exercise, each followed by its checking cell, with a
    right and a wrong answer for the tests in its metadata."""
    cells = _cells(path)
    assert "**Time:**" in cells[0].source
    assert "**You will:**" in cells[0].source
    for cell in cells:
        if cell.cell_type == "code":
            lines = cell.source.splitlines()
            assert not any(line.lstrip().startswith(("def ", "class ")) for line in lines)
            assert len(lines) <= 12, cell.source
    exercises = [i for i, c in enumerate(cells) if "exercise" in c.metadata.get("tags", ())]
    assert exercises, f"{path.name} has no exercise"
    for index in exercises:
        assert cells[index].source.startswith("answer = ...")
        assert "check" in cells[index + 1].metadata.get("tags", ()), "no checking cell after it"
        assert "course.check(" in cells[index + 1].source
        assert set(cells[index].metadata["course"]) == {"solution", "wrong"}


def _with_answers(notebook: NotebookNode) -> list[tuple[int, int, int]]:
    """After each checking cell, insert the wrong answer and the check again, then the right
    answer and the check again; returns (stored, wrong, right) check cell indexes."""
    checks = []
    index = 0
    while index < len(notebook.cells):
        cell = notebook.cells[index]
        if "exercise" in cell.metadata.get("tags", ()):
            answers = cell.metadata["course"]
            check = notebook.cells[index + 1]
            extra = [
                nbformat.v4.new_code_cell(answers["wrong"]),
                nbformat.v4.new_code_cell(check.source),
                nbformat.v4.new_code_cell(answers["solution"]),
                nbformat.v4.new_code_cell(check.source),
            ]
            notebook.cells[index + 2 : index + 2] = extra
            checks.append((index + 1, index + 3, index + 5))
            index += 6
        else:
            index += 1
    return checks


def _text(cell: NotebookNode) -> str:
    """Everything a cell showed, as text (plain text and HTML of each output)."""
    parts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        parts += [output.get("text", ""), data.get("text/plain", ""), data.get("text/html", "")]
    return "\n".join(parts)


Run = tuple[NotebookNode, list[tuple[int, int, int]]]
MODES = ("sandbox", "live")
#: kernels running at once: one per core of a CI machine
KERNELS = 2


@pytest.fixture(scope="session")
def executed(
    live_tenant: LiveTenant, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], Run | BaseException]:
    """Every notebook run in both modes, `KERNELS` kernels at a time (each is a process of its
    own): (notebook, mode) -> the executed notebook, or what it raised.

    No AUTH0_* in the kernels' environment; a sandbox run has no .env above its folder, a live
    run has the separate sandbox's three variables in a .env one folder up."""
    runs = {}
    for path in NOTEBOOKS:
        for mode in MODES:
            root = tmp_path_factory.mktemp(f"{path.stem}-{mode}")
            if mode == "live":
                live_tenant.write_dotenv(root)  # the project root; the notebook runs below it
            runs[path.stem, mode] = (path, root / "notebooks")
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.startswith("AUTH0_")]:
            patch.delenv(name)
        patch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # silence jupyter_core's migration notice
        # in a thread of its own: a plugin (Playwright's sync API) may keep an event loop
        # running in this one, where asyncio.run refuses to start another
        with ThreadPoolExecutor(max_workers=1) as thread:
            results = thread.submit(asyncio.run, _execute_all(list(runs.values()))).result()
    return dict(zip(runs, results, strict=True))


async def _execute_all(runs: list[tuple[Path, Path]]) -> list[Run | BaseException]:
    gate = asyncio.Semaphore(KERNELS)

    async def one(path: Path, folder: Path) -> Run:
        async with gate:
            return await _execute(path, folder)

    return await asyncio.gather(*(one(p, f) for p, f in runs), return_exceptions=True)


async def _execute(path: Path, folder: Path) -> Run:
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    checks = _with_answers(notebook)
    folder.mkdir(parents=True, exist_ok=True)
    # store_widget_state=False: nbclient's default writes every widget's state into the notebook
    resources = {"metadata": {"path": str(folder)}}
    client = NotebookClient(notebook, timeout=240, kernel_name="python3",
                            store_widget_state=False, resources=resources)  # fmt: skip
    await client.async_execute()
    return notebook, checks


def _no_errors(notebook: NotebookNode) -> None:
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{output.ename}: {output.evalue}\n{cell.source}"
            assert output.get("name") != "stderr", f"{output.text}\n{cell.source}"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_on_the_sandbox_and_live(
    path: Path,
    mode: str,
    live_tenant: LiveTenant,
    executed: dict[tuple[str, str], Run | BaseException],
) -> None:
    """Fresh kernel, top to bottom, no error: the first cell says which tenant it uses; each
    exercise's check says "no answer yet" to the placeholder, "not yet" to the wrong answer and
    "right" to the right one (on your tenant a sandbox-only check skips all three, and at least
    one check per lesson must run); no secret and no token ends up in the saved notebook."""
    result = executed[path.stem, mode]
    if isinstance(result, BaseException):
        raise result
    notebook, checks = result
    _no_errors(notebook)
    assert "widgets" not in notebook.metadata
    first = _text(next(c for c in notebook.cells if c.cell_type == "code"))
    expected = "Running on your tenant dev-sandbox.us.auth0.com" if mode == "live" else (
        "Running on the sandbox")  # fmt: skip
    assert expected in first
    verdicts = [tuple(_verdict(_text(notebook.cells[i])) for i in trio) for trio in checks]
    ran = [v for v in verdicts if v != (SKIPPED, SKIPPED, SKIPPED)]
    if mode == "sandbox":
        assert ran == verdicts
    assert ran, "no exercise checked on this tenant"
    assert all(v == (UNANSWERED, WRONG, RIGHT) for v in ran), verdicts
    saved = json.dumps(notebook)
    assert live_tenant.client_secret not in saved
    assert not TOKEN_LIKE.search(saved), TOKEN_LIKE.search(saved)


def _verdict(text: str) -> str:
    found = [mark for mark in (RIGHT, WRONG, UNANSWERED, SKIPPED) if mark in text]
    assert len(found) == 1, text
    return found[0]
