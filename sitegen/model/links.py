"""Links between pages: what a link may point at, and what is checked once all pages exist."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sitegen.model.keys import compact
from sitegen.model.paths import ContentPath, DisplayPath, SitePath


@dataclass(frozen=True, slots=True)
class SiteMap:
    """What an internal link may point at: source files, media files and generated pages."""

    files: Mapping[ContentPath, SitePath]  # "articles/x.md" -> "articles/x/"
    media: frozenset[SitePath]  # "media/chart.png": a media file's site path is its content path
    generated: frozenset[SitePath]  # "claims/", "topics/pain/", ...
    pretty: bool
    drafts: frozenset[ContentPath] = frozenset()  # drafts left out of this build
    broken: frozenset[ContentPath] = frozenset()  # files that failed to load (errors say why)
    paths: frozenset[SitePath] = frozenset()  # every site path; filled in by __post_init__

    def __post_init__(self) -> None:
        every = frozenset(self.files.values()) | self.media | self.generated
        object.__setattr__(self, "paths", every)


@compact
@dataclass(frozen=True, slots=True)
class Target:
    """Where one link of a page led, to tell whether a cached page is still right."""

    resolved: str  # the content path ("articles/x.md", "media/a.png") or site path linked
    site_path: SitePath

    def holds(self, site: SiteMap) -> bool:
        if self.resolved in site.files:
            return site.files[ContentPath(self.resolved)] == self.site_path
        return self.site_path in site.paths


@compact
@dataclass(frozen=True, slots=True)
class Link:
    """An internal link whose anchor can only be checked once every page is converted."""

    path: DisplayPath
    line: int
    target: SitePath
    anchor: str
