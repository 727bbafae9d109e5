"""Files -> front-matter + schema -> Article, Page, Source (frozen values).

Loading is independent of the date: checks that need "today" live in check.py. The body is
not kept in memory; `read_body` re-reads it when the page is rendered (see DESIGN §3).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from sitegen.cache import compact
from sitegen.config import SiteConfig, unknown_topic_message
from sitegen.errors import Problem, display_path, error
from sitegen.files import read_text
from sitegen.schema import SLUG_RE, Checker, Record, as_date, slugify, suggest
from sitegen.yamlfile import Parsed, parse_yaml

EVIDENCE = ("high", "moderate", "low", "very-low")
SEVERITY = ("mild", "moderate", "serious")
VERDICTS = ("supported", "limited", "unsupported", "contradicted")
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

T = TypeVar("T")

_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_DOI = re.compile(r"10\.\d{4,9}/\S+")


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
    path: str = "content/bibliography.yaml"  # as messages name it
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
    severity: str
    certainty: str
    summary: str
    sources: tuple[str, ...]

    @property
    def key(self) -> str:
        """Group key shared by risks of the same name across articles."""
        return slugify(self.name)

    @property
    def anchor(self) -> str:
        return f"risk-{self.key}"


@compact
@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    claim: str
    verdict: str
    certainty: str | None
    sources: tuple[str, ...]
    note: str


@compact
@dataclass(frozen=True, slots=True)
class Change:
    date: dt.date
    summary: str


@compact
@dataclass(frozen=True, slots=True)
class SourceFile:
    """Where a page's text lives, and what it held when it was loaded."""

    path: str
    source: Path
    digest: str
    body_line: int
    # Where keys stood, as "title=2;claims.1.certainty=19;...": one string rather than a
    # tuple of pairs, because a large site's cache holds one per page and loads them all.
    lines: str

    def line(self, key: str) -> int:
        """Return the line of a key like "claims.1.note", or of the nearest key above it."""
        while True:
            at = self.lines.find(f";{key}=")
            if at >= 0:
                end = self.lines.find(";", at + 1)
                return int(self.lines[at + len(key) + 2 : end])
            if "." not in key:
                return 1
            key = key.rsplit(".", 1)[0]

    def has(self, key: str) -> bool:
        return f";{key}=" in self.lines


@compact
@dataclass(frozen=True, slots=True)
class Article:
    file: SourceFile
    slug: str
    title: str
    summary: str
    topic: str
    evidence: str
    authors: tuple[Author, ...]
    reviewed_by: tuple[Reviewer, ...]
    created: dt.date
    last_reviewed: dt.date
    next_review_due: dt.date
    risks: tuple[Risk, ...]
    claims: tuple[Claim, ...]
    sources: tuple[Source, ...]
    changes: tuple[Change, ...]
    aliases: tuple[str, ...]
    draft: bool

    @property
    def url(self) -> str:
        return f"articles/{self.slug}/"


@compact
@dataclass(frozen=True, slots=True)
class Page:
    file: SourceFile
    slug: str
    title: str
    summary: str
    last_reviewed: dt.date
    changes: tuple[Change, ...]
    aliases: tuple[str, ...]
    draft: bool

    @property
    def url(self) -> str:
        return f"{self.slug}/"


@compact
@dataclass(frozen=True, slots=True)
class Dated:
    """A date a page declares, where it stands, and how messages name it."""

    path: str
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


# --- front-matter ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Split:
    front: str
    body: str
    body_line: int


def split_front_matter(text: str, path: str) -> tuple[Split | None, Problem | None]:
    """Separate the YAML front-matter (between '---' lines) from the Markdown body."""
    if not text.strip():
        return None, error(
            path, 1, "file is empty; it must start with front-matter between two '---' lines"
        )
    first, _, rest = text.partition("\n")
    if first.rstrip() != "---":
        return None, error(path, 1, "file must start with a '---' line opening the front-matter")
    end = _CLOSING.search(rest)
    if end is None:
        return None, error(
            path,
            1,
            "front-matter has no closing '---' line; add one on its own "
            "line after the last key, before the Markdown text",
        )
    front = rest[: end.start()]
    body_start = rest.find("\n", end.end())
    body = "" if body_start < 0 else rest[body_start + 1 :]
    body_line = 2 + front.count("\n") + 1
    return Split(front, body, body_line), None


