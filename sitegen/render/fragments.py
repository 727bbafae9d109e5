"""Rendered rows of the long list pages, reused from the last build while their keys hold."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, Protocol

from markupsafe import Markup as SafeHTML


class RowStore(Protocol):
    """Where the rows of each list page are kept between builds (the build cache)."""

    def fragments(self, rel: str, base: str) -> dict[Hashable, str]: ...
    def keep_fragments(self, rel: str, base: str, rows: dict[Hashable, str]) -> None: ...


class Fragments:
    """Rendered rows of one long list page, reused from the last build while keys hold.

    The risks, claims and sources pages list every article, so rendering all their rows
    again would make one edit cost as much as the whole site. A row's key covers all the row
    shows, and the rows are kept per page and per digest of the templates and settings,
    so a reused row is exactly the HTML that rendering it again would give.
    """

    def __init__(self, known: dict[Hashable, str]) -> None:
        self.known = known
        self.used: dict[Hashable, str] = {}

    def __call__(self, rows: Iterable[Any], macro: Callable[[Any], str], sep: str = "") -> SafeHTML:
        """Every row (an object with a `key`) rendered by `macro`, joined by `sep`.

        The loop is here rather than in the template, where Jinja's own loop over many
        rows costs more than the rows it reuses.
        """
        known, used = self.known, self.used
        parts = []
        for row in rows:
            html = known.get(row.key)
            if html is None:
                html = str(macro(row))
            used[row.key] = html
            parts.append(html)
        return SafeHTML(sep.join(parts))
