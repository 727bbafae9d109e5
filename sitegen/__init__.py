"""sitegen: a strict static site generator for careful health information.

The build is one pass in one direction (DESIGN §3):

    content/ --load--> Site (frozen)
             --check--> problems        errors stop here; nothing has been written
             --render--> staging folder  each page converted, its body checked, written
             --verify--> links between pages resolve to real anchors
             --swap--> site/             in one step; a failed build leaves site/ as it was

Loading and rendering run over worker processes, and skip what the cache says has not
changed (pipeline.py, cache.py); neither changes a byte of the output.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sitegen.cache import Cache, LastBuild, folders_fingerprint, signature, stat_tree, tree_digest
from sitegen.checks.links import check_links
from sitegen.checks.site import check_site
from sitegen.engine.loading import load_site
from sitegen.model import urls
from sitegen.model.content import Article
from sitegen.model.keys import digest
from sitegen.model.links import Link, SiteMap
from sitegen.model.problems import Problem, SiteError, is_fatal, sort_problems
from sitegen.model.report import Report
from sitegen.model.site import Site
from sitegen.output import staging
from sitegen.pipeline import DocJob, DocResult, RenderSetup, render_documents
from sitegen.render import lists, machine
from sitegen.render.environment import CSP, Renderer
from sitegen.render.environment import nav as site_nav
from sitegen.render.lists import Output
from sitegen.render.rows import Shown
from sitegen.version import CODE, __version__


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
    csp: str = CSP
    jobs: int = 1
    cache: Path | None = None  # None: no cache
    progress: bool = False


# Called with the few pages an edit rendered afresh (site path -> bytes), as soon as they
# are written and before the rest of the site is; the preview shows them at once.
Early = Callable[[Mapping[str, bytes]], None]
EARLY_PAGES = 8  # more than this is not an edit but a rebuild of much of the site


class Sink(Protocol):
    """Where rendered files go: the staging folder, or nowhere for `check`."""

    @property
    def write_to(self) -> Path | None: ...
    def write(self, rel: str, data: bytes, key: str = "") -> None: ...
    def wrote(self, rel: str, key: str) -> None: ...
    def reuse(self, rel: str, key: str) -> bool: ...
    def copy_file(self, source: Path, rel: str, key: str = "") -> None: ...


@dataclass(slots=True)
class _Discard:
    """Where `check` renders to: everything is rendered, nothing is written.

    A page some build already made from the same key need not be rendered again: what
    rendering it learnt (its problems, links, anchors) is in the cache.
    """

    known: set[str]
    write_to: Path | None = None

    def write(self, rel: str, data: bytes, key: str = "") -> None:
        pass

    def wrote(self, rel: str, key: str) -> None:
        pass

    def reuse(self, rel: str, key: str) -> bool:
        return key in self.known

    def copy_file(self, source: Path, rel: str, key: str = "") -> None:
        pass


def build_site(options: Options, cache: Cache | None = None, early: Early | None = None) -> Report:
    """Build the site into `options.out`, or raise SiteError with every problem found.

    A caller that builds again and again (the preview server) passes its own `cache`, and
    may ask to be given the pages of an edit `early`. Those pages are final, but the build
    may still fail afterwards (a link to them or from them is checked last).
    """
    try:
        return _build(options, cache or Cache(options.cache), early)
    finally:
        gc.unfreeze()  # see _loading


def _build(options: Options, cache: Cache, early: Early | None) -> Report:
    """The build itself (see build_site)."""
    fingerprint = _fingerprint(options)
    unchanged = _unchanged(cache.last_build(), fingerprint, options)
    if unchanged is not None:
        if _fatal(list(unchanged.problems), options.strict):
            raise SiteError(unchanged.problems)
        return unchanged
    with _loading():
        site, problems = load_site(
            options.content, options.base_url, options.drafts, cache, options.jobs
        )
        manifest = cache.manifest  # read now, so it too is kept out of the collector's scans
    problems += check_site(site, options.today)
    if _fatal(problems, options.strict):
        # Render to nowhere anyway, so the editor sees every problem in one run.
        discard = _Discard(manifest.known_keys())
        problems += _render_collecting(site, options, discard, cache, problems).problems
        cache.save()
        raise SiteError(problems)
    folders = manifest.outputs
    with staging(options.out, (options.content, options.templates), folders) as stage:
        done = _render_collecting(site, options, stage, cache, problems, early)
        problems += done.problems
        if _fatal(problems, options.strict):
            raise SiteError(problems)
        stage.commit()
        folders.update(stage.folders())
    cache.manifest.prune({r.key: r for r in done.results if not r.failed})
    cache.save()
    report = Report(done.count, sort_problems(problems), site.skipped_drafts, done.rendered)
    cache.save_last_build(
        LastBuild(
            fingerprint,
            options.today,
            _valid_until(site, options.today),
            stat_tree(options.out),
            report,
        )
    )
    return report


def _fingerprint(options: Options) -> str:
    """What a build's result depends on: the code, the options and every input file's stat."""
    return digest(
        CODE,
        Path.cwd(),
        options.content.absolute(),
        options.templates.absolute(),
        options.out.absolute(),
        options.base_url,
        options.drafts,
        options.csp,
        folders_fingerprint(options.content, options.templates),
    )


def _unchanged(last: LastBuild | None, fingerprint: str, options: Options) -> Report | None:
    """The last build's report, if building now would write exactly the same site.

    That needs the same inputs, a day on which no page has become due for review since,
    and an output folder still exactly as that build left it.
    """
    if (
        last is None
        or last.fingerprint != fingerprint
        or not last.today <= options.today < last.valid_until
        or stat_tree(options.out) != last.files
        or not isinstance(last.report, Report)
    ):
        return None
    return dataclasses.replace(last.report, rendered=0)


def _valid_until(site: Site, today: dt.date) -> dt.date:
    """The first day on which some article's 'due for review' state will change."""
    upcoming = [a.next_review_due for a in site.articles if a.next_review_due >= today]
    return min(upcoming, default=dt.date.max - dt.timedelta(days=1)) + dt.timedelta(days=1)


