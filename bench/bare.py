"""A bare Python pipeline over our corpus: the floor for a generator built on our libraries.

    python bench/bare.py CONTENT OUT [--jobs N] [--markup stock|ours]

For each article: split off the front-matter, parse it with `yaml.CSafeLoader`, convert
the body with Python-Markdown's defaults (no extensions), fill a one-line Jinja template
(autoescaped) and write `OUT/<slug>/index.html`, over a pool of N processes (default: the
machine's cores). Nothing is checked, sanitised, cached, linked or listed, and there are
no list pages.

`--markup ours` converts the body with our own Markdown set-up instead (imported in
`_our_markup`: our extensions, the tree walk that collects links and headings, and nh3),
and nothing else of our build. The problems it finds are thrown away.

run.py times it beside the real tools. It answers one question: how fast can any
generator be that uses PyYAML, Python-Markdown and Jinja on this machine? Our build does
all of this and much more (docs/ARCHITECTURE.md), so the gap between the two is the price of our
checks, and this pipeline's ratio to Hugo is roughly the best any such generator can do.
Stock Python-Markdown is not a strict lower bound for us: our Markdown set-up skips
patterns a page cannot match (see `_our_markup`). With `--markup ours` it is: every build
of ours does at least this much for each article.

Run it with the project's Python, which has the same library versions as our build.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
import markdown
import yaml

PAGE = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ meta.title }}</title>"
    "</head><body><h1>{{ meta.title }}</h1>{{ body | safe }}</body></html>"
)
CHUNK = 16  # articles per task, as in our own pool (sitegen/pipeline.py)

# Made once per worker process, as any sensible pipeline would.
_convert: Callable[[Path, Any, str], str] | None = None
_page: jinja2.Template | None = None
_out = Path()


def _stock() -> Callable[[Path, Any, str], str]:
    md = markdown.Markdown()

    def convert(path: Path, meta: Any, body: str) -> str:
        md.reset()
        return md.convert(body)

    return convert


def _our_markup() -> tuple[Any, Any, Any]:
    """Our Markdown set-up's Markup, PageContext and SiteMap, imported from the repository.

    Imported only here, so the stock pipeline does not pay for loading sitegen.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    # The one line to repoint when sitegen's modules move.
    from sitegen.markdown.convert import Markup
    from sitegen.markdown.state import PageContext
    from sitegen.model.links import SiteMap

    return Markup, PageContext, SiteMap


def _ours(files: list[Path]) -> Callable[[Path, Any, str], str]:
    Markup, PageContext, SiteMap = _our_markup()  # noqa: N806 (classes, named as such)
    urls = {f"articles/{p.name}": f"articles/{p.stem}/" for p in files}
    md = Markup(SiteMap(files=urls, media=frozenset(), generated=frozenset(), pretty=True))

    def convert(path: Path, meta: Any, body: str) -> str:
        page = PageContext(
            str(path),
            1,
            "articles",
            urls[f"articles/{path.name}"],
            tuple(meta.get("sources") or ()),
            frozenset(),
        )
        return md.convert(body, page).html

    return convert


def _start(out: Path, markup: str, files: list[Path]) -> None:
    global _convert, _page, _out
    _convert = _ours(files) if markup == "ours" else _stock()
    _page = jinja2.Environment(autoescape=True).from_string(PAGE)
    _out = out


def _build_one(path: Path) -> None:
    assert _convert is not None and _page is not None
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.load(front, Loader=yaml.CSafeLoader)
    html = _page.render(meta=meta, body=_convert(path, meta, body))
    folder = _out / path.stem
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(html, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path, help="our content folder (with articles/)")
    parser.add_argument("out", type=Path, help="output folder; must not exist yet")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument(
        "--markup",
        choices=("stock", "ours"),
        default="stock",
        help="Python-Markdown's defaults (stock) or our Markdown set-up (ours)",
    )
    args = parser.parse_args(argv)
    files = sorted((args.content / "articles").glob("*.md"))
    if not files:
        print(f"error: no articles in {args.content / 'articles'}", file=sys.stderr)
        return 1
    if args.out.exists():
        print(f"error: {args.out} exists; give a folder that does not", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True)
    with multiprocessing.Pool(args.jobs, _start, (args.out, args.markup, files)) as pool:
        for _ in pool.imap_unordered(_build_one, files, CHUNK):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
