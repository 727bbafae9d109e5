"""Editorial checks: the faults of the original articles, caught before they are published.

A page can be well-formed and still untrustworthy: promotional or absolute wording, figures
with no source, "studies show" with no study, sources listed for show, confident verdicts
on weak evidence, headings that skip a level. These checks read the Markdown source, so
every finding points at the line to fix. They are warnings: `--strict` (as in CI) makes
them fatal. Words inside quotation marks are exempt: that is how a page reports a claim it
then answers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sitegen.content import Article, Page
from sitegen.errors import Problem, note, warning

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
      | \d[\d,]*\s+(?:in|of|out\ of)\s+\d[\d,]*\b(?![-/])                  # 1 in 10, 152 of 27,338
      | \d[\d,]*\s+(?:[a-z-]+\s+){0,2}?
          (?:people|persons|users|patients|cases|deaths|respondents|adults|children|men|women)\b
      | \d+(?:[.,]\d+)?\s?(?:mg|g|ml|mL|kg|mcg|µg|grams?|milligrams?|millilitres?|milliliters?)\b
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_CITATION = re.compile(r"\[@[^\]]+\]")
# Straight double quotes on one line, or curly double or single quotes.
_QUOTED = re.compile('"[^"\n]*"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019')
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_ALLOW = re.compile(r"<!--\s*lint:\s*allow\s+\"([^\"]+)\"\s*-->", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s|$)")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s")
_PLACEHOLDER = re.compile(r"\bTODO\b")


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, list item, table row or heading of the body, and where it starts."""

    text: str
    line: int
    heading: int  # 0 for a paragraph, else the heading level
    allowed: tuple[str, ...]  # phrases an editor allowed here with <!-- lint: allow "…" -->


@functools.lru_cache(maxsize=8)
def _wording(extra: tuple[str, ...]) -> re.Pattern[str]:
    phrases = sorted({*PHRASES, *extra}, key=len, reverse=True)
    # "game changer" counts as "game-changer", and "natural alternatives" as the singular.
    alternatives = "|".join(
        r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", p))) + ("s?" if p[-1].isalpha() else "")
        for p in phrases
    )
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


_VAGUE = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, VAGUE))})(?![\w-])", re.IGNORECASE)


def lint_document(
    doc: Article | Page, body: str, cited: frozenset[str], extra_phrases: tuple[str, ...]
) -> list[Problem]:
    """Run every editorial check on one article or page; `cited` is what its body cites."""
    path = doc.file.path
    wording = _wording(tuple(p.lower() for p in extra_phrases))
    problems: list[Problem] = []
    fields = [("title", doc.title), ("summary", doc.summary)]
    if isinstance(doc, Article):
        fields += [(f"risks.{i}.summary", r.summary) for i, r in enumerate(doc.risks)]
        fields += [(f"claims.{i}.note", c.note) for i, c in enumerate(doc.claims)]
    for key, text in fields:
        problems += _words(path, doc.file.line(key), text, wording, ())
    found = list(blocks(body, doc.file.body_line))
    for block in found:
        problems += _words(path, block.line, block.text, wording, block.allowed)
        if not block.heading:
            problems += _figures(path, block)
    problems += _headings(path, found)
    if isinstance(doc, Article):
        problems += _sources(doc, cited)
        problems += _verdicts(doc)
    return problems


def _blank_out(pattern: re.Pattern[str], text: str) -> str:
    """Replace matches with spaces, keeping every other character where it was."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _prose(text: str) -> str:
    """Blank out what is not the page's own words: code, link targets, quotations."""
    return _blank_out(_QUOTED, _blank_out(_LINK_TARGET, _blank_out(_CODE_SPAN, text)))


def _line_at(first_line: int, text: str, position: int) -> int:
    return first_line + text.count("\n", 0, position)


def _words(
    path: str, line: int, text: str, wording: re.Pattern[str], allowed: tuple[str, ...]
) -> list[Problem]:
    found = []
    plain = _prose(text)
    for match in wording.finditer(plain):
        phrase = match.group(0)
        where = _line_at(line, plain, match.start())
        if phrase.lower() in allowed:
            found.append(note(path, where, f"lint allows '{phrase}' in this paragraph"))
        else:
            found.append(warning(path, where, f"promotional wording '{phrase}'"))
    for match in _PLACEHOLDER.finditer(plain):
        found.append(
            warning(
                path,
                _line_at(line, plain, match.start()),
                "placeholder 'TODO' is still in the text",
            )
        )
    return found


def _figures(path: str, block: Block) -> list[Problem]:
    if _CITATION.search(block.text):
        return []
    plain = _prose(block.text)
    found = []
    for match in _FIGURES.finditer(plain):
        figure = " ".join(match.group(0).split())
        found.append(
            warning(
                path,
                _line_at(block.line, plain, match.start()),
                f"figure '{figure}' has no citation in its paragraph; cite its source with [@id]",
            )
        )
    for match in _VAGUE.finditer(plain):
        found.append(
            warning(
                path,
                _line_at(block.line, plain, match.start()),
                f"'{match.group(0)}' without a citation in its paragraph",
            )
        )
    return found


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


def blocks(body: str, first_line: int) -> Iterator[Block]:
    """Split a Markdown body into paragraphs, list items, table rows and headings."""
    lines = body.split("\n")
    current: list[str] = []
    start = 0
    pending_allow: tuple[str, ...] = ()
    in_fence = ""

    def flush() -> Iterator[Block]:
        nonlocal current, pending_allow
        if current:
            text = "\n".join(current)
            allowed = tuple(a.lower() for a in _ALLOW.findall(text))
            stripped = _blank_out(_COMMENT, text)
            if stripped.strip():
                yield Block(stripped, first_line + start, 0, allowed + pending_allow)
                pending_allow = ()
            else:  # a comment on its own applies to the next paragraph
                pending_allow += allowed
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
