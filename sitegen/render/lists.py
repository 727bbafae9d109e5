"""The pages that list articles: home, topics, risks, claims, sources; search and 404."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sitegen.model import urls
from sitegen.model.content import Article
from sitegen.model.keys import digest
from sitegen.model.paths import OutputFile, SitePath
from sitegen.model.site import Site
from sitegen.render.environment import Renderer
from sitegen.render.fragments import Fragments, RowStore
from sitegen.render.rows import Shown, claim_rows, risk_groups, source_entries


@dataclass(frozen=True, slots=True)
class Output:
    """One site-wide file: its path, the key of the data it shows, and how to render it.

    `make` is called only when the previous build has no file made from the same key.
    """

    rel: OutputFile
    key: str
    make: Callable[[], bytes]


@dataclass(frozen=True, slots=True)
class Pager:
    """One page of a paginated list, and where its neighbours are."""

    number: int
    paths: tuple[SitePath, ...]  # site path of every page in the list

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def path(self) -> SitePath:
        return self.paths[self.number - 1]

    @property
    def previous(self) -> SitePath | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> SitePath | None:
        return self.paths[self.number] if self.number < self.count else None


def _paginate(
    items: tuple[Article, ...], base: SitePath
) -> Iterator[tuple[Pager, tuple[Article, ...]]]:
    paths = urls.paginated(base, len(items))
    for number in range(1, len(paths) + 1):
        start = (number - 1) * urls.PER_PAGE
        yield Pager(number, paths), items[start : start + urls.PER_PAGE]


def by_title(articles: tuple[Article, ...]) -> tuple[Article, ...]:
    return tuple(sorted(articles, key=lambda a: (a.title.casefold(), a.slug)))


def by_topic(ordered: tuple[Article, ...]) -> dict[str, tuple[Article, ...]]:
    """Split articles (in title order) by topic, keeping their order: one pass, no sort."""
    found: dict[str, list[Article]] = {}
    for article in ordered:
        found.setdefault(article.topic, []).append(article)
    return {key: tuple(items) for key, items in found.items()}


def list_outputs(
    renderer: Renderer, site: Site, base: str, shown: Shown, rows: RowStore
) -> Iterator[Output]:
    """The list pages (home, topics, risks, claims, sources), search and 404.

    `base` digests the templates and settings.

    None of them needs a rendered document, so they can be made while documents render.

    The data a page lists is gathered only if the page has to be rendered; the rows of the
    long lists (risks, claims, sources) come from `rows` where their keys are unchanged.
    """
    config = site.config
    articles = by_title(site.articles)
    topics = by_topic(articles)
    counts = [(t, len(topics.get(t.key, ()))) for t in config.topics]

    def page(
        path: SitePath, template: str, data: object, context: Callable[[], dict[str, Any]]
    ) -> Output:
        rel = urls.output_file(path)
        return Output(
            rel, digest(base, rel, data), lambda: renderer.page(template, path, **context())
        )

    def listing(path: SitePath, template: str, data: object, context: Callable[[], Any]) -> Output:
        rel = urls.output_file(path)

        def make() -> bytes:
            listed = Fragments(rows.fragments(rel, base))
            html = renderer.page(template, path, cached=listed, **context())
            rows.keep_fragments(rel, base, listed.used)
            return html

        return Output(rel, digest(base, rel, data), make)

    for pager, items in _paginate(articles, urls.HOME):
        yield page(
            pager.path,
            "index.html",
            (pager, shown("card", items), counts, len(articles)),
            functools.partial(
                dict, articles=items, pager=pager, total=len(articles), topics=counts
            ),
        )
    yield page(urls.TOPICS, "topics.html", counts, lambda: {"topics": counts})
    for topic in config.topics:
        listed = topics.get(topic.key, ())
        for pager, items in _paginate(listed, urls.topic_path(topic.key)):
            yield page(
                pager.path,
                "topic.html",
                (topic, pager, shown("card", items), len(listed)),
                functools.partial(
                    dict, topic=topic, articles=items, pager=pager, total=len(listed)
                ),
            )
    yield listing(
        urls.RISKS,
        "risks.html",
        shown("risks", articles),
        lambda: {"groups": risk_groups(articles, shown, config.risk_kinds)},
    )

    def claims() -> dict[str, Any]:
        rows = claim_rows(articles, shown)
        return {"claims": rows, "total": sum(len(r) for r in rows.values())}

    yield listing(urls.CLAIMS, "claims.html", shown("claims", articles), claims)
    yield listing(
        urls.SOURCES,
        "sources.html",
        (site.bibliography.entries, shown("sources", articles)),
        lambda: {"entries": source_entries(site, articles, shown)},
    )
    yield page(urls.SEARCH, "search.html", (), dict)
    yield Output(
        urls.output_file(urls.NOT_FOUND),
        digest(base, "404.html"),
        lambda: renderer.page("404.html", urls.NOT_FOUND, absolute=True),
    )
