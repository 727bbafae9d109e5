"""The whole loaded content of a site as one frozen value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.model import urls
from sitegen.model.config import SiteConfig
from sitegen.model.content import Article, Bibliography, Block, Dated, Page
from sitegen.model.paths import ContentPath, SitePath


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the later stages need, checked against the schema."""

    root: Path
    config: SiteConfig
    bibliography: Bibliography
    articles: tuple[Article, ...]  # sorted by slug
    pages: tuple[Page, ...]  # sorted by slug
    media: tuple[ContentPath, ...]  # "media/chart.png", sorted
    skipped_drafts: tuple[ContentPath, ...]  # "articles/x.md" of drafts this build leaves out
    failed: tuple[ContentPath, ...]  # files that did not load; their problems say why
    dates: tuple[Dated, ...]  # every date the files declare, those that did not load too
    key: str  # digest of what every loaded document depends on besides its own file
    blocks: Mapping[str, Block] = field(default_factory=dict)  # by name; never changed
    broken_blocks: frozenset[str] = frozenset()  # blocks with errors of their own
    # Media files refused (their problems say why): links to them are not blamed as well.
    unfit_media: tuple[ContentPath, ...] = ()

    def documents(self) -> tuple[Article | Page, ...]:
        """Articles and pages together: everything written from a Markdown file."""
        return (*self.articles, *self.pages)

    def generated_paths(self) -> list[SitePath]:
        """Every site path the generator writes besides articles, pages and media."""
        return urls.generated_paths((a.topic for a in self.articles), self.config.topic_keys)
