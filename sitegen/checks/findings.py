"""Promotional wording, placeholders, uncited figures and appeals, found in what a reader
sees of a text (checks/seen.py) and reported at the file line each came from.

A text reports at most ten findings of one kind, then how many more.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sitegen.checks.figures import APPEALS, FIGURES, Figures
from sitegen.checks.paragraphs import Allow, Lines, normal
from sitegen.checks.prefilter import Search, fold, key_words
from sitegen.checks.seen import Seen
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


_PLACEHOLDER = Search(re.compile(r"\bTODO\b"), ("todo",))


_MOST = 10  # findings of one kind reported for one text; the rest are counted


@functools.lru_cache(maxsize=8)
def wording(extra: tuple[str, ...]) -> Search:
    """The search for promotional wording, with site.yaml's extra phrases (lower case)."""
    phrases = sorted({*PHRASES, *extra}, key=len, reverse=True)
    # "game changer" counts as "game-changer", and "natural alternatives" as the singular.
    alternatives = "|".join(
        r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", p))) + ("s?" if p[-1].isalpha() else "")
        for p in phrases
    )
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
    return Search(pattern, key_words(phrases))


class Located:
    """A text as the checks read it, and the file line of each of its positions."""

    __slots__ = ("folded", "lines", "path", "seen", "unit")

    def __init__(self, path: DisplayPath, seen: Seen, lines: Lines, unit: str = "paragraph"):
        self.path = path
        self.seen = seen
        self.lines = lines  # over the source the text was read from
        self.unit = unit  # what a count of further findings is "in this" of
        self.folded = fold(seen.text)

    def line(self, position: int) -> int:
        return self.lines.at(self.seen.source_at(position))

    def find(self, search: Search | Figures) -> Iterator[re.Match[str]]:
        return search.finditer(self.seen.text, self.folded)


def _first(
    text: Located, matches: Iterable[re.Match[str]], what: str
) -> tuple[list[tuple[int, re.Match[str]]], list[Problem]]:
    """Return the first _MOST matches with their lines, and a warning for any more.

    A pasted wall of figures needs ten warnings, not ten thousand: those would take longer
    to make and print than the whole build, and hide everything else.
    """
    first: list[tuple[int, re.Match[str]]] = []
    more, first_more = 0, 0
    for match in matches:
        if len(first) < _MOST:
            first.append((text.line(match.start()), match))
        elif not more:
            more, first_more = 1, match.start()
        else:
            more += 1
    if not more:
        return first, []
    message = f"{more} more {what} in this {text.unit}"
    return first, [warning(text.path, text.line(first_more), message)]


def promotional(text: Located, search: Search, allowed: tuple[Allow, ...] = ()) -> list[Problem]:
    """Promotional wording (and what the lint comments allow), then placeholders."""
    path = text.path
    used: set[str] = set()
    permitted = {a.phrase for a in allowed}
    matches, found = _first(text, text.find(search), "promotional wordings")
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
    return found + placeholders(text)


def worded(search: Search, folded: str) -> bool:
    """Say whether promotional() could find wording or a placeholder in a text that fold()
    gives `folded` for (what its lint comments allow aside)."""
    return search.possible(folded) or _PLACEHOLDER.possible(folded)


def possible(search: Search, words: str, figures: str) -> bool:
    """Say whether anything could be found in texts that, together, fold() gives `words` for
    (checked for wording and placeholders) and `figures` for (checked for figures)."""
    return (
        search.possible(words)
        or _PLACEHOLDER.possible(words)
        or FIGURES.possible(figures)
        or APPEALS.possible(figures)
    )


def placeholders(text: Located) -> list[Problem]:
    matches, found = _first(text, text.find(_PLACEHOLDER), "'TODO' placeholders")
    message = "placeholder 'TODO' is still in the text"
    return [warning(text.path, where, message) for where, _ in matches] + found


@dataclass(frozen=True, slots=True)
class Uncited:
    """Where a figure lacks its citation, and what to do about it, as messages say them."""

    place: str  # "in its paragraph"
    advice: str  # "cite its source with [@id]"


IN_BODY = Uncited("in its paragraph", "cite its source with [@id]")


def uncited(text: Located, why: Uncited) -> list[Problem]:
    """Figures and appeals to research in a text that cites nothing."""
    figures, more_figures = _first(text, text.find(FIGURES), "figures without a citation")
    vague, more_vague = _first(text, text.find(APPEALS), "appeals to research without a citation")
    found = [
        warning(
            text.path,
            where,
            f"figure '{' '.join(match.group(0).split())}' has no citation {why.place}; "
            f"{why.advice}",
        )
        for where, match in figures
    ]
    found += more_figures
    found += [
        warning(text.path, where, f"'{match.group(0)}' without a citation {why.place}")
        for where, match in vague
    ]
    return found + more_vague
