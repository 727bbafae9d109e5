"""Checks across the whole site: duplicates, dates against today, collisions, link anchors.

Schema checks of single files happen while loading (content.py); checks of prose happen
in lint.py. These need several files at once, or today's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from sitegen.content import Article
from sitegen.errors import Problem, error, note
from sitegen.markup import TEMPLATE_IDS, Link
from sitegen.site import Site

# Paths the generator itself writes at the root of the site.
GENERATED_ROOTS = (
    "articles",
    "topics",
    "risks",
    "claims",
    "sources",
    "search",
    "page",
    "static",
    "media",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "feed.xml",
    "index.html",
)


def check_site(site: Site, today: dt.date) -> list[Problem]:
    """Run every check that needs more than one file, or today's date."""
    problems: list[Problem] = []
    problems += _duplicates(site.articles)
    problems += _paths(site)
    for article in site.articles:
        problems += _dates(article, today)
        problems += _claim_ids(article)
    for page in site.pages:
        problems += _future(
            page.file.path,
            page.file.line("last_reviewed"),
            "last_reviewed",
            page.last_reviewed,
            today,
        )
        for change in page.changes:
            problems += _future(
                page.file.path, page.file.line("changes"), "a change's date", change.date, today
            )
    return problems


def _duplicates(articles: tuple[Article, ...]) -> list[Problem]:
    problems = []
    seen_slug: dict[str, Article] = {}
    seen_title: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.file.path):
        first = seen_slug.setdefault(article.slug, article)
        if first is not article:
            problems.append(
                error(
                    article.file.path,
                    article.file.line("slug"),
                    f"slug '{article.slug}' is already used by {first.file.path}",
                )
            )
        title = " ".join(article.title.lower().split())
        first = seen_title.setdefault(title, article)
        if first is not article:
            problems.append(
                error(
                    article.file.path,
                    article.file.line("title"),
                    f"title '{article.title}' is already used by {first.file.path}",
                )
            )
    return problems


def _paths(site: Site) -> list[Problem]:
    """Each output path must come from one place: a page, an article or an alias."""
    problems = []
    owner: dict[str, str] = {}
    for article in site.articles:
        owner.setdefault(article.url, article.file.path)
    for page in site.pages:
        first = owner.setdefault(page.url, page.file.path)
        if first != page.file.path:
            problems.append(
                error(
                    page.file.path,
                    page.file.line("slug"),
                    f"page path /{page.url} is already used by {first}",
                )
            )
    for doc in site.documents():
        for alias in doc.aliases:
            root = alias.split("/")[0]
            first = owner.setdefault(alias, doc.file.path)
            if root in GENERATED_ROOTS and root != "articles":
                problems.append(
                    error(
                        doc.file.path,
                        doc.file.line("aliases"),
                        f"alias /{alias} lies in /{root}/, which the site writes",
                    )
                )
            elif first != doc.file.path or alias == doc.url:
                problems.append(
                    error(
                        doc.file.path,
                        doc.file.line("aliases"),
                        f"alias /{alias} is already the path of {first}",
                    )
                )
    return problems


def _dates(article: Article, today: dt.date) -> list[Problem]:
    path, line = article.file.path, article.file.line
    problems = _future(path, line("created"), "created", article.created, today)
    problems += _future(path, line("last_reviewed"), "last_reviewed", article.last_reviewed, today)
    for change in article.changes:
        problems += _future(path, line("changes"), "a change's date", change.date, today)
    if article.next_review_due < today:
        where = (
            line("next_review_due")
            if article.file.has("next_review_due")
            else line("last_reviewed")
        )
        problems.append(note(path, where, f"review overdue since {article.next_review_due}"))
    return problems


def _future(path: str, line: int, what: str, day: dt.date, today: dt.date) -> list[Problem]:
    if day > today:
        return [error(path, line, f"'{what}' is in the future ({day}; today is {today})")]
    return []


def _claim_ids(article: Article) -> list[Problem]:
    taken = (
        TEMPLATE_IDS | {r.anchor for r in article.risks} | {f"ref-{s.id}" for s in article.sources}
    )
    return [
        error(
            article.file.path,
            article.file.line("claims"),
            f"claim id '{claim.id}' is used by the page itself; give the claim another id",
        )
        for claim in article.claims
        if claim.id in taken
    ]


def check_links(links: Iterable[Link], anchors: Mapping[str, frozenset[str]]) -> list[Problem]:
    """Check that every link to an anchor on another page finds it."""
    problems = []
    for link in links:
        known = anchors.get(link.target)
        if known is not None and link.anchor and link.anchor not in known:
            problems.append(
                error(
                    link.path,
                    link.line,
                    f"link to '#{link.anchor}' on /{link.target}: that page has no such anchor",
                )
            )
    return problems
