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


# Characters a reader does not see: Unicode's format characters (category Cf: zero-width
# space, soft hyphen, word joiner, direction marks, tags...) and the other "default
# ignorable" ones (variation selectors, fillers). tests/test_properties.py checks the list
# against the running Python's Unicode data.
_HIDDEN = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160"
    "\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


# Letters of other scripts drawn like a Latin letter (the Latin letter each stands for is
# in the second string), and the percent sign NFKC leaves alone.
_LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        **dict(
            zip(
                "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455"
                "\u04bb\u0501\u051b\u051d\u04cf\u04af\u0410\u0412\u0415\u041a"
                "\u041c\u041d\u041e\u0420\u0421\u0422\u0423\u0425\u0405\u0406"
                "\u0408\u04ae\u051a\u051c\u04c0",
                "aeopcyxijshdqwlyABEKMHOPCTYXSIJYQWI",
                strict=True,
            )
        ),
        # Greek
        **dict(
            zip(
                "\u03b1\u03bf\u03c1\u03bd\u03b9\u03c5\u03b3\u03ba\u03f2\u03f3"
                "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f"
                "\u03a1\u03a4\u03a5\u03a7\u03f9\u037f",
                "aopviuykcjABEZHIKMNOPTYXCJ",
                strict=True,
            )
        ),
        # Armenian
        **dict(zip("\u0585\u057d\u0570\u0578\u0581\u0566", "ouhngq", strict=True)),
        # Latin letters without their dot, or drawn otherwise
        **dict(zip("\u0131\u0237\u0251\u0261", "ijag", strict=True)),
        "\u066a": "%",  # the Arabic percent sign
    }
)


def as_seen(text: str) -> str:
    """The text as a reader takes it in, for comparing and checking words.

    Invisible characters are removed; compatibility forms (fullwidth, mathematical, ligatures)
    become the letters, digits and signs they show (NFKC); letters of other scripts that
    are drawn like a Latin letter become that letter; every percent sign becomes '%'.
    """
    if text.isascii():
        return text
    # Before NFKC, which turns some lookalikes into letters that are not (the lunate sigma
    # into a final sigma), and after it, for the lookalikes it makes of compatibility forms.
    text = unicodedata.normalize("NFKC", text.translate(_LOOKALIKES)).translate(_LOOKALIKES)
    return _HIDDEN.sub("", text)


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
