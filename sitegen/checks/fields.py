"""The editorial checks on front-matter text and bibliography caveats, which pages show too.

Pages show these as written (not as Markdown), so the checks read them as written, with
invisible and lookalike characters folded. A claim in the words of whoever made it is
checked for placeholders only. A figure is cited where the text has sources of its own (a
risk, a claim with sources, a source's caveat); elsewhere front-matter cannot cite, so the
figure belongs in the body with its source.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.checks.findings import (
    Located,
    Uncited,
    placeholders,
    possible,
    promotional,
    uncited,
)
from sitegen.checks.locate import BibliographyLines, KeyPath, front_line
from sitegen.checks.paragraphs import Lines
from sitegen.checks.prefilter import Search, fold
from sitegen.checks.seen import of_field
from sitegen.model.content import Article, Page, SourceFile
from sitegen.model.paths import DisplayPath
from sitegen.model.problems import Problem
from sitegen.model.site import Site
from sitegen.model.text import as_seen

_NOT_CITABLE = "front-matter cannot cite; give the figure in the body, with its source"


_NO_SOURCES = "this claim lists no sources; list the one that gives it"


@dataclass(frozen=True, slots=True)
class _Field:
    keypath: KeyPath
    text: str
    uncited: str | None = _NOT_CITABLE  # why a figure here lacks a citation; None: cited
    words: bool = True  # checked for wording; else for placeholders only


def lint_fields(doc: Article | Page, search: Search) -> list[Problem]:
    """Check the front-matter text an article or page shows."""
    items = _fields(doc)
    # Most front-matter holds nothing any check looks for: looked for in all of it at once.
    words = fold(as_seen("\n".join(i.text for i in items)))
    figures = fold(as_seen("\n".join(i.text for i in items if i.uncited is not None)))
    if not possible(search, words, figures):
        return []
    problems: list[Problem] = []
    for item in items:
        problems += _check(doc.file, item, search)
    return problems


def _fields(doc: Article | Page) -> list[_Field]:
    found = [_Field(("title",), doc.title), _Field(("summary",), doc.summary)]
    found += [_Field(("changes", i, "summary"), c.summary) for i, c in enumerate(doc.changes)]
    if isinstance(doc, Page):
        return found
    found += [
        _Field(("authors", i, "credentials"), a.credentials)
        for i, a in enumerate(doc.authors)
        if a.credentials
    ]
    for i, risk in enumerate(doc.risks):
        found += [
            _Field(("risks", i, "name"), risk.name, None),
            _Field(("risks", i, "summary"), risk.summary, None),
        ]
    for i, claim in enumerate(doc.claims):
        found += [
            _Field(("claims", i, "claim"), claim.claim, None, words=False),
            _Field(("claims", i, "note"), claim.note, None if claim.sources else _NO_SOURCES),
        ]
    return found


def _check(file: SourceFile, item: _Field, search: Search) -> list[Problem]:
    key = ".".join(map(str, item.keypath))
    first = file.line(key)  # this key's, or where loading kept none, the nearest above it
    text = Located(file.path, of_field(item.text), Lines(first, item.text), "value")
    found = promotional(text, search) if item.words else placeholders(text)
    if item.uncited is not None:
        found += uncited(text, Uncited(f"in '{key}'", item.uncited))
    if found and not file.has(key):
        found = _moved(found, front_line(file, item.keypath) - first)
    return found


def lint_caveats(site: Site, search: Search) -> list[Problem]:
    """Check every source's caveat once, however many pages show it, at its own line.

    A caveat is about its source, so a figure in it is cited.
    """
    bibliography = site.bibliography
    lines = BibliographyLines(site.root / "bibliography.yaml", site.root)
    problems: list[Problem] = []
    for source in bibliography.entries:
        if source.caveat:
            found = _caveat(bibliography.path, source.caveat, search)
            if found:
                problems += _moved(found, lines.line(source.id, "caveat"))
    for article in site.articles:  # sources an article lists inline, with their own caveats
        for i, source in enumerate(article.sources):
            if source.caveat and source.id not in bibliography.by_id:
                found = _caveat(article.file.path, source.caveat, search)
                if found:
                    problems += _moved(found, front_line(article.file, ("sources", i, "caveat")))
    return problems


def _caveat(path: DisplayPath, caveat: str, search: Search) -> list[Problem]:
    return promotional(Located(path, of_field(caveat), Lines(0, caveat), "value"), search)


def _moved(found: list[Problem], shift: int) -> list[Problem]:
    return [Problem(p.path, p.line + shift, p.level, p.message) for p in found]
