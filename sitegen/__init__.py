"""sitegen: a strict static site generator for careful health information.

The build is one pass in one direction (DESIGN §3):

    content/ --load--> Site (frozen)
             --check--> problems        errors stop here; nothing has been written
             --render--> staging folder  each page converted, its body checked, written
             --verify--> links between pages resolve to real anchors
             --swap--> site/             in one step; a failed build leaves site/ as it was
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sitegen import indexes, render, urls
from sitegen.check import check_links, check_site, reserved_ids
from sitegen.content import Article, Page, read_body
from sitegen.errors import Problem, SiteError, is_fatal, sort_problems
from sitegen.lint import lint_document
from sitegen.markup import Body, Link, Markup, PageContext, SiteMap
from sitegen.output import staging
from sitegen.site import Site, load_site

__version__ = "0.1.0"


@dataclass(frozen=True, slots=True)
class Options:
    """What one build is asked to do; every input arrives here, including today's date."""

    content: Path
    templates: Path
    out: Path
    today: dt.date
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    csp: str = render.CSP


@dataclass(frozen=True, slots=True)
class Report:
    """What a successful build or check did, and the problems that did not stop it."""

    files: int
    problems: tuple[Problem, ...]
    skipped_drafts: tuple[str, ...]


class Sink(Protocol):
    def write(self, rel: str, data: bytes) -> None: ...
    def copy_tree(self, source: Path, rel: str) -> None: ...
    def copy_file(self, source: Path, rel: str) -> None: ...


@dataclass(slots=True)
class _Discard:
    """Where `check` renders to: everything is rendered, nothing is written."""

    count: int = 0

    def write(self, rel: str, data: bytes) -> None:
        self.count += 1

    def copy_tree(self, source: Path, rel: str) -> None:
        pass

    def copy_file(self, source: Path, rel: str) -> None:
        pass


def build_site(options: Options) -> Report:
    """Build the site into `options.out`, or raise SiteError with every problem found."""
    site, problems = load_site(options.content, options.base_url, options.drafts)
    problems += check_site(site, options.today)
    if _fatal(problems, options.strict):
        # Render to nowhere anyway, so the editor sees every problem in one run.
        problems += _render_collecting(site, options, _Discard(), problems)[1]
        raise SiteError(problems)
    with staging(options.out, protect=(options.content, options.templates)) as stage:
        count, found = _render_collecting(site, options, stage, problems)
        problems += found
        if _fatal(problems, options.strict):
            raise SiteError(problems)
        stage.commit()
    return Report(count, sort_problems(problems), site.skipped_drafts)


def check_content(options: Options) -> Report:
    """Do everything a build does except write: load, check, render to nowhere, verify."""
    site, problems = load_site(options.content, options.base_url, options.drafts)
    problems += check_site(site, options.today)
    count, found = _render_collecting(site, options, _Discard(), problems)
    problems += found
    if _fatal(problems, options.strict):
        raise SiteError(problems)
    return Report(count, sort_problems(problems), site.skipped_drafts)


def _fatal(problems: list[Problem], strict: bool) -> bool:
    return any(is_fatal(p, strict) for p in problems)


def _render_collecting(
    site: Site, options: Options, sink: Sink, earlier: list[Problem]
) -> tuple[int, list[Problem]]:
    """Render, and if a template fails, report it together with the problems found so far."""
    try:
        return render_site(site, options, sink)
    except SiteError as exc:
        raise SiteError([*earlier, *exc.problems]) from exc


@dataclass(slots=True)
class _Rendered:
    """What rendering learns about pages, for the checks that need all of them."""

    count: int = 0
    problems: list[Problem] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    anchors: dict[str, frozenset[str]] = field(default_factory=dict)
    headings: dict[str, tuple[str, ...]] = field(default_factory=dict)


def render_site(site: Site, options: Options, sink: Sink) -> tuple[int, list[Problem]]:
    """Render every file of the site into `sink`; return how many and the problems found."""
    config = site.config
    site_map = SiteMap(
        files={
            **{f"articles/{a.file.source.name}": a.url for a in site.articles},
            **{f"pages/{p.file.source.name}": p.url for p in site.pages},
        },
        media=frozenset(site.media),
        generated=frozenset(indexes.generated_paths(site)),
        pretty=config.pretty_urls,
        drafts=frozenset(site.skipped_drafts),
        broken=frozenset(site.failed),
    )
    markup = Markup(site_map)
    renderer = render.Renderer(
        options.templates, config, render.nav(site), options.today, options.csp
    )
    done = _Rendered()

    def emit(rel: str, data: bytes) -> None:
        sink.write(rel, data)
        done.count += rel.endswith(".html")

    for article in site.articles:
        body = _convert(markup, article, site, "articles", done)
        if body is not None:
            emit(
                urls.output_file(article.url),
                render.render_article(renderer, article, body, options.today),
            )
    for page in site.pages:
        body = _convert(markup, page, site, "pages", done)
        if body is not None:
            emit(urls.output_file(page.url), render.render_page(renderer, page, body))
    for rel, data in indexes.index_files(renderer, site, done.headings):
        emit(rel, data)
    done.anchors.setdefault("", frozenset())
    done.problems += check_links(done.links, done.anchors)
    sink.copy_tree(options.templates / "static", "static")
    for rel in site.media:
        sink.copy_file(site.root / rel, rel)
    return done.count, done.problems


def _convert(
    markup: Markup, doc: Article | Page, site: Site, folder: str, done: _Rendered
) -> Body | None:
    source, problem = read_body(doc.file, site.root)
    if source is None:
        done.problems += [problem] if problem else []
        return None
    sources = tuple(s.id for s in doc.sources) if isinstance(doc, Article) else ()
    context = PageContext(
        doc.file.path, doc.file.body_line, folder, doc.url, sources, reserved_ids(doc)
    )
    body = markup.convert(source, context)
    done.problems += body.problems
    done.problems += lint_document(doc, source, body.cited, site.config.extra_phrases)
    done.links += body.links
    done.anchors[doc.url] = body.anchors | reserved_ids(doc)
    done.headings[doc.url] = body.headings
    return body


__all__ = ["Options", "Report", "SiteError", "build_site", "check_content"]
