"""Helpers for the hostile-input tests of issue 19: read pages as a parser does, find problems.

Black-box only: these read what the command line printed and what it wrote, nothing else.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from sitekit import TODAY, Result, SiteDir

PATH = "content/articles/kratom-and-pain.md"
ARTICLE_PAGE = "articles/kratom-and-pain/index.html"
BODY = 36  # the first line of a body added to ARTICLE as ARTICLE + "\n" + body

# Elements that never have content, so never get an end tag.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
# C0 and C1 controls other than newline: what a terminal must never receive raw.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@dataclass
class Node:
    """An element as html.parser sees it (the document itself has tag '')."""

    tag: str
    attr_list: list[tuple[str, str | None]]
    children: list[Node | str] = field(default_factory=list)

    @property
    def attrs(self) -> dict[str, str | None]:
        return dict(self.attr_list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.walk()
            if (tag is None or n.tag == tag)
            and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("", [])
        self.stack = [self.root]
        self.order: list[Node] = []  # every element in document order

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, attrs)
        self.stack[-1].children.append(node)
        self.order.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@dataclass
class Document:
    root: Node
    order: list[Node]

    def ids(self) -> list[str]:
        """Every id attribute of the page, duplicates and all, in document order."""
        found = []
        for node in self.order:
            found += [v or "" for k, v in node.attr_list if k == "id"]
        return found

    def duplicate_ids(self) -> list[str]:
        ids = self.ids()
        return sorted({i for i in ids if ids.count(i) > 1})

    def by_id(self, value: str) -> list[Node]:
        return [n for n in self.order if n.attrs.get("id") == value]

    def index(self, node: Node) -> int:
        return next(i for i, n in enumerate(self.order) if n is node)

    def notice_before_main(self) -> bool:
        """Exactly one #health-notice, and a <main> after it."""
        notices = self.by_id("health-notice")
        mains = [n for n in self.order if n.tag == "main"]
        return (
            len(notices) == 1 and len(mains) == 1 and self.index(notices[0]) < self.index(mains[0])
        )


def parse(html: str) -> Document:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return Document(builder.root, builder.order)


def problems(err: str) -> list[str]:
    """The problem lines of stderr, without the summary line."""
    return [
        line for line in err.splitlines() if re.match(r"\S.*?:(\d+:)? (error|warning|note): ", line)
    ]


def find(err: str, where: str, level: str, phrase: str) -> list[str]:
    """Problem lines starting `where: level: ` that hold `phrase`."""
    return [
        line for line in problems(err) if line.startswith(f"{where}: {level}: ") and phrase in line
    ]


def assert_problem(err: str, where: str, level: str, phrase: str) -> None:
    """Assert stderr has a `where: level: ...phrase...` line (`where` is path or path:line)."""
    assert "Traceback" not in err, err
    assert find(err, where, level, phrase), (
        f"expected a line starting {where}: {level}: with {phrase!r}; stderr was:\n{err}"
    )


def before_and_after(
    site: SiteDir, change: Callable[[SiteDir], object], *args: str
) -> tuple[int, str]:
    """Build the good site, apply `change(site)`, build again; the old site must be untouched.

    Returns the exit code and stderr of the second build; a traceback there fails the test.
    """
    first = build(site)
    assert first.code == 0, first.err
    before = site.tree()
    change(site)
    result = build(site, *args)
    assert "Traceback" not in result.err, result.err
    if result.code != 0:
        assert site.tree() == before, "a failed build changed the site"
    return result.code, result.err


def run(site: SiteDir, *args: str) -> Result:
    """Run the command line; an exception escaping it is returned as a traceback in stderr.

    An editor running build.py would see that traceback, so tests treat it as one instead of
    stopping at the exception.
    """
    try:
        return site.run(*args)
    except Exception as exc:  # the very thing these tests look for
        text = "".join(traceback.format_exception(exc))
        return Result(-1, "", f"Traceback (raised by sitegen.cli.main):\n{text}")


def build(site: SiteDir, *args: str) -> Result:
    return run(site, "build", "--today", TODAY, *args)


def check(site: SiteDir, *args: str) -> Result:
    return run(site, "check", "--today", TODAY, *args)