def read_body(file: SourceFile, root: Path) -> tuple[str | None, Problem | None]:
    """Re-read a page's Markdown body, refusing it if the file changed since it was loaded."""
    text, problem = read_text(file.source, root)
    if text is None:
        return None, problem
    if _digest(text) != file.digest:
        return None, error(file.path, 1, "file changed while the site was being built; build again")
    split, problem = split_front_matter(text, file.path)
    return (split.body if split else None), problem


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _load_front(
    path: Path, root: Path, keys: tuple[str, ...]
) -> tuple[Record | None, SourceFile | None, list[Problem]]:
    """Read a page file and return its front-matter as a checked mapping, and where it lives."""
    shown = display_path(path)
    text, problem = read_text(path, root)
    if text is None:
        return None, None, [problem] if problem else []
    split, problem = split_front_matter(text, shown)
    if split is None:
        return None, None, [problem] if problem else []
    parsed, problems = parse_yaml(split.front, shown, first_line=2)
    if parsed is None or (problems and not isinstance(parsed.value, dict)):
        return None, None, problems
    if parsed.value is None:
        return (
            None,
            None,
            [
                error(
                    shown,
                    1,
                    "front-matter is empty; see the editor's guide for the keys a page needs",
                )
            ],
        )
    # YAML's own problems (a repeated key, an impossible date) do not stop the schema
    # checks: the editor sees every problem of the file in one run.
    checker = Checker(shown, parsed, problems)
    record = checker.record((), parsed.value, keys, "front-matter")
    kept = "".join(f"{'.'.join(map(str, k))}={v};" for k, v in parsed.lines.items() if _kept(k))
    lines = ";" + kept
    file = SourceFile(shown, path, _digest(text), split.body_line, lines)
    return record, file, checker.problems


def _kept(keypath: tuple[str | int, ...]) -> bool:
    """Say whether later checks need this key's line: top-level keys, each listed source, and
    the risk and claim texts they lint. A site holds thousands of these, so only these."""
    if len(keypath) == 1:
        return True
    if len(keypath) == 2:
        return keypath[0] == "sources"
    return len(keypath) == 3 and keypath[2] in ("name", "claim", "summary", "note", "certainty")


def _file_slug(record: Record, path: Path) -> str:
    """Take the slug from front-matter or the file name, suggesting a fix when it is invalid."""
    if record.has("slug"):
        return record.slug("slug") or ""
    stem = path.stem
    if not SLUG_RE.fullmatch(stem):
        record.fail(
            "",
            f"file name '{path.name}' is not a valid slug (lowercase letters, digits "
            f"and hyphens); rename it to '{slugify(stem) or 'page'}.md' or set 'slug:'",
        )
        return ""
    return stem


# --- bibliography ---------------------------------------------------------------------------


def load_bibliography(path: Path, root: Path) -> tuple[Bibliography, list[Problem]]:
    """Read bibliography.yaml: a list of sources shared by all pages."""
    shown = display_path(path)
    if not path.exists() and not path.is_symlink():
        return Bibliography((), {}, shown, exists=False), []
    unreadable = Bibliography((), {}, shown, readable=False)
    text, problem = read_text(path, root)
    if text is None:
        return unreadable, [problem] if problem else []
    parsed, problems = parse_yaml(text, shown)
    if parsed is None:
        return unreadable, problems
    checker = Checker(shown, parsed, problems)
    if parsed.value is None:
        return Bibliography((), {}, shown), checker.problems
    if not isinstance(parsed.value, list):
        checker.fail((), "bibliography.yaml must be a list of sources, each starting with '- id:'")
        return unreadable, checker.problems
    by_id: dict[str, Source] = {}
    broken: set[str] = set()
    for i, item in enumerate(parsed.value):
        before = len(checker.problems)
        entry = _source(checker.record((i,), item, SOURCE_KEYS, "a source"))
        if checker.failed_since(before) or _faulty(parsed, (i,)):
            raw_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(raw_id, str):
                broken.add(raw_id.strip())
        elif entry.id in by_id:
            checker.fail((i,), f"duplicate source id '{entry.id}'")
        else:
            by_id[entry.id] = entry
    broken -= by_id.keys()
    return Bibliography(tuple(by_id.values()), by_id, shown, broken=frozenset(broken)), (
        checker.problems
    )


def _faulty(parsed: Parsed, keypath: tuple[str | int, ...]) -> bool:
    """Say whether YAML failed anywhere inside the value at `keypath`."""
    n = len(keypath)
    return any(fault[:n] == keypath for fault in parsed.faults)


def _source(r: Record) -> Source:
    year = r.data.get("year")
    if year is not None and (
        isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999
    ):
        r.fail("year", f"'year' must be a four-digit year, or left out for 'n.d.' (got {year!r})")
    doi = r.text("doi", required=False)
    if doi is not None and not _DOI.fullmatch(doi):
        r.fail("doi", f"'doi' must look like 10.1234/abc, without https://doi.org/ (got '{doi}')")
    return Source(
        id=r.slug("id") or "",
        title=r.required_text("title"),
        by=r.required_text("by"),
        year=year if isinstance(year, int) else None,
        url=r.url("url") or "",
        doi=doi,
        kind=r.text("kind", required=False),
        caveat=r.text("caveat", required=False),
    )


