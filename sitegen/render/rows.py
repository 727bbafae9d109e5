"""The rows of the long list pages (risks, claims, sources), and what lists show of articles.

Each row has a key that changes when anything the row shows does (the article's digest for
that list, and the row's place in it), so its rendered HTML can be reused from the last
build: see render/fragments.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sitegen.model import urls
from sitegen.model.config import RiskKind
from sitegen.model.content import Article, Claim, Page, Risk, Source
from sitegen.model.keys import digest
from sitegen.model.paths import SitePath
from sitegen.model.site import Site

SEVERITY_ORDER = {"serious": 0, "moderate": 1, "mild": 2}


VERDICT_ORDER = ("contradicted", "unsupported", "limited", "supported")


@dataclass(frozen=True, slots=True)
class RiskRow:
    risk: Risk
    article: Article
    says_more: bool  # the article describes the risk otherwise than the group's summary
    key: tuple[str, int, bool, bool]
    named: bool = False  # the row names its risk: in a kind's group, names differ


@dataclass(frozen=True, slots=True)
class RiskGroup:
    key: str
    name: str
    summary: str  # what the first (most severe) article says; rows repeat only a different one
    rows: tuple[RiskRow, ...]
    kind: bool = False  # a group of one of the site's risk kinds, not of one risk's name

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


_Item = tuple[Risk, Article, tuple[str, int]]


def risk_groups(
    ordered: tuple[Article, ...], shown: Shown, kinds: tuple[RiskKind, ...] = ()
) -> tuple[RiskGroup, ...]:
    """Every risk of every article: one group for each of the site's risk kinds, in the order
    site.yaml declares them, then the risks of no kind grouped by name, most severe first.

    A group shows a summary once (the kind's description, or the first article's summary);
    a row shows its own summary only when it differs, so a risk that five articles describe
    alike is described once.
    """
    of_kind: dict[str, list[_Item]] = {k.key: [] for k in kinds}
    by_name: dict[str, list[_Item]] = {}
    for article in ordered:
        of = shown.of[article.url][_KINDS["risks"]]
        for n, risk in enumerate(article.risks):
            group = of_kind.get(risk.kind or "")
            (group if group is not None else by_name.setdefault(risk.key, [])).append(
                (risk, article, (of, n))
            )
    kinded = [
        _group(k.key, k.name, k.description, of_kind[k.key], True) for k in kinds if of_kind[k.key]
    ]
    named = []
    for items in by_name.values():
        items.sort(key=_severity)
        first = items[0][0]
        named.append(_group(first.group(of_kind), first.name, first.summary, items, False))
    named.sort(key=lambda g: (SEVERITY_ORDER[g.worst], -len(g.rows), g.name.casefold()))
    return (*kinded, *named)


def _severity(item: _Item) -> tuple[int, str]:
    return SEVERITY_ORDER[item[0].severity], item[1].title.casefold()


def _group(key: str, name: str, summary: str, items: list[_Item], kind: bool) -> RiskGroup:
    rows = []
    for risk, article, (of, n) in sorted(items, key=_severity):
        differs = risk.summary != summary
        named = kind and risk.name != name
        rows.append(RiskRow(risk, article, differs, (of, n, differs, named), named))
    return RiskGroup(key, name, summary, tuple(rows), kind)


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


def page_anchors(site: Site, today: dt.date) -> dict[SitePath, frozenset[str]]:
    """The anchors the templates give the articles, site pages, home and topic pages.

    An article or site page has those of its template's own parts (an overdue article's
    notice, too); those of its body are the render stage's. The long lists' are worked out
    beside them (render/longlists.py). The verify stage checks links to anchors against these.
    """
    every = urls.EVERY_PAGE_IDS | {urls.TOP}
    found: dict[SitePath, frozenset[str]] = {
        path: every for path in site.generated_paths() if _listing(path)
    }
    for article in site.articles:
        overdue = {"review"} if article.next_review_due < today else set()
        found[article.url] = every | {"risks", "references"} | _parts(article) | overdue
    for page in site.pages:
        found[page.url] = every | _parts(page)
    return found


def _parts(doc: Article | Page) -> set[str]:
    """The sections a document's template shows only when it has something to put in them."""
    parts = {"changes"} if doc.changes else set()
    if isinstance(doc, Article) and doc.claims:
        parts.add("claims")
    return parts


def _listing(path: SitePath) -> bool:
    """Say whether a generated page is one of the lists of articles (home, topics)."""
    return path == urls.HOME or path.startswith((urls.TOPICS, "page/"))


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
