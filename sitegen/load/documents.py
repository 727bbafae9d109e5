"""Article and page files -> Article, Page (frozen values), checked against the schema.

Loading is independent of the date: checks that need "today" run later (checks/site.py).
Where a value is missing or wrong, a placeholder stands in (a date of 1 January 1, the
least certain evidence): the file's problems are reported and its value is not used.
"""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path
from typing import TypeVar

from sitegen.load.bibliography import read_source
from sitegen.load.config import unknown_topic_message
from sitegen.load.frontmatter import file_slug, load_front, reserved_name_message
from sitegen.load.record import Record, as_date
from sitegen.load.schema import ARTICLE, MAX_REVIEW_MONTHS, PAGE, SOURCE
from sitegen.model.config import SiteConfig
from sitegen.model.content import (
    EVIDENCE,
    SEVERITY,
    VERDICTS,
    Article,
    Author,
    Bibliography,
    Change,
    Claim,
    Dated,
    Loaded,
    Page,
    Reviewer,
    Risk,
    Source,
)
from sitegen.model.paths import SitePath
from sitegen.model.text import SLUG_RE, slugify, suggest, windows_reserved
from sitegen.model.urls import RESERVED_ROOTS, TAKEN_IDS

T = TypeVar("T")


def load_article(
    path: Path, root: Path, config: SiteConfig, bibliography: Bibliography
) -> Loaded[Article]:
    """Read one article file and check it against the schema (docs/ARCHITECTURE.md)."""
    r, file, problems = load_front(path, root, ARTICLE)
    if r is None or file is None:
        return Loaded(None, problems, False)
    slug = file_slug(r, path)
    topic = r.text("topic", quotable=lambda raw: raw in config.topic_keys)
    if topic is not None and topic not in config.topic_keys:
        r.fail("topic", unknown_topic_message(topic, config))
    sources, listed = _page_sources(r, bibliography)
    risks = r.items("risks", lambda x: _risk(x, listed, config))
    claims = r.items("claims", lambda x: _claim(x, listed))
    _unique(r, "claims", [c.id for c in claims], "claim id")
    _unique(r, "risks", [k.key for k in risks], "risk name")
    created = r.date("created")
    last_reviewed = r.date("last_reviewed")
    if created and last_reviewed and last_reviewed < created:
        r.fail(
            "last_reviewed", f"'last_reviewed' ({last_reviewed}) is before 'created' ({created})"
        )
    due = r.date("next_review_due")
    if due is not None and last_reviewed is not None:
        latest = add_months(last_reviewed, MAX_REVIEW_MONTHS)
        if due > latest:
            r.fail(
                "next_review_due",
                f"'next_review_due' ({due}) is more than {MAX_REVIEW_MONTHS // 12} years after "
                f"'last_reviewed' ({last_reviewed}); review the page by {latest} at the latest",
            )
    if due is None and last_reviewed is not None:
        due = add_months(last_reviewed, config.review_interval_months)
    article = Article(
        file=file,
        slug=slug,
        title=r.required_text("title"),
        summary=r.required_text("summary"),
        topic=topic or "",
        evidence=r.choice("evidence", EVIDENCE) or "very-low",
        authors=r.items("authors", _author),
        reviewed_by=r.items("reviewed_by", _reviewer),
        created=created or dt.date.min,
        last_reviewed=last_reviewed or dt.date.min,
        next_review_due=due or dt.date.min,
        risks=risks,
        claims=claims,
        sources=sources,
        changes=r.items("changes", _change),
        aliases=_aliases(r),
        draft=r.boolean("draft", False),
        not_applicable=r.notes("not_applicable"),
    )
    return _loaded(article, r, ("created", "last_reviewed"))


