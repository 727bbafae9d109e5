"""Redirect pages, and the files made for machines: Atom feed, sitemap, robots.txt, search index."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Iterator, Mapping

from sitegen.model import urls
from sitegen.model.content import Article
from sitegen.model.keys import digest
from sitegen.model.paths import SitePath
from sitegen.model.site import Site
from sitegen.render.environment import Renderer
from sitegen.render.lists import Output, by_title


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


def search_output(site: Site, headings: Mapping[SitePath, tuple[str, ...]], base: str) -> Output:
    """The search index, which holds every document's headings (known once it rendered)."""
    script = search_index(site, by_title(site.articles), headings, site.config.pretty_urls)
    data = script.encode()
    return Output(urls.output_file(urls.SEARCH_INDEX), digest(base, data), lambda: data)


def search_index(
    site: Site,
    ordered: tuple[Article, ...],
    headings: Mapping[SitePath, tuple[str, ...]],
    pretty: bool,
) -> str:
    """A classic script defining the search index, so search works from file:// too."""
    docs = []
    for article in ordered:
        docs.append(
            [
                urls.relative(urls.SEARCH, article.url, pretty),
                article.title,
                article.summary,
                site.config.topic(article.topic).title,
                " · ".join(r.name for r in article.risks),
                " · ".join(c.claim for c in article.claims),
                " · ".join(headings.get(article.url, ())),
            ]
        )
    for page in site.pages:
        docs.append(
            [
                urls.relative(urls.SEARCH, page.url, pretty),
                page.title,
                page.summary,
                "About this site",
                "",
                "",
                " · ".join(headings.get(page.url, ())),
            ]
        )
    data = json.dumps(docs, ensure_ascii=False, separators=(",", ":"))
    return f"window.SEARCH_INDEX = {data};\n"


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
