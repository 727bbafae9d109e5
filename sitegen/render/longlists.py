"""The long lists (risks, claims, sources): small pages at any number of articles.

Each list has an overview, paginated, that shows every group (a kind or name of risk, a
verdict, a source) with its first few entries; a group with more has pages of its own,
paginated too. A reader reaches every entry by following links from the overview, and no
page grows with the size of the site.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sitegen.model import urls
from sitegen.model.paths import SitePath
from sitegen.model.site import Site
from sitegen.render.environment import Renderer
from sitegen.render.fragments import RowStore
from sitegen.render.lists import Output, by_title, paginate, rows_page
from sitegen.render.rows import (
    Citing,
    ClaimRow,
    RiskGroup,
    RiskRow,
    Shown,
    SourceEntry,
    claim_rows,
    risk_groups,
    source_entries,
)

SHOWN_ROWS = 10  # entries of a group an overview shows; the rest are on the group's pages
ROWS_PER_PAGE = 100  # entries on each of a group's own pages
GROUPS_PER_PAGE = 20  # groups on each page of an overview
# A list with at most this many entries in all is one page, as it has always been.
SMALL_LIST = 250
INLINE = "listed-by-one-page"  # the group of sources each listed by one page only

R = TypeVar("R")
G = TypeVar("G")


@dataclass(frozen=True, slots=True)
class Shelf(Generic[R]):
    """A group as an overview shows it: its first rows, and where the others are."""

    key: str
    rows: tuple[R, ...]  # all of them
    more: SitePath | None  # the group's own pages, when the overview shows only some

    @property
    def shown(self) -> tuple[R, ...]:
        return self.rows[:SHOWN_ROWS] if self.more else self.rows


@dataclass(frozen=True, slots=True)
class LongLists:
    """What the long lists hold in this build, gathered once."""

    risks: tuple[tuple[RiskGroup, Shelf[RiskRow]], ...]
    claims: tuple[tuple[str, Shelf[ClaimRow]], ...]  # by verdict, worst first
    sources: tuple[tuple[SourceEntry, Shelf[Citing]], ...]
    risks_per_page: int = GROUPS_PER_PAGE  # groups on each page of the overview
    sources_per_page: int = GROUPS_PER_PAGE

    def paths(self) -> list[SitePath]:
        """Every page of the long lists: overviews and the groups' own pages."""
        found = list(urls.paginated(urls.RISKS, len(self.risks), self.risks_per_page))
        found += urls.paginated(urls.SOURCES, len(self.sources), self.sources_per_page)
        found.append(urls.CLAIMS)
        for shelf in self._shelves():
            if shelf.more:
                found += urls.paginated(shelf.more, len(shelf.rows), ROWS_PER_PAGE)
        return found

    def _shelves(self) -> Iterator[Shelf[Any]]:
        yield from (shelf for _, shelf in self.risks)
        yield from (shelf for _, shelf in self.claims)
        yield from (shelf for _, shelf in self.sources)


def _shelves(
    base: SitePath, groups: list[tuple[G, str, tuple[R, ...]]]
) -> tuple[tuple[tuple[G, Shelf[R]], ...], int]:
    """Each group with its shelf, and how many groups a page of the overview shows.

    A list with few entries in all is shown whole, on one page, as it always was.
    """
    small = sum(1 + len(rows) for _, _, rows in groups) <= SMALL_LIST
    taken: set[str] = set()
    shelves = []
    for group, key, rows in groups:
        key = _free(key, taken)
        long = not small and len(rows) > SHOWN_ROWS
        shelves.append((group, Shelf(key, rows, urls.group_path(base, key) if long else None)))
    return tuple(shelves), max(len(groups), 1) if small else GROUPS_PER_PAGE


def _free(key: str, taken: set[str]) -> str:
    """A group key that is not a path the list uses already (page/…, another group)."""
    while key in taken or key == "page":
        key = f"{key}-list"
    taken.add(key)
    return key


def gather(site: Site, shown: Shown) -> LongLists:
    """Group every article's risks, claims and sources."""
    articles = by_title(site.articles)
    groups = risk_groups(articles, shown, site.config.risk_kinds)
    risks, risks_per_page = _shelves(urls.RISKS, [(g, g.key, g.rows) for g in groups])
    verdicts = claim_rows(articles, shown)
    claims, _ = _shelves(urls.CLAIMS, [(v, v, rows) for v, rows in verdicts.items()])
    entries = source_entries(site, articles, shown)
    sources, per_page = _shelves(urls.SOURCES, [(e, source_key(e), e.cited_by) for e in entries])
    return LongLists(risks, claims, sources, risks_per_page, per_page)


