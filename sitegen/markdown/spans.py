"""Where Markdown source holds code, found in time linear in the text, and blanking it.

Code is shown as written, so what it holds is not the page's markup: a tag or a "[@" in
code must not be taken for raw HTML or a citation when a message looks for its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_BACKTICKS = re.compile(r"`+")


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)


_NOT_NEWLINE = re.compile(r"[^\n]")


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Replace each span with spaces, keeping every other character where it was."""
    parts = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        piece = text[start:end]
        parts.append(_NOT_NEWLINE.sub(" ", piece) if "\n" in piece else " " * len(piece))
        last = end
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def pairs(text: str, opening: str, closing: str) -> Iterator[tuple[int, int]]:
    """Each `opening` up to the first `closing` after it."""
    at = text.find(opening)
    while at >= 0:
        end = text.find(closing, at + len(opening))
        if end < 0:
            return
        yield at, end + len(closing)
        at = text.find(opening, end + len(closing))


def code_spans(text: str) -> Iterator[tuple[int, int]]:
    """Inline code: a run of backticks up to the next run of the same length (CommonMark)."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    following: list[int | None] = [None] * len(runs)
    latest: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        following[i] = latest.get(length)
        latest[length] = i
    i = 0
    while i < len(runs):
        j = following[i]
        if j is None:
            i += 1
            continue
        yield runs[i][0], runs[j][1]
        i = j + 1


def fenced_blocks(text: str) -> Iterator[tuple[int, int]]:
    """Fenced code blocks, fences included; one left open runs to the end of the text."""
    opened: re.Match[str] | None = None
    for fence in _FENCE.finditer(text):
        if opened is None:
            opened = fence
        elif fence.group(1)[0] == opened.group(1)[0] and len(fence.group(1)) >= len(
            opened.group(1)
        ):
            yield opened.start(), fence.end()
            opened = None
    if opened is not None:
        yield opened.start(), len(text)


def without_code(source: str) -> str:
    """A page's source with its code blocks and code spans blanked out."""
    if "```" in source or "~~~" in source:
        source = blank(source, fenced_blocks(source))
    if "`" in source:
        source = blank(source, code_spans(source))
    return source
