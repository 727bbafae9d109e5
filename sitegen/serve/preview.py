"""The state of a live preview, and livereload's browser side that it drives.

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

import html
import json
import secrets
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler

from sitegen.build import build_site
from sitegen.engine.cache import Cache
from sitegen.model import urls
from sitegen.model.options import Options
from sitegen.model.paths import DisplayPath, OutputFile, SitePath
from sitegen.model.problems import Level, Problem, SiteError, error, summary
from sitegen.model.text import visible
from sitegen.serve.hosts import Hosts, refuse_foreign

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
        self.early: Mapping[OutputFile, bytes] = {}
        self.early_id: str | None = None
        self.on_server: Callable[[Callable[[], None]], None] = lambda run: run()

    def rebuild(self) -> None:
        """Build once; never raise (the preview keeps serving the last good build)."""
        started = time.perf_counter()
        self.builds += 1
        # Changes with every rebuild, and between sessions; never looks like a number.
        coming = f"{self.session}-{self.builds}"
        failed = False

        def show(pages: Mapping[OutputFile, bytes]) -> None:
            self.on_server(lambda: self._show_early(pages, coming))

        try:
            report = build_site(self.options, self.cache, early=show)
        except SiteError as exc:
            problems, failed = exc.problems, True
        except Exception as exc:  # a bug of ours must not take the preview down either
            problems, failed = (error(DisplayPath("sitegen"), 0, f"internal error: {exc!r}"),), True
        else:
            problems = report.problems
        self.on_server(lambda: self._finish(problems, failed, coming))
        shown = [p for p in problems if p.level is not Level.NOTE]
        for problem in shown:
            print(visible(str(problem)), file=sys.stderr, flush=True)  # as cli.py does
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

    def _show_early(self, pages: Mapping[OutputFile, bytes], coming: str) -> None:
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
        items = "".join(f"<li><code>{html.escape(visible(str(p)))}</code></li>" for p in shown)
        return (
            f'<div id="build-errors" role="alert"><p><strong>{html.escape(title)}</strong>'
            f"</p><ul>{items}</ul></div>"
        ).encode()


def page_of(path: str) -> OutputFile:
    """The output file an address's path shows: /articles/x/ -> articles/x/index.html."""
    return urls.output_file(SitePath(path.lstrip("/")))


def _reload(which: Callable[[Socket], bool]) -> None:
    """Tell the connected browsers for which `which` holds to reload their page."""
    message = {"command": "reload", "path": "*", "liveCSS": True, "liveImg": True}
    for client in list(LiveReloadHandler.waiters):
        if isinstance(client, Socket) and which(client):
            client.send_message(message)


class Socket(LiveReloadHandler):  # type: ignore[misc]
    """livereload's websocket, which also reloads a page that missed a rebuild.

    It opens only for the preview's own pages: livereload would accept any origin.
    """

    preview: Preview
    hosts: Hosts
    page = OutputFile("")  # the output file the browser shows, and the build it came from
    build: object = None

    def prepare(self) -> None:
        refuse_foreign(self, self.hosts)

    def check_origin(self, origin: str) -> bool:
        return self.hosts.allows_origin(origin)

    def on_message(self, message: str) -> None:
        super().on_message(message)
        data = json.loads(message)
        if data.get("command") != "info":
            return
        ours = data.get("plugins", {}).get("sitegen", {})
        self.build = ours.get("build") if isinstance(ours, dict) else None
        if isinstance(data.get("url"), str):
            self.page = page_of(urlsplit(data["url"]).path)
        if self.build is not None and not self.preview.known_build(self.build):
            self.send_message({"command": "reload", "path": "*", "liveCSS": True})


class Script(LiveReloadJSHandler):  # type: ignore[misc]
    """livereload's client script, with our plugin appended."""

    hosts: Hosts

    def prepare(self) -> None:
        refuse_foreign(self, self.hosts)

    def get(self) -> None:
        super().get()
        self.write(BUILD_PLUGIN)
