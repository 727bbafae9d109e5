"""Typographic quotes and dashes."""

from __future__ import annotations

_OPENING_AFTER = frozenset(" \t\n([{\u2014\u2013-/")


_CURLY = {
    ('"', True): "\u201c",
    ('"', False): "\u201d",
    ("'", True): "\u2018",
    ("'", False): "\u2019",
}


def smarten(text: str, before: str) -> str:
    """Typographic quotes and dashes, in one pass over a text node.

    Python-Markdown's smarty extension does this with a second full inline pass over
    the page.
    """
    if "-" in text or "." in text:
        text = text.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")
    if '"' not in text and "'" not in text:
        return text
    out = []
    previous = before
    for char in text:
        if char in "\"'":
            char = _CURLY[char, previous == "" or previous in _OPENING_AFTER]
        out.append(char)
        previous = char
    return "".join(out)
