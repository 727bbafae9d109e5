"""The allow-list every body's HTML passes through (nh3): tags, attributes, classes, schemes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import nh3

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}


_ATTRIBUTES = {
    "*": {"id"},
    "a": {"href", "title"},
    "div": {"role", "tabindex", "aria-label"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


_CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "div": {"footnote", "table-scroll"},
    "sup": {"cite"},
    "td": {"align-left", "align-center", "align-right"},
    "th": {"align-left", "align-center", "align-right"},
}


def cleaner(
    attribute_filter: Callable[[str, str, str], str | None] | None,
) -> Callable[[str], str]:
    """A function that sanitises HTML, asking `attribute_filter` (if any) about every
    attribute; the allow-lists are the same either way."""
    options: dict[str, Any] = {
        "tags": _TAGS,
        "attributes": _ATTRIBUTES,
        "allowed_classes": _CLASSES,
        "link_rel": "noopener",
        "url_schemes": {"http", "https", "mailto"},
        "strip_comments": True,
    }
    if attribute_filter is not None:
        options["attribute_filter"] = attribute_filter
    if hasattr(nh3, "Cleaner"):  # nh3 0.3 builds its rules once
        made: Any = nh3.Cleaner(**options)
        return lambda html: str(made.clean(html))
    return lambda html: str(nh3.clean(html, **options))
