"""The work done for one document, in a worker process: load a file; render a page.

Each worker builds its Markdown and Jinja machinery once and uses it for every document.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitegen.checks.editorial import lint_document
from sitegen.engine.pool import DOC_SECONDS, TooSlowError, running, time_limit
from sitegen.engine.writing import replace_file
from sitegen.load.documents import load_article, load_page
from sitegen.load.files import display_path
from sitegen.load.frontmatter import read_body
from sitegen.markdown.convert import Markup
from sitegen.markdown.state import PageContext
from sitegen.model import urls
from sitegen.model.config import SiteConfig
from sitegen.model.content import Article, Bibliography, DocKind, Loaded, LoadedDoc, Page
from sitegen.model.keys import compact
from sitegen.model.links import Link, SiteMap, Target
from sitegen.model.paths import SitePath
from sitegen.model.problems import Level, Problem, error
from sitegen.render.documents import render_article, render_page, reserved_ids
from sitegen.render.environment import Compiled, Nav, Renderer


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
        doc, setup = job.doc, self.setup
        folder: DocKind = "articles" if isinstance(doc, Article) else "pages"
        sources = tuple(s.id for s in doc.sources) if isinstance(doc, Article) else ()
        reserved = reserved_ids(doc)
        body = self.markup.convert(
            source,
            PageContext(doc.file.path, doc.file.body_line, folder, doc.url, sources, reserved),
        )
        problems = [
            *body.problems,
            *lint_document(doc, source, body.cited, setup.config.extra_phrases),
        ]
        if isinstance(doc, Article):
            data = render_article(self.pages, doc, body, setup.today)
        else:
            data = render_page(self.pages, doc, body)
        if setup.write_to is not None:
            target = f"{setup.write_to}/{urls.output_file(doc.url)}"
            os.makedirs(target.rpartition("/")[0], exist_ok=True)
            replace_file(target, data)
        return DocResult(
            doc.url,
            job.key,
            body.anchors | reserved,
            body.links,
            body.headings,
            body.targets,
            tuple(problems),
        )


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
