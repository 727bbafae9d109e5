"""A site of a few hundred articles (the benchmark's synthetic corpus), for readers: search
finds an article by a word of its body, with a snippet, from disk and over HTTP; every entry
of the long lists is reachable from its overview; no page grows with the site (issue 23).
"""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import yaml

from sitegen.cli import main

from browserkit import REPO

ARTICLES = 300
WORD = "zanzibarine"
PARAGRAPH = f"Nobody has yet studied {WORD} in people who take kratom, as far as we know."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The corpus's content folder, and the site built from it."""
    root = tmp_path_factory.mktemp("corpus")
    subprocess.run(
        [sys.executable, str(REPO / "bench/corpus.py"), "--n", str(ARTICLES), "--out", str(root)],
        check=True,
        capture_output=True,
    )
    content = root / "sitegen" / "content"
    out = root / "site"
    # A word no other text of the corpus holds, in the middle of one article's body.
    article = sorted((content / "articles").glob("*.md"))[ARTICLES // 2]
    text = article.read_text(encoding="utf-8")
    article.write_text(text + f"\n{PARAGRAPH}\n", encoding="utf-8")
    code = main(
        [
            "build",
            "--content",
            str(content),
            "--out",
            str(out),
            "--base-url",
            "http://127.0.0.1:1/",
            "--no-cache",
            "--quiet",
        ]
    )
    assert code == 0
    return content, out


def front_and_body(path: Path) -> tuple[str, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return front, body


@pytest.fixture(scope="module")
def served(corpus: tuple[Path, Path]) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(corpus[1]))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def search(browser: Any, url: str, word: str) -> tuple[list[str], list[str], list[str]]:
    """Search for a word: the result links, the marked words, and what the page fetched."""
    page = browser.new_page(viewport={"width": 360, "height": 640})
    fetched: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{url}?q={word}")
    page.wait_for_selector("#search-results li .result-snippet")
    links = page.locator("#search-results li h2 a").evaluate_all("els => els.map(e => e.href)")
    marked = page.locator("#search-results mark").all_inner_texts()
    assert errors == []
    page.close()
    return links, marked, fetched


@pytest.mark.parametrize("where", ["disk", "http"])
def test_search_finds_an_article_by_a_word_of_its_body(
    browser: Any, corpus: tuple[Path, Path], served: str, where: str
) -> None:
    content, out = corpus
    word = WORD[:8]  # a word begins a word of the page
    url = (out / "search/index.html").as_uri() if where == "disk" else served + "search/"
    links, marked, fetched = search(browser, url, word)
    article = sorted((content / "articles").glob("*.md"))[ARTICLES // 2]
    assert len(links) == 1 and links[0].endswith(f"/articles/{article.stem}/index.html")
    assert marked == [WORD]
    # Only what the query needs: the meta file, one shard, chunks and texts of results.
    index = [u for u in fetched if "/search/" in u and not u.endswith(("/", "index.html"))]
    assert any(u.endswith(f"/t/{word[:2]}.js") for u in index)
    assert not any(re.search(r"/t/(?!" + word[:2] + r")", u) for u in index)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def reachable(out: Path, start: str) -> set[str]:
    """Every link on the pages reached from `start` by links within its list's folder."""
    base = out.as_uri() + "/"
    folder = urljoin(base, start.rpartition("/")[0] + "/")
    seen: set[str] = set()
    waiting = [urljoin(base, start)]
    found: set[str] = set()
    while waiting:
        url = waiting.pop()
        if url in seen:
            continue
        seen.add(url)
        parser = _Links()
        parser.feed(Path(urlsplit(url).path).read_text(encoding="utf-8"))
        for href in parser.links:
            target = urljoin(url, href)
            found.add(target.removeprefix(base))
            page, _ = urldefrag(target)
            if page.startswith(folder) and page not in seen:
                waiting.append(page)
    return found


def test_every_entry_of_the_long_lists_is_reachable_from_its_overview(
    corpus: tuple[Path, Path],
) -> None:
    content, out = corpus
    risks = reachable(out, "risks/index.html")
    claims = reachable(out, "claims/index.html")
    sources = reachable(out, "sources/index.html")
    for path in (content / "articles").glob("*.md"):
        front = yaml.safe_load(front_and_body(path)[0])
        page = f"articles/{path.stem}/index.html"
        for risk in front["risks"]:
            key = re.sub(r"[^a-z0-9]+", "-", risk["name"].lower()).strip("-")
            assert f"{page}#risk-{key}" in risks, (page, risk["name"])
        for claim in front.get("claims") or []:
            assert any(link.startswith(page + "#") for link in claims), (page, claim["claim"])
        for source in front["sources"]:
            assert f"{page}#ref-{source}" in sources, (page, source)


def test_no_page_grows_with_the_site(corpus: tuple[Path, Path]) -> None:
    _, out = corpus
    sizes = {p.relative_to(out).as_posix(): p.stat().st_size for p in out.rglob("*.html")}
    biggest = max(sizes, key=sizes.__getitem__)
    # At 300 articles the old risks and claims pages were over 600 KB each.
    assert sizes[biggest] < 150_000, biggest
