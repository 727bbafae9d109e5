"""Plain language: long sentences, and paragraphs above the site's reading grade.

These are notes: they never fail a check, they point at the line to rewrite, and only
`check` counts them (a build and the preview leave them out, so they cost editors no
time while they write; bench/RESULTS.md has the figures). Headings,
tables, code, quotations (a claim quoted in its own words), block quotes and footnotes
are not scored.

The grade is Flesch-Kincaid, worked out exactly as textstat 0.7.3 does it (its rules for
words, sentences and rounding), with syllables from pyphen's English hyphenation
dictionary, the library textstat itself counts them with; tests/test_plain.py holds the
figures to textstat's own. textstat is not used directly because it re-reads the text once
a measure, and this runs on every page of every check.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from sitegen.checks.masking import prose, spaces
from sitegen.checks.paragraphs import Lines, split_blocks
from sitegen.model.paths import DisplayPath
from sitegen.model.problems import Problem, note

LONGEST_SENTENCE = 30  # words
_PUNCTUATION = re.compile(r"[^\w\s]")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
# Markdown that is not words: citations, brackets, emphasis, list markers, HTML tags.
_MARKUP = re.compile(r"\[@[^\]]*\]|[\[\]*_`#>|]|<[^>\n]*>|^\s*(?:[-+]|\d{1,3}[.)])\s", re.M)
# The same without its single characters, which _ASCII below turns into spaces in one step.
_SPANS = (r"\[@[^\]]*\]", r"<[^>\n]*>", r"^\s*(?:[-+]|\d{1,3}[.)])\s")
_ITEM_STARTS = frozenset("-+0123456789")
_LETTER = re.compile(rb"[a-z]")
# ASCII text is counted in bytes, in a few C loops a paragraph: markup characters and every
# separator str.split() knows become spaces, every sentence end a ".", capitals small
# letters, other punctuation goes (as _PUNCTUATION's would); tests/test_plain.py holds it
# to the general path.
_ASCII_PUNCTUATION = bytes(c for c in range(128) if re.fullmatch(r"[^\w\s]", chr(c)))
_ASCII_SPACED = b"[]*_`#>|\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
_SPACES = re.compile(rb"  +")
_ASCII = bytes.maketrans(
    _ASCII_SPACED + b"!?ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    b" " * len(_ASCII_SPACED) + b"..abcdefghijklmnopqrstuvwxyz",
)
_ASCII_DELETED = bytes(c for c in _ASCII_PUNCTUATION if c not in _ASCII_SPACED + b".!?")
_SKIPPED = ("|", ">", "[^", "::block[", "    ")


class _Hyphenation:
    """pyphen's English hyphenation points, counted as pyphen's `positions` finds them.

    pyphen tries every piece of a word up to its longest pattern (28 letters) against its
    patterns; stopping as soon as a piece starts no pattern finds the same points in a
    fraction of the time. tests/test_plain.py holds the counts to pyphen's own.
    """

    def __init__(self) -> None:
        import pyphen  # loaded only where pages are checked

        self.pyphen = pyphen.Pyphen(lang="en_US")
        self.left: int = self.pyphen.left
        self.right: int = self.pyphen.right
        # pyphen's own table; a version that keeps it elsewhere is asked word by word.
        self.patterns: dict[str, tuple[int, tuple[int, ...]]] = getattr(
            getattr(self.pyphen, "hd", None), "patterns", {}
        )
        self.starts = {key[:n] for key in self.patterns for n in range(1, len(key))}

    def points(self, word: str) -> int:
        """How many places `word` (in lower case) may be hyphenated at."""
        if not self.patterns:
            return len(self.pyphen.positions(word))
        pointed = f".{word}."
        size = len(pointed)
        references = [0] * (size + 1)
        patterns, starts = self.patterns, self.starts
        for i in range(size - 1):
            for j in range(i + 1, size + 1):
                piece = pointed[i:j]
                pattern = patterns.get(piece)
                if pattern:
                    offset, values = pattern
                    for k, value in enumerate(values, i + offset):
                        if k <= size and value > references[k]:
                            references[k] = value
                if piece not in starts:
                    break
        # A point at i in `references` is before letter i - 1 of the word.
        last = len(word) - self.right
        return sum(1 for i in range(self.left + 1, last + 2) if references[i] % 2)


@functools.cache
def _hyphenation() -> _Hyphenation:
    return _Hyphenation()


class _Syllables(dict[str, int]):
    """Syllables of lower-case words, as pyphen's hyphenation points count them."""

    def __missing__(self, word: str) -> int:
        self[word] = count = _hyphenation().points(word) + 1
        return count


class _AsciiSyllables(dict[bytes, int]):
    """The same, for words in ASCII bytes."""

    def __missing__(self, word: bytes) -> int:
        self[word] = count = syllables(word.decode("ascii"))
        return count


_SYLLABLES = _Syllables()  # per process: a site's vocabulary is small
syllables = _SYLLABLES.__getitem__
_ascii_syllables = _AsciiSyllables().__getitem__


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
        return _grade(self.words, self.sentences, self.syllables)


def _grade(words: int, sentences: int, syllables: int) -> float:
    if not words:
        return 0.0
    per_sentence = _round(words / sentences, 1)
    per_word = _round(syllables / words, 1)
    return _round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


