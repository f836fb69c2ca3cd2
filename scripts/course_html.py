"""Render the course to static HTML with its outputs, for reading without Jupyter
(`make course-html`).

Each notebook runs top to bottom in its own folder, in a fresh kernel, exactly as a learner's
would (so `AUTH0_*` in the environment or a `.env` there or above picks your tenant), without
widget state; nbconvert then writes one page per lesson and an index. Widgets show their
still `text/html` picture (the fields, the status, the open tab): the page ranks it above the
widget view, which needs widget JavaScript and saved state to draw. Pages load nothing from
the network (MathJax is off; nbconvert's Mermaid loader runs only for diagrams, and the course
has none).

Nothing secret is written: a page holding the client secret in use or anything shaped like a
token (a compact JWT, a refresh token) is refused, and the script fails saying which.

    python scripts/course_html.py                       # every notebook, into build/course/
    python scripts/course_html.py --out DIR notebooks/00-quick-start.ipynb
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from traitlets.config import Config

from auth0_explore.environment import EnvSource

ROOT = Path(__file__).resolve().parents[1]
#: a compact JWS or JWE (header and payload segments), or an Auth0 refresh token
TOKEN_LIKE = re.compile(r"eyJ[\w-]{8,}\.[\w-]{8,}\.|v1\.M[\w-]{40,}")
#: what a static page shows of an output: the still picture before the widget view
PRIORITY = [
    "text/html",
    "application/vnd.jupyter.widget-view+json",
    "text/markdown",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "text/plain",
]


def exporter() -> HTMLExporter:
    """nbconvert's lab template, still pictures first, no script from a CDN."""
    config = Config()
    config.NbConvertBase.display_data_priority = PRIORITY
    config.HTMLExporter.mathjax_url = ""
    config.HTMLExporter.require_js_url = ""  # only widgets with saved state would need it
    return HTMLExporter(config=config)


def render(notebook: Path, out: Path) -> Path:
    """Run `notebook` in its own folder and write `<out>/<name>.html`; returns that path.

    Raises:
        SystemExit: when the page would hold the client secret or a token.
    """
    document = nbformat.read(notebook, as_version=4)
    NotebookClient(document, timeout=300, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()  # fmt: skip
    body, _ = exporter().from_notebook_node(
        document, resources={"metadata": {"name": title(notebook)}}
    )
    _refuse_secrets(body, notebook)
    out.mkdir(parents=True, exist_ok=True)
    page = out / f"{notebook.stem}.html"
    page.write_text(body, encoding="utf-8")
    return page


def _refuse_secrets(body: str, notebook: Path) -> None:
    secret = EnvSource.find(start=notebook.parent).values.get("AUTH0_CLIENT_SECRET", "")
    if secret and secret in body:
        raise SystemExit(f"{notebook.name}: the page would show AUTH0_CLIENT_SECRET; not written")
    found = TOKEN_LIKE.search(body)
    if found:
        raise SystemExit(f"{notebook.name}: the page would show a token ({found.group()[:12]}…)")


def title(notebook: Path) -> str:
    """The lesson's title and time, from its first cell: `0 · Quick start (about 10 minutes)`."""
    first = nbformat.read(notebook, as_version=4).cells[0].source
    heading = first.splitlines()[0].lstrip("# ").strip()
    time = re.search(r"\*\*Time:\*\* ([^.\n]+)", first)
    return f"{heading} ({time.group(1)})" if time else heading


def index(pages: list[tuple[Path, Path]], out: Path) -> Path:
    """`index.html`: the lessons in order (page, notebook), each with its time."""
    items = "".join(
        f"<li><a href='{html.escape(page.name)}'>{html.escape(title(notebook))}</a></li>"
        for page, notebook in pages
    )
    page = out / "index.html"
    page.write_text(
        "<!doctype html><meta charset='utf-8'><title>auth0-explore: the course</title>"
        "<body style='font:15px/1.5 system-ui,sans-serif;max-width:44em;margin:2em auto'>"
        "<h1>auth0-explore: the course</h1><ul>" + items + "</ul>",
        encoding="utf-8",
    )
    return page


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "course")
    args = parser.parse_args(argv)
    notebooks = [n.resolve() for n in args.notebooks] or sorted(
        (ROOT / "notebooks").glob("*.ipynb")
    )
    pages = []
    for notebook in notebooks:
        pages.append((render(notebook, args.out), notebook))
        print(f"wrote {pages[-1][0]}")
    print(f"wrote {index(pages, args.out)}")


if __name__ == "__main__":
    main(sys.argv[1:])
