"""What content files hold, once loaded and checked: sources, articles, pages."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Literal, TypeVar, get_args

from sitegen.model import urls
from sitegen.model.keys import compact
from sitegen.model.paths import DisplayPath, SitePath
from sitegen.model.problems import Problem
from sitegen.model.text import slugify, suggest

# GRADE's words for how certain the evidence is.
Evidence = Literal["high", "moderate", "low", "very-low"]
Severity = Literal["mild", "moderate", "serious"]
# What the evidence says of a claim made elsewhere (the README explains each).
Verdict = Literal["supported", "limited", "unsupported", "contradicted"]
# The two folders of Markdown documents.
DocKind = Literal["articles", "pages"]
EVIDENCE: tuple[Evidence, ...] = get_args(Evidence)
SEVERITY: tuple[Severity, ...] = get_args(Severity)
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)

T = TypeVar("T")
_BIBLIOGRAPHY = DisplayPath("content/bibliography.yaml")


@compact
@dataclass(frozen=True, slots=True)
class Source:
    """A work that pages cite: from bibliography.yaml, or inline in one page."""

    id: str
    title: str
    by: str
    year: int | None
    url: str
    doi: str | None
    kind: str | None
    caveat: str | None


@dataclass(frozen=True, slots=True)
class Bibliography:
    entries: tuple[Source, ...]
    by_id: Mapping[str, Source]  # a plain dict, so worker processes can receive it; never changed
    path: DisplayPath = _BIBLIOGRAPHY  # as messages name it
    exists: bool = True
    # Ids of entries left out because of their own errors, and whether the file could be
    # read at all: a page citing them is not usable, but the bibliography's errors say why.
    broken: frozenset[str] = frozenset()
    readable: bool = True

    def explains(self, source_id: str) -> bool:
        """Say whether the bibliography's own errors account for a missing id."""
        return source_id in self.broken or not self.readable

    def unknown(self, source_id: str) -> str:
        """Explain why an id cited by a page is not a source."""
        if not self.exists:
            return f"unknown source '{source_id}': {self.path} does not exist"
        return (
            f"unknown source '{source_id}': it is not in bibliography.yaml"
            f"{suggest(source_id, self.by_id)}"
        )


@compact
@dataclass(frozen=True, slots=True)
class Author:
    name: str
    credentials: str | None
    affiliation: str | None


@compact
@dataclass(frozen=True, slots=True)
class Reviewer:
    name: str
    role: str


@compact
@dataclass(frozen=True, slots=True)
class Risk:
    name: str
    severity: Severity
    certainty: Evidence
    summary: str
    sources: tuple[str, ...]
    kind: str | None = None  # a key of the site's risk kinds

    @property
    def key(self) -> str:
        """Group key shared by risks of the same name across articles."""
        return slugify(self.name)

    @property
    def anchor(self) -> str:
        return f"risk-{self.key}"

    def group(self, kinds: Collection[str]) -> str:
        """The anchor of the group that lists it on the risks page, given the site's kinds:
        its kind's, or for a risk of no kind its name's, which never takes a kind's."""
        if self.kind is not None and self.kind in kinds:
            return self.kind
        return f"{self.key}-risk" if self.key in kinds else self.key


@compact
@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    claim: str
    verdict: Verdict
    certainty: Evidence | None
    sources: tuple[str, ...]
    note: str


@compact
@dataclass(frozen=True, slots=True)
class Change:
    date: dt.date
    summary: str


@compact
@dataclass(frozen=True, slots=True)
class Include:
    """A `::block[name]` line of a body: the block it includes, and the file line."""

    name: str
    line: int


@compact
@dataclass(frozen=True, slots=True)
class SourceFile:
    """Where a page's text lives, and what it held when it was loaded."""

    path: DisplayPath
    source: Path
    digest: str
    body_line: int
    # Where keys stood, as "title=2;claims.1.certainty=19;...": one string rather than a
    # tuple of pairs, because a large site's cache holds one per page and loads them all.
    lines: str
    includes: tuple[Include, ...] = ()  # the shared blocks its body includes, in order

    def line(self, key: str) -> int:
        """Return the line of a key like "claims.1.note", or of the nearest key above it."""
        index = _line_index(self.lines)
        while True:
            found = index.get(key)
            if found is not None:
                return found
            if "." not in key:
                return 1
            key = key.rsplit(".", 1)[0]

    def has(self, key: str) -> bool:
        return key in _line_index(self.lines)


@functools.lru_cache(maxsize=8)
def _line_index(lines: str) -> dict[str, int]:
    """The key -> line table of a `SourceFile.lines`, made once per page rather than searched
    again for every key (a page may list tens of thousands of sources)."""
    index: dict[str, int] = {}
    for entry in lines.split(";"):
        key, _, line = entry.rpartition("=")
        if key and line.isdigit():
            index.setdefault(key, int(line))
    return index


@compact
@dataclass(frozen=True, slots=True)
class Article:
    file: SourceFile
    slug: str
    title: str
    summary: str
    topic: str
    evidence: Evidence
    authors: tuple[Author, ...]
    reviewed_by: tuple[Reviewer, ...]
    created: dt.date
    last_reviewed: dt.date
    next_review_due: dt.date
    risks: tuple[Risk, ...]
    claims: tuple[Claim, ...]
    sources: tuple[Source, ...]
    changes: tuple[Change, ...]
    aliases: tuple[SitePath, ...]
    draft: bool
    # Required kinds or blocks it leaves out, each with the reason readers are given.
    not_applicable: tuple[tuple[str, str], ...] = ()

    @property
    def url(self) -> SitePath:
        return urls.article_path(self.slug)


@compact
@dataclass(frozen=True, slots=True)
class Page:
    file: SourceFile
    slug: str
    title: str
    summary: str
    last_reviewed: dt.date
    changes: tuple[Change, ...]
    aliases: tuple[SitePath, ...]
    draft: bool

    @property
    def url(self) -> SitePath:
        return urls.page_path(self.slug)


@compact
@dataclass(frozen=True, slots=True)
class Dated:
    """A date a page declares, where it stands, and how messages name it."""

    path: DisplayPath
    line: int
    what: str  # "'created'", "'changes' date"
    day: dt.date


@compact
@dataclass(frozen=True, slots=True)
class Loaded(Generic[T]):
    """One file's result: its value if it was valid, its problems, and whether it is a draft.

    `draft` is read even from an invalid file, so that an unfinished draft does not fail a
    build that skips drafts; `dates` too, so that a date in the future is reported along
    with the file's other problems (that needs today's date, which loading does not know).
    """

    value: T | None
    problems: list[Problem]
    draft: bool
    dates: tuple[Dated, ...] = ()


@compact
@dataclass(frozen=True, slots=True)
class Block:
    """A shared block (content/blocks/<name>.md): Markdown that pages include in place."""

    name: str
    title: str
    sources: tuple[Source, ...]  # what it cites, added to an including page's references
    last_reviewed: dt.date
    file: SourceFile
    body: str  # kept in memory: blocks are few and short, and every worker needs them


# What loading one article or page file gave.
LoadedDoc = Loaded[Article] | Loaded[Page]
