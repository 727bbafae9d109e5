"""Finding words fast: a pattern runs only where the text holds a word every match holds.

Most paragraphs hold none of the words a check looks for, and looking for a word with `in`
is many times faster than running a pattern over the paragraph. The words are looked for
in fold()'s form of the text, which holds a word wherever the pattern could match it, so
skipping never loses a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

SEPARATORS = re.compile(r"[\s-]+")


# The characters besides an ASCII letter's own two cases that re.IGNORECASE matches to it.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


_DIGIT = re.compile(r"\d")


_LETTERS = re.compile(r"[a-z]+")


ASCII_DIGITS = tuple("0123456789")


def fold(text: str) -> str:
    """The text in lower case, with every character a pattern's ASCII letter or \\d matches."""
    if text.isascii():
        return text.lower()
    # \d matches every Unicode digit: as "0" each is found by looking for ASCII digits.
    return _DIGIT.sub("0", text.translate(_FOLD).lower())


@dataclass(frozen=True, slots=True)
class Search:
    pattern: re.Pattern[str]
    needles: tuple[str, ...] | None  # lower-case ASCII; None: no such words, always run
    # Whole words of which every match holds one; looked for only once a needle is found.
    words: frozenset[str] = frozenset()

    def finditer(self, plain: str, folded: str) -> Iterator[re.Match[str]]:
        if self.possible(folded) and (
            not self.words or not self.words.isdisjoint(_LETTERS.findall(folded))
        ):
            return self.pattern.finditer(plain)
        return iter(())

    def possible(self, folded: str) -> bool:
        """Say whether the pattern might match a text that fold() gives `folded` for, or
        any part of it (a needle in a part is in the whole)."""
        if self.needles is None:
            return True
        for needle in self.needles:  # noqa: SIM110 (any() and its generator take longer)
            if needle in folded:
                return True
        return False


def key_words(phrases: Iterable[str]) -> tuple[str, ...] | None:
    """The longest word of each phrase that fold() leaves alone, or None if one has none."""
    found = []
    for phrase in phrases:
        words = [
            w
            for w in SEPARATORS.split(phrase.lower())
            if w.isascii() and not any(c.isdigit() for c in w)  # digits may become "0"
        ]
        if not words:
            return None
        found.append(max(words, key=len))
    return tuple(dict.fromkeys(found))