def count(text: str) -> Counts:
    """Words, sentences and syllables of a text, by textstat's rules."""
    return _counted(text, [_words(s) for s in _SENTENCE.findall(text)])


def _words(text: str) -> int:
    return len(_PUNCTUATION.sub("", text).split())


def _counted(text: str, sentences: list[int]) -> Counts:
    """The counts of a text whose sentences have these numbers of words."""
    words = _PUNCTUATION.sub("", text.lower()).split()
    short = sum(1 for n in sentences if n <= 2)
    spoken = sum(map(syllables, words))
    return Counts(len(words), max(1, len(sentences) - short), spoken)


def grade(text: str) -> float:
    """Flesch-Kincaid grade of a text."""
    return count(text).grade


def plain_language(
    path: DisplayPath, body: str, first_line: int, limit: float
) -> tuple[list[Problem], float | None]:
    """Notes on the body's long sentences and hard paragraphs, and the whole body's grade."""
    problems: list[Problem] = []
    words = sentences = spoken = 0
    for block in split_blocks(body, first_line):
        if block.heading:
            continue
        scored = _scored(block.text)
        if scored is None:
            continue
        in_words, in_sentences, in_syllables, longest, found = scored
        if longest > LONGEST_SENTENCE:
            text = _MARKUP.sub(spaces, prose(block.text))
            problems += _long_sentences(path, block.line, text)
        words += in_words
        sentences += in_sentences
        spoken += in_syllables
        if found > limit:
            problems.append(
                note(
                    path,
                    block.line,
                    f"reading grade {found:g} (Flesch-Kincaid) is above the site's {limit:g}: "
                    "shorter sentences and everyday words bring it down",
                )
            )
    # The whole body's grade sums the paragraphs' counts: a paragraph's end ends a sentence.
    return problems, (_grade(words, sentences, spoken) if words else None)


@functools.lru_cache(maxsize=4096)
def _scored(paragraph: str) -> tuple[int, int, int, int, float] | None:
    """A paragraph's words, sentences, syllables, longest sentence's words and grade; None
    if it is not scored.

    Remembered for the next pages: shared blocks put the same paragraphs on many of them.
    """
    if not paragraph.strip() or paragraph.lstrip().startswith(_SKIPPED):
        return None
    text = prose(paragraph)
    counted = _ascii_counts(text) if text.isascii() else _counts(text)
    if counted is None:
        return None
    words, sentences, spoken, longest = counted
    return words, sentences, spoken, longest, _grade(words, sentences, spoken)


def _counts(text: str) -> tuple[int, int, int, int] | None:
    """A paragraph's words, sentences, syllables and longest sentence's words, or None if
    it has no letters."""
    text = _MARKUP.sub(spaces, text)
    if not any(c.isalpha() for c in text):
        return None
    lengths = [_words(s) for s in _SENTENCE.findall(text)]
    counts = _counted(text, lengths)
    return counts.words, counts.sentences, counts.syllables, max(lengths, default=0)


def _ascii_counts(text: str) -> tuple[int, int, int, int] | None:
    """The same for ASCII text, with the same results (see _ASCII).

    A sentence (_SENTENCE) runs from its first letter or digit to its end marks, so its
    words are those of the stretch between two runs of end marks: one more than the
    stretch's spaces, once its spaces are single.
    """
    cite, tag = "[@" in text, "<" in text
    item = any(line.lstrip()[:1] in _ITEM_STARTS for line in text.split("\n"))
    if cite or tag or item:
        text = _spans(cite, tag, item).sub(spaces, text)
    marked = text.encode("ascii").translate(_ASCII, _ASCII_DELETED)
    if _LETTER.search(marked) is None:
        return None
    single = _SPACES.sub(b" ", marked) if b"  " in marked else marked
    stretches = map(bytes.strip, single.split(b"."))
    lengths = [stretch.count(b" ") + 1 for stretch in stretches if stretch]
    words = marked.replace(b".", b"").split()
    short = lengths.count(1) + lengths.count(2)  # sentences have one word or more
    spoken = sum(map(_ascii_syllables, words))
    return len(words), max(1, len(lengths) - short), spoken, max(lengths, default=0)


@functools.cache
def _spans(cite: bool, tag: bool, item: bool) -> re.Pattern[str]:
    """_MARKUP's spans, with only those a text may hold: the same matches, found faster.

    A pattern that cannot match anywhere in the text never wins a place, so leaving it out
    changes nothing; left in, the search tries it at every character.
    """
    chosen = [p for p, used in zip(_SPANS, (cite, tag, item), strict=True) if used]
    return re.compile("|".join(chosen), re.M)


def _long_sentences(path: DisplayPath, line: int, text: str) -> list[Problem]:
    """A note at each sentence of over LONGEST_SENTENCE words (`text` starts at `line`)."""
    lines = Lines(line, text)
    found = []
    for sentence in _SENTENCE.finditer(text):
        n = _words(sentence.group(0))
        if n > LONGEST_SENTENCE:
            found.append(
                note(
                    path,
                    lines.at(sentence.start()),
                    f"a sentence of {n} words: plain language keeps sentences to "
                    f"{LONGEST_SENTENCE} words or fewer; split it",
                )
            )
    return found
