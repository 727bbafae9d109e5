"""The pages that list articles: home, topics, risks, claims, sources; search and 404."""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from markupsafe import Markup as SafeHTML

from sitegen.model import urls
from sitegen.model.content import Article
from sitegen.model.keys import digest
from sitegen.model.paths import OutputFile, SitePath
from sitegen.model.site import Site
from sitegen.render.environment import Renderer
from sitegen.render.fragments import Fragments, RowStore
from sitegen.render.rows import Shown

T = TypeVar("T")


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


def paginate(
    items: tuple[T, ...], base: SitePath, per_page: int = urls.PER_PAGE
) -> Iterator[tuple[Pager, tuple[T, ...]]]:
    """Each page of a list: where it is, and its items."""
    paths = urls.paginated(base, len(items), per_page)
    for number in range(1, len(paths) + 1):
        start = (number - 1) * per_page
        yield Pager(number, paths), items[start : start + per_page]


def by_title(articles: tuple[Article, ...]) -> tuple[Article, ...]:
    return tuple(sorted(articles, key=lambda a: (a.title.casefold(), a.slug)))


def by_topic(ordered: tuple[Article, ...]) -> dict[str, tuple[Article, ...]]:
    """Split articles (in title order) by topic, keeping their order: one pass, no sort."""
    found: dict[str, list[Article]] = {}
    for article in ordered:
        found.setdefault(article.topic, []).append(article)
    return {key: tuple(items) for key, items in found.items()}


def plain_page(
    renderer: Renderer,
    base: str,
    path: SitePath,
    template: str,
    data: object,
    context: Callable[[], dict[str, Any]],
) -> Output:
    """A page made from `data` (digested into its key) and the context it is rendered with."""
    rel = urls.output_file(path)
    return Output(rel, digest(base, rel, data), lambda: renderer.page(template, path, **context()))


def rows_page(
    renderer: Renderer,
    rows: RowStore,
    base: str,
    path: SitePath,
    template: str,
    data: object,
    context: Callable[[], dict[str, Any]],
) -> Output:
    """A page of long-list rows, each reused from the last build while its key holds."""
    rel = urls.output_file(path)

    def make() -> bytes:
        listed = Fragments(rows.fragments(rel, base))
        html = renderer.page(template, path, cached=listed, **context())
        rows.keep_fragments(rel, base, listed.used)
        return html

    return Output(rel, digest(base, rel, data), make)


def list_outputs(renderer: Renderer, site: Site, base: str, shown: Shown) -> Iterator[Output]:
    """The list pages of articles (home, topics), search and 404.

    `base` digests the templates and settings.

    None of them needs a rendered document, so they can be made while documents render.

    The data a page lists is gathered only if the page has to be rendered.
    """
    config = site.config
    articles = by_title(site.articles)
    topics = by_topic(articles)
    counts = [(t, len(topics.get(t.key, ()))) for t in config.topics]

    def page(
        path: SitePath, template: str, data: object, context: Callable[[], dict[str, Any]]
    ) -> Output:
        return plain_page(renderer, base, path, template, data, context)

    for pager, items in paginate(articles, urls.HOME):
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
        for pager, items in paginate(listed, urls.topic_path(topic.key)):
            yield page(
                pager.path,
                "topic.html",
                (topic, pager, shown("card", items), len(listed)),
                functools.partial(
                    dict, topic=topic, articles=items, pager=pager, total=len(listed)
                ),
            )
    yield page(urls.SEARCH, "search.html", (), dict)
    yield Output(
        urls.output_file(urls.NOT_FOUND),
        digest(base, "404.html"),
        functools.partial(_not_found, renderer),
    )


def _not_found(renderer: Renderer) -> bytes:
    """The 404 page, with its style and icon inside it.

    A host serves it at the address of whatever was missing, at any depth, where no
    relative link reaches the site's files; absolute ones fail from disk and in the
    preview. So its style is inline, allowed by its hash in the page's own policy, and its
    icon is a data: address.
    """
    css = renderer.theme_file("static/style.css")
    icon = renderer.theme_file("static/icon.svg")
    hashed = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    csp = renderer.csp.replace("style-src 'self'", f"style-src 'sha256-{hashed}'").replace(
        "img-src 'self'", "img-src 'self' data:"
    )
    return renderer.page(
        "404.html",
        urls.NOT_FOUND,
        absolute=True,
        csp=SafeHTML(csp),
        inline_style=SafeHTML(css),
        inline_icon="data:image/svg+xml;base64," + base64.b64encode(icon.encode()).decode(),
    )
