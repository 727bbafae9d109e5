"""Text helpers every stage shares: slugs, and "did you mean" suggestions."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Collection

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def suggest(word: str, options: Collection[str]) -> str:
    """Return "; did you mean 'x'?" for a close option, or nothing."""
    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    if not close:
        # A plural or singular slip is the commonest: 'risk' for 'risks'.
        close = [o for o in options if o.rstrip("s") == word.rstrip("s")][:1]
    return f"; did you mean '{close[0]}'?" if close else ""


# What Unicode's decomposition does not spell in ASCII, or spells wrongly: NFKD turns "½"
# into 1, a fraction slash and 2, which would leave "12" once the slash is dropped.
_SPELLED = str.maketrans(
    {
        "½": " half ",
        "⅓": " third ",
        "⅔": " two-thirds ",
        "¼": " quarter ",
        "¾": " three-quarters ",
        "\u2044": " ",  # the fraction slash: one-eighth is "1 8", not eighteen
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "Th",
    }
)


@functools.lru_cache(maxsize=4096)  # risk names repeat across thousands of articles
def slugify(text: str) -> str:
    """Turn text into a slug: lowercase ASCII letters, digits and hyphens."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED)).translate(_SPELLED)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))
