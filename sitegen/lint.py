"""Editorial checks: the faults of the original articles, caught before they are published.

A page can be well-formed and still untrustworthy: promotional or absolute wording, figures
with no source, "studies show" with no study, sources listed for show, confident verdicts
on weak evidence, headings that skip a level. These checks read the Markdown source, so
every finding points at the line to fix. They are warnings: `--strict` (as in CI) makes
them fatal. Words inside quotation marks are exempt: that is how a page reports a claim it
then answers. A paragraph reports at most ten findings of one kind, then how many more.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sitegen.model.content import Article, Page
from sitegen.model.problems import Problem, note, warning

# The one list of promotional or absolute wording; site.yaml's lint.extra_phrases adds to it.
PHRASES = (
    "game-changer",
    "miracle",
    "cure",
    "safe and effective",
    "100% natural",
    "no side effects",
    "proven to",
    "natural alternative",
    "well documented",
)
VAGUE = (
    "studies show",
    "studies suggest",
    "research suggests",
    "research shows",
    "evidence shows",
    "evidence suggests",
)

_FIGURES = re.compile(
    r"""(?<![\w.,-])(?:
        \d+(?:[.,]\d+)?\s?(?:%|per\s?cent\b|percent\b)                      # 12% , 0.56 percent
      | \d[\d,]*+\s++(?:in|of|out\ of)\s++\d[\d,]*\b(?![-/])               # 1 in 10, 152 of 27,338
      | \d[\d,]*+\s++(?:[a-z-]++\s++){0,2}?
          (?:people|persons|users|patients|cases|deaths|respondents|adults|children|men|women)\b
      | \d+(?:[.,]\d+)?\s?(?:mg|g|ml|mL|kg|mcg|µg|grams?|milligrams?|millilitres?|milliliters?)\b
    )""",
    re.VERBOSE | re.IGNORECASE,
)
# A link's target and optional title. A target stops at the next "](", so that each attempt
# to match scans only up to where the next one starts: linear on any text.
_LINK_TARGET = re.compile(r'\]\((?:[^)\s\]]|\](?!\())*+(?:\s++"[^"]*+")?\)')
_BACKTICKS = re.compile(r"`+")
# Straight double quotes on one line, or curly double or single quotes.
_QUOTED = re.compile('"[^"\n]*"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019')
_LINT_COMMENT = re.compile(r"\s*lint\b", re.IGNORECASE)
_ALLOW = re.compile(r'\s*lint:\s*allow\s+"([^"]+)"\s*', re.IGNORECASE)
_NOT_NEWLINE = re.compile(r"[^\n]")
_NEWLINE = re.compile(r"\n")
_SEPARATORS = re.compile(r"[\s-]+")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s|$)")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s")
_PLACEHOLDER = re.compile(r"\bTODO\b")
_MOST = 10  # findings of one kind reported for one paragraph; the rest are counted


@dataclass(frozen=True, slots=True)
class Allow:
    """A `<!-- lint: allow "phrase" -->` comment: the phrase it allows, and its line."""

    phrase: str  # as _normal() gives it
    line: int


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, list item, table row or heading of the body, and where it starts."""

    text: str
    line: int
    heading: int  # 0 for a paragraph, else the heading level
    allowed: tuple[Allow, ...]  # what an editor allowed here with <!-- lint: allow "…" -->
    misread: tuple[int, ...] = ()  # lines of lint comments not in that form


# --- finding words fast -------------------------------------------------------------------
# Most paragraphs hold none of the words a check looks for, and looking for a word with `in`
# is many times faster than running a pattern over the paragraph. So each pattern comes with
# words of which every match holds one, and runs only where one of them is found. They are
# looked for in _fold()'s form of the text, which holds a word wherever the pattern could
# match it, so skipping never loses a finding.

# The characters besides an ASCII letter's own two cases that re.IGNORECASE matches to it.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_DIGIT = re.compile(r"\d")
_ASCII_DIGITS = tuple("0123456789")


def _fold(text: str) -> str:
    """The text in lower case, with every character a pattern's ASCII letter or \\d matches."""
    if text.isascii():
        return text.lower()
    # \d matches every Unicode digit: as "0" each is found by looking for ASCII digits.
    return _DIGIT.sub("0", text.translate(_FOLD).lower())


@dataclass(frozen=True, slots=True)
class _Search:
    pattern: re.Pattern[str]
    needles: tuple[str, ...] | None  # lower-case ASCII; None: no such words, always run

    def finditer(self, plain: str, folded: str) -> Iterator[re.Match[str]]:
        if self.needles is None or any(n in folded for n in self.needles):
            return self.pattern.finditer(plain)
        return iter(())


def _key_words(phrases: Iterable[str]) -> tuple[str, ...] | None:
    """The longest word of each phrase that _fold() leaves alone, or None if one has none."""
    found = []
    for phrase in phrases:
        words = [
            w
            for w in _SEPARATORS.split(phrase.lower())
            if w.isascii() and not any(c.isdigit() for c in w)  # digits may become "0"
        ]
        if not words:
            return None
        found.append(max(words, key=len))
    return tuple(dict.fromkeys(found))


