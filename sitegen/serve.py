"""Live preview: watch -> rebuild -> report, on top of livereload.

livereload calls our rebuild bare, so `Preview.rebuild` takes no arguments and catches its
own errors: a broken edit never stops the server. While the last rebuild had problems,
every HTML page we send carries them in an overlay, and the terminal prints them too.
"""

from __future__ import annotations

import dataclasses
import errno
import html
import logging
import mimetypes
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import ioloop, web

from sitegen import Options, build_site
from sitegen.cache import Cache, stat_tree
from sitegen.errors import Level, Problem, SiteError, error, summary

POLL_MS = 200  # livereload polls every 800 ms; saving should show within a second
QUIET_MS = 150  # a burst of saves is one change once the files stop changing this long


class Preview:
    """The state of the preview: its options and the problems of the last rebuild."""

    def __init__(self, options: Options, watched: tuple[Path, ...]) -> None:
        self.options = options
        self.watched = watched
        # Kept between rebuilds, in memory: a rebuild after a save reads no cache from disk.
        self.cache = Cache(options.cache, write_through=False)
        self.problems: tuple[Problem, ...] = ()
        self.failed = False

    def rebuild(self) -> None:
        """Build once; never raise (livereload would stop polling)."""
        started = time.perf_counter()
        try:
            report = build_site(self.options, self.cache)
        except SiteError as exc:
            self.problems, self.failed = exc.problems, True
        except Exception as exc:  # a bug of ours must not take the preview down either
            self.problems = (error("sitegen", 0, f"internal error: {exc!r}"),)
            self.failed = True
        else:
            self.problems, self.failed = report.problems, False
        shown = [p for p in self.problems if p.level is not Level.NOTE]
        for problem in shown:
            print(problem, file=sys.stderr, flush=True)
        seconds = time.perf_counter() - started
        if self.failed:
            print(
                f"rebuild failed ({summary(shown)}); serving the last good build",
                file=sys.stderr,
                flush=True,
            )
        else:
            print(
                f"rebuilt in {seconds:.2f} s" + (f" ({summary(shown)})" if shown else ""),
                flush=True,
            )

    def overlay(self) -> bytes:
        """The element listing the last rebuild's problems, or nothing when there are none."""
        shown = [p for p in self.problems if p.level is not Level.NOTE]
        if not shown:
            return b""
        title = (
            "The last change has errors, so this preview shows the last good build."
            if self.failed
            else "The last change has warnings; CI (--strict) will fail on them."
        )
        items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in shown)
        return (
            f'<div id="build-errors" role="alert"><p><strong>{html.escape(title)}</strong>'
            f"</p><ul>{items}</ul></div>"
        ).encode()


class _SnapshotWatcher(Watcher):  # type: ignore[misc]
    """Rebuild once per burst of changes anywhere in the watched folders."""

    def __init__(self, preview: Preview) -> None:
        super().__init__()
        self.preview = preview
        self.last = self.snapshot()

    def snapshot(self) -> dict[str, tuple[int, int, int]]:
        state = {}
        for root in self.preview.watched:
            for rel, sig in stat_tree(root).items():
                if not rel.rpartition("/")[2].startswith("."):
                    state[f"{root}/{rel}"] = sig
        return state

    def start(self, callback: Callable[[], None]) -> bool:
        ioloop.PeriodicCallback(callback, POLL_MS).start()
        return True

    def examine(self) -> tuple[str | None, None]:
        if self._changes:
            return self._changes.pop()  # type: ignore[no-any-return]
        now = self.snapshot()
        if now == self.last:
            return None, None
        while True:  # wait for the burst to end, then build once
            time.sleep(QUIET_MS / 1000)
            later = self.snapshot()
            if later == now:
                break
            now = later
        changed = sorted(set(now.items()) ^ set(self.last.items()))
        self.last = now
        self.preview.rebuild()
        return (changed[0][0] if changed else "*"), None