def check_content(options: Options) -> Report:
    """Do everything a build does except write: load, check, render to nowhere, verify."""
    cache = Cache(options.cache)
    try:
        with _loading():
            site, problems = load_site(
                options.content, options.base_url, options.drafts, cache, options.jobs
            )
            manifest = cache.manifest
        problems += check_site(site, options.today)
        discard = _Discard(manifest.known_keys())
        done = _render_collecting(site, options, discard, cache, problems)
    finally:
        gc.unfreeze()
    problems += done.problems
    cache.manifest.prune({r.key: r for r in done.results if not r.failed})
    cache.save()
    if _fatal(problems, options.strict):
        raise SiteError(problems)
    return Report(done.count, sort_problems(problems), site.skipped_drafts, done.rendered)


@contextlib.contextmanager
def _loading() -> Iterator[None]:
    """Load with the cyclic garbage collector off, then keep what was loaded out of its scans.

    Loading makes no reference cycles, and what it makes lives until the build ends, when
    the collector is let see it again (gc.unfreeze). At 10,000 articles the collector
    otherwise scanned those millions of objects again and again: a third of a preview
    rebuild. Reference counting frees everything as usual either way.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _fatal(problems: list[Problem], strict: bool) -> bool:
    return any(is_fatal(p, strict) for p in problems)


@dataclass(slots=True)
class _Rendered:
    """What rendering learns about pages, for the checks that need all of them."""

    count: int = 0
    rendered: int = 0
    problems: list[Problem] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    anchors: dict[str, frozenset[str]] = field(default_factory=dict)
    headings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    results: list[DocResult] = field(default_factory=list)


def _render_collecting(
    site: Site,
    options: Options,
    sink: Sink,
    cache: Cache,
    earlier: list[Problem],
    early: Early | None = None,
) -> _Rendered:
    """Render, and if a template fails, report it together with the problems found so far."""
    try:
        return render_site(site, options, sink, cache, early)
    except SiteError as exc:
        raise SiteError([*earlier, *exc.problems]) from exc


def render_site(
    site: Site, options: Options, sink: Sink, cache: Cache, early: Early | None = None
) -> _Rendered:
    """Render every file of the site into `sink`, reusing what the cache says is unchanged."""
    config = site.config
    site_map = SiteMap(
        files={
            **{f"articles/{a.file.source.name}": a.url for a in site.articles},
            **{f"pages/{p.file.source.name}": p.url for p in site.pages},
        },
        media=frozenset(site.media),
        generated=frozenset(site.generated_paths()),
        pretty=config.pretty_urls,
        drafts=frozenset(site.skipped_drafts),
        broken=frozenset(site.failed),
    )
    nav = site_nav(site)
    # Everything every page depends on besides its own document: any change renders all.
    base = digest(CODE, tree_digest(options.templates), config, nav, options.csp)
    done = _Rendered()
    pages = cache.manifest.pages
    jobs: list[DocJob] = []
    known: list[tuple[DocJob, DocResult]] = []
    for doc in site.documents():
        overdue = isinstance(doc, Article) and doc.next_review_due < options.today
        # The document is fixed by its file and what loading it depended on (site.key).
        key = digest(base, site.key, doc.file.path, doc.file.digest, overdue)
        learnt = pages.get(key)
        if isinstance(learnt, DocResult) and all(t.holds(site_map) for t in learnt.targets):
            known.append((DocJob(doc, key), learnt))
        else:
            jobs.append(DocJob(doc, key))
    setup = RenderSetup(
        site.root,
        options.templates,
        config,
        nav,
        options.today,
        options.csp,
        site_map,
        sink.write_to,
        cache.compiled,
    )
    renderer = Renderer(options.templates, config, nav, options.today, options.csp, cache.compiled)
    shown = Shown(site, cache.manifest.shown)

    def site_pages() -> None:
        for output in lists.list_outputs(renderer, site, base, shown, cache):
            _put(done, sink, output)
        for output in machine.machine_outputs(renderer, site, base):
            _put(done, sink, output)

    # Changed pages first: after an edit, the preview can show them before the rest is done.
    with render_documents(setup, jobs, options.jobs) as (in_workers, results):
        if in_workers:  # this process's own share, while the workers render
            site_pages()
        fresh = _collect(done, results, len(jobs), sink, options)
    if early is not None and sink.write_to is not None and 0 < len(fresh) <= EARLY_PAGES:
        early({rel: (sink.write_to / rel).read_bytes() for rel in sorted(fresh)})
    # Then the pages rendered before: kept or linked, or rendered again if their file is gone.
    again = []
    for job, learnt in known:
        if sink.reuse(urls.output_file(job.doc.url), job.key):
            _learn(done, learnt)
        else:
            again.append(job)
    with render_documents(setup, again, options.jobs) as (_, results):
        _collect(done, results, len(again), sink, options)
    if not in_workers:
        site_pages()
    _put(done, sink, machine.search_output(site, done.headings, base))
    done.count += len(site.documents())
    cache.manifest.shown = shown.used
    done.anchors.setdefault("", frozenset())
    done.problems += check_links(done.links, done.anchors)
    _copy_files(site, options, sink)
    return done


def _collect(
    done: _Rendered, results: Iterator[DocResult], count: int, sink: Sink, options: Options
) -> list[str]:
    """Learn from rendered documents; return the files of those that rendered cleanly."""
    fresh = []
    for n, result in enumerate(results, start=1):
        rel = urls.output_file(result.url)
        sink.wrote(rel, result.key)
        _learn(done, result)
        done.rendered += 1
        if not result.failed:
            fresh.append(rel)
        if options.progress:
            print(f"\rrendering pages: {n}/{count}", end="", file=sys.stderr, flush=True)
    if options.progress and count:
        print("\r\033[K", end="", file=sys.stderr, flush=True)
    return fresh


def _put(done: _Rendered, sink: Sink, output: Output) -> None:
    """Write one site-wide file, unless the last build made it from the same data."""
    if not sink.reuse(output.rel, output.key):
        sink.write(output.rel, output.make(), output.key)
    done.count += output.rel.endswith(".html")


def _learn(done: _Rendered, result: DocResult) -> None:
    done.problems += result.problems
    done.links += result.links
    done.anchors[result.url] = result.anchors
    done.headings[result.url] = result.headings
    done.results.append(result)


def _copy_files(site: Site, options: Options, sink: Sink) -> None:
    """Static files and media: linked from the last build when unchanged, else copied."""
    static = options.templates / "static"
    files = [
        (p, "static/" + p.relative_to(static).as_posix())
        for p in sorted(static.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    ]
    files += [(site.root / rel, rel) for rel in site.media]
    for source, rel in files:
        key = digest(rel, signature(source))
        if not sink.reuse(rel, key):
            sink.copy_file(source, rel, key)


__all__ = ["Options", "Report", "SiteError", "__version__", "build_site", "check_content"]
