"""Live preview: watch -> rebuild -> report, on top of livereload.

livereload calls our rebuild bare, so `Preview.rebuild` takes no arguments and catches its
own errors: a broken edit never stops the server. While the last rebuild had problems,
every HTML page we send carries them in an overlay, and the terminal prints them too.

Every page carries the id of the build it was served from; when its livereload client
(re)connects after a newer build, it is told to reload at once. A reload sent while the
page was loading or reconnecting would otherwise be lost.
"""

from __future__ import annotations

import dataclasses
import errno
import html
import json
import logging
import mimetypes
import re
import secrets
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import httpserver, httputil, ioloop, netutil, web

from sitegen import Options, build_site
from sitegen.cache import Cache, stat_tree
from sitegen.errors import Level, Problem, SiteError, error, summary

POLL_MS = 200  # livereload polls every 800 ms; saving should show within a second
QUIET_MS = 150  # a burst of saves is one change once the files stop changing this long
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
    """The state of the preview: its options and the problems of the last rebuild."""

    def __init__(self, options: Options, watched: tuple[Path, ...]) -> None:
        self.options = options
        self.watched = watched
        # Kept between rebuilds, in memory: a rebuild after a save reads no cache from disk.
        self.cache = Cache(options.cache, write_through=False)
        self.problems: tuple[Problem, ...] = ()
        self.failed = False
        self.session = secrets.token_hex(4)
        self.builds = 0

    @property
    def build_id(self) -> str:
        """Changes with every rebuild, and between sessions; never looks like a number."""
        return f"{self.session}-{self.builds}"

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
        self.builds += 1
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


class _Socket(LiveReloadHandler):  # type: ignore[misc]
    """livereload's websocket, which also reloads a page that missed a rebuild."""

    preview: Preview

    def on_message(self, message: str) -> None:
        super().on_message(message)
        data = json.loads(message)
        ours = data.get("plugins", {}).get("sitegen", {}) if data.get("command") == "info" else {}
        if isinstance(ours, dict) and ours.get("build") not in (None, self.preview.build_id):
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
            data = data.replace(PREVIEW_BASE.encode(), f"http://{self.address()}/".encode())
        if target.suffix == ".html":
            self.write_page(data)
            return
        self.set_header(
            "Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        )
        self.set_header("Cache-Control", "no-store")
        self.write(data)

    head = get  # tornado sends the headers only

    def address(self) -> str:
        """The host:port the browser asked for (whichever name it used), if it looks like one."""
        host, port = httputil.split_host_and_port(self.request.host)
        if not re.fullmatch(r"[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]", host):
            host = "localhost"
        return f"{host}:{port or self.port}"

    def write_page(self, data: bytes) -> None:
        # livereload's script cannot read an IPv6 address from its own URL: tell it.
        host, _, port = self.address().rpartition(":")
        query = f"port={port}&host={host}&build={self.preview.build_id}"
        script = f'<script src="/livereload.js?{html.escape(query)}"></script>'.encode()
        data = data.replace(b"</head>", script + b"</head>", 1)
        overlay = self.preview.overlay()
        if overlay:
            at = data.find(b">", data.find(b"<body")) + 1
            data = data[:at] + overlay + data[at:]
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(data)


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
        LiveReloadHandler.watcher = _SnapshotWatcher(preview)  # a save while building counts
        preview.rebuild()
        # A save must reach the browser even right after the previous reload.
        LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
        LiveReloadHandler.live_css = True
        _Socket.preview = preview
        app = web.Application(
            [
                (r"/livereload", _Socket),
                (r"/livereload.js", _Script),
                (r"/(.*)", _PageHandler, {"preview": preview, "port": port}),
            ]
        )
        httpserver.HTTPServer(app).add_sockets(sockets)
        if host not in ("127.0.0.1", "localhost", "::1"):
            print(f"warning: the preview is visible to your network on {host}", file=sys.stderr)
        print(
            f"serving http://{shown}:{port}/ from {out}; watching {options.content} and "
            f"{options.templates}; Ctrl-C stops",
            flush=True,
        )
        # Keep livereload's and tornado's chatter out of the editor's terminal.
        for name in ("livereload", "tornado.access", "tornado.application", "tornado.general"):
            logging.getLogger(name).setLevel(logging.ERROR)
        LiveReloadHandler.start_tasks()
        ioloop.IOLoop.current().start()
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
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
