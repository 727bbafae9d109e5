"""What is not the page's own words: code, link targets and quotations, blanked out.

Each step takes time linear in the text: a 2 MB paragraph of unclosed quotes or brackets
must not hang a build (a pattern that retries a long scan at every opening mark takes
quadratic time, and one with nested repeats worse).
"""

from __future__ import annotations

import re

from sitegen.markdown.spans import blank, code_spans

# A link's target and optional title. A target stops at the next "](", so that each attempt
# to match scans only up to where the next one starts: linear on any text.
LINK_TARGET = re.compile(r'\]\((?:[^)\s\]]|\](?!\())*+(?:\s++"[^"]*+")?\)')


# A reference link's label, "[text][label]", from the "]" that ends its text.
REFERENCE_LABEL = re.compile(r"\]\[[^\[\]\n]*+\]")


# Straight double quotes on one line, or curly double or single quotes.
_QUOTED = re.compile('"[^"\n]*"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019')


_NOT_NEWLINE = re.compile(r"[^\n]")


def _closable(text: str) -> str:
    """Hide curly quotes that open after the last closing quote of their kind.

    They can never close, and trying each would scan to the end of the text: a paragraph
    of them would take quadratic time. Hidden (as a character no check looks for), they
    leave every pattern linear.
    """
    for opener, closer in (("\u201c", "\u201d"), ("\u2018", "\u2019")):
        last = text.rfind(closer) + 1
        if opener in text[last:]:
            text = text[:last] + text[last:].replace(opener, "\x00")
    return text


def spaces(match: re.Match[str]) -> str:
    """A match as spaces, its line breaks kept: for `pattern.sub(spaces, text)`."""
    piece = match.group(0)
    return _NOT_NEWLINE.sub(" ", piece) if "\n" in piece else " " * len(piece)


def unquoted(text: str) -> str:
    """Blank out quotations: a page reports a claim in its own words, then answers it."""
    if '"' in text or "\u2018" in text or "\u201c" in text:
        return _QUOTED.sub(spaces, _closable(text))
    return text


def prose(text: str) -> str:
    """Blank out what is not the page's own words: code, link targets, quotations."""
    # Each step only where the text has what it looks for: most paragraphs lack some.
    if "`" in text:
        text = blank(text, code_spans(text))
    if "](" in text:
        text = LINK_TARGET.sub(spaces, text)
    return unquoted(text)