def source_key(entry: SourceEntry) -> str:
    """A source's anchor and path on the sources list (an inline one's names its page)."""
    if entry.inline_in is None:
        return entry.source.id
    return f"{entry.inline_in.slug}--{entry.source.id}"


def long_outputs(
    renderer: Renderer, base: str, lists: LongLists, rows: RowStore
) -> Iterator[Output]:
    """Every page of the long lists; each row reused from the last build while its key holds."""
    page = functools.partial(rows_page, renderer, rows, base)
    for pager, risks in paginate(lists.risks, urls.RISKS, lists.risks_per_page):
        data = (pager, [(s.key, [r.key for r in s.shown], len(s.rows)) for _, s in risks])
        yield page(pager.path, "risks.html", data, _context(groups=risks, pager=pager))
    total = sum(len(s.rows) for _, s in lists.claims)
    verdicts = [(v, [r.key for r in s.shown], len(s.rows)) for v, s in lists.claims]
    yield page(urls.CLAIMS, "claims.html", verdicts, _context(claims=lists.claims, total=total))
    for pager, sources in paginate(lists.sources, urls.SOURCES, lists.sources_per_page):
        listed = [(e.source, [c.key for c in s.shown], len(s.rows)) for e, s in sources]
        yield page(
            pager.path, "sources.html", (pager, listed), _context(entries=sources, pager=pager)
        )
    yield from _group_pages(page, lists)


def long_anchors(lists: LongLists) -> dict[SitePath, frozenset[str]]:
    """The anchors of every page of the long lists, from the groups and rows each shows.

    Paginated as long_outputs pages them, so that a link such as /claims/#id or
    /risks/#kind is checked against the page that has the id (the verify stage does).
    """
    every = urls.EVERY_PAGE_IDS | {urls.TOP}
    found: dict[SitePath, frozenset[str]] = {}
    for pager, risks in paginate(lists.risks, urls.RISKS, lists.risks_per_page):
        keys = {group.key for group, _ in risks}
        found[pager.path] = every | keys | ({"jump-label"} if keys else set())
    shown = {row.anchor for _, shelf in lists.claims for row in shelf.shown}
    verdicts = {f"verdict-{verdict}" for verdict, shelf in lists.claims if shelf.rows}
    found[urls.CLAIMS] = every | {"key"} | verdicts | shown
    for pager, sources in paginate(lists.sources, urls.SOURCES, lists.sources_per_page):
        found[pager.path] = every | {shelf.key for _, shelf in sources}
    for shelf in lists._shelves():
        if shelf.more is not None:
            for pager, part in paginate(shelf.rows, shelf.more, ROWS_PER_PAGE):
                # Only a verdict's pages give their rows ids: the claims'.
                found[pager.path] = every | {r.anchor for r in part if isinstance(r, ClaimRow)}
    return found


def _context(**values: object) -> Callable[[], dict[str, Any]]:
    """What a page is rendered with, made only if it has to be rendered."""
    return lambda: dict(values)


def _group_pages(page: Callable[..., Output], lists: LongLists) -> Iterator[Output]:
    """The own pages of each group too long for its overview."""
    groups: list[tuple[str, object, Shelf[Any]]] = [("risk.html", g, s) for g, s in lists.risks]
    groups += [("verdict.html", v, s) for v, s in lists.claims]
    groups += [("source.html", e, s) for e, s in lists.sources]
    for template, group, shelf in groups:
        if shelf.more is None:
            continue
        for pager, part in paginate(shelf.rows, shelf.more, ROWS_PER_PAGE):
            data = (template, shelf.key, pager, [r.key for r in part], _about(group))
            context = _context(group=group, rows=part, pager=pager, total=len(shelf.rows))
            yield page(pager.path, template, data, context)


def _about(group: object) -> object:
    """What a group's page shows of the group itself, besides its rows."""
    if isinstance(group, RiskGroup):
        return (group.name, group.summary)
    if isinstance(group, SourceEntry):
        return group.source
    return group
