"""The command line: parse arguments, read the clock, run a command, print problems once.

`build.py` and the `sitegen` console command both call `main`. This is the only place
that reads today's date and the only place that prints a SiteError.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sitegen
from sitegen.build import build_site, check_content
from sitegen.engine.pool import default_jobs
from sitegen.engine.rendering import Progress
from sitegen.load.config import BASE_URL_RULE, normalise_base_url
from sitegen.load.files import display_path
from sitegen.model.options import Options
from sitegen.model.problems import Problem, SiteError, summary
from sitegen.model.report import Report
from sitegen.model.text import visible
from sitegen.render.environment import theme_folder
from sitegen.scaffold.init import init_site
from sitegen.scaffold.new import new_article

COMMANDS = ("build", "check", "serve", "new", "init")
DEFAULT_CACHE = ".cache/sitegen"
_TEMPLATES_HELP = (
    "the site's own templates, each replacing the default theme's file of the same name "
    "(default: templates, if there is one)"
)


def main(argv: Sequence[str] | None = None, prog: str = "build.py") -> int:
    """Run one command; return the exit code (0 success, 1 problems, 2 wrong usage)."""
    previous = sys.unraisablehook
    sys.unraisablehook = _unraisable
    try:
        return _main(argv, prog)
    except KeyboardInterrupt:  # whenever it comes, a traceback would say nothing more
        print("stopped", file=sys.stderr)
        return 130
    finally:
        sys.unraisablehook = previous


def _unraisable(unraisable: Any) -> None:
    """Ctrl-C landing in a finalizer is raised again, to stop the command as anywhere else.

    Python prints an exception raised in a finalizer as "Exception ignored" with its
    traceback, and goes on: multiprocessing frees a pool's locks in finalizers, so Ctrl-C
    at that moment would print a traceback and then be lost.
    """
    if unraisable.exc_type is KeyboardInterrupt:
        # Sent again a moment later, from another thread: raised in this hook, it would be
        # lost too.
        main = threading.main_thread().ident
        assert main is not None
        threading.Timer(0.01, signal.pthread_kill, (main, signal.SIGINT)).start()
        return
    sys.__unraisablehook__(unraisable)


def _main(argv: Sequence[str] | None, prog: str) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version")):
        args.insert(0, "build")
    parser = _parser(prog)
    try:
        ns = parser.parse_args(args)
    except SystemExit as exc:  # argparse has printed the usage message
        return exc.code if isinstance(exc.code, int) else 2
    if ns.version:
        # Where the default theme is, as pip --version says where pip is: the files to copy
        # into a site's templates/ to change them.
        print(f"sitegen {sitegen.__version__} (default theme: {theme_folder()})")
        return 0
    try:
        today = _today(ns.today)
        if getattr(ns, "base_url", None) is not None and normalise_base_url(ns.base_url) is None:
            raise ValueError(f"--base-url must be {BASE_URL_RULE} (got '{ns.base_url}')")
        # Without a folder of its own a site uses the default theme, but a folder asked
        # for by name that is not there is a mistake, not a wish for the default.
        if getattr(ns, "templates", None) is not None and not Path(ns.templates).is_dir():
            raise ValueError(f"--templates must be a folder (got '{ns.templates}')")
    except ValueError as exc:
        print(visible(f"error: {exc}"), file=sys.stderr)
        return 2
    try:
        if ns.command == "new":
            path = new_article(Path(ns.content), ns.title, ns.topic, today)
            shown = visible(display_path(path))
            print(f"created {shown} (a draft: set 'draft: false' to publish it)")
            return 0
        if ns.command == "init":
            return _init(Path(ns.folder), today)
        if ns.command == "check":
            return _check(ns, today)
        if ns.command == "serve":
            return _serve(ns, today)
        return _build(ns, today)
    except SiteError as exc:
        _print_problems(exc.problems, getattr(ns, "format", "text"))
        return 1


def main_entry() -> None:
    """Entry point of the `sitegen` console command."""
    sys.exit(main(prog="sitegen"))


def _options(ns: argparse.Namespace, today: dt.date) -> Options:
    cache = (
        None
        if getattr(ns, "no_cache", False)
        else Path(getattr(ns, "cache", None) or DEFAULT_CACHE)
    )
    return Options(
        content=Path(ns.content),
        templates=Path(getattr(ns, "templates", None) or "templates"),
        out=Path(getattr(ns, "out", "site")),
        today=today,
        base_url=getattr(ns, "base_url", None),
        drafts=ns.drafts,
        strict=ns.strict,
        jobs=getattr(ns, "jobs", None) or default_jobs(),
        cache=cache,
    )


def _progress(ns: argparse.Namespace) -> Progress | None:
    """One updating line on the terminal while pages render; none when quiet or piped."""
    if getattr(ns, "quiet", False) or not sys.stderr.isatty():
        return None

    def show(n: int, count: int) -> None:
        print(f"\rrendering pages: {n}/{count}", end="", file=sys.stderr, flush=True)
        if n == count:
            print("\r\033[K", end="", file=sys.stderr, flush=True)

    return show


def _build(ns: argparse.Namespace, today: dt.date) -> int:
    started = time.perf_counter()
    report = build_site(_options(ns, today), progress=_progress(ns))
    _print_problems(report.problems, "text")
    if not ns.quiet:
        seconds = time.perf_counter() - started
        out = visible(display_path(Path(ns.out)))
        print(f"built {report.files} pages in {seconds:.1f} s → {out}/{_drafts_note(report)}")
    return 0


def _check(ns: argparse.Namespace, today: dt.date) -> int:
    report = check_content(_options(ns, today), progress=_progress(ns))
    _print_problems(report.problems, ns.format)
    if ns.verbose:
        for path, grade in report.grades:
            print(f"{path}: reading grade {grade:g} (Flesch-Kincaid, whole body)")
    if not ns.quiet and not report.problems:
        print(f"checked {report.files} pages: no problems{_drafts_note(report)}")
    return 0


def _serve(ns: argparse.Namespace, today: dt.date) -> int:
    from sitegen.serve.server import serve  # tornado loads only when serving

    # The preview is written beside the cache, where the next session finds it and renders
    # only what changed since; with --no-cache it goes to a temporary folder removed on exit.
    temporary = ns.out is None and ns.no_cache
    ns.out = ns.out or str(Path(ns.cache or DEFAULT_CACHE) / "preview")
    ns.drafts, ns.strict, ns.base_url = True, False, None
    return serve(_options(ns, today), ns.host, ns.port, temporary=temporary)


def _init(folder: Path, today: dt.date) -> int:
    written = init_site(folder, today, sitegen.__version__)
    shown = display_path(folder)
    print(f"created a new site in {shown}/ ({len(written)} files); next:")
    if shown != ".":
        print(f"  cd {shown}")
    print("  sitegen check --drafts    # what is left to fill in: each TODO, by file and line")
    print("  sitegen build             # then open site/index.html")
    return 0


def _drafts_note(report: Report) -> str:
    n = len(report.skipped_drafts)
    return f" ({n} draft{'' if n == 1 else 's'} skipped)" if n else ""


def _print_problems(problems: Sequence[Problem], form: str) -> None:
    if not problems:
        return
    for problem in problems:
        # Text from content (a key, a value, a file name) may hold escape sequences that
        # would rewrite the terminal, such as erasing this very line.
        line = problem.github() if form == "github" else str(problem)
        print(visible(line), file=sys.stderr)
    print(summary(problems), file=sys.stderr)


def _today(given: str | None) -> dt.date:
    """Today's date: --today, else SOURCE_DATE_EPOCH, else the date in UTC."""
    if given:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise ValueError(f"--today must be a date like 2026-03-01 (got '{given}')") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError):
            raise ValueError(f"SOURCE_DATE_EPOCH must be whole seconds (got '{epoch}')") from None
    return dt.datetime.now(dt.UTC).date()


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Build a static health-information site from Markdown with YAML front-matter.",
    )
    parser.add_argument(
        "--version", action="store_true", help="print the version and the default theme's folder"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into site/ (the default)")
    _content_options(build)
    build.add_argument(
        "--templates",
        metavar="DIR",
        help=_TEMPLATES_HELP,
    )
    build.add_argument("--out", default="site", metavar="DIR", help="output folder (default: site)")
    build.add_argument(
        "--base-url",
        metavar="URL",
        help="absolute https:// URL the site is served from, overriding site.yaml "
        "(http:// only for localhost or 127.0.0.1)",
    )
    build.add_argument(
        "--quiet", action="store_true", help="print nothing unless there are problems"
    )
    _speed_options(build)

    check = commands.add_parser("check", help="check the content and report; write nothing")
    _content_options(check)
    check.add_argument(
        "--templates",
        metavar="DIR",
        help=_TEMPLATES_HELP,
    )
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="'github' prints GitHub Actions annotations",
    )
    check.add_argument(
        "--quiet", action="store_true", help="print nothing unless there are problems"
    )
    check.add_argument(
        "--verbose", action="store_true", help="also print each article's reading grade"
    )
    _speed_options(check)

    serve = commands.add_parser("serve", help="preview the site, rebuilding on every change")
    serve.add_argument(
        "--content", default="content", metavar="DIR", help="content folder (default: content)"
    )
    serve.add_argument(
        "--templates",
        metavar="DIR",
        help=_TEMPLATES_HELP,
    )
    serve.add_argument(
        "--out",
        metavar="DIR",
        help=f"output folder (default: {DEFAULT_CACHE}/preview, so site/ is untouched)",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    _speed_options(serve)

    init = commands.add_parser("init", help="start a new site in a new or empty folder")
    init.add_argument("folder", metavar="DIR", help="where to write it: a new or empty folder")
    init.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)

    new = commands.add_parser("new", help="start a new article as a draft")
    new.add_argument("title", help='the article\'s title, in quotes: "Kratom and sleep"')
    new.add_argument("--topic", required=True, metavar="KEY", help="a topic key from site.yaml")
    new.add_argument(
        "--content", default="content", metavar="DIR", help="content folder (default: content)"
    )
    new.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    return parser


def _speed_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs", type=_positive, metavar="N", help="worker processes (default: one per core)"
    )
    cache = parser.add_mutually_exclusive_group()
    cache.add_argument("--cache", metavar="DIR", help=f"cache folder (default: {DEFAULT_CACHE})")
    cache.add_argument(
        "--no-cache", action="store_true", help="build everything from scratch, and keep no cache"
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number (got '{text}')") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {value})")
    return value


def _content_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content", default="content", metavar="DIR", help="content folder (default: content)"
    )
    parser.add_argument("--drafts", action="store_true", help="include drafts")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="the date used for 'future' and 'review due' (default: today, UTC)",
    )
