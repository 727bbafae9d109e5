"""The build, stage by stage, and the check, which is the build without writing.

    content/ --load--> Site (frozen)
             --check--> problems          errors stop the writing; every page still renders
                                          (the check alone also counts the plain-language notes)
             --plan--> what to render, and what an earlier build already made
             --render--> staging folder    each page converted, its body checked, written
             --verify--> links between pages reach real anchors
             --assets--> static files and media beside the pages
             --swap--> site/               in one step; a failed build leaves site/ as it was
             --remember--> the cache, for the next build

docs/ARCHITECTURE.md describes the layers and the output contract.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import os
from collections.abc import Iterator
from pathlib import Path

from sitegen.checks.links import check_links
from sitegen.checks.site import check_site
from sitegen.engine.cache import Cache, LastBuild
from sitegen.engine.fingerprint import CODE
from sitegen.engine.loading import load_site
from sitegen.engine.rendering import Early, Plan, Progress, Rendered, copy_assets, plan, render
from sitegen.engine.sinks import Discard, Sink
from sitegen.engine.staging import staging
from sitegen.engine.stats import folders_fingerprint, stat_tree
from sitegen.load.files import display_path
from sitegen.model.keys import digest
from sitegen.model.options import Options
from sitegen.model.paths import DisplayPath
from sitegen.model.problems import Problem, SiteError, error, is_fatal, sort_problems
from sitegen.model.report import Report
from sitegen.model.site import Site
from sitegen.render.environment import template_folders


def build_site(
    options: Options,
    cache: Cache | None = None,
    early: Early | None = None,
    progress: Progress | None = None,
) -> Report:
    """Build the site into `options.out`, or raise SiteError with every problem found.

    A caller that builds again and again (the preview server) passes its own `cache`, and
    may ask to be given the pages of an edit `early`. Those pages are final, but the build
    may still fail afterwards (a link to them or from them is checked last).
    """
    refuse_unsafe_cache(options)
    return _run(options, cache or Cache(options.cache), True, early, progress)


def check_content(options: Options, progress: Progress | None = None) -> Report:
    """Do everything a build does except write: load, check, render to nowhere, verify."""
    refuse_unsafe_cache(options)
    return _run(options, Cache(options.cache), False, None, progress)


def refuse_unsafe_cache(options: Options) -> None:
    """Raise SiteError if the cache folder lies inside a folder the build reads or writes.

    Inside the content it would be read back, and in media published; inside the output
    it would be swept away by the next build.
    """
    if options.cache is None:
        return
    cache = os.path.realpath(options.cache)
    folders = [
        (options.content, "the content folder, which the build reads and publishes from"),
        (options.templates, "the templates folder, which the build reads and publishes from"),
    ]
    if not _within(str(Path.cwd()), os.path.realpath(options.out)):  # else refused itself
        folders.append((options.out, "the output folder, which every build replaces"))
    for folder, what in folders:
        if _within(cache, os.path.realpath(folder)):
            shown = display_path(options.cache)
            raise SiteError(
                [
                    error(
                        shown,
                        0,
                        f"refusing to use {shown} as the cache folder: it is inside {what}; "
                        "choose a folder outside it (the default is .cache/sitegen)",
                    )
                ]
            )


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _run(
    options: Options, cache: Cache, write: bool, early: Early | None, progress: Progress | None
) -> Report:
    """The table of contents: one call a stage."""
    fingerprint = _fingerprint(options)
    last = _unchanged(cache.last_build(), fingerprint, options) if write else None
    if last is not None:
        return _outcome(last, options.strict)
    try:
        site, problems = _load(options, cache)
        problems += check_site(site, options.today)
        # The plain-language notes are advice for editors, printed by `check`; a build, whose
        # reader is the site's, leaves out their cost (bench/RESULTS.md: 7 % of an article's).
        planned = plan(site, options, cache, plain=not write)
        write = write and not _fatal(problems, options.strict)
        with _output(options, cache, write) as sink:
            rendered = _render(site, planned, options, sink, cache, early, progress, problems)
            problems += rendered.problems
            problems += check_links(rendered.links, rendered.anchors)  # verify
            copy_assets(site, options.templates, sink)
            report = Report(
                rendered.count,
                sort_problems(problems),
                site.skipped_drafts,
                rendered.rendered,
                _grades(site, rendered) if planned.plain else (),
            )
            if write and not _fatal(problems, options.strict):
                # Everything worked out before the swap: after it, nothing may fail (the
                # cache only remembers, and never raises).
                until = _valid_until(site, options.today)
                sink.commit()  # swap
                if fingerprint is not None:
                    cache.remember_build(
                        LastBuild(fingerprint, options.today, until, stat_tree(options.out), report)
                    )
            cache.remember_render(rendered.shown, rendered.results, sink.folders())
    finally:
        gc.unfreeze()  # see _load
    return _outcome(report, options.strict)


def _load(options: Options, cache: Cache) -> tuple[Site, list[Problem]]:
    """Load with the cyclic garbage collector off, then keep what was loaded out of its scans.

    Loading makes no reference cycles, and what it makes lives until the build ends, when
    the collector is let see it again (gc.unfreeze); otherwise the collector scans those
    objects again and again. Reference counting frees everything as usual either way.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        site, problems = load_site(
            options.content, options.base_url, options.drafts, cache, options.jobs
        )
        cache.read_manifest()  # read now, so it too is kept out of the collector's scans
        return site, problems
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@contextlib.contextmanager
def _output(options: Options, cache: Cache, write: bool) -> Iterator[Sink]:
    """The staging folder beside the output, or, when nothing is to be written, nowhere."""
    if not write:
        yield Discard(cache.known_keys())
        return
    try:
        with staging(options.out, (options.content, options.templates), cache.outputs()) as stage:
            yield stage
    except OSError as exc:  # a full disk or a file-size limit, here or in a worker
        shown = display_path(options.out)
        where = f" ({display_path(Path(exc.filename))})" if exc.filename else ""
        raise SiteError(
            [
                error(
                    shown,
                    0,
                    f"cannot write the new site: {exc.strerror or exc}{where}; "
                    f"nothing was published, {shown} is as it was",
                )
            ]
        ) from None


