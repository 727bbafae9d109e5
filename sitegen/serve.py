"""Live preview: watch -> rebuild -> report, with livereload's browser side.

The main thread watches the content and templates and rebuilds; a second thread runs the
web server, so pages are served while a rebuild runs (builds stay on the main thread, where
a page that converts too slowly can be interrupted). A rebuild catches its own errors: a
broken edit never stops the server. While the last rebuild had problems, every HTML page
we send carries them in an overlay, and the terminal prints them too.

An edit's own pages are shown as soon as they are rendered: the build hands them over
(build_site's `early`), the server sends them from memory and reloads the browsers showing
them, and the rest of the site follows when the build is done. A build that then fails
reloads every browser, back to the last good build with its errors.

Every page carries the id of the build it was served from; when its livereload client
(re)connects after a newer build, it is told to reload at once. A reload sent while the
page was loading or reconnecting would otherwise be lost.
"""

from __future__ import annotations

import asyncio
import dataclasses
import errno
import html
import json
import logging
import mimetypes
import os
import re
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import httpserver, httputil, ioloop, netutil, web
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from sitegen import Options, build_site
from sitegen.cache import Cache
from sitegen.model.problems import Level, Problem, SiteError, error, summary

QUIET_MS = 100  # a burst of saves is one change once the files stop changing this long
# The preview is built for this address, whatever host and port serve it (so its pages
# do not depend on them), and each text file is sent with it replaced by the address the
# browser used: the absolute links of 404.html (and canonical, sitemap, feed) stay in it.
PREVIEW_BASE = "http://localhost/sitegen-preview/"
# A livereload plugin that tells the server which build the page came from.
BUILD_PLUGIN = b"""
LiveReload.addPlugin((function () {
  function SitegenBuild(window, host) { this.options = host._livereload.options; }
  SitegenBuild.identifier = "sitegen";
  SitegenBuild.version = "1";
  SitegenBuild.prototype.analyze = function () { return {build: String(this.options.build)}; };
  return SitegenBuild;
})());
"""


class Preview:
    """The state of the preview: its options, the last rebuild's problems, early pages.

    Rebuilds run on the main thread; the state the server reads is changed only through
    `on_server` (on the server's thread, once it runs), so a page is never sent with half
    of one build's state and half of another's.
    """

    def __init__(self, options: Options, watched: tuple[Path, ...]) -> None:
        self.options = options
        self.watched = watched
        # Kept between rebuilds, in memory: a rebuild after a save reads no cache from disk.
        self.cache = Cache(options.cache, write_through=False)
        self.problems: tuple[Problem, ...] = ()
        self.failed = False
        self.session = secrets.token_hex(4)
        self.builds = 0  # rebuilds started (counted on the main thread)
        self.build_id = f"{self.session}-0"  # the one whose state the server shows
        # An edit's pages, shown before the build that rendered them is done (rel -> bytes).
        self.early: Mapping[str, bytes] = {}
        self.early_id: str | None = None
        self.on_server: Callable[[Callable[[], None]], None] = lambda run: run()

    def rebuild(self) -> None:
        """Build once; never raise (the preview keeps serving the last good build)."""
        started = time.perf_counter()
        self.builds += 1
        # Changes with every rebuild, and between sessions; never looks like a number.
        coming = f"{self.session}-{self.builds}"
        failed = False

        def show(pages: Mapping[str, bytes]) -> None:
            self.on_server(lambda: self._show_early(pages, coming))

        try:
            report = build_site(self.options, self.cache, early=show)
        except SiteError as exc:
            problems, failed = exc.problems, True
        except Exception as exc:  # a bug of ours must not take the preview down either
            problems, failed = (error("sitegen", 0, f"internal error: {exc!r}"),), True
        else:
            problems = report.problems
        self.on_server(lambda: self._finish(problems, failed, coming))
        shown = [p for p in problems if p.level is not Level.NOTE]
        for problem in shown:
            print(problem, file=sys.stderr, flush=True)
        seconds = time.perf_counter() - started
        if failed:
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

    def _show_early(self, pages: Mapping[str, bytes], coming: str) -> None:
        self.early, self.early_id = pages, coming
        _reload(lambda client: client.page in pages)

    def _finish(self, problems: tuple[Problem, ...], failed: bool, build_id: str) -> None:
        """Take the finished build's state; reload every page that does not show it yet."""
        overlay_changed = (problems, failed) != (self.problems, self.failed)
        self.problems, self.failed, self.build_id = problems, failed, build_id
        self.early, self.early_id = {}, None
        _reload(lambda client: failed or overlay_changed or client.build != self.build_id)

    def known_build(self, build: object) -> bool:
        """Whether a page with this build id shows what a reload would show now."""
        return build in (self.build_id, self.early_id)

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


