"""What counts as a figure that needs a source, in digits or in words, and vague appeals.

"12%", "1 in 10", "152 of 27,338", "40 patients", "5 mg" need a source, and so do the same
written in words: "ninety percent", "nine in ten", "nine out of ten users", "two deaths",
"half of users". So does "studies show": research is cited, not invoked.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator

from sitegen.checks.prefilter import ASCII_DIGITS, Search, key_words

VAGUE = (
    "studies show",
    "studies suggest",
    "research suggests",
    "research shows",
    "evidence shows",
    "evidence suggests",
)


_PEOPLE = r"(?:people|persons|users|patients|cases|deaths|respondents|adults|children|men|women)"


_UNITS = r"(?:mg|g|ml|mL|kg|mcg|µg|grams?|milligrams?|millilitres?|milliliters?)"


_PERCENT = r"(?:%|‰|‱|per\s?cent\b|percent\b)"


# A number word, written as a tree of its letters: a list of thirty words to try one by one
# at the start of every word of a page would make this the slowest of the checks.
_WORD = (
    r"(?:zero|one|t(?:w(?:o|elve|enty)|h(?:ree|irt(?:een|y)|ousands?)|en)"
    r"|f(?:our(?:teen)?|ive|ift(?:een|y)|orty)|s(?:ix(?:teen|ty)?|even(?:teen|ty)?)"
    r"|e(?:ight(?:een|y)?|leven)|nine(?:teen|ty)?|hundreds?|millions?|billions?|dozens?)"
)


# "nine", "eighty-five", "one hundred and twenty"; a few words at most, so that a page of
# number words takes time in proportion to its length.
_NUMBER = rf"{_WORD}(?:(?:[\s-]++|\s++and\s++){_WORD}\b){{0,6}}+"


_FRACTION = rf"(?:half|(?:a|{_WORD})[\s-]++(?:third|quarter|fifth|tenth)s?)"


_IN_DIGITS = re.compile(
    rf"""(?<![\w.,-])(?:
        \d+(?:[.,]\d+)?\s?{_PERCENT}                                        # 12% , 0.56 percent
      | \d[\d,]*+\s++(?:in|of|out\ of)\s++\d[\d,]*\b(?![-/])               # 1 in 10, 152 of 27,338
      | \d[\d,]*+\s++(?:[a-z-]++\s++){{0,2}}?{_PEOPLE}\b                     # 40 patients
      | \d+(?:[.,]\d+)?\s?{_UNITS}\b                                        # 5 mg
      | \d[\d,]*+\s++(?:in|out\ of)\s++(?:a\s++)?{_NUMBER}\b               # 1 in ten
    )""",
    re.VERBOSE | re.IGNORECASE,
)


_IN_WORDS = re.compile(
    # The lookahead first lets the regex engine pass over most characters at once.
    rf"""(?=[zotfsenhmbda])(?<![\w.,-])(?:
        {_NUMBER}(?:
            [\s-]*+{_PERCENT}                                               # ninety percent
          | \s++(?:in|out\ of)\s++(?:a\s++)?(?:{_NUMBER}|\d[\d,]*+)\b         # nine in ten
          # "one" before a plural is nearly always "one of the ...", not a count
          | (?<![^\w-]one)(?<!^one)\s++(?:[a-z-]++\s++){{0,2}}?{_PEOPLE}\b   # two deaths
          | \s++{_UNITS}\b)                                                 # two grams
      | {_FRACTION}\s++(?:of\s++)?(?:[a-z-]++\s++){{0,2}}?{_PEOPLE}\b        # half of users
    )""",
    re.VERBOSE | re.IGNORECASE,
)


# Every figure in words holds one of these as a whole word (in fold()'s form of the text).
_NUMBER_WORDS = frozenset(
    {
        *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
        *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
        *("seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty"),
        *("sixty", "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand"),
        *("thousands", "million", "millions", "billion", "billions", "dozen", "dozens"),
        *("half", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "tenth"),
        "tenths",
    }
)


_DIGITS = Search(_IN_DIGITS, ASCII_DIGITS)


# Every number word holds one of these: looking for them is faster than for every word.
_NEEDLES = (
    *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirt", "fift", "twent", "fort", "zero", "dozen"),
    *("hundred", "thousand", "million", "billion", "half", "third", "quarter"),
)


_WORDS = Search(_IN_WORDS, _NEEDLES, _NUMBER_WORDS)


class Figures:
    """Figures in digits and in words, in the order they appear, each found once."""

    def possible(self, folded: str) -> bool:
        return _DIGITS.possible(folded) or _WORDS.possible(folded)

    def finditer(self, plain: str, folded: str) -> Iterator[re.Match[str]]:
        end = 0
        found = (_DIGITS.finditer(plain, folded), _WORDS.finditer(plain, folded))
        for match in heapq.merge(*found, key=lambda m: m.start()):
            if match.start() >= end:  # "nine in 10 users" is one figure, not two
                end = match.end()
                yield match


FIGURES = Figures()


APPEALS = Search(
    re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, VAGUE))})(?![\w-])", re.IGNORECASE),
    key_words(VAGUE),
)
