"""The site's address space: every path the generator writes, and links between them.

A page is named by its site path: "" is the home page, "articles/x/" an article,
"static/style.css" a file. Folder paths end in "/"; by default links to them name the
file ("articles/x/index.html") so they resolve from file://; `pretty` drops "index.html".
Every internal link is relative, so the site works from disk and under any sub-path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sitegen.model.paths import OutputFile, SitePath

RESERVED_ROOTS = (
    "articles",
    "topics",
    "risks",
    "claims",
    "sources",
    "search",
    "page",
    "static",
    "media",
)

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

# Ids the templates give to elements of every page; a body must not take them.
TEMPLATE_IDS = frozenset(
    {
        "health-notice",
        "main",
        "top",
        "site-header",
        "site-footer",
        "risks",
        "claims",
        "references",
        "changes",
        "review",
        "build-errors",
        "search",
        "search-results",
        "page-title",
    }
)

# Ids the templates give every page, and the anchor the HTML standard gives every page
# ("#top" scrolls to its start, with or without such an id).
EVERY_PAGE_IDS = frozenset({"health-notice", "main", "site-header", "site-footer", "page-title"})
TOP = "top"

# Ids the list pages' templates give their own elements; the rows there are named by the
# ids of claims, risks and sources, which must not take these.
LIST_PAGE_IDS = frozenset(
    {
        "key",
        "jump-label",
        "verdict-contradicted",
        "verdict-unsupported",
        "verdict-limited",
        "verdict-supported",
    }
)

# Every id content may not give an element: a claim's, a risk group's, a source's, a kind's.
TAKEN_IDS = TEMPLATE_IDS | EVERY_PAGE_IDS | LIST_PAGE_IDS | {TOP}

PER_PAGE = 30


# The pages and files the generator writes at fixed paths.
HOME = SitePath("")
TOPICS = SitePath("topics/")
RISKS = SitePath("risks/")
CLAIMS = SitePath("claims/")
SOURCES = SitePath("sources/")
SEARCH = SitePath("search/")
SEARCH_META = SitePath("search/meta.js")
NOT_FOUND = SitePath("404.html")
FEED = SitePath("feed.xml")
SITEMAP = SitePath("sitemap.xml")
ROBOTS = SitePath("robots.txt")


def article_path(slug: str) -> SitePath:
    """The site path of an article."""
    return SitePath(f"articles/{slug}/")


def page_path(slug: str) -> SitePath:
    """The site path of a site page (about, policies)."""
    return SitePath(f"{slug}/")


def topic_path(key: str) -> SitePath:
    """The site path of a topic's list of articles."""
    return SitePath(f"{TOPICS}{key}/")


def group_path(list_path: SitePath, key: str) -> SitePath:
    """The site path of one group of a long list: risks/<kind>/, claims/<verdict>/, …"""
    return SitePath(f"{list_path}{key}/")


def static_path(rel: str) -> SitePath:
    """The site path of a file in the theme's static folder."""
    return SitePath(f"static/{rel}")


def paginated(base: SitePath, count: int, per_page: int = PER_PAGE) -> tuple[SitePath, ...]:
    """The site paths of a list of `count` items, `per_page` to a page: base, base/page/2/…"""
    pages = -(-count // per_page)
    return tuple(
        base if n == 1 else SitePath(f"{base}page/{n}/") for n in range(1, max(pages, 1) + 1)
    )


def generated_paths(article_topics: Iterable[str], topic_keys: Iterable[str]) -> list[SitePath]:
    """Every site path the generator writes besides articles, pages and media.

    `article_topics` holds the topic of each article, `topic_keys` every topic of the site.
    """
    counts = Counter(article_topics)
    paths = list(paginated(HOME, sum(counts.values())))
    paths += [TOPICS, RISKS, CLAIMS, SOURCES, SEARCH, NOT_FOUND, FEED, SITEMAP, ROBOTS]
    for key in topic_keys:
        paths += paginated(topic_path(key), counts[key])
    return paths


def output_file(site_path: SitePath) -> OutputFile:
    """Return the file a site path is written to, relative to the output folder."""
    if site_path == "" or site_path.endswith("/"):
        return OutputFile(site_path + "index.html")
    return OutputFile(site_path)


def relative(from_path: SitePath, to_path: SitePath, pretty: bool) -> str:
    """Link from the page at `from_path` to `to_path`, both site paths."""
    up = "../" * from_path.count("/")
    if to_path == "" or to_path.endswith("/"):
        if pretty:
            return (up + to_path) or "./"
        return up + to_path + "index.html"
    return up + to_path


def absolute(base_url: str, to_path: SitePath) -> str:
    """Return the clean absolute URL of a site path (for sitemap, feed, canonical, 404)."""
    return base_url + to_path
