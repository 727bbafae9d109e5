"""Editorial checks: the faults of the original articles, caught before they are published.

A page can be well-formed and still untrustworthy: promotional or absolute wording, figures
with no source, "studies show" with no study, sources listed for show, confident verdicts
on weak evidence, headings that skip a level. These checks read the Markdown source, so
every finding points at the line to fix. They are warnings: `--strict` (as in CI) makes
them fatal. Words inside quotation marks are exempt: that is how a page reports a claim it
then answers. A paragraph reports at most ten findings of one kind, then how many more.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from sitegen.checks.masking import prose
from sitegen.checks.paragraphs import Allow, Block, Lines, blocks, normal
from sitegen.checks.prefilter import ASCII_DIGITS, Search, fold, key_words
from sitegen.model.content import Article, Page
from sitegen.model.paths import DisplayPath
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


_PLACEHOLDER = re.compile(r"\bTODO\b")


_MOST = 10  # findings of one kind reported for one paragraph; the rest are counted


@functools.lru_cache(maxsize=8)
def _wording(extra: tuple[str, ...]) -> Search:
    phrases = sorted({*PHRASES, *extra}, key=len, reverse=True)
    # "game changer" counts as "game-changer", and "natural alternatives" as the singular.
    alternatives = "|".join(
        r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", p))) + ("s?" if p[-1].isalpha() else "")
        for p in phrases
    )
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
    return Search(pattern, key_words(phrases))


_VAGUE_SEARCH = Search(
    re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, VAGUE))})(?![\w-])", re.IGNORECASE),
    key_words(VAGUE),
)


_FIGURES_SEARCH = Search(_FIGURES, ASCII_DIGITS)


_PLACEHOLDER_SEARCH = Search(_PLACEHOLDER, ("todo",))


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
        problems += _words(path, doc.file.line(key), prose(text), wording, ())
    for key, text in placeholders:
        plain = prose(text)
        problems += _placeholders(path, Lines(doc.file.line(key), text), plain, fold(plain))
    found = list(blocks(body, doc.file.body_line))
    for block in found:
        plain = prose(block.text)
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


def _first(
    path: DisplayPath, lines: Lines, matches: Iterator[re.Match[str]], what: str
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
    path: DisplayPath, line: int, plain: str, wording: Search, allowed: tuple[Allow, ...]
) -> list[Problem]:
    """Promotional wording and placeholders in text already blanked by prose()."""
    lines = Lines(line, plain)
    folded = fold(plain)
    used: set[str] = set()
    permitted = {a.phrase for a in allowed}
    matches, found = _first(path, lines, wording.finditer(plain, folded), "promotional wordings")
    for where, match in matches:
        phrase = match.group(0)
        words = normal(phrase)
        if words.endswith("s") and words not in permitted:
            words = words[:-1]
        if words in permitted:
            used.add(words)
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


def _placeholders(path: DisplayPath, lines: Lines, plain: str, folded: str) -> list[Problem]:
    matches, found = _first(
        path, lines, _PLACEHOLDER_SEARCH.finditer(plain, folded), "'TODO' placeholders"
    )
    message = "placeholder 'TODO' is still in the text"
    return [warning(path, where, message) for where, _ in matches] + found


def _figures(path: DisplayPath, block: Block, plain: str) -> list[Problem]:
    if _has_citation(block.text):
        return []
    lines = Lines(block.line, plain)
    folded = fold(plain)
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


def _headings(path: DisplayPath, found: list[Block]) -> list[Problem]:
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