class _Changes:
    """Waits for a burst of changes anywhere in the watched folders to end.

    The system tells us of changes (inotify on Linux, through watchdog) instead of our
    stat-ing every file several times a second: at 10,000 articles one look at every file
    took 0.1 s, which polling paid all the time and each save paid twice.
    """

    def __init__(self, watched: tuple[Path, ...]) -> None:
        self._changed = threading.Event()
        roots = tuple(folder.resolve() for folder in watched if folder.is_dir())
        handler = _Noticer(self._changed, roots)
        try:
            self._observer = self._start(Observer(), handler, roots)
        except OSError:  # no inotify here, or its watches are used up: look every 0.2 s
            self._observer = self._start(PollingObserver(timeout=0.2), handler, roots)

    @staticmethod
    def _start(observer: BaseObserver, handler: _Noticer, roots: tuple[Path, ...]) -> BaseObserver:
        for root in roots:
            observer.schedule(handler, str(root), recursive=True)
        observer.start()
        return observer

    def wait(self) -> None:
        """Return once something changed and then stayed as it is for QUIET_MS."""
        self._changed.wait()
        self._changed.clear()
        # A save is often several writes (and a checkout many): build once they are done.
        while self._changed.wait(QUIET_MS / 1000):
            self._changed.clear()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)


class _Noticer(FileSystemEventHandler):
    """Notices every change, except to hidden files (editors' swap files, .git)."""

    def __init__(self, changed: threading.Event, roots: tuple[Path, ...]) -> None:
        self.changed = changed
        self.roots = roots

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reading a file (as every build does) changes nothing
        if event.is_directory and event.event_type == "modified":
            return  # a file in it came or went, and that has an event of its own
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(path and not _hidden(os.fsdecode(path), self.roots) for path in paths):
            self.changed.set()


def _hidden(path: str, roots: tuple[Path, ...]) -> bool:
    """Whether a path below one of `roots` has a part that starts with a dot."""
    for root in roots:
        if Path(path).is_relative_to(root):
            return any(part.startswith(".") for part in Path(path).relative_to(root).parts)
    return False


def _page_of(path: str) -> str:
    """The output file an address's path shows: /articles/x/ -> articles/x/index.html."""
    path = path.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def _reload(which: Callable[[_Socket], bool]) -> None:
    """Tell the connected browsers for which `which` holds to reload their page."""
    message = {"command": "reload", "path": "*", "liveCSS": True, "liveImg": True}
    for client in list(LiveReloadHandler.waiters):
        if isinstance(client, _Socket) and which(client):
            client.send_message(message)


class _Socket(LiveReloadHandler):  # type: ignore[misc]
    """livereload's websocket, which also reloads a page that missed a rebuild."""

    preview: Preview
    page = ""  # the output file the browser shows, and the build it came from
    build: object = None

    def on_message(self, message: str) -> None:
        super().on_message(message)
        data = json.loads(message)
        if data.get("command") != "info":
            return
        ours = data.get("plugins", {}).get("sitegen", {})
        self.build = ours.get("build") if isinstance(ours, dict) else None
        if isinstance(data.get("url"), str):
            self.page = _page_of(urlsplit(data["url"]).path)
        if self.build is not None and not self.preview.known_build(self.build):
            self.send_message({"command": "reload", "path": "*", "liveCSS": True})


class _Script(LiveReloadJSHandler):  # type: ignore[misc]
    """livereload's client script, with our plugin appended."""

    def get(self) -> None:
        super().get()
        self.write(BUILD_PLUGIN)


