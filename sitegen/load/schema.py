"""The keys each kind of content file may hold."""

from __future__ import annotations

SOURCE_KEYS = ("id", "title", "by", "year", "url", "doi", "kind", "caveat")


ARTICLE_KEYS = (
    "title",
    "summary",
    "topic",
    "evidence",
    "authors",
    "reviewed_by",
    "created",
    "last_reviewed",
    "next_review_due",
    "risks",
    "claims",
    "sources",
    "changes",
    "aliases",
    "slug",
    "draft",
)


PAGE_KEYS = ("title", "summary", "last_reviewed", "changes", "aliases", "slug", "draft")

SITE_KEYS = (
    "title",
    "base_url",
    "language",
    "publisher",
    "notice",
    "helplines",
    "disclosure",
    "review_interval_months",
    "pretty_urls",
    "topics",
    "lint",
)
