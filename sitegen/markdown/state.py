"""What one page's conversion knows and learns: the page, and what its body cites and links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitegen.model.content import DocKind
from sitegen.model.links import Link, SiteMap, Target
from sitegen.model.paths import DisplayPath, SitePath
from sitegen.model.problems import Problem

PLACEHOLDER_RE = re.compile("\x02[^\x03]*\x03")  # Python-Markdown's stash markers


@dataclass(frozen=True, slots=True)
class PageContext:
    """The page being converted: where its text is and what it may cite."""

    path: DisplayPath  # as shown in problems
    body_line: int  # file line of the first body line
    content_dir: DocKind
    site_path: SitePath  # "articles/x/"
    sources: tuple[str, ...]  # cited as [1], [2], ... in this order
    reserved: frozenset[str]  # ids the template uses on this page


@dataclass(frozen=True, slots=True)
class Body:
    html: str
    anchors: frozenset[str]
    links: tuple[Link, ...]
    cited: frozenset[str]
    problems: tuple[Problem, ...]
    headings: tuple[str, ...] = ()  # section titles (h2, h3), for the search index
    targets: tuple[Target, ...] = ()  # where its links led (a cached page is re-checked)


@dataclass(slots=True)
class State:
    """What the extension's processors share while one page converts."""

    site: SiteMap
    page: PageContext | None = None
    source: str = ""
    cited: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    headings: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def start(self, page: PageContext, source: str) -> None:
        self.page, self.source = page, source
        self.cited, self.unknown, self.links = [], [], []
        self.problems, self.anchors, self.headings, self.targets = [], set(), [], []

    def line_of(self, needle: str) -> int:
        """Find the file line where `needle` first occurs in the body."""
        assert self.page is not None
        at = self.source.find(needle)
        return self.page.body_line + (self.source.count("\n", 0, at) if at >= 0 else 0)
