"""A body split as the editorial checks read it: paragraphs, list items, table rows,
headings, each with its file line, and the lint comments that apply to it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sitegen.checks.prefilter import SEPARATORS
from sitegen.markdown.spans import blank, pairs

_LINT_COMMENT = re.compile(r"\s*lint\b", re.IGNORECASE)


_ALLOW = re.compile(r'\s*lint:\s*allow\s+"([^"]+)"\s*', re.IGNORECASE)


_NEWLINE = re.compile(r"\n")


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s|$)")


_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s")


@dataclass(frozen=True, slots=True)
class Allow:
    """A `<!-- lint: allow "phrase" -->` comment: the phrase it allows, and its line."""

    phrase: str  # as normal() gives it
    line: int


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, list item, table row or heading of the body, and where it starts."""

    text: str  # with its HTML comments blanked out
    line: int
    heading: int  # 0 for a paragraph, else the heading level
    allowed: tuple[Allow, ...]  # what an editor allowed here with <!-- lint: allow "…" -->
    misread: tuple[int, ...] = ()  # lines of lint comments not in that form
    raw: str = ""  # as written, comments and all, where that differs from `text`

    @property
    def written(self) -> str:
        """The block as written: a comment is read as nothing, not as a space."""
        return self.raw or self.text


class Lines:
    """The file line of each position in a text that starts on line `first`."""

    def __init__(self, first: int, text: str) -> None:
        self.first = first
        self.text = text
        self.breaks: list[int] | None = None  # found when first asked: most texts never are

    def at(self, position: int) -> int:
        if self.breaks is None:
            self.breaks = [m.start() for m in _NEWLINE.finditer(self.text)]
        return self.first + bisect.bisect_left(self.breaks, position)


def normal(phrase: str) -> str:
    return SEPARATORS.sub(" ", phrase.lower()).strip()


def _comments(text: str, first_line: int) -> tuple[str, tuple[Allow, ...], tuple[int, ...]]:
    """The paragraph with its HTML comments blanked out, and the lint comments among them."""
    spans = list(pairs(text, "<!--", "-->"))
    if not spans:
        return text, (), ()
    lines = Lines(first_line, text)
    allowed: list[Allow] = []
    misread: list[int] = []
    for start, end in spans:
        inside = text[start + 4 : end - 3]
        if not _LINT_COMMENT.match(inside):
            continue
        allow = _ALLOW.fullmatch(inside)
        if allow:
            allowed.append(Allow(normal(allow.group(1)), lines.at(start)))
        else:
            misread.append(lines.at(start))
    return blank(text, spans), tuple(allowed), tuple(misread)


@functools.lru_cache(maxsize=2)
def split_blocks(body: str, first_line: int) -> tuple[Block, ...]:
    """The blocks of a body, split once for the checks that each read all of them."""
    return tuple(blocks(body, first_line))


def blocks(body: str, first_line: int) -> Iterator[Block]:
    """Split a Markdown body into paragraphs, list items, table rows and headings."""
    lines = body.split("\n")
    current: list[str] = []
    start = 0
    pending: tuple[Allow, ...] = ()
    in_fence = ""

    def flush() -> Iterator[Block]:
        nonlocal current, pending
        if current:
            text = "\n".join(current)
            stripped, allowed, misread = _comments(text, first_line + start)
            if stripped.strip():
                raw = text if stripped != text else ""
                yield Block(stripped, first_line + start, 0, pending + allowed, misread, raw)
                pending = ()
            else:  # a comment on its own applies to the next paragraph
                pending += allowed
                if misread:
                    yield Block("", first_line + start, 0, (), misread)
        current = []

    for n, line in enumerate(lines):
        fence = _FENCE.match(line)
        if in_fence:
            if fence and fence.group(1) == in_fence:
                in_fence = ""
            continue
        if fence:
            yield from flush()
            in_fence = fence.group(1)
            continue
        heading = _ATX.match(line)
        if heading:
            yield from flush()
            yield Block(line.strip().lstrip("#").strip(), first_line + n, len(heading.group(1)), ())
            continue
        setext = _SETEXT.match(line)
        if setext and current and not _ITEM.match(current[0]):
            level = 1 if setext.group(1).startswith("=") else 2
            text, at = "\n".join(current), start
            current = []
            yield Block(text, first_line + at, level, ())
            continue
        if not line.strip() or (line.startswith("    ") and not current):
            yield from flush()
            continue
        if current and (_ITEM.match(line) or line.lstrip().startswith("|")):
            yield from flush()
        if not current:
            start = n
        current.append(line)
    yield from flush()
    if pending:  # allowances with no paragraph after them: reported as allowing nothing
        yield Block("", pending[0].line, 0, pending)
