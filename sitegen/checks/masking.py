"""What is not the page's own words: code, link targets and quotations, blanked out.

Each step takes time linear in the text: a 2 MB paragraph of unclosed quotes, backticks or
comments must not hang a build (a pattern that retries a long scan at every opening mark
takes quadratic time, and one with nested repeats worse).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# A link's target and optional title. A target stops at the next "](", so that each attempt
# to match scans only up to where the next one starts: linear on any text.
_LINK_TARGET = re.compile(r'\]\((?:[^)\s\]]|\](?!\())*+(?:\s++"[^"]*+")?\)')


_BACKTICKS = re.compile(r"`+")


# Straight double quotes on one line, or curly double or single quotes.
_QUOTED = re.compile('"[^"\n]*"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019')


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


def _code_spans(text: str) -> Iterator[tuple[int, int]]:
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


def _closable(text: str) -> str:
    """Hide curly quotes that open after the last closing quote of their kind.

    They can never close, and trying each would scan to the end of the text: a paragraph
    of them would take quadratic time. Hidden (as a character no check looks for), they
    leave every pattern linear.
    """
    for opener, closer in (("\u201c", "\u201d"), ("\u2018", "\u2019")):
        last = text.rfind(closer) + 1
        if opener in text[last:]:
            text = text[:last] + text[last:].replace(opener, "\x00")
    return text


def _spaces(match: re.Match[str]) -> str:
    piece = match.group(0)
    return _NOT_NEWLINE.sub(" ", piece) if "\n" in piece else " " * len(piece)


def pairs(text: str, opening: str, closing: str) -> Iterator[tuple[int, int]]:
    """Each `opening` up to the first `closing` after it."""
    at = text.find(opening)
    while at >= 0:
        end = text.find(closing, at + len(opening))
        if end < 0:
            return
        yield at, end + len(closing)
        at = text.find(opening, end + len(closing))


def prose(text: str) -> str:
    """Blank out what is not the page's own words: code, link targets, quotations."""
    # Each step only where the text has what it looks for: most paragraphs lack some.
    if "`" in text:
        text = blank(text, _code_spans(text))
    if "](" in text:
        text = _LINK_TARGET.sub(_spaces, text)
    if '"' in text or "\u2018" in text or "\u201c" in text:
        text = _QUOTED.sub(_spaces, _closable(text))
    return text
