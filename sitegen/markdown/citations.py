"""`[@id]` and `[@one; @two]`: citations as numbered links to the page's reference list."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, SubElement

import markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from sitegen.markdown.state import State, as_written

_CITE_RE = r"\[(@[^\]\s;]+(?:\s*;\s*@[^\]\s;]+)*)\]"


_TAG = re.compile(r"<[A-Za-z/!]")


def _in_markup(data: str, start: int, end: int) -> bool:
    """Say whether text lies in a tag or an autolink ("<...>"), or in a link's address or
    title ("](...)"): there "[@id]" is part of them, not a citation.

    Citations are matched before links and raw HTML (which would otherwise read every
    citation's brackets first); looking back from each is as cheap as the match itself.
    """
    opened = data.rfind("<", 0, start)
    if opened > data.rfind(">", 0, start) and _TAG.match(data, opened):
        return data.find(">", end) >= 0
    link = data.rfind("](", 0, start)
    return link >= 0 and data.find(")", link, start) < 0 and data.find(")", end) >= 0


class CiteProcessor(InlineProcessor):
    def __init__(self, state: State, md: markdown.Markdown) -> None:
        super().__init__(_CITE_RE, md)
        self.state = state

    def handleMatch(  # type: ignore[override]  # noqa: N802
        self, m: re.Match[str], data: str
    ) -> tuple[Element | None, int | None, int | None]:
        if _in_markup(data, m.start(0), m.end(0)):
            return None, None, None
        # An id may hold an escaped character ("source\_a"), kept as a marker until now.
        written: dict[str, str] = {}  # each id, and how the source writes it
        for part in m.group(1).split(";"):
            raw = part.strip()[1:]
            if "\x02" in raw:
                written.setdefault(as_written(self.md, raw), as_written(self.md, raw, True))
            else:
                written.setdefault(raw, raw)
        # Shown in reference-list order, "[1, 4]", however the editor ordered them.
        order = self.state.numbers
        ids = sorted(written, key=lambda i: order.get(i, len(order) + 1))
        parts: list[str | tuple[str, int]] = ["["]
        for i, source_id in enumerate(ids):
            parts += [", "] if i else []
            if source_id in order:
                self.state.cited.append(source_id)
                parts.append((source_id, order[source_id]))
            else:  # shown as written; the build fails on it anyway, with its line
                self.state.unknown.append((source_id, written[source_id]))
                parts.append(f"@{source_id}")
        parts.append("]")
        # Atomic text is not parsed again for inline Markdown, which these pieces never
        # hold.
        sup = Element("sup", {"class": "cite"})
        sup.text = AtomicString("")
        holder = sup
        for part in parts:
            if isinstance(part, tuple):
                holder = SubElement(sup, "a", {"href": f"#ref-{part[0]}"})
                holder.text, holder.tail = AtomicString(str(part[1])), AtomicString("")
            elif holder is sup:
                sup.text = AtomicString((sup.text or "") + part)
            else:
                holder.tail = AtomicString((holder.tail or "") + part)
        return sup, m.start(0), m.end(0)
