"""The one walk over a parsed page: quotes and dashes, links and images, heading ids, tables.

Heading ids and typographic quotes are done here rather than by Python-Markdown's toc and
smarty extensions, each of which walks the page again.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from sitegen.markdown.links import rewrite
from sitegen.markdown.state import PLACEHOLDER_RE, State, address_as_written, as_written
from sitegen.markdown.typography import smarten
from sitegen.model.paths import DisplayPath
from sitegen.model.problems import error, warning
from sitegen.model.text import slugify
from sitegen.model.urls import TEMPLATE_IDS

VERBATIM = frozenset({"code", "pre", "kbd", "samp"})


ALIGN_RE = re.compile(r"text-align:\s*(left|center|right)")


class TreeWalk(Treeprocessor):
    """One walk over the parsed page: typography, links, images, heading ids, tables."""

    def __init__(self, md: markdown.Markdown, state: State) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: Element) -> None:
        # An explicit stack: deeply nested lists must not exhaust Python's recursion.
        stack: list[tuple[Element, bool]] = [(root, False)]
        while stack:
            el, in_code = stack.pop()
            if el.get("class") == "cite":
                # A citation (citations.py): its text is not the page's words, and its links
                # lead to this page's reference list, which has every id it links to.
                continue
            code = in_code or el.tag in VERBATIM
            if el.text and not code:
                self._not_cited(el.text)  # as written: smarten() changes quotes and dashes
                el.text = smarten(el.text, "")
            for child in el:
                tail = child.tail
                if tail and not code:
                    self._not_cited(tail)
                    # What precedes a quote decides its direction; most tails have none.
                    quoted = '"' in tail or "'" in tail
                    child.tail = smarten(tail, "".join(child.itertext())[-1:] if quoted else "")
            stack.extend((child, code) for child in reversed(el))
            self._element(el)
        wrap_tables(root)

    def _not_cited(self, text: str) -> None:
        """Warn about each "[@" left in the text: a citation written so it is shown, not cited.

        Atomic text is an address shown as its own link text (<https://...>): not prose.
        """
        at = text.find("[@")
        if at >= 0 and isinstance(text, AtomicString):
            return
        while at >= 0:
            after = text.find("[@", at + 2)
            # Up to its "]", or else up to the next "[@" or the end of the line.
            end = min(e for e in (after, text.find("\n", at), at + 60, len(text)) if e >= 0)
            close = text.find("]", at, end)
            written = text[at : close + 1] if close >= 0 else text[at:end].rstrip()
            self.state.problems.append(
                warning(
                    self._path(),
                    self.state.next_line_of(as_written(self.md, written, source=True)),
                    f"'{as_written(self.md, written)}' is not a citation and is shown as "
                    "written: cite with [@id], or [@id; @other-id] for several",
                )
            )
            at = after

    def _element(self, el: Element) -> None:
        if el.tag == "a" and "href" in el.attrib:
            rewrite(self.state, el, "href")
        elif el.tag == "img":
            self._image(el)
        elif el.tag in ("th", "td") and "style" in el.attrib:
            align = ALIGN_RE.search(el.attrib.pop("style"))
            if align:
                el.set("class", f"align-{align.group(1)}")
        elif el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = PLACEHOLDER_RE.sub("", "".join(el.itertext())).strip()
            self._heading_id(el, text)
            if el.tag in ("h2", "h3"):
                self.state.headings.append(text)

    def _heading_id(self, el: Element, text: str) -> None:
        """Give a heading an id from its text, unique on the page (links use it as #anchor)."""
        state = self.state
        assert state.page is not None
        # Nor an id that raw HTML gives: raw HTML keeps what its editor wrote.
        taken = TEMPLATE_IDS | state.page.reserved | state.anchors
        raw = state.raw_ids() if self.md.htmlStash.rawHtmlBlocks else ()
        base = slugify(text) or "section"
        new, n = base, 1
        while new in taken or new in raw:
            n += 1
            new = f"{base}-{n}"
        el.set("id", new)
        state.anchors.add(new)
        state.made.add(new)

    def _image(self, el: Element) -> None:
        if not el.get("alt", "").strip():
            where = self.state.line_of(address_as_written(el.get("src", ""), source=True))
            self.state.problems.append(
                error(
                    self._path(),
                    where,
                    "image without alt text: describe it in the brackets, ![what it shows](file)",
                )
            )
        el.set("loading", "lazy")
        if "src" in el.attrib:
            rewrite(self.state, el, "src")

    def _path(self) -> DisplayPath:
        assert self.state.page is not None
        return self.state.page.path


def wrap_tables(root: Element) -> None:
    """Put each table in a box that scrolls sideways and that a keyboard can focus.

    A wide table on a phone scrolls inside its own box instead of widening the page; the
    box is a labelled region (named after the section it is in) so that keyboard users can
    reach and scroll it too.
    """
    parents = {child: el for el in root.iter() for child in el if child.tag == "table"}
    if not parents:
        return
    heading = ""
    found: list[tuple[Element, int, Element, str]] = []
    for el in root.iter():  # in document order
        if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            heading = PLACEHOLDER_RE.sub("", "".join(el.itertext())).strip()
        elif el in parents:
            parent = parents[el]
            found.append((parent, list(parent).index(el), el, heading))
    for parent, i, table, section in reversed(found):
        label = f"Table: {section}" if section else "Table"
        box = Element("div", {"class": "table-scroll", "role": "region", "tabindex": "0"})
        box.set("aria-label", label)
        box.tail, table.tail = table.tail, None
        parent.remove(table)
        box.append(table)
        parent.insert(i, box)