@functools.lru_cache(maxsize=8)
def _wording(extra: tuple[str, ...]) -> _Search:
    phrases = sorted({*PHRASES, *extra}, key=len, reverse=True)
    # "game changer" counts as "game-changer", and "natural alternatives" as the singular.
    alternatives = "|".join(
        r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", p))) + ("s?" if p[-1].isalpha() else "")
        for p in phrases
    )
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
    return _Search(pattern, _key_words(phrases))


_VAGUE_SEARCH = _Search(
    re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, VAGUE))})(?![\w-])", re.IGNORECASE),
    _key_words(VAGUE),
)
_FIGURES_SEARCH = _Search(_FIGURES, _ASCII_DIGITS)
_PLACEHOLDER_SEARCH = _Search(_PLACEHOLDER, ("todo",))


def lint_document(
    doc: Article | Page, body: str, cited: frozenset[str], extra_phrases: tuple[str, ...]
) -> list[Problem]:
    """Run every editorial check on one article or page; `cited` is what its body cites."""
    path = doc.file.path
    wording = _wording(tuple(p.lower() for p in extra_phrases))
    problems: list[Problem] = []
    fields = [("title", doc.title), ("summary", doc.summary)]
    # Checked for placeholders only: a risk's name, and a claim in the words of whoever made it.
    placeholders: list[tuple[str, str]] = []
    if isinstance(doc, Article):
        fields += [(f"risks.{i}.summary", r.summary) for i, r in enumerate(doc.risks)]
        fields += [(f"claims.{i}.note", c.note) for i, c in enumerate(doc.claims)]
        placeholders += [(f"risks.{i}.name", r.name) for i, r in enumerate(doc.risks)]
        placeholders += [(f"claims.{i}.claim", c.claim) for i, c in enumerate(doc.claims)]
    for key, text in fields:
        problems += _words(path, doc.file.line(key), _prose(text), wording, ())
    for key, text in placeholders:
        plain = _prose(text)
        problems += _placeholders(path, _Lines(doc.file.line(key), text), plain, _fold(plain))
    found = list(blocks(body, doc.file.body_line))
    for block in found:
        plain = _prose(block.text)
        problems += _words(path, block.line, plain, wording, block.allowed)
        problems += [
            warning(
                path,
                line,
                'lint comment not understood; write it as <!-- lint: allow "phrase" -->, '
                "with the phrase in double quotes",
            )
            for line in block.misread
        ]
        if not block.heading:
            problems += _figures(path, block, plain)
    problems += _headings(path, found)
    if isinstance(doc, Article):
        problems += _sources(doc, cited)
        problems += _verdicts(doc)
    return problems


# --- what is not the page's own words -----------------------------------------------------
# Each step takes time linear in the text: a 2 MB paragraph of unclosed quotes, backticks or
# comments must not hang a build (a pattern that retries a long scan at every opening mark
# takes quadratic time, and one with nested repeats worse).


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
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


def _pairs(text: str, opening: str, closing: str) -> Iterator[tuple[int, int]]:
    """Each `opening` up to the first `closing` after it."""
    at = text.find(opening)
    while at >= 0:
        end = text.find(closing, at + len(opening))
        if end < 0:
            return
        yield at, end + len(closing)
        at = text.find(opening, end + len(closing))


def _prose(text: str) -> str:
    """Blank out what is not the page's own words: code, link targets, quotations."""
    # Each step only where the text has what it looks for: most paragraphs lack some.
    if "`" in text:
        text = _blank(text, _code_spans(text))
    if "](" in text:
        text = _LINK_TARGET.sub(_spaces, text)
    if '"' in text or "\u2018" in text or "\u201c" in text:
        text = _QUOTED.sub(_spaces, _closable(text))
    return text


def _has_citation(text: str) -> bool:
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


class _Lines:
    """The file line of each position in a text that starts on line `first`."""

    def __init__(self, first: int, text: str) -> None:
        self.first = first
        self.text = text
        self.breaks: list[int] | None = None  # found when first asked: most texts never are

    def at(self, position: int) -> int:
        if self.breaks is None:
            self.breaks = [m.start() for m in _NEWLINE.finditer(self.text)]
        return self.first + bisect.bisect_left(self.breaks, position)


def _normal(phrase: str) -> str:
    return _SEPARATORS.sub(" ", phrase.lower()).strip()


def _first(
    path: str, lines: _Lines, matches: Iterator[re.Match[str]], what: str
) -> tuple[list[tuple[int, re.Match[str]]], list[Problem]]:
    """Return the first _MOST matches with their lines, and a warning for any more.

    A pasted wall of figures needs ten warnings, not ten thousand: those would take longer
    to make and print than the whole build, and hide everything else.
    """
    first: list[tuple[int, re.Match[str]]] = []
    more, first_more = 0, 0
    for match in matches:
        if len(first) < _MOST:
            first.append((lines.at(match.start()), match))
        elif not more:
            more, first_more = 1, match.start()
        else:
            more += 1
    if not more:
        return first, []
    return first, [warning(path, lines.at(first_more), f"{more} more {what} in this paragraph")]


