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


# C0 and C1 control characters (but tab, newline and carriage return), lone surrogates,
# and the two non-characters XML 1.0 forbids: no page, feed or terminal may receive them.
UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Characters that reorder or hide the text around them on a terminal or in a file name.
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What a terminal must not receive raw: every control character, the bidirectional ones,
# the line and paragraph separators, and lone surrogates.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def describe_character(char: str) -> str:
    """Name a character `UNFIT` finds, as an error message says it."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate U+{code:04X} (not text)"
    if code in (0xFFFE, 0xFFFF):
        return f"the non-character U+{code:04X}, which XML forbids"
    return f"a control character U+{code:04X}"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Text with control and bidirectional characters written as escapes, for a terminal."""
    return _INVISIBLE.sub(_escape, text)


WINDOWS_RESERVED = frozenset(
    ("con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)))
)


def windows_reserved(name: str) -> bool:
    """Say whether Windows reserves a file name for a device (`con`, `aux.png`, `LPT1`)."""
    return name.split(".", 1)[0].rstrip(" ").lower() in WINDOWS_RESERVED
