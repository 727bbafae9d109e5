"""Plain language: long sentences, and paragraphs above the site's reading grade.

These are notes: they never fail a build, they point at the line to rewrite. Headings,
tables, code, quotations (a claim quoted in its own words), block quotes and footnotes
are not scored.

The grade is Flesch-Kincaid, worked out exactly as textstat 0.7.3 does it (its rules for
words, sentences and rounding), with syllables from pyphen's English hyphenation
dictionary, the library textstat itself counts them with; tests/test_plain.py holds the
figures to textstat's own. textstat is not used directly because it re-reads the text once
a measure, and this runs on every page of every build.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from sitegen.checks.masking import prose
from sitegen.checks.paragraphs import Lines, blocks
from sitegen.model.paths import DisplayPath
from sitegen.model.problems import Problem, note

LONGEST_SENTENCE = 30  # words
_PUNCTUATION = re.compile(r"[^\w\s]")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
# Markdown that is not words: citations, brackets, emphasis, list markers, HTML tags.
_MARKUP = re.compile(r"\[@[^\]]*\]|[\[\]*_`#>|]|<[^>\n]*>|^\s*(?:[-+]|\d{1,3}[.)])\s", re.M)
_SKIPPED = ("|", ">", "[^", "::block[", "    ")


@functools.cache
def _dictionary() -> object:
    import pyphen  # loaded only where pages are checked

    return pyphen.Pyphen(lang="en_US")


@functools.lru_cache(maxsize=1 << 16)
def syllables(word: str) -> int:
    """Syllables of one lower-case word, as pyphen's hyphenation points count them."""
    positions: list[int] = _dictionary().positions(word)  # type: ignore[attr-defined]
    return len(positions) + 1


def _round(number: float, points: int) -> float:
    """Round half away from zero, as textstat does."""
    p: float = 10.0**points
    return math.floor(number * p + math.copysign(0.5, number)) / p


@dataclass(frozen=True, slots=True)
class Counts:
    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade (0 for no words)."""
        if not self.words:
            return 0.0
        per_sentence = _round(self.words / self.sentences, 1)
        per_word = _round(self.syllables / self.words, 1)
        return _round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


def count(text: str) -> Counts:
    """Words, sentences and syllables of a text, by textstat's rules."""
    words = _PUNCTUATION.sub("", text).split()
    found = _SENTENCE.findall(text)
    short = sum(1 for s in found if len(_PUNCTUATION.sub("", s).split()) <= 2)
    spoken = sum(syllables(w) for w in _PUNCTUATION.sub("", text.lower()).split())
    return Counts(len(words), max(1, len(found) - short), spoken)


def grade(text: str) -> float:
    """Flesch-Kincaid grade of a text."""
    return count(text).grade


def plain_language(
    path: DisplayPath, body: str, first_line: int, limit: float
) -> tuple[list[Problem], float | None]:
    """Notes on the body's long sentences and hard paragraphs, and the whole body's grade."""
    problems: list[Problem] = []
    scored: list[str] = []
    for block in blocks(body, first_line):
        if block.heading or not block.text.strip() or block.text.lstrip().startswith(_SKIPPED):
            continue
        text = _MARKUP.sub(_spaces, prose(block.text))
        if not any(c.isalpha() for c in text):
            continue
        scored.append(text)
        lines = Lines(block.line, text)
        for sentence in _SENTENCE.finditer(text):
            n = len(_PUNCTUATION.sub("", sentence.group(0)).split())
            if n > LONGEST_SENTENCE:
                problems.append(
                    note(
                        path,
                        lines.at(sentence.start()),
                        f"a sentence of {n} words: plain language keeps sentences to "
                        f"{LONGEST_SENTENCE} words or fewer; split it",
                    )
                )
        found = grade(text)
        if found > limit:
            problems.append(
                note(
                    path,
                    block.line,
                    f"reading grade {found:g} (Flesch-Kincaid) is above the site's {limit:g}: "
                    "shorter sentences and everyday words bring it down",
                )
            )
    return problems, (grade(" ".join(scored)) if scored else None)


def _spaces(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))
