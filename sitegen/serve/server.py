"""The preview's web server: pages from the output folder, on a thread of its own."""

from __future__ import annotations

import asyncio
import dataclasses
import errno
import html
import logging
import mimetypes
import re
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from tornado import httpserver, httputil, ioloop, netutil, web

from sitegen.build import refuse_unsafe_cache
from sitegen.model.options import Options
from sitegen.model.text import visible
from sitegen.serve.hosts import Hosts, refuse_foreign
from sitegen.serve.preview import PREVIEW_BASE, Preview, Script, Socket, page_of
from sitegen.serve.watch import Changes


class _PageHandler(web.RequestHandler):
    """Serve files from the output folder only; add the live script and any overlay."""

    def initialize(self, preview: Preview, port: int, hosts: Hosts) -> None:
        self.preview = preview
        self.port = port
        self.hosts = hosts

    def prepare(self) -> None:
        refuse_foreign(self, self.hosts)

    def get(self, path: str) -> None:
        early = self.preview.early.get(page_of(path))
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
    refuse_unsafe_cache(options)  # before anything is built or kept
    shown = f"[{host}]" if ":" in host else host
    try:  # before building: a busy port is reported at once
        sockets = netutil.bind_sockets(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            reason = f"port {port} is already in use; choose another with --port {port + 1}"
        else:
            reason = f"cannot listen on {shown}:{port}: {exc.strerror or exc}"
        print(visible(f"error: {reason}"), file=sys.stderr)
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
                drafts=True,
                base_url=PREVIEW_BASE,
            ),
            (options.content, options.templates),
        )
        changes = Changes(preview.watched)  # taken first: a save while building counts
        preview.rebuild()
        hosts = Hosts(host, port)
        Socket.preview, Socket.hosts, Script.hosts = preview, hosts, hosts
        app = web.Application(
            [
                (r"/livereload", Socket),
                (r"/livereload.js", Script),
                (r"/(.*)", _PageHandler, {"preview": preview, "port": port, "hosts": hosts}),
            ]
        )
        # Keep livereload's and tornado's chatter out of the editor's terminal.
        for name in ("livereload", "tornado.access", "tornado.application", "tornado.general"):
            logging.getLogger(name).setLevel(logging.ERROR)
        # Said before the server answers (the socket already listens, so connections
        # wait): said after, a Ctrl-C right after the first answer could lose the line.
        if host not in ("127.0.0.1", "localhost", "::1"):
            print(
                visible(f"warning: the preview is visible to your network on {host}"),
                file=sys.stderr,
            )
        print(
            visible(
                f"serving http://{shown}:{port}/ from {out}; watching {options.content} and "
                f"{options.templates}; Ctrl-C stops"
            ),
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
