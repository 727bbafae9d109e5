"""Speed: Python-Markdown spared the work a page cannot need, with the same output.

Python-Markdown tries every inline pattern on every piece of text, every block processor's
test on every paragraph and every whole-page step on every page. Each of those is tried
here only where the text holds what any of its matches must hold; property tests compare
the output with the unpatched path (tests/test_properties.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from xml.etree.ElementTree import Element

import markdown

from sitegen.markdown.state import State

T = TypeVar("T")

# What each inline pattern needs to find somewhere in a page before it can match at all.
# Python-Markdown tries every pattern on every piece of text; a page without "`" or "<"
# cannot use the patterns that start with them, and skipping those saves most of the
# time inline processing takes. A pattern not named here is always tried. The linebreak
# pattern also needs a tab: tabs are expanded to spaces before patterns run. The reference
# patterns ([text][id], ![alt][id]) match only an id defined in the page ("[id]: address"),
# so a page without "]:" cannot use them; without them each link's text is read once, not
# twice.
_NEEDS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[^",),
    "reference": ("]:",),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": ("]:",),
    "short_reference": ("]:",),
    "short_image_ref": ("]:",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n", "\t"),
    "html": ("<",),
    "entity": ("&",),
    "not_strong": ("*", "_"),
    "em_strong": ("*", "_"),
    "em_strong2": ("_",),
    "citation": ("[@",),
}


_EACH_NEED = [(name, x) for name, needs in _NEEDS.items() for x in needs]


# What each of a text's matches holds, for looking in each text: the same, but that a
# reference's use ("[text][id]") is in one text and its definition elsewhere in the page.
_TEXT_NEEDS = {
    **_NEEDS,
    "reference": ("[",),
    "short_reference": ("[",),
    "image_reference": ("![",),
    "short_image_ref": ("![",),
}


# The same for block processors, block by block: each of these tests every paragraph with
# a pattern search, and one that finds none of these strings in a block cannot pass (the
# reference and footnote ones always pass their test, then search).
_BLOCK_NEEDS: dict[str, tuple[str, ...]] = {
    "hashheader": ("#",),
    "setextheader": ("\n=", "\n-"),
    "quote": (">",),
    # A rule is three marks with at most two spaces between each: "---", "- - -", "*  *  *".
    "hr": tuple(f"{mark}{gap}{mark}" for mark in "-_*" for gap in ("", " ", "  ")),
    "table": ("|",),
    "reference": ("]:",),
    "footnote": ("[^",),
}


# And whole-page steps that leave a page without these strings as it was: raw HTML and
# entities, fenced code, and the backslash escapes the unescape step puts back.
_PAGE_NEEDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("preprocessors", "html_block"): ("<", "&"),
    ("preprocessors", "fenced_code_block"): ("```", "~~~"),
    ("treeprocessors", "unescape"): ("\\",),
}


class _TextGuard:
    """An inline pattern's regex that first looks in each text for what a match needs.

    The page holds it somewhere, or the pattern would not be tried (Shortcuts.use_for),
    but most of the page's texts do not: looking is faster than the search.
    """

    def __init__(self, regex: re.Pattern[str], needs: tuple[str, ...]) -> None:
        self.regex = regex
        self.needs = needs

    def finditer(self, text: str, start: int = 0) -> Iterator[re.Match[str]]:
        for x in self.needs:
            if x in text:
                return self.regex.finditer(text, start)
        return iter(())

    def __getattr__(self, name: str) -> Any:  # anything else Python-Markdown asks of it
        return getattr(self.regex, name)


def _guarded(
    test: Callable[[Element, str], bool], needs: tuple[str, ...]
) -> Callable[[Element, str], bool]:
    """A block processor's test that first looks for what a block needs to pass it."""

    def guarded(parent: Element, block: str) -> bool:
        for x in needs:  # a loop: any() and its generator cost more than most tests save
            if x in block:
                return test(parent, block)
        return False

    return guarded


def _needed(
    run: Callable[[T], T | None], needs: tuple[str, ...], state: State
) -> Callable[[T], T | None]:
    """A whole-page step that runs only when the page holds one of `needs`."""

    def needed(value: T) -> T | None:
        return run(value) if any(x in state.source for x in needs) else value

    return needed


class Shortcuts:
    """A Markdown instance's patterns, processors and steps, guarded as described above."""

    def __init__(self, md: markdown.Markdown, state: State) -> None:
        self._inline: Any = md.treeprocessors["inline"]
        registry = md.inlinePatterns
        named = {id(registry[n]): n for n in _NEEDS if n in registry}
        # In the order Python-Markdown tries them (iterating a registry sorts it).
        self._patterns = [(named.get(id(p), ""), p) for p in registry]
        self._usable: dict[frozenset[str], list[Any]] = {}
        for name, needs in _TEXT_NEEDS.items():
            if name in registry:
                pattern = registry[name]
                pattern.compiled_re = _TextGuard(pattern.compiled_re, needs)  # type: ignore[assignment]
        for name, needs in _BLOCK_NEEDS.items():
            processor = md.parser.blockprocessors[name]
            processor.test = _guarded(processor.test, needs)  # type: ignore[method-assign,assignment]
        for (kind, name), needs in _PAGE_NEEDS.items():
            step = getattr(md, kind)[name]
            step.run = _needed(step.run, needs, state)
        # Python-Markdown asks whether a tag is block-level a few times for every element,
        # looking through a list of some fifty names each time: a set gives the same answers.
        blocks = frozenset(md.block_level_elements)

        def is_block_level(tag: Any) -> bool:
            return isinstance(tag, str) and tag.lower().rstrip("/") in blocks

        md.is_block_level = is_block_level  # type: ignore[method-assign]
        # The block parser loops over its processors for every block, and a registry makes a
        # new sorted list each time it is looped over: the same processors, in their order,
        # are kept once (nothing registers one after the Markdown object is made).
        md.parser.blockprocessors = tuple(md.parser.blockprocessors)  # type: ignore[assignment]

    def use_for(self, source: str) -> None:
        """Give the inline processor only the patterns that can match somewhere in `source`."""
        # One flat loop: any() and its generator for each pattern cost more than the looking.
        present = frozenset([n for n, x in _EACH_NEED if x in source])
        usable = self._usable.get(present)
        if usable is None:
            usable = [p for n, p in self._patterns if not n or n in present]
            self._usable[present] = usable
        # The inline processor only indexes and measures this sequence (len, [i]).
        self._inline.inlinePatterns = usable
