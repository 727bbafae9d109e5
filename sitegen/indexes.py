"""The site-wide pages made from all articles: home, topics, risks, claims, sources, search,
404, redirects, and the files for machines (sitemap, robots.txt, Atom feed).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sitegen.cache import Cache
from sitegen.model import urls
from sitegen.model.content import Article, Claim, Risk, Source
from sitegen.model.keys import digest
from sitegen.model.site import Site
from sitegen.render import Fragments, Renderer

SEVERITY_ORDER = {"serious": 0, "moderate": 1, "mild": 2}
VERDICT_ORDER = ("contradicted", "unsupported", "limited", "supported")


@dataclass(frozen=True, slots=True)
class Pager:
    """One page of a paginated list, and where its neighbours are."""

    number: int
    paths: tuple[str, ...]  # site path of every page in the list

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def path(self) -> str:
        return self.paths[self.number - 1]

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None


# Each row of the long index pages has a key that changes when anything the row shows
# does (the article's digest for that list, and the row's place in it), so its rendered
# HTML can be reused from the last build: see `Fragments`.


@dataclass(frozen=True, slots=True)
class RiskRow:
    risk: Risk
    article: Article
    says_more: bool  # the article describes the risk otherwise than the group's summary
    key: tuple[str, int, bool]


@dataclass(frozen=True, slots=True)
class RiskGroup:
    key: str
    name: str
    summary: str  # what the first (most severe) article says; rows repeat only a different one
    rows: tuple[RiskRow, ...]

    @property
    def worst(self) -> str:
        return min((r.risk.severity for r in self.rows), key=SEVERITY_ORDER.__getitem__)


@dataclass(frozen=True, slots=True)
class ClaimRow:
    claim: Claim
    article: Article
    anchor: str  # unique on the claims index
    key: tuple[str, str, str]

    @property
    def verdict(self) -> str:
        return self.claim.verdict


@dataclass(frozen=True, slots=True)
class Citing:
    article: Article
    source_id: str
    key: tuple[str, str]


@dataclass(frozen=True, slots=True)
class SourceEntry:
    source: Source
    cited_by: tuple[Citing, ...]
    inline_in: Article | None  # set for a source listed inline by one page


def _paginate(items: tuple[Article, ...], base: str) -> Iterator[tuple[Pager, tuple[Article, ...]]]:
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


def risk_groups(ordered: tuple[Article, ...], shown: Shown) -> tuple[RiskGroup, ...]:
    """Every risk of every article, grouped by name, most severe first.

    A group shows its first article's summary once; a row shows its own summary only when
    it differs, so a risk that five articles describe alike is described once.
    """
    found: dict[str, list[tuple[Risk, Article, tuple[str, int]]]] = {}
    for article in ordered:
        of = shown.of[article.url][_KINDS["risks"]]
        for n, risk in enumerate(article.risks):
            found.setdefault(risk.key, []).append((risk, article, (of, n)))
    result = []
    for key, items in found.items():
        items.sort(key=lambda i: (SEVERITY_ORDER[i[0].severity], i[1].title.casefold()))
        summary = items[0][0].summary
        rows = []
        for risk, article, (of, n) in items:
            differs = risk.summary != summary
            rows.append(RiskRow(risk, article, differs, (of, n, differs)))
        result.append(RiskGroup(key, items[0][0].name, summary, tuple(rows)))
    result.sort(key=lambda g: (SEVERITY_ORDER[g.worst], -len(g.rows), g.name.casefold()))
    return tuple(result)


def claim_rows(ordered: tuple[Article, ...], shown: Shown) -> dict[str, tuple[ClaimRow, ...]]:
    """Every checked claim, by verdict (worst first); each with an anchor unique on the index."""
    seen: set[str] = set()
    grouped: dict[str, list[ClaimRow]] = {v: [] for v in VERDICT_ORDER}
    for article in ordered:
        of = shown.of[article.url][_KINDS["claims"]]
        for claim in article.claims:
            anchor = claim.id if claim.id not in seen else f"{article.slug}--{claim.id}"
            seen.add(anchor)
            grouped[claim.verdict].append(ClaimRow(claim, article, anchor, (of, claim.id, anchor)))
    return {verdict: tuple(rows) for verdict, rows in grouped.items()}


def source_entries(
    site: Site, ordered: tuple[Article, ...], shown: Shown
) -> tuple[SourceEntry, ...]:
    """The bibliography, then sources listed inline by one page, each with who cites it."""
    citing: dict[str, list[Citing]] = {}
    inline: list[SourceEntry] = []
    for article in ordered:
        of = shown.of[article.url][_KINDS["sources"]]
        for source in article.sources:
            by = Citing(article, source.id, (of, source.id))
            if source.id in site.bibliography.by_id:
                citing.setdefault(source.id, []).append(by)
            else:
                inline.append(SourceEntry(source, (by,), article))
    shared = [SourceEntry(s, tuple(citing.get(s.id, ())), None) for s in site.bibliography.entries]
    shared.sort(key=lambda e: e.source.by.casefold())
    return (*shared, *inline)


def search_index(
    site: Site, ordered: tuple[Article, ...], headings: Mapping[str, tuple[str, ...]], pretty: bool
) -> str:
    """A classic script defining the search index, so search works from file:// too."""
    docs = []
    for article in ordered:
        docs.append(
            [
                urls.relative("search/", article.url, pretty),
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
                urls.relative("search/", page.url, pretty),
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


@dataclass(frozen=True, slots=True)
class Output:
    """One site-wide file: its path, the key of the data it shows, and how to render it.

    `make` is called only when the previous build has no file made from the same key.
    """

    rel: str
    key: str
    make: Callable[[], bytes]


# What each kind of list shows of an article: a list changes only when these do.
_SHOWN: tuple[tuple[str, Callable[[Article], object]], ...] = (
    ("card", lambda a: (a.url, a.title, a.summary, a.evidence, a.topic, a.last_reviewed, a.draft)),
    ("risks", lambda a: (a.url, a.title, a.risks)),
    ("claims", lambda a: (a.url, a.title, a.slug, a.claims)),
    ("sources", lambda a: (a.url, a.title, a.slug, a.sources)),
)
_KINDS = {kind: i for i, (kind, _) in enumerate(_SHOWN)}

Memo = dict[tuple[str, str, str], tuple[str, ...]]


class Shown:
    """Digests of what lists show of each article, remembered across builds by the cache.

    An article's data is fixed by its file and what loading depended on (the site's key),
    so its digests are worked out once per version of the file, not once per build.
    """

    def __init__(self, site: Site, memo: Memo) -> None:
        self.used: Memo = {}
        self.of: dict[str, tuple[str, ...]] = {}
        for article in site.articles:
            key = (site.key, article.file.path, article.file.digest)
            found = memo.get(key)
            if found is None:
                found = tuple(digest(site.key, part(article)) for _, part in _SHOWN)
            self.used[key] = self.of[article.url] = found

    def __call__(self, kind: str, articles: Iterable[Article]) -> list[str]:
        index = _KINDS[kind]
        return [self.of[a.url][index] for a in articles]


def site_outputs(
    renderer: Renderer, site: Site, base: str, shown: Shown, cache: Cache
) -> Iterator[Output]:
    """Every site-wide file but the search index; `base` digests the templates and settings.

    None of them needs a rendered document, so they can be made while documents render.

    The data a page lists is gathered only if the page has to be rendered; the rows of the
    long lists (risks, claims, sources) come from the cache where their keys are unchanged.
    """
    config = site.config
    articles = by_title(site.articles)
    topics = by_topic(articles)
    counts = [(t, len(topics.get(t.key, ()))) for t in config.topics]

    def page(
        rel: str, template: str, path: str, data: object, context: Callable[[], dict[str, Any]]
    ) -> Output:
        return Output(
            rel, digest(base, rel, data), lambda: renderer.page(template, path, **context())
        )

    def listing(rel: str, template: str, data: object, context: Callable[[], Any]) -> Output:
        def make() -> bytes:
            rows = Fragments(cache.fragments(rel, base))
            html = renderer.page(template, rel.removesuffix("index.html"), cached=rows, **context())
            cache.keep_fragments(rel, base, rows.used)
            return html

        return Output(rel, digest(base, rel, data), make)

    for pager, items in _paginate(articles, ""):
        yield page(
            urls.output_file(pager.path),
            "index.html",
            pager.path,
            (pager, shown("card", items), counts, len(articles)),
            functools.partial(
                dict, articles=items, pager=pager, total=len(articles), topics=counts
            ),
        )
    yield page("topics/index.html", "topics.html", "topics/", counts, lambda: {"topics": counts})
    for topic in config.topics:
        listed = topics.get(topic.key, ())
        for pager, items in _paginate(listed, f"topics/{topic.key}/"):
            yield page(
                urls.output_file(pager.path),
                "topic.html",
                pager.path,
                (topic, pager, shown("card", items), len(listed)),
                functools.partial(
                    dict, topic=topic, articles=items, pager=pager, total=len(listed)
                ),
            )
    yield listing(
        "risks/index.html",
        "risks.html",
        shown("risks", articles),
        lambda: {"groups": risk_groups(articles, shown)},
    )

    def claims() -> dict[str, Any]:
        rows = claim_rows(articles, shown)
        return {"claims": rows, "total": sum(len(r) for r in rows.values())}

    yield listing("claims/index.html", "claims.html", shown("claims", articles), claims)
    yield listing(
        "sources/index.html",
        "sources.html",
        (site.bibliography.entries, shown("sources", articles)),
        lambda: {"entries": source_entries(site, articles, shown)},
    )
    yield page("search/index.html", "search.html", "search/", (), dict)
    yield Output(
        "404.html",
        digest(base, "404.html"),
        lambda: renderer.page("404.html", "404.html", absolute=True),
    )
    for doc in site.documents():
        for alias in doc.aliases:
            yield page(
                urls.output_file(alias),
                "redirect.html",
                alias,
                (doc.url, doc.title),
                functools.partial(dict, target=doc, canonical_path=doc.url),
            )
    absolute = functools.partial(urls.absolute, config.base_url)
    updated = newest_review(site)
    latest = _feed_order(site)
    yield Output(
        "feed.xml",
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
    entries = _sitemap(site, updated)
    yield Output(
        "sitemap.xml",
        digest(base, "sitemap", entries),
        lambda: renderer.text("sitemap.xml", entries=entries, absolute=absolute),
    )
    robots = renderer.text("robots.txt", sitemap=absolute("sitemap.xml"))
    yield Output("robots.txt", digest(base, robots), lambda: robots)


def search_output(site: Site, headings: Mapping[str, tuple[str, ...]], base: str) -> Output:
    """The search index, which holds every document's headings (known once it rendered)."""
    script = search_index(site, by_title(site.articles), headings, site.config.pretty_urls)
    data = script.encode()
    return Output("search/search-index.js", digest(base, data), lambda: data)


def _feed_order(site: Site) -> tuple[Article, ...]:
    return tuple(sorted(site.articles, key=lambda a: (a.last_reviewed, a.slug), reverse=True))[:50]


def _sitemap(site: Site, updated: dt.date) -> list[tuple[str, dt.date]]:
    entries = [
        (path, updated) for path in site.generated_paths() if path.endswith("/") or path == ""
    ]
    entries += [(a.url, a.last_reviewed) for a in site.articles]
    entries += [(p.url, p.last_reviewed) for p in site.pages]
    return sorted(entries)
