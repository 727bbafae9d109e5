"""The notice rule, as an HTML parser sees the page: one visible #health-notice before <main>.

Counting the string is not enough: an earlier comment, raw-text element or script that a
browser reads differently (a `<!--` inside a script changes where the script ends) can
swallow the notice and everything after it. So the part of the page before <main> is
scanned the way the HTML tokenizer reads it, and the notice must be a real start tag
there, outside any comment, raw text or <template>.
"""

from __future__ import annotations

import re

NOTICE_ID = 'id="health-notice"'
# Elements whose content the tokenizer reads as text up to their end tag (HTML's "raw
# text" and "escapable raw text" elements, and noscript, as browsers with scripts read it).
_RAW = frozenset(
    {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "title", "textarea"}
)
_CLOSE = {name: re.compile(rf"</{name}[\s/>]", re.IGNORECASE) for name in _RAW}
# What a "<" can begin: a comment, a declaration, or a tag with its name and attributes
# (quoted values included: a ">" inside quotes does not end it). Any other "<" is text.
_TOKEN = re.compile(r"""<(?:(!--)|[!?]|(/?)([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*>)?)""")
# A run of what changes nothing above: text, a "<" that begins no token, and whole start or
# end tags of any element but the raw ones and <template>, read exactly as _TOKEN reads
# them. Skipping such a run in one C call leaves the loop a handful of tokens a page.
_NAMES = "|".join(sorted(_RAW | {"template"}))
# Possessive runs (*+, ++) give back nothing, as _TOKEN's tag name gives back nothing: a
# shorter name could pair a quote in it with one further on and end the tag elsewhere.
_PLAIN = re.compile(
    rf"""(?:[^<]++|<(?![!?a-zA-Z]|/[a-zA-Z])"""
    rf"""|</?(?!(?:{_NAMES})(?![^\s/>]))[a-zA-Z][^\s/>]*+(?:[^>"']++|"[^"]*+"|'[^']*+')*+>)*+""",
    re.IGNORECASE,
)


def notice_problem(html: str) -> str | None:
    """Why the page's notice would not be seen, or None if it is one visible element."""
    count = html.count(NOTICE_ID)
    main = html.find("<main")
    at = html.find(NOTICE_ID)
    if count != 1 or main < 0 or at > main:
        return f"found {count}"
    return _hidden(html, at, main)


def _hidden(html: str, notice: int, main: int, skip: bool = True) -> str | None:
    """Read the page up to <main> as the tokenizer does; say what would hide the notice.

    With `skip`, runs that change nothing are passed over in one step (ending before the
    notice, so that the tag holding it is read here); a property test holds it to the
    token-by-token reading.
    """
    pos = 0
    templates = 0
    seen = False
    while True:
        if skip and pos < main:
            run = _PLAIN.match(html, pos, notice if pos < notice else main)
            assert run is not None  # it matches an empty run at least
            pos = run.end()
        token = _TOKEN.search(html, pos)
        if token is None or token.start() >= main:
            break
        lt = token.start()
        if token.group(1):  # a comment
            end = html.find("-->", lt + 4)
            if end < 0 or end > notice > lt:
                return "it is inside an HTML comment"
            pos = end + 3
            continue
        name = token.group(3)
        if name is None:  # a doctype or bogus comment
            end = html.find(">", lt)
            if end < 0 or end > notice > lt:
                return "it is inside a comment or declaration"
            pos = end + 1
            continue
        name = name.lower()
        end = token.end() if token.group(4) else len(html)
        if token.group(2):  # an end tag
            templates -= name == "template" and templates > 0
            pos = end
            continue
        if lt < notice < end:
            if templates:
                return "it is inside a <template>, which is never shown"
            seen = True
        templates += name == "template"
        pos = end
        if name in _RAW:
            close = _CLOSE[name].search(html, end)
            stop = close.start() if close else len(html)
            if name == "script" and "<!--" in html[end:stop]:
                return "a <script> before it holds '<!--', which changes where the script ends"
            if end <= notice < stop:
                return f"it is inside a <{name}> element, which is read as text"
            pos = stop
    return None if seen else "it is not an element's start tag"