def _render(
    site: Site,
    planned: Plan,
    options: Options,
    sink: Sink,
    cache: Cache,
    early: Early | None,
    progress: Progress | None,
    earlier: list[Problem],
) -> Rendered:
    """Render, and if a template fails, report it together with the problems found so far."""
    try:
        return render(site, planned, options, sink, cache, early, progress)
    except SiteError as exc:
        raise SiteError([*earlier, *exc.problems]) from exc


def _grades(site: Site, rendered: Rendered) -> tuple[tuple[DisplayPath, float], ...]:
    """Each article's reading grade, in the order of its file's path."""
    by_url = {r.url: r.grade for r in rendered.results}
    found = [(a.file.path, by_url.get(a.url)) for a in site.articles]
    return tuple(sorted((path, g) for path, g in found if g is not None))


def _outcome(report: Report, strict: bool) -> Report:
    """The report, or the SiteError that carries its problems if one of them is fatal."""
    if _fatal(report.problems, strict):
        raise SiteError(report.problems)
    return report


def _fatal(problems: list[Problem] | tuple[Problem, ...], strict: bool) -> bool:
    return any(is_fatal(p, strict) for p in problems)


def _fingerprint(options: Options) -> str | None:
    """What a build's result depends on: the code, the options and every input file's stamp.

    The input files include the default theme's: editing it (in a checkout) rebuilds too.
    None when an input file cannot be stamped: such a build is never taken as unchanged.
    """
    inputs = folders_fingerprint(options.content, *template_folders(options.templates))
    if inputs is None:
        return None
    return digest(
        CODE,
        Path.cwd(),
        options.content.absolute(),
        options.templates.absolute(),
        options.out.absolute(),
        options.base_url,
        options.drafts,
        options.csp,
        inputs,
    )


def _unchanged(last: LastBuild | None, fingerprint: str | None, options: Options) -> Report | None:
    """The last build's report, if building now would write exactly the same site.

    That needs the same inputs, a day on which no page has become due for review since,
    and an output folder still exactly as that build left it.
    """
    if (
        last is None
        or fingerprint is None
        or last.fingerprint != fingerprint
        or not last.today <= options.today < last.valid_until
        or stat_tree(options.out) != last.files
    ):
        return None
    return dataclasses.replace(last.report, rendered=0)


def _valid_until(site: Site, today: dt.date) -> dt.date:
    """The first day on which some article's 'due for review' state will change."""
    upcoming = [a.next_review_due for a in site.articles if a.next_review_due >= today]
    first = min(upcoming, default=dt.date.max)
    return first + dt.timedelta(days=1) if first < dt.date.max else dt.date.max
