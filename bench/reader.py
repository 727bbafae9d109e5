"""What a reader of a built site gets: its largest page, its pages, and what a search loads.

    .venv/bin/python bench/reader.py SITE [--content DIR] [--word WORD ...]

Prints one JSON object:
- `largest_page`: the largest HTML file under SITE, as {"path": ..., "bytes": ...};
- `pages`: how many HTML files SITE holds;
- `search`: for each word, the files under search/ that the search page requested and
  their total size on disk; `search_bytes`: the largest of those totals.

Search is measured in a real browser, so the figure does not depend on how the index is
laid out (one file loaded whole, or shards loaded on demand): Chromium, driven by
Playwright, opens search/index.html from file://, the word is typed into `#q` and Enter
pressed, and once results (or "no results") are shown and no request has been made for
QUIET_SECONDS, the sizes on disk of every file under search/ that the page requested are
added up. The page's own HTML is left out: it is the page, not its index.

The words are given with --word, or chosen from the articles in --content: "kratom", the
rarest word of the titles, and the commonest long word of the article bodies that
appears in no front-matter and no heading (ties go to the first in alphabetical order).

run.py runs this script with the project's Python, which has Playwright (the `test`
extra); it launches Debian's Chromium (CHROMIUM).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import urllib.parse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
COMMON_WORD = "kratom"
QUIET_SECONDS = 0.5  # a search is done once it has requested nothing for this long
TIMEOUT_SECONDS = 120  # a whole index of 10,000 articles loads in seconds, not minutes
WORD = re.compile(r"[a-z]{4,}")  # shorter words are mostly "and", "the", "with"
LONG_WORD = 8  # letters; the commonest body words are "these", "some", "that" otherwise
# Links and citations in a body: their targets are not words a reader sees.
BODY_NOISE = re.compile(r"\]\([^)]*\)|\[@[^\]]*\]")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def largest(files: list[Path], site: Path) -> dict[str, Any]:
    biggest = max(files, key=lambda f: f.stat().st_size)
    return {"path": biggest.relative_to(site).as_posix(), "bytes": biggest.stat().st_size}


# --- choosing the words ---------------------------------------------------------------------


def split_article(text: str) -> tuple[str, list[str], str]:
    """Front-matter, heading lines and the rest of the body of one article."""
    _, front, body = text.split("---\n", 2)
    lines = body.splitlines()
    headings = [line for line in lines if line.startswith("#")]
    prose = "\n".join(line for line in lines if not line.startswith("#"))
    return front, headings, BODY_NOISE.sub(" ", prose)


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def pick_words(content: Path) -> list[str]:
    """The common word, the rarest title word and the commonest long body-only word."""
    titles: Counter[str] = Counter()  # documents whose title holds the word
    bodies: Counter[str] = Counter()  # documents whose prose holds the word
    elsewhere: set[str] = set()  # words of any front-matter or heading
    for path in sorted((content / "articles").glob("*.md")):
        front, headings, prose = split_article(path.read_text(encoding="utf-8"))
        title = re.search(r"^title:\s*(.*)$", front, re.MULTILINE)
        titles.update(words(title.group(1) if title else ""))
        elsewhere |= words(front) | words("\n".join(headings))
        bodies.update(words(prose))
    chosen = [COMMON_WORD]
    if titles:
        chosen.append(min(titles, key=lambda w: (titles[w], w)))
    body_only = [w for w in bodies if w not in elsewhere and len(w) >= LONG_WORD]
    if body_only:
        chosen.append(min(body_only, key=lambda w: (-bodies[w], w)))
    return list(dict.fromkeys(chosen))  # once each, in this order


# --- one search in the browser --------------------------------------------------------------


def shown(page: Page) -> int | None:
    """How many results the search page shows: 0 if it says none, None while it says neither."""
    state = page.evaluate(
        """() => ({
            results: document.querySelectorAll('#search-results li').length,
            status: (document.getElementById('search-status') || {}).textContent || '',
        })"""
    )
    if state["results"] > 0:
        return int(state["results"])
    return 0 if "no result" in state["status"].lower() else None


def search_once(page: Page, search_page: Path, word: str) -> tuple[list[str], int]:
    """Search for one word; return the URLs the page requested, and the results shown."""
    requested: list[str] = []
    last = [time.monotonic()]

    def on_request(request: Any) -> None:
        requested.append(request.url)
        last[0] = time.monotonic()

    page.on("request", on_request)
    page.goto(search_page.as_uri())
    page.fill("#q", word)
    page.press("#q", "Enter")
    deadline = time.monotonic() + TIMEOUT_SECONDS
    # Polled with evaluate: the page's CSP blocks wait_for_function (no 'unsafe-eval').
    while (results := shown(page)) is None or time.monotonic() - last[0] < QUIET_SECONDS:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the search for {word!r} showed nothing in {TIMEOUT_SECONDS} s")
        page.wait_for_timeout(50)
    return requested, results


def search_files(requested: list[str], site: Path) -> list[Path]:
    """The files under SITE/search/ among these URLs, the search page itself left out."""
    search = (site / "search").resolve()
    files: dict[Path, None] = {}
    for url in requested:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme != "file":
            continue
        path = Path(urllib.parse.unquote(parts.path)).resolve()
        if path.is_relative_to(search) and path != search / "index.html" and path.is_file():
            files[path] = None
    return list(files)


def measure_search(site: Path, words_: Sequence[str]) -> list[dict[str, Any]]:
    found = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for word in words_:
                # A new context per word: nothing cached from the last search.
                context = browser.new_context()
                search_page = site / "search" / "index.html"
                requested, results = search_once(context.new_page(), search_page, word)
                context.close()
                files = search_files(requested, site)
                found.append(
                    {
                        "word": word,
                        "results": results,
                        "bytes": sum(f.stat().st_size for f in files),
                        "files": [f.relative_to(site.resolve()).as_posix() for f in files],
                    }
                )
        finally:
            browser.close()
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a site built by build.py")
    parser.add_argument("--content", type=Path, help="the content it was built from")
    parser.add_argument("--word", action="append", help="a word to search for; repeatable")
    args = parser.parse_args(argv)
    site = args.site.absolute()
    files = html_files(site)
    if not files or not (site / "search" / "index.html").is_file():
        print(f"error: {site} holds no built site with search/index.html", file=sys.stderr)
        return 1
    chosen = args.word or (pick_words(args.content) if args.content else [COMMON_WORD])
    search = measure_search(site, chosen)
    result = {
        "largest_page": largest(files, site),
        "pages": len(files),
        "search": search,
        "search_bytes": max(s["bytes"] for s in search),
    }
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
