"""The work done for one document, in a worker process: load a file; render a page.

Each worker builds its Markdown and Jinja machinery once and uses it for every document.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.checks.editorial import lint_document
from sitegen.checks.plain import plain_language
from sitegen.engine.pool import DOC_SECONDS, TooSlowError, running, time_limit
from sitegen.engine.stats import bytes_digest
from sitegen.engine.writing import replace_file
from sitegen.load.documents import load_article, load_page
from sitegen.load.files import display_path
from sitegen.load.frontmatter import read_body
from sitegen.load.includes import COVERAGE, Expanded, coverage_text, expand
from sitegen.markdown.convert import Markup
from sitegen.markdown.state import PageContext
from sitegen.model import urls
from sitegen.model.config import SiteConfig
from sitegen.model.content import Article, Bibliography, Block, DocKind, Loaded, LoadedDoc, Page
from sitegen.model.keys import compact
from sitegen.model.links import Link, SiteMap, Target
from sitegen.model.paths import OutputFile, SitePath
from sitegen.model.problems import Level, Problem, error
from sitegen.render.documents import render_article, render_page, reserved_ids
from sitegen.render.environment import Compiled, Nav, Renderer
from sitegen.render.search import plain_words, terms, text_file, text_script


@dataclass(frozen=True, slots=True)
class LoadSetup:
    root: Path
    config: SiteConfig
    bibliography: Bibliography


@dataclass(frozen=True, slots=True)
class RenderSetup:
    """Everything a worker needs to render any document; sent once to each worker."""

    root: Path
    templates: Path
    config: SiteConfig
    nav: Nav
    today: dt.date
    csp: str
    site_map: SiteMap
    write_to: Path | None  # the staging folder, or None when only checking
    compiled: Compiled | None = None  # templates already compiled (by an earlier build)
    blocks: Mapping[str, Block] = field(default_factory=dict)  # the shared blocks, by name
    plain: bool = False  # count the plain-language notes (`check` does; a build does not)


@dataclass(frozen=True, slots=True)
class DocJob:
    doc: Article | Page
    key: str  # digest of everything the page is made from


@compact
@dataclass(frozen=True, slots=True)
class DocResult:
    """What rendering one document learnt, kept in the cache to skip it next time."""

    url: SitePath
    key: str
    anchors: frozenset[str]
    links: tuple[Link, ...]
    headings: tuple[str, ...]
    targets: tuple[Target, ...]
    problems: tuple[Problem, ...]
    plain: tuple[Problem, ...] | None = None  # the plain-language notes; None: not counted
    grade: float | None = None  # the body's reading grade (Flesch-Kincaid), when counted
    terms: str = ""  # every word a search can find it by (render/search.py)
    digests: tuple[str, str] = ("", "")  # of the page's bytes and of its search text's

    @property
    def failed(self) -> bool:
        return any(p.level is Level.ERROR for p in self.problems)


class _Renderer:
    """A worker's Markdown and Jinja machinery, built once and used for every document."""

    def __init__(self, setup: RenderSetup) -> None:
        self.setup = setup
        self.markup = Markup(setup.site_map)
        self.pages = Renderer(
            setup.templates, setup.config, setup.nav, setup.today, setup.csp, setup.compiled
        )

    def __call__(self, job: DocJob) -> DocResult:
        doc, setup = job.doc, self.setup
        source, problem = read_body(doc.file, setup.root)
        if source is None:
            return DocResult(
                doc.url, job.key, frozenset(), (), (), (), (problem,) if problem else ()
            )
        try:
            with time_limit(DOC_SECONDS):
                return self._render(job, source)
        except TooSlowError:
            # Interrupted mid-page: start the next one from fresh machinery.
            self.markup = Markup(setup.site_map)
            problem = error(
                doc.file.path,
                doc.file.body_line,
                f"this page took over {DOC_SECONDS} s to convert and was stopped; text such "
                "as thousands of unclosed [ brackets is slow to parse: simplify it",
            )
            return DocResult(doc.url, job.key, frozenset(), (), (), (), (problem,))

    def _render(self, job: DocJob, source: str) -> DocResult:
        setup = self.setup
        config = setup.config
        expanded = None
        if job.doc.file.includes:
            expanded = self._expand(job.doc, source)
            source = expanded.text
        # Shown with the sources of its blocks, numbered after its own.
        doc = _with_sources(job.doc, expanded.blocks if expanded else ())
        folder: DocKind = "articles" if isinstance(doc, Article) else "pages"
        sources = tuple(s.id for s in doc.sources) if isinstance(doc, Article) else ()
        reserved = reserved_ids(doc)
        body = self.markup.convert(
            source,
            PageContext(doc.file.path, doc.file.body_line, folder, doc.url, sources, reserved),
        )
        problems = [
            *body.problems,
            *lint_document(job.doc, source, body.cited, config.extra_phrases),
        ]
        plain: list[Problem] | None = None
        grade = None
        if setup.plain:  # notes for editors, which `check` prints; a build leaves them out
            written = expanded.written() if expanded else source
            plain, grade = plain_language(
                doc.file.path, written, doc.file.body_line, config.reading_grade
            )
        links = body.links
        if expanded is not None:
            problems = [_moved(p, expanded) for p in problems]
            plain = None if plain is None else [_moved(p, expanded) for p in plain]
            links = tuple(_moved_link(link, expanded) for link in links)
        if isinstance(doc, Article):
            data = render_article(self.pages, doc, body, setup.today, self._not_covered(doc))
        else:
            data = render_page(self.pages, doc, body)
        words = plain_words(body.html)
        text = text_script(doc.url, doc.summary, " ".join(words))
        if setup.write_to is not None:
            _write(setup.write_to, urls.output_file(doc.url), data)
            _write(setup.write_to, text_file(doc.url), text)
        return DocResult(
            doc.url,
            job.key,
            body.anchors | reserved,
            links,
            body.headings,
            body.targets,
            tuple(problems),
            None if plain is None else tuple(plain),
            grade,
            terms(doc.title, doc.summary, *_labels(doc, config), words=words),
            (bytes_digest(data), bytes_digest(text)),
        )

    def _not_covered(self, article: Article) -> list[tuple[str, str]]:
        """What the article leaves out of the site's required coverage, by name, and why."""
        config, blocks = self.setup.config, self.setup.blocks
        names = {k.key: k.name for k in config.risk_kinds}
        names |= {b.name: b.title for b in blocks.values()}
        return [(names.get(key, key), reason) for key, reason in article.not_applicable]

    def _expand(self, doc: Article | Page, body: str) -> Expanded:
        """The body with its shared blocks in place."""
        blocks, config = self.setup.blocks, self.setup.config

        def generated(name: str) -> str | None:
            if name != COVERAGE:
                return None
            kinds = [config.risk_kind(key) for key in config.required_kinds]
            titles = [blocks[b].title for b in config.required_blocks if b in blocks]
            return coverage_text([(k.name, k.description) for k in kinds], titles)

        file = doc.file
        return expand(body, file.path, file.body_line, file.includes, blocks, generated)