class _PageHandler(web.RequestHandler):
    """Serve files from the output folder only; add the live script and any overlay."""

    def initialize(self, preview: Preview, port: int) -> None:
        self.preview = preview
        self.port = port

    def get(self, path: str) -> None:
        root = self.preview.options.out.resolve()
        target = (root / path).resolve() if "\x00" not in path else root / "\x00"
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(root) or not target.is_file():
            self.set_status(404)
            target = root / "404.html"
            if not target.is_file():
                self.write_page(b"<!doctype html><title>Not found</title><main>Not found</main>")
                return
        data = target.read_bytes()
        if target.suffix == ".html":
            self.write_page(data)
            return
        self.set_header(
            "Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        )
        self.set_header("Cache-Control", "no-store")
        self.write(data)

    def write_page(self, data: bytes) -> None:
        script = f'<script src="/livereload.js?port={self.port}"></script>'.encode()
        data = data.replace(b"</head>", script + b"</head>", 1)
        overlay = self.preview.overlay()
        if overlay:
            at = data.find(b">", data.find(b"<body")) + 1
            data = data[:at] + overlay + data[at:]
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(data)


class _Server(Server):  # type: ignore[misc]
    """livereload's server with our page handler in place of its script-injecting one.

    livereload injects an inline script, which the pages' Content-Security-Policy rightly
    blocks; we link its client script instead, which the policy allows as 'self'.
    """

    def __init__(self, preview: Preview, port: int) -> None:
        super().__init__(watcher=_SnapshotWatcher(preview))
        self.preview = preview
        self.port = port

    def application(
        self, port: int, host: str, liveport: Any = None, debug: Any = None, live_css: bool = True
    ) -> None:
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        app = web.Application(
            [
                (r"/livereload", LiveReloadHandler),
                (r"/livereload.js", LiveReloadJSHandler),
                (r"/(.*)", _PageHandler, {"preview": self.preview, "port": port}),
            ]
        )
        app.listen(port, address=host)

    def _setup_logging(self) -> None:
        """Keep livereload's and tornado's chatter out of the editor's terminal."""
        for name in ("livereload", "tornado.access", "tornado.application", "tornado.general"):
            logging.getLogger(name).setLevel(logging.ERROR)


def serve(options: Options, host: str, port: int, keep_out: bool) -> int:
    """Build, serve on host:port, rebuild on every change until Ctrl-C."""
    # A save must reach the browser even right after the previous reload.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    # Any port: the pages then stay the same from session to session, so a restart on
    # another port renders nothing again.
    csp = f"{options.csp}; connect-src ws://{host}:*"
    preview = Preview(
        dataclasses.replace(options, csp=csp, drafts=True), (options.content, options.templates)
    )
    preview.rebuild()
    server = _Server(preview, port)
    try:
        server.application(port, host)
    except OSError as exc:
        cleanup(options.out, keep_out)
        if exc.errno == errno.EADDRINUSE:
            raise SiteError(
                [
                    error(
                        f"{host}:{port}",
                        0,
                        f"port {port} is already in use; choose another with --port {port + 1}",
                    )
                ]
            ) from exc
        raise SiteError([error(f"{host}:{port}", 0, f"cannot listen: {exc.strerror}")]) from exc
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: the preview is visible to your network on {host}", file=sys.stderr)
    print(
        f"serving http://{host}:{port}/ from {options.out}; watching {options.content} and "
        f"{options.templates}; Ctrl-C stops",
        flush=True,
    )
    loop = ioloop.IOLoop.current()
    # `kill` (SIGTERM) stops the preview as cleanly as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: loop.add_callback_from_signal(loop.stop))
    try:
        server._setup_logging()
        server.watcher._changes.append(("__livereload__", 0))
        LiveReloadHandler.start_tasks()
        loop.start()
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        preview.cache.flush()
        cleanup(options.out, keep_out)
    return 0


def cleanup(out: Path, keep: bool) -> None:
    if not keep:
        shutil.rmtree(
            out.parent if out.parent.name.startswith("sitegen-preview-") else out,
            ignore_errors=True,
        )


def preview_folder() -> Path:
    """A fresh temporary output folder, so site/ keeps what the last deploy build wrote."""
    return Path(tempfile.mkdtemp(prefix="sitegen-preview-")) / "site"