class _PageHandler(web.RequestHandler):
    """Serve files from the output folder only; add the live script and any overlay."""

    def initialize(self, preview: Preview, port: int) -> None:
        self.preview = preview
        self.port = port

    def get(self, path: str) -> None:
        early = self.preview.early.get(_page_of(path))
        if early is not None:
            self.write_page(self._addressed(early), self.preview.early_id)
            return
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
        if target.suffix in (".html", ".xml", ".txt"):
            data = self._addressed(data)
        if target.suffix == ".html":
            self.write_page(data)
            return
        self.set_header(
            "Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        )
        self.set_header("Cache-Control", "no-store")
        self.write(data)

    head = get  # tornado sends the headers only

    def _addressed(self, data: bytes) -> bytes:
        return data.replace(PREVIEW_BASE.encode(), f"http://{self.address()}/".encode())

    def address(self) -> str:
        """The host:port the browser asked for (whichever name it used), if it looks like one."""
        host, port = httputil.split_host_and_port(self.request.host)
        if not re.fullmatch(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]", host):
            host = "localhost"
        return f"{host}:{port or self.port}"

    def write_page(self, data: bytes, build: str | None = None) -> None:
        # livereload's script cannot read an IPv6 address from its own URL: tell it.
        host, _, port = self.address().rpartition(":")
        query = f"port={port}&host={host}&build={build or self.preview.build_id}"
        script = f'<script src="/livereload.js?{html.escape(query)}"></script>'.encode()
        data = data.replace(b"</head>", script + b"</head>", 1)
        overlay = self.preview.overlay()
        if overlay:
            at = data.find(b">", data.find(b"<body")) + 1
            data = data[:at] + overlay + data[at:]
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(data)


class _Server:
    """The web server, on a thread of its own, so it answers while the main thread builds."""

    def __init__(self, app: web.Application, sockets: list[socket.socket]) -> None:
        self.app = app
        self.sockets = sockets
        self.loop: ioloop.IOLoop | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="preview-server", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait()

    def _run(self) -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        self.loop = ioloop.IOLoop.current()
        httpserver.HTTPServer(self.app).add_sockets(self.sockets)
        self._ready.set()
        self.loop.start()

    def call(self, run: Callable[[], None]) -> None:
        """Run `run` on the server's thread (between requests); safe from any thread."""
        assert self.loop is not None
        self.loop.add_callback(run)

    def stop(self) -> None:
        if self.loop is not None:
            self.loop.add_callback(self.loop.stop)
            self._thread.join(timeout=5)


def serve(options: Options, host: str, port: int, temporary: bool) -> int:
    """Build, serve on host:port, rebuild on every change until Ctrl-C.

    With `temporary`, the preview goes to a fresh temporary folder (not `options.out`),
    removed on exit.
    """
    shown = f"[{host}]" if ":" in host else host
    try:  # before building: a busy port is reported at once
        sockets = netutil.bind_sockets(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            reason = f"port {port} is already in use; choose another with --port {port + 1}"
        else:
            reason = f"cannot listen on {shown}:{port}: {exc.strerror or exc}"
        print(f"error: {reason}", file=sys.stderr)
        return 1
    # `kill` (SIGTERM) stops the preview as cleanly as Ctrl-C does, at any moment.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    out = preview_folder() if temporary else options.out
    preview = None
    server = None
    changes = None
    try:
        if temporary:  # named before it is made: a Ctrl-C at any moment can remove it
            out.parent.mkdir(mode=0o700)
        # A same-origin websocket is 'self' (for any host name the browser used); the
        # base URL is the same for every host and port (see PREVIEW_BASE).
        preview = Preview(
            dataclasses.replace(
                options,
                out=out,
                csp=f"{options.csp}; connect-src 'self'",
                drafts=True,
                base_url=PREVIEW_BASE,
            ),
            (options.content, options.templates),
        )
        changes = _Changes(preview.watched)  # taken first: a save while building counts
        preview.rebuild()
        _Socket.preview = preview
        app = web.Application(
            [
                (r"/livereload", _Socket),
                (r"/livereload.js", _Script),
                (r"/(.*)", _PageHandler, {"preview": preview, "port": port}),
            ]
        )
        # Keep livereload's and tornado's chatter out of the editor's terminal.
        for name in ("livereload", "tornado.access", "tornado.application", "tornado.general"):
            logging.getLogger(name).setLevel(logging.ERROR)
        # Said before the server answers (the socket already listens, so connections
        # wait): said after, a Ctrl-C right after the first answer could lose the line.
        if host not in ("127.0.0.1", "localhost", "::1"):
            print(f"warning: the preview is visible to your network on {host}", file=sys.stderr)
        print(
            f"serving http://{shown}:{port}/ from {out}; watching {options.content} and "
            f"{options.templates}; Ctrl-C stops",
            flush=True,
        )
        server = _Server(app, sockets)
        server.start()
        preview.on_server = server.call
        while True:
            changes.wait()
            preview.rebuild()
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        if changes is not None:
            changes.stop()
        if server is not None:
            server.stop()
        for sock in sockets:
            sock.close()
        if preview is not None:
            preview.cache.flush()
        if temporary:
            shutil.rmtree(out.parent, ignore_errors=True)
    return 0


def preview_folder() -> Path:
    """A fresh temporary output folder (not yet made), so site/ keeps the last deploy build."""
    return Path(tempfile.gettempdir()) / f"sitegen-preview-{secrets.token_hex(8)}" / "site"
