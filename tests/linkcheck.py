"""A link checker over a built site folder: every relative link and asset must resolve.

Used by the tests of site pages and by the quality gate; it reads files only, so it works
on any output folder, exactly as a browser opening the site from disk would resolve links.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif (name == "href" and tag in ("a", "link")) or (
                name == "src" and tag in ("img", "script")
            ):
                self.links.append(value)


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def broken_links(out: Path, skip: tuple[str, ...] = ("404.html",)) -> list[str]:
    """Return 'page: link' for every internal link or asset that does not resolve."""
    problems = []
    pages = {p: parse(p) for p in sorted(out.rglob("*.html"))}
    for page, found in pages.items():
        rel_page = page.relative_to(out).as_posix()
        if rel_page in skip:
            continue
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            if link.startswith("/"):
                problems.append(f"{rel_page}: {link} (starts with /)")
                continue
            if not parts.path:
                target = page
            else:
                joined = posixpath.normpath(
                    posixpath.join(posixpath.dirname(rel_page), unquote(parts.path))
                )
                if joined.startswith(".."):
                    problems.append(f"{rel_page}: {link} (leaves the site)")
                    continue
                target = out / joined
                if parts.path.endswith("/") or target.is_dir():
                    target = target / "index.html"
            if not target.is_file():
                problems.append(f"{rel_page}: {link} (no file)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{rel_page}: {link} (no such anchor)")
    return problems
