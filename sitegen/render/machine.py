"""Redirect pages, and the files made for machines: Atom feed, sitemap, robots.txt, search index."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator

from sitegen.model import urls
from sitegen.model.content import Article
from sitegen.model.keys import digest
from sitegen.model.paths import SitePath
from sitegen.model.site import Site
from sitegen.render.environment import Renderer
from sitegen.render.lists import Output


def machine_outputs(
    renderer: Renderer, site: Site, base: str, lists: Iterable[SitePath] = ()
) -> Iterator[Output]:
    """Redirect pages for old addresses, and the files for machines: feed, sitemap, robots."""
    config = site.config

    for doc in site.documents():
        for alias in doc.aliases:
            rel = urls.output_file(alias)
            redirect = functools.partial(
                renderer.page, "redirect.html", alias, target=doc, canonical_path=doc.url
            )
            yield Output(rel, digest(base, rel, (doc.url, doc.title)), redirect)
    absolute = functools.partial(urls.absolute, config.base_url)
    updated = newest_review(site)
    latest = _feed_order(site)
    yield Output(
        urls.output_file(urls.FEED),
        digest(
            base,
            "feed",
            updated,
            [
                (a.url, a.title, a.summary, a.created, a.last_reviewed, a.authors, a.topic)
                for a in latest
            ],
        ),
        lambda: renderer.text("feed.xml", articles=latest, updated=updated, absolute=absolute),
    )
    entries = _sitemap(site, updated, lists)
    yield Output(
        urls.output_file(urls.SITEMAP),
        digest(base, "sitemap", entries),
        lambda: renderer.text("sitemap.xml", entries=entries, absolute=absolute),
    )
    robots = renderer.text("robots.txt", sitemap=absolute(urls.SITEMAP))
    yield Output(urls.output_file(urls.ROBOTS), digest(base, robots), lambda: robots)


def newest_review(site: Site) -> dt.date:
    dates = [a.last_reviewed for a in site.articles] + [p.last_reviewed for p in site.pages]
    return max(dates, default=dt.date(2000, 1, 1))


def _feed_order(site: Site) -> tuple[Article, ...]:
    return tuple(sorted(site.articles, key=lambda a: (a.last_reviewed, a.slug), reverse=True))[:50]


def _sitemap(site: Site, updated: dt.date, lists: Iterable[SitePath]) -> list[tuple[str, dt.date]]:
    pages = dict.fromkeys([*site.generated_paths(), *lists])
    entries = [(path, updated) for path in pages if path.endswith("/") or path == ""]
    entries += [(a.url, a.last_reviewed) for a in site.articles]
    entries += [(p.url, p.last_reviewed) for p in site.pages]
    return sorted(entries)
