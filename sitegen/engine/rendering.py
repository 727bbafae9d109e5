"""The render stage at scale: plan what must be rendered, render it, reuse the rest.

Documents are rendered by worker processes while this process renders the site-wide
pages, which need no rendered document; the search index is filled in from each
document's words as its result arrives, and written last. A document or site-wide file
whose key (a digest of everything it is made from) is unchanged since an earlier build is
linked from that build instead of rendered again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.engine.cache import Cache
from sitegen.engine.fingerprint import CODE
from sitegen.engine.jobs import DocJob, DocResult, RenderSetup, render_documents
from sitegen.engine.sinks import Sink
from sitegen.engine.stats import stamp, tree_digest
from sitegen.load.includes import COVERAGE, reached
from sitegen.model import urls
from sitegen.model.content import Article
from sitegen.model.keys import digest
from sitegen.model.links import Link, SiteMap
from sitegen.model.options import Options
from sitegen.model.paths import ContentPath, OutputFile, SitePath
from sitegen.model.problems import Problem
from sitegen.model.site import Site
from sitegen.render import lists, machine
from sitegen.render.environment import Nav, Renderer, nav, template_folders
from sitegen.render.lists import Output
from sitegen.render.longlists import LongLists, gather, long_anchors, long_outputs
from sitegen.render.rows import Memo, Shown, page_anchors
from sitegen.render.search import Entry, Index, text_file

# Called with the few pages an edit rendered afresh (site path -> bytes), as soon as they
# are written and before the rest of the site is; the preview shows them at once.
Early = Callable[[Mapping[OutputFile, bytes]], None]
EARLY_PAGES = 8  # more than this is not an edit but a rebuild of much of the site
# Called after each document is rendered with (how many so far, how many in all).
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Plan:
    """What the render stage will do: the documents to render, and those to reuse."""

    site_map: SiteMap
    nav: Nav
    base: str  # digest of everything every page depends on besides its own document
    shown: Shown  # what the lists show of each article, digested
    lists: LongLists  # the risks, claims and sources, grouped
    render: tuple[DocJob, ...]
    reuse: tuple[tuple[DocJob, DocResult], ...]  # with what rendering them learnt before
    plain: bool  # whether the plain-language notes are counted (`check` only)


@dataclass(frozen=True, slots=True)
class Rendered:
    """What rendering learnt about every page, for the checks that need all of them."""

    count: int  # HTML pages in the site
    rendered: int  # documents rendered afresh; the rest came from the cache
    problems: tuple[Problem, ...]
    links: tuple[Link, ...]
    anchors: Mapping[SitePath, frozenset[str]]
    results: tuple[DocResult, ...]
    shown: Memo  # what lists show of each article, for the next build


def plan(site: Site, options: Options, cache: Cache, plain: bool) -> Plan:
    """Key every document, and find those an earlier build rendered from the same key.

    With `plain`, a document is reused only if its plain-language notes were counted.
    """
    config = site.config
    shown = Shown(site, cache.shown_memo())
    lists = gather(site, shown)
    site_map = SiteMap(
        files={
            **{ContentPath(f"articles/{a.file.source.name}"): a.url for a in site.articles},
            **{ContentPath(f"pages/{p.file.source.name}"): p.url for p in site.pages},
        },
        # A media file's site path is its own; refused ones are reported as files, not links.
        media=frozenset(SitePath(m) for m in (*site.media, *site.unfit_media)),
        generated=frozenset([*site.generated_paths(), *lists.paths()]),
        pretty=config.pretty_urls,
        drafts=frozenset(site.skipped_drafts),
        broken=frozenset(site.failed),
    )
    links = nav(site)
    templates = [tree_digest(folder) for folder in template_folders(options.templates)]
    base = digest(CODE, templates, config, links, options.csp)
    render: list[DocJob] = []
    reuse: list[tuple[DocJob, DocResult]] = []
    for doc in site.documents():
        overdue = isinstance(doc, Article) and doc.next_review_due < options.today
        # The document is fixed by its file, what loading it depended on (site.key) and the
        # blocks its body includes.
        blocks: list[object] = [
            (b.name, b.file.digest) for b in reached(doc.file.includes, site.blocks)
        ]
        if any(i.name == COVERAGE for i in doc.file.includes):
            blocks.append((COVERAGE, sorted((b.name, b.title) for b in site.blocks.values())))
        key = digest(base, site.key, doc.file.path, doc.file.digest, overdue, blocks)
        learnt = cache.learnt(key)
        if (
            learnt is not None
            and (learnt.plain is not None or not plain)
            and all(t.holds(site_map) for t in learnt.targets)
        ):
            reuse.append((DocJob(doc, key), learnt))
        else:
            render.append(DocJob(doc, key))
    return Plan(site_map, links, base, shown, lists, tuple(render), tuple(reuse), plain)


@dataclass(slots=True)
class _Collected:
    """What rendering has learnt so far (made into a frozen Rendered at the end)."""

    index: Index  # the search index, filled in as documents arrive
    plain: bool  # whether to report the plain-language notes
    count: int = 0
    rendered: int = 0
    problems: list[Problem] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    anchors: dict[SitePath, frozenset[str]] = field(default_factory=dict)
    results: list[DocResult] = field(default_factory=list)

    def learn(self, result: DocResult) -> None:
        self.problems += result.problems
        if self.plain and result.plain:
            self.problems += result.plain
        self.links += result.links
        self.anchors[result.url] = result.anchors
        self.index.add(result.url, result.terms)
        self.results.append(result)

    def put(self, sink: Sink, output: Output) -> None:
        """Write one site-wide file, unless an earlier build made it from the same data."""
        if not sink.reuse(output.rel, output.key):
            sink.write(output.rel, output.make(), output.key)
        self.count += output.rel.endswith(".html")


def render(
    site: Site,
    planned: Plan,
    options: Options,
    sink: Sink,
    cache: Cache,
    early: Early | None = None,
    progress: Progress | None = None,
) -> Rendered:
    """Render every page of the site into `sink`, changed documents first."""
    config = site.config
    setup = RenderSetup(
        site.root,
        options.templates,
        config,
        planned.nav,
        options.today,
        options.csp,
        planned.site_map,
        sink.write_to,
        cache.compiled,
        site.blocks,
        planned.plain,
    )
    renderer = Renderer(
        options.templates, config, planned.nav, options.today, options.csp, cache.compiled
    )
    shown = planned.shown
    done = _Collected(Index(_entries(site)), planned.plain)

    def site_pages() -> None:
        base = planned.base
        for output in lists.list_outputs(renderer, site, base, shown):
            done.put(sink, output)
        for output in long_outputs(renderer, base, planned.lists, cache):
            done.put(sink, output)
        for output in machine.machine_outputs(renderer, site, base, planned.lists.paths()):
            done.put(sink, output)

    # Changed pages first: after an edit, the preview can show them before the rest is done.
    with render_documents(setup, planned.render, options.jobs) as (in_workers, results):
        if in_workers:  # this process's own share, while the workers render
            site_pages()
        fresh = _collect(done, results, len(planned.render), sink, progress)
    if early is not None and sink.write_to is not None and 0 < len(fresh) <= EARLY_PAGES:
        early({rel: (sink.write_to / rel).read_bytes() for rel in sorted(fresh)})
    # Then the pages rendered before: kept or linked, or rendered again if their file is gone.
    again = []
    for job, learnt in planned.reuse:
        url = job.doc.url
        if sink.reuse(urls.output_file(url), job.key) and sink.reuse(text_file(url), job.key):
            done.learn(learnt)
        else:
            again.append(job)
    with render_documents(setup, again, options.jobs) as (_, results):
        _collect(done, results, len(again), sink, progress)
    if not in_workers:
        site_pages()
    for output in done.index.outputs(planned.base, config.pretty_urls):
        done.put(sink, output)
    done.count += len(site.documents())
    # The anchors the templates give each page, for the verify stage (/claims/#id, #risks).
    anchors = page_anchors(site, options.today) | long_anchors(planned.lists)
    for path, found in anchors.items():
        done.anchors[path] = done.anchors.get(path, frozenset()) | found
    return Rendered(
        done.count,
        done.rendered,
        tuple(done.problems),
        tuple(done.links),
        done.anchors,
        tuple(done.results),
        shown.used,
    )


def _entries(site: Site) -> list[Entry]:
    """The documents a search finds, in the order its results show them."""
    config = site.config
    entries = [
        Entry(a.url, a.title, config.topic(a.topic).title) for a in lists.by_title(site.articles)
    ]
    entries += [Entry(p.url, p.title, "About this site") for p in site.pages]
    return entries


def _collect(
    done: _Collected,
    results: Iterator[DocResult],
    count: int,
    sink: Sink,
    progress: Progress | None,
) -> list[OutputFile]:
    """Learn from rendered documents; return the files of those that rendered cleanly."""
    fresh = []
    for n, result in enumerate(results, start=1):
        rel = urls.output_file(result.url)
        sink.wrote(rel, result.key, result.digests[0])
        sink.wrote(text_file(result.url), result.key, result.digests[1])
        done.learn(result)
        done.rendered += 1
        if not result.failed:
            fresh.append(rel)
        if progress is not None:
            progress(n, count)
    return fresh


def copy_assets(site: Site, templates: Path, sink: Sink) -> None:
    """Static files and media: linked from the last build when unchanged, else copied.

    A site's own templates/static/x replaces the theme's static/x; the rest are the theme's.
    """
    static: dict[str, Path] = {}
    for folder in reversed(template_folders(templates)):  # the site's own come last, and win
        for p in (folder / "static").rglob("*"):
            if p.is_file() and not p.name.startswith("."):
                static[p.relative_to(folder / "static").as_posix()] = p
    files = [(p, urls.output_file(urls.static_path(rel))) for rel, p in sorted(static.items())]
    files += [(site.root / rel, OutputFile(rel)) for rel in site.media]
    for source, rel in files:
        found = stamp(source)
        # A file that cannot be stamped is copied, and its copy never reused.
        key = "" if found is None else digest(rel, found)
        if not key or not sink.reuse(rel, key):
            sink.copy_file(source, rel, key)