def _words(
    path: str, line: int, plain: str, wording: _Search, allowed: tuple[Allow, ...]
) -> list[Problem]:
    """Promotional wording and placeholders in text already blanked by _prose()."""
    lines = _Lines(line, plain)
    folded = _fold(plain)
    used: set[str] = set()
    permitted = {a.phrase for a in allowed}
    matches, found = _first(path, lines, wording.finditer(plain, folded), "promotional wordings")
    for where, match in matches:
        phrase = match.group(0)
        normal = _normal(phrase)
        if normal.endswith("s") and normal not in permitted:
            normal = normal[:-1]
        if normal in permitted:
            used.add(normal)
            found.append(note(path, where, f"lint allows '{phrase}' in this paragraph"))
        else:
            found.append(warning(path, where, f"promotional wording '{phrase}'"))
    found += [
        note(
            path,
            allow.line,
            f"'lint: allow \"{allow.phrase}\"' allows nothing: its paragraph has no "
            f"promotional wording '{allow.phrase}'; remove the comment",
        )
        for allow in allowed
        if allow.phrase not in used
    ]
    return found + _placeholders(path, lines, plain, folded)


def _placeholders(path: str, lines: _Lines, plain: str, folded: str) -> list[Problem]:
    matches, found = _first(
        path, lines, _PLACEHOLDER_SEARCH.finditer(plain, folded), "'TODO' placeholders"
    )
    message = "placeholder 'TODO' is still in the text"
    return [warning(path, where, message) for where, _ in matches] + found


def _figures(path: str, block: Block, plain: str) -> list[Problem]:
    if _has_citation(block.text):
        return []
    lines = _Lines(block.line, plain)
    folded = _fold(plain)
    figures, more_figures = _first(
        path, lines, _FIGURES_SEARCH.finditer(plain, folded), "figures without a citation"
    )
    vague, more_vague = _first(
        path,
        lines,
        _VAGUE_SEARCH.finditer(plain, folded),
        "appeals to research without a citation",
    )
    found = [
        warning(
            path,
            where,
            f"figure '{' '.join(match.group(0).split())}' has no citation in its paragraph; "
            "cite its source with [@id]",
        )
        for where, match in figures
    ]
    found += more_figures
    found += [
        warning(path, where, f"'{match.group(0)}' without a citation in its paragraph")
        for where, match in vague
    ]
    return found + more_vague


def _headings(path: str, found: list[Block]) -> list[Problem]:
    problems = []
    previous = 1  # the page title is the level-1 heading
    for block in found:
        level = block.heading
        if not level:
            continue
        if level == 1:
            problems.append(
                warning(
                    path,
                    block.line,
                    "use ## for sections: the page title is the only level-1 heading",
                )
            )
        elif level > previous + 1:
            problems.append(
                warning(
                    path,
                    block.line,
                    f"heading level jumps from {previous} to "
                    f"{level}; use {'#' * (previous + 1)} here",
                )
            )
        previous = level
    return problems


def _sources(article: Article, cited: frozenset[str]) -> list[Problem]:
    used = set(cited)
    for risk in article.risks:
        used.update(risk.sources)
    for claim in article.claims:
        used.update(claim.sources)
    return [
        warning(
            article.file.path,
            article.file.line(f"sources.{i}"),
            f"source '{source.id}' is listed but cited nowhere: not in the text, a risk or a claim",
        )
        for i, source in enumerate(article.sources)
        if source.id not in used
    ]


def _verdicts(article: Article) -> list[Problem]:
    return [
        warning(
            article.file.path,
            article.file.line(f"claims.{i}.certainty"),
            f"claim '{claim.id}' is judged 'supported' while its certainty is 'very-low'",
        )
        for i, claim in enumerate(article.claims)
        if claim.verdict == "supported" and claim.certainty == "very-low"
    ]


def _comments(text: str, first_line: int) -> tuple[str, tuple[Allow, ...], tuple[int, ...]]:
    """Blank out the HTML comments of a paragraph; return the lint comments among them."""
    spans = list(_pairs(text, "<!--", "-->"))
    if not spans:
        return text, (), ()
    lines = _Lines(first_line, text)
    allowed: list[Allow] = []
    misread: list[int] = []
    for start, end in spans:
        inside = text[start + 4 : end - 3]
        if not _LINT_COMMENT.match(inside):
            continue
        allow = _ALLOW.fullmatch(inside)
        if allow:
            allowed.append(Allow(_normal(allow.group(1)), lines.at(start)))
        else:
            misread.append(lines.at(start))
    return _blank(text, spans), tuple(allowed), tuple(misread)


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
            stripped, allowed, misread = _comments("\n".join(current), first_line + start)
            if stripped.strip():
                yield Block(stripped, first_line + start, 0, pending + allowed, misread)
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