def _write(folder: Path, rel: OutputFile, data: bytes) -> None:
    target = f"{folder}/{rel}"
    try:  # most snippet files go to a folder that exists: no need to make it first
        replace_file(target, data)
    except FileNotFoundError:
        os.makedirs(target.rpartition("/")[0], exist_ok=True)
        replace_file(target, data)


def _labels(doc: Article | Page, config: SiteConfig) -> list[str]:
    """What a search finds an article by besides its words: its topic, risks and claims."""
    if not isinstance(doc, Article):
        return []
    return [
        config.topic(doc.topic).title,
        *(r.name for r in doc.risks),
        *(c.claim for c in doc.claims),
    ]


def _with_sources(doc: Article | Page, blocks: tuple[Block, ...]) -> Article | Page:
    """An article with the sources its blocks cite added after its own (once each)."""
    if not isinstance(doc, Article) or not blocks:
        return doc
    listed = {s.id for s in doc.sources}
    extra = []
    for block in blocks:
        for source in block.sources:
            if source.id not in listed:
                listed.add(source.id)
                extra.append(source)
    return dataclasses.replace(doc, sources=(*doc.sources, *extra))


def _moved(problem: Problem, expanded: Expanded) -> Problem:
    """A problem found in the expanded body, at the file and line its text came from."""
    path, line = expanded.origin(problem.path, problem.line)
    if (path, line) == (problem.path, problem.line):
        return problem
    return Problem(path, line, problem.level, problem.message)


def _moved_link(link: Link, expanded: Expanded) -> Link:
    path, line = expanded.origin(link.path, link.line)
    return Link(path, line, link.target, link.anchor)


class _Loader:
    def __init__(self, setup: LoadSetup) -> None:
        self.setup = setup

    def __call__(self, item: tuple[DocKind, Path]) -> tuple[tuple[DocKind, Path], LoadedDoc]:
        folder, path = item
        loaded: LoadedDoc
        try:
            # Loading is linear in a file's size, but a file must not hang the build either.
            with time_limit(DOC_SECONDS):
                if folder == "articles":
                    loaded = load_article(
                        path, self.setup.root, self.setup.config, self.setup.bibliography
                    )
                else:
                    loaded = load_page(path, self.setup.root)
        except TooSlowError:
            problem = error(
                display_path(path),
                1,
                f"this file took over {DOC_SECONDS} s to load and was stopped; make its "
                "front-matter smaller (split a page that lists thousands of sources)",
            )
            loaded = Loaded(None, [problem], False)
        return item, loaded


def load_documents(
    setup: LoadSetup, items: list[tuple[DocKind, Path]], jobs: int
) -> Iterator[tuple[tuple[DocKind, Path], LoadedDoc]]:
    """Load ("articles" or "pages", path) items; results come back in any order."""
    with running(_Loader, setup, items, jobs) as (_, results):
        yield from results


def render_documents(
    setup: RenderSetup, items: Iterable[DocJob], jobs: int
) -> contextlib.AbstractContextManager[tuple[bool, Iterator[DocResult]]]:
    """Render documents into the staging folder; results come back in any order.

    Used as `with render_documents(...) as (in_workers, results)`: while workers render,
    the caller can do work of its own before it reads the results.
    """
    return running(_Renderer, setup, list(items), jobs)