# --- articles and pages ---------------------------------------------------------------------


def load_article(
    path: Path, root: Path, config: SiteConfig, bibliography: Bibliography
) -> Loaded[Article]:
    """Read one article file and check it against the schema of DESIGN §4."""
    r, file, problems = _load_front(path, root, ARTICLE_KEYS)
    if r is None or file is None:
        return Loaded(None, problems, False)
    slug = _file_slug(r, path)
    topic = r.text("topic", quotable=lambda raw: raw in config.topic_keys)
    if topic is not None and topic not in config.topic_keys:
        r.fail("topic", unknown_topic_message(topic, config))
    sources, listed = _page_sources(r, bibliography)
    risks = r.items(
        "risks",
        lambda x: _risk(x, listed),
        ("name", "severity", "certainty", "summary", "sources"),
        1,
    )
    claims = r.items(
        "claims",
        lambda x: _claim(x, listed),
        ("id", "claim", "verdict", "certainty", "sources", "note"),
    )
    _unique(r, "claims", [c.id for c in claims], "claim id")
    _unique(r, "risks", [k.key for k in risks], "risk name")
    created = r.date("created")
    last_reviewed = r.date("last_reviewed")
    if created and last_reviewed and last_reviewed < created:
        r.fail(
            "last_reviewed", f"'last_reviewed' ({last_reviewed}) is before 'created' ({created})"
        )
    due = r.date("next_review_due", required=False)
    if due is None and last_reviewed is not None:
        due = add_months(last_reviewed, config.review_interval_months)
    article = Article(
        file=file,
        slug=slug,
        title=r.required_text("title"),
        summary=r.required_text("summary"),
        topic=topic or "",
        evidence=r.choice("evidence", EVIDENCE) or "",
        authors=r.items("authors", _author, ("name", "credentials", "affiliation"), 1),
        reviewed_by=r.items("reviewed_by", _reviewer, ("name", "role")),
        created=created or dt.date.min,
        last_reviewed=last_reviewed or dt.date.min,
        next_review_due=due or dt.date.min,
        risks=risks,
        claims=claims,
        sources=sources,
        changes=r.items("changes", _change, ("date", "summary")),
        aliases=_aliases(r),
        draft=r.boolean("draft", False),
    )
    return _loaded(article, r, ("created", "last_reviewed"))


def load_page(path: Path, root: Path) -> Loaded[Page]:
    """Read one site page (about, policies): title, summary, review date, body."""
    r, file, problems = _load_front(path, root, PAGE_KEYS)
    if r is None or file is None:
        return Loaded(None, problems, False)
    slug = _file_slug(r, path)
    if slug in RESERVED_ROOTS:
        r.fail(
            "slug" if r.has("slug") else "",
            f"page slug '{slug}' is reserved for the site's "
            f"own pages ({', '.join(RESERVED_ROOTS)}); choose another, such as '{slug}-page'",
        )
    page = Page(
        file=file,
        slug=slug,
        title=r.required_text("title"),
        summary=r.required_text("summary"),
        last_reviewed=r.date("last_reviewed") or dt.date.min,
        changes=r.items("changes", _change, ("date", "summary")),
        aliases=_aliases(r),
        draft=r.boolean("draft", False),
    )
    return _loaded(page, r, ("last_reviewed",))


def _loaded(value: T, r: Record, dated: tuple[str, ...]) -> Loaded[T]:
    problems = r.checker.problems
    usable = not problems and not r.checker.blocked
    return Loaded(
        value if usable else None, problems, r.data.get("draft") is True, _dates(r, dated)
    )


def _dates(r: Record, keys: tuple[str, ...]) -> tuple[Dated, ...]:
    """The real dates a page declares in `keys` and in 'changes', valid or not otherwise."""
    path, line = r.checker.path, r.checker.parsed.line
    found = [
        Dated(path, line((key,)), f"'{key}'", day)
        for key in keys
        if (day := as_date(r.data.get(key))) is not None
    ]
    changes = r.data.get("changes")
    for i, change in enumerate(changes if isinstance(changes, list) else ()):
        day = as_date(change.get("date")) if isinstance(change, dict) else None
        if day is not None:
            found.append(Dated(path, line(("changes", i, "date")), "'changes' date", day))
    return tuple(found)


