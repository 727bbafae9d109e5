"""Checks across the whole site: duplicates, dates against today, collisions, ids, caveats.

Schema checks of single files happen while loading (load/); checks of each page's prose
happen as it renders (checks/editorial.py). These need several files at once, or today's
date, or are made once for the site: a bibliography caveat is shown by every page citing it.
"""

from __future__ import annotations

import datetime as dt

from sitegen.checks.coverage import check_coverage
from sitegen.checks.fields import lint_caveats
from sitegen.checks.findings import wording
from sitegen.checks.ids import check_ids
from sitegen.model.content import Article, Page
from sitegen.model.problems import Problem, error, note
from sitegen.model.site import Site
from sitegen.model.text import as_seen
from sitegen.model.urls import GENERATED_ROOTS


def check_site(site: Site, today: dt.date) -> list[Problem]:
    """Run every check that needs more than one file, or today's date."""
    problems: list[Problem] = []
    problems += _duplicates(site.articles)
    problems += _invisible(site.documents())
    problems += check_coverage(site)
    problems += _paths(site)
    problems += check_ids(site)
    problems += lint_caveats(site, wording(tuple(p.lower() for p in site.config.extra_phrases)))
    # Every file's dates, including files with other problems: all are reported in one run.
    problems += [
        error(d.path, d.line, f"{d.what} is in the future ({d.day}; today is {today})")
        for d in site.dates
        if d.day > today
    ]
    for article in site.articles:
        problems += _overdue(article, today)
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
        # Titles a reader cannot tell apart are the same title.
        title = " ".join(as_seen(article.title).lower().split())
        first = seen_title.setdefault(title, article)
        if first is not article and title:
            problems.append(
                error(
                    article.file.path,
                    article.file.line("title"),
                    f"title '{article.title}' is already used by {first.file.path}",
                )
            )
    return problems


def _invisible(documents: tuple[Article | Page, ...]) -> list[Problem]:
    """A title or summary of only invisible characters shows nothing: it is empty."""
    return [
        error(
            doc.file.path,
            doc.file.line(key),
            f"'{key}' is empty: it holds only characters a reader cannot see; give a value",
        )
        for doc in documents
        for key, text in (("title", doc.title), ("summary", doc.summary))
        if not as_seen(text).strip()
    ]


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
    aliased: dict[str, str] = {}  # alias -> the file that gave it first
    for doc in site.documents():
        path = doc.file.path
        for alias in doc.aliases:
            root = alias.split("/")[0]
            if root in GENERATED_ROOTS and root != "articles":
                message = f"alias /{alias} lies in /{root}/, which the site writes"
            elif alias == doc.url:
                message = f"alias /{alias} is this page's own path; remove it"
            elif alias in owner:
                message = f"alias /{alias} is already the path of {owner[alias]}"
            elif aliased.setdefault(alias, path) != path:
                message = f"alias /{alias} is already an alias of {aliased[alias]}"
            else:
                continue
            problems.append(error(path, doc.file.line("aliases"), message))
    return problems


def _overdue(article: Article, today: dt.date) -> list[Problem]:
    if article.next_review_due >= today:
        return []
    file = article.file
    where = file.line("next_review_due" if file.has("next_review_due") else "last_reviewed")
    return [note(file.path, where, f"review overdue since {article.next_review_due}")]
