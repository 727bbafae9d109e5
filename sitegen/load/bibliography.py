"""content/bibliography.yaml -> Bibliography: the sources every page may cite."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.load.files import display_path, read_text
from sitegen.load.record import Checker, Record
from sitegen.load.schema import SOURCE
from sitegen.load.yamlfile import parse_yaml
from sitegen.model.content import Bibliography, Source
from sitegen.model.problems import Problem
from sitegen.model.urls import TAKEN_IDS

_DOI = re.compile(r"10\.\d{4,9}/\S+")


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
    faulty = {fault[0] for fault in parsed.faults if fault}  # entries YAML failed inside
    for i, item in enumerate(parsed.value):
        before = len(checker.problems)
        entry = read_source(checker.record((i,), item, SOURCE, "a source"))
        if checker.failed_since(before) or i in faulty:
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


def read_source(r: Record) -> Source:
    year = r.data.get("year")
    if year is not None and (
        isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999
    ):
        r.fail("year", f"'year' must be a four-digit year, or left out for 'n.d.' (got {year!r})")
    doi = r.text("doi")
    if doi is not None and not _DOI.fullmatch(doi):
        r.fail("doi", f"'doi' must look like 10.1234/abc, without https://doi.org/ (got '{doi}')")
    source_id = r.slug("id") or ""
    if source_id in TAKEN_IDS:
        r.fail(
            "id",
            f"source id '{source_id}' is an id the sources page uses for its own parts; "
            "give the source another id",
        )
    return Source(
        id=source_id,
        title=r.required_text("title"),
        by=r.required_text("by"),
        year=year if isinstance(year, int) else None,
        url=r.url("url") or "",
        doi=doi,
        kind=r.text("kind"),
        caveat=r.text("caveat"),
    )
