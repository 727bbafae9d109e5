"""The words of a paragraph as a reader sees them, and where in the source each came from.

The editorial checks read what a page shows, not its Markdown: comments, tags, link
targets, emphasis marks and the backslashes of escapes are taken out, character references
are decoded, and invisible and lookalike characters are folded (model/text.py's as_seen),
so that "mir<!-- -->acle", "&#99;ure", "m\u0456racle" and "**90**%" read as the words they
show. Code and quotations are blanked: they are not the page's own words. Each piece of
the result remembers where it starts in the source, so a finding keeps its line.

Most paragraphs are plain ASCII with none of that markup: they take a fast path that only
blanks code and quotations, and a property test shows the two paths agree on them.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sitegen.checks.masking import LINK_TARGET, REFERENCE_LABEL, unquoted
from sitegen.markdown.spans import blank, code_spans, pairs
from sitegen.model.text import as_seen

_MARKUP = re.compile(
    r"""(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>)
      | (?P<reference>&(?:\#[0-9]{1,7};?|\#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};))
      | (?P<escape>\\[!-/:-@\[-`{-~])
      | (?P<emphasis>[*_]+)
      | (?P<unicode>[^\x00-\x7f]+)""",
    re.VERBOSE,
)


# Where a piece of markup can start: looked for first, as a pattern that is one set of
# characters runs many times faster than _MARKUP over text that has none (and a small
# set faster than one with every character beyond ASCII).
_MARKUP_START = re.compile(r"[<&\\*_\x80-\U0010ffff]")
_ASCII_MARKUP_START = re.compile(r"[<&\\*_]")


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


# Tags a browser shows as a break between words; any other tag joins the text around it.
_BREAKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl"),
        *("dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary"),
        *("table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
    }
)


@dataclass(frozen=True, slots=True)
class Seen:
    """What the checks read of a text, and the source position of each of its pieces."""

    text: str  # the words a reader sees, with code and quotations blanked
    cited: bool  # it holds a citation, "[@" then something then "]"
    starts: tuple[int, ...] = (0,)  # where each piece of `text` starts
    origins: tuple[int, ...] = (0,)  # where that piece starts in the source
    verbatim: tuple[bool, ...] = (True,)  # whether the piece is the source as written

    def source_at(self, position: int) -> int:
        """Where in the source the character at `position` of `text` came from."""
        k = bisect.bisect_right(self.starts, position) - 1
        if self.verbatim[k]:
            return self.origins[k] + position - self.starts[k]
        return self.origins[k]  # a decoded or folded piece: where it was written


def cites(text: str) -> bool:
    """Say whether the text holds a citation: '[@', something, then ']'."""
    at = text.find("[@")
    while at >= 0:
        end = text.find("]", at + 2)
        if end < 0:
            return False
        if end > at + 2:
            return True
        at = text.find("[@", end)
    return False


def plain(text: str) -> bool:
    """Say whether a paragraph has nothing that reads otherwise than it is written."""
    return (
        text.isascii()
        and "&" not in text
        and "<" not in text
        and "*" not in text
        and "_" not in text
        and "\\" not in text
        and "](" not in text
        and "][" not in text
    )


def of_markdown(text: str) -> Seen:
    """What a reader sees of a paragraph of Markdown (its lint comments already read)."""
    if plain(text):
        if "`" in text:
            text = blank(text, code_spans(text))
        return Seen(unquoted(text), cites(text))
    return read_markdown(text)


def read_markdown(text: str) -> Seen:
    """of_markdown's full reading, for any paragraph."""
    comments = list(pairs(text, "<!--", "-->")) if "<!--" in text else []
    # Blanked, comments and code keep every other character where it was.
    shown = blank(text, comments)
    if "`" in shown:
        shown = blank(shown, code_spans(shown))
    edits = [(start, end, "") for start, end in comments]
    targets = list(_links(shown, edits))
    edits += _markup(blank(shown, targets) if targets else shown)
    return _made(shown, sorted(edits))


def of_field(text: str) -> Seen:
    """What a reader sees of front-matter text, which pages show as written."""
    if text.isascii():
        return Seen(unquoted(text), False)
    edits = []
    for match in _NOT_ASCII.finditer(text):
        seen = as_seen(match.group(0))
        if seen != match.group(0):
            edits.append((match.start(), match.end(), seen))
    made = _made(text, edits)
    return Seen(made.text, False, made.starts, made.origins, made.verbatim)


def _links(text: str, edits: list[tuple[int, int, str]]) -> Iterator[tuple[int, int]]:
    """Yield each link's target and add edits that remove it and its opening bracket."""
    if "](" not in text and "][" not in text:
        return
    opened: list[int] = []
    after = 0  # brackets inside a target are its own
    for at in sorted(_every(text, "[") + _every(text, "]")):
        if at < after or (at and text[at - 1] == "\\"):
            continue
        if text[at] == "[":
            opened.append(at)
            continue
        if not opened:
            continue
        opener = opened.pop()
        target = LINK_TARGET.match(text, at) or REFERENCE_LABEL.match(text, at)
        if target is None:
            continue
        # An image opens with "![".
        start = opener - 1 if opener and text[opener - 1] == "!" else opener
        edits.append((start, opener + 1, ""))
        edits.append((at, target.end(), ""))
        after = target.end()
        yield at, target.end()


def _every(text: str, char: str) -> list[int]:
    """Where `char` is in the text (str.find is many times faster than a pattern)."""
    found = []
    at = text.find(char)
    while at >= 0:
        found.append(at)
        at = text.find(char, at + 1)
    return found


def _pieces(text: str) -> Iterator[re.Match[str]]:
    """What _MARKUP.finditer(text) finds, found faster."""
    end = 0
    for start in (_ASCII_MARKUP_START if text.isascii() else _MARKUP_START).finditer(text):
        if start.start() >= end:
            match = _MARKUP.match(text, start.start())
            if match is not None:
                end = match.end()
                yield match


def _markup(text: str) -> Iterator[tuple[int, int, str]]:
    """Edits that leave what a reader sees of tags, references, escapes, marks, letters."""
    for match in _pieces(text):
        kind, written = match.lastgroup, match.group(0)
        if kind == "tag":
            name = match.group("name").lower()
            yield match.start(), match.end(), " " if name in _BREAKS else ""
        elif kind == "reference":
            decoded = as_seen(html.unescape(written))
            if decoded != written:
                yield match.start(), match.end(), decoded
        elif kind == "escape":
            yield match.start(), match.end(), written[1]
        elif kind == "emphasis":
            if not _literal(text, match.start(), match.end()):
                yield match.start(), match.end(), ""
        else:
            seen = as_seen(written)
            if seen != written:
                yield match.start(), match.end(), seen


def _literal(text: str, start: int, end: int) -> bool:
    """Say whether a run of * or _ is shown as written rather than taken for emphasis.

    Between spaces it is shown; so is _ inside a word ("snake_case").
    """
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isspace() and after.isspace():
        return True
    return text[start] == "_" and before.isalnum() and after.isalnum()


def _made(text: str, edits: list[tuple[int, int, str]]) -> Seen:
    """Apply sorted, non-overlapping edits; quotations are then blanked."""
    parts: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    verbatim: list[bool] = []
    length = last = 0
    for start, end, replacement in edits:
        for piece, origin, kept in ((text[last:start], last, True), (replacement, start, False)):
            if piece:
                parts.append(piece)
                starts.append(length)
                origins.append(origin)
                verbatim.append(kept)
                length += len(piece)
        last = end
    parts.append(text[last:])
    starts.append(length)
    origins.append(last)
    verbatim.append(True)
    seen = "".join(parts)
    return Seen(unquoted(seen), cites(seen), tuple(starts), tuple(origins), tuple(verbatim))