def _page_sources(
    r: Record, bibliography: Bibliography
) -> tuple[tuple[Source, ...], frozenset[str] | None]:
    """Read 'sources'; return the sources, and every id it lists (None if it lists none).

    Risks and claims are checked against the ids listed, usable or not: an id with an error
    of its own is reported once, where it is listed, not again by each risk citing it.
    """
    value = r.data.get("sources")
    if r.faulty("sources"):
        return (), None
    if "sources" not in r.data:
        r.fail("sources", "missing required key 'sources'")
        return (), None
    if not isinstance(value, list) or not value:
        r.fail("sources", "'sources' must list at least one source id from bibliography.yaml")
        return (), None
    result: list[Source] = []
    listed: set[str] = set()
    for i, item in enumerate(value):
        keypath = ("sources", i)
        if isinstance(item, str):
            listed.add(item)
            source = bibliography.by_id.get(item)
            if source is None:
                if bibliography.explains(item):
                    r.checker.blocked = True
                else:
                    r.checker.fail(keypath, bibliography.unknown(item))
                continue
        else:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                listed.add(item["id"])
            before = len(r.checker.problems)
            record = r.checker.record(keypath, item, SOURCE_KEYS, "an inline source")
            inline = _source(record)
            if r.checker.failed_since(before):
                continue
            if inline.id in bibliography.by_id or inline.id in bibliography.broken:
                r.checker.fail(
                    keypath,
                    f"inline source id '{inline.id}' is already a bibliography "
                    f"id; cite it as '- {inline.id}' or choose another id",
                )
                continue
            source = inline
        if any(s.id == source.id for s in result):
            r.checker.fail(keypath, f"source '{source.id}' is listed twice")
            continue
        result.append(source)
    return tuple(result), frozenset(listed)


def _cited(r: Record, listed: frozenset[str] | None) -> tuple[str, ...]:
    ids = r.text_list("sources")
    for i, source_id in enumerate(ids):
        if listed is not None and source_id not in listed:
            r.checker.fail(
                (*r.keypath, "sources", i),
                f"source '{source_id}' is not in this page's 'sources'{suggest(source_id, listed)}",
            )
    return ids


def _risk(r: Record, listed: frozenset[str] | None) -> Risk | None:
    sources = _cited(r, listed)
    if "sources" not in r.data:
        r.fail("sources", "missing required key 'sources' in an entry of 'risks'")
    elif not sources and not r.faulty("sources"):
        r.fail("sources", "a risk needs at least one source")
    return Risk(
        r.required_text("name"),
        r.choice("severity", SEVERITY) or "",
        r.choice("certainty", EVIDENCE) or "",
        r.required_text("summary"),
        sources,
    )


def _claim(r: Record, listed: frozenset[str] | None) -> Claim | None:
    text = r.required_text("claim")
    verdict = r.choice("verdict", VERDICTS) or ""
    if "sources" not in r.data:
        r.fail(
            "sources",
            "missing required key 'sources' in an entry of 'claims' "
            "(use 'sources: []' only for an unsupported claim)",
        )
    sources = _cited(r, listed)
    if not sources and verdict and verdict != "unsupported" and not r.faulty("sources"):
        r.fail(
            "sources",
            f"a claim judged '{verdict}' must name its sources; only an "
            "'unsupported' claim may have none",
        )
    claim_id = r.slug("id", required=False) if r.has("id") else _claim_id(text)
    return Claim(
        claim_id or "",
        text,
        verdict,
        r.choice("certainty", EVIDENCE, required=False),
        sources,
        r.required_text("note"),
    )


def _claim_id(text: str) -> str:
    words = slugify(text).split("-")
    return "-".join(words[:8]) or "claim"


def _author(r: Record) -> Author:
    return Author(
        r.required_text("name"),
        r.text("credentials", required=False),
        r.text("affiliation", required=False),
    )


def _reviewer(r: Record) -> Reviewer:
    return Reviewer(r.required_text("name"), r.required_text("role"))


def _change(r: Record) -> Change:
    return Change(r.date("date") or dt.date.min, r.required_text("summary"))


def _aliases(r: Record) -> tuple[str, ...]:
    result = []
    for i, alias in enumerate(r.text_list("aliases")):
        parts = [p for p in alias.strip("/").split("/") if p]
        if not parts or not all(SLUG_RE.fullmatch(p) for p in parts):
            r.checker.fail(
                (*r.keypath, "aliases", i),
                f"alias '{alias}' must be a site path such as /old-name/ made of "
                "lowercase letters, digits and hyphens",
            )
            continue
        result.append("/".join(parts) + "/")
    return tuple(result)


def _unique(r: Record, key: str, values: list[str], what: str) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            r.checker.fail((*r.keypath, key, i), f"{what} '{value}' is used twice on this page")
        seen.add(value)


def add_months(day: dt.date, months: int) -> dt.date:
    """Add calendar months, keeping the day where the month allows (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