def load_page(path: Path, root: Path) -> Loaded[Page]:
    """Read one site page (about, policies): title, summary, review date, body."""
    r, file, problems = load_front(path, root, PAGE)
    if r is None or file is None:
        return Loaded(None, problems, False)
    slug = file_slug(r, path)
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
        changes=r.items("changes", _change),
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
    taken: set[str] = set()  # ids of `result`: a page may list tens of thousands
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
            record = r.checker.record(keypath, item, SOURCE, "an inline source")
            inline = read_source(record)
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
        if source.id in taken:
            r.checker.fail(keypath, f"source '{source.id}' is listed twice")
            continue
        taken.add(source.id)
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


def _risk(r: Record, listed: frozenset[str] | None, config: SiteConfig) -> Risk | None:
    sources = _cited(r, listed)
    if "sources" in r.data and not sources and not r.faulty("sources"):
        r.fail("sources", "a risk needs at least one source")
    kind = r.slug("kind")
    known = [k.key for k in config.risk_kinds]
    if kind is not None and kind not in known:
        r.fail(
            "kind",
            f"unknown risk kind '{kind}'{suggest(kind, known)} "
            f"(site.yaml's risk_kinds: {', '.join(known) or 'none declared'})",
        )
    risk = Risk(
        r.required_text("name"),
        r.choice("severity", SEVERITY) or "serious",
        r.choice("certainty", EVIDENCE) or "very-low",
        r.required_text("summary"),
        sources,
        kind,
    )
    group = risk.group(known)
    if risk.name and not risk.key:
        r.fail(
            "name",
            f"risk name '{risk.name}' has no letters or digits to name it by on the risks "
            "page; name the risk in words",
        )
    elif risk.name and group in TAKEN_IDS:
        r.fail(
            "name",
            f"risk name '{risk.name}' would give the risks page the id '{group}', which the "
            "site's pages use for their own parts; name the risk otherwise",
        )
    return risk


def _claim(r: Record, listed: frozenset[str] | None) -> Claim | None:
    text = r.required_text("claim")
    verdict = r.choice("verdict", VERDICTS)
    sources = _cited(r, listed)
    if not sources and verdict and verdict != "unsupported" and not r.faulty("sources"):
        r.fail(
            "sources",
            f"a claim judged '{verdict}' must name its sources; only an "
            "'unsupported' claim may have none",
        )
    claim_id = r.slug("id") if r.has("id") else _claim_id(text)
    if claim_id in TAKEN_IDS:
        # Refused on reading, so no page renders with the id twice (or two notices).
        r.fail(
            "id" if r.has("id") else "claim",
            f"claim id '{claim_id}' is an id the site's pages use for their own parts; "
            "give the claim another id",
        )
    return Claim(
        claim_id or "",
        text,
        verdict or "unsupported",
        r.choice("certainty", EVIDENCE),
        sources,
        r.required_text("note"),
    )


def _claim_id(text: str) -> str:
    words = slugify(text).split("-")
    return "-".join(words[:8]) or "claim"


def _author(r: Record) -> Author:
    return Author(
        r.required_text("name"),
        r.text("credentials"),
        r.text("affiliation"),
    )


def _reviewer(r: Record) -> Reviewer:
    return Reviewer(r.required_text("name"), r.required_text("role"))


def _change(r: Record) -> Change:
    return Change(r.date("date") or dt.date.min, r.required_text("summary"))


def _aliases(r: Record) -> tuple[SitePath, ...]:
    result = []
    for i, alias in enumerate(r.text_list("aliases")):
        parts = [p for p in alias.strip("/").split("/") if p]
        reserved = [p for p in parts if windows_reserved(p)]
        if reserved:
            r.checker.fail((*r.keypath, "aliases", i), reserved_name_message(reserved[0]))
            continue
        if not parts or not all(SLUG_RE.fullmatch(p) for p in parts):
            r.checker.fail(
                (*r.keypath, "aliases", i),
                f"alias '{alias}' must be a site path such as /old-name/ made of "
                "lowercase letters, digits and hyphens",
            )
            continue
        result.append(SitePath("/".join(parts) + "/"))
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
