"""What one page's conversion knows and learns: the page, and what its body cites and links."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from markdown.util import AMP_SUBSTITUTE

from sitegen.markdown.spans import without_code
from sitegen.model.content import DocKind
from sitegen.model.links import Link, SiteMap, Target
from sitegen.model.paths import DisplayPath, SitePath
from sitegen.model.problems import Problem

PLACEHOLDER_RE = re.compile("\x02[^\x03]*\x03")  # Python-Markdown's stash markers


# Its markers for text stashed during inline processing and for raw HTML, by number; and
# for a backslash-escaped character, by its code point.
_STASHED = re.compile("\x02klzzwxh:([0-9]+)\x03")
_RAW = re.compile("\x02wzxhzdk:([0-9]+)\x03")
_ESCAPED = re.compile("\x02([0-9]+)\x03")


_NEWLINE = re.compile("\n")


# An id in a tag of raw HTML, in any of its quotings: the first of each tag.
_ID = re.compile(
    r"""<[A-Za-z][A-Za-z0-9-]*\s[^<>]*?(?<=\s)id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""",
    re.IGNORECASE,
)


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
    numbers: dict[str, int] = field(default_factory=dict)  # each source's reference number
    cited: list[str] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (id, as written)
    links: list[Link] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    headings: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    made: set[str] = field(default_factory=set)  # the ids the walk gave headings
    # Found when first needed: the source with its code blanked, where each line starts,
    # where each id is written in raw HTML, and the last occurrence each search found.
    _searched: str | None = None
    _starts: list[int] | None = None
    _ids: dict[str, list[int]] | None = None
    _found: dict[str, int] = field(default_factory=dict)

    def start(self, page: PageContext, source: str) -> None:
        self.page, self.source = page, source
        self.numbers = {s: n for n, s in enumerate(page.sources, start=1)}
        self.cited, self.unknown, self.links = [], [], []
        self.problems, self.anchors, self.headings, self.targets = [], set(), [], []
        self.made = set()
        self._searched, self._starts, self._ids, self._found = None, None, None, {}

    def line_of(self, needle: str) -> int:
        """Find the file line where `needle` first occurs in the body."""
        assert self.page is not None
        at = self.source.find(needle)
        return self.page.body_line + (self.source.count("\n", 0, at) if at >= 0 else 0)

    def next_line_of(self, needle: str) -> int:
        """The line of the next occurrence of `needle` outside code.

        Asked again for the same text, it finds the occurrence after the last one found, so
        that what is written twice is reported at each place (and, asked more often than
        the text occurs, at the first place again).
        """
        searched = self.without_code()
        at = searched.find(needle, self._found.get(needle, -1) + 1)
        if at < 0:
            at = searched.find(needle)
        if at < 0:
            return self.line_of(needle)
        self._found[needle] = at
        return self.line_at(at)

    def raw_ids(self) -> Collection[str]:
        """The ids written in the raw HTML of the body (outside code)."""
        if self._ids is None:
            self._ids = {}
            searched = self.without_code()
            for match in _ID.finditer(searched) if "<" in searched else ():
                value = next(v for v in match.groups() if v is not None)
                self._ids.setdefault(value, []).append(match.start())
        return self._ids.keys()

    def id_line(self, value: str) -> int:
        """The line where raw HTML gives the id `value`, the next time it is asked."""
        assert self.page is not None
        self.raw_ids()
        assert self._ids is not None
        written = self._ids.get(value, ())
        key = f"\x00id\x00{value}"  # counted apart from the text searches
        n = self._found.get(key, -1) + 1
        self._found[key] = n
        return self.line_at(written[min(n, len(written) - 1)]) if written else self.page.body_line

    def without_code(self) -> str:
        """The body with its code blanked: what raw HTML and citations can be found in."""
        if self._searched is None:
            self._searched = without_code(self.source)
        return self._searched

    def line_at(self, position: int) -> int:
        """The file line of a position in the body."""
        assert self.page is not None
        if self._starts is None:
            self._starts = [m.start() for m in _NEWLINE.finditer(self.source)]
        return self.page.body_line + bisect.bisect_left(self._starts, position)


def as_written(md: Any, text: str, source: bool = False) -> str:
    """Text with Python-Markdown's placeholders put back as what they stand for.

    A citation's id or a "[@" left in the text may hold them: "[@source\\_a]" holds the
    escaped "_" as a marker until the page is finished. With `source`, an escaped character
    keeps its backslash, as the source writes it (to find it there).
    """
    if "\x02" not in text:
        return text
    stashed = getattr(md.treeprocessors["inline"], "stashed_nodes", {})

    def inline(match: re.Match[str]) -> str:
        node = stashed.get(match.group(1), "")
        return node if isinstance(node, str) else "".join(node.itertext())

    def raw(match: re.Match[str]) -> str:
        blocks = md.htmlStash.rawHtmlBlocks
        n = int(match.group(1))
        block = blocks[n] if n < len(blocks) else ""
        return block if isinstance(block, str) else "".join(Element.itertext(block))

    text = _RAW.sub(raw, _STASHED.sub(inline, text))
    escape = "\\" if source else ""
    return _ESCAPED.sub(lambda m: escape + chr(int(m.group(1))), text)


def address_as_written(address: str, source: bool = False) -> str:
    """A link's address as written: Python-Markdown holds an escaped character ("a\\_b.md")
    and the letters of an email address ("<a@b.org>") as markers until the page is done.
    With `source`, an escaped character keeps its backslash, as the source writes it."""
    if "\x02" not in address:
        return address
    if AMP_SUBSTITUTE in address:
        address = html.unescape(address.replace(AMP_SUBSTITUTE, "&"))
    escape = "\\" if source else ""
    return _ESCAPED.sub(lambda m: escape + chr(int(m.group(1))), address)
