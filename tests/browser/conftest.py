"""Real Chromium through Playwright (browserkit.py says why these flags).

Without a browser these tests skip with the reason; with REQUIRE_BROWSER=1 (as in CI) a
missing browser fails the run instead, so a green CI always means the browser tests ran.

Three sites are built: the real content as it is (`real_site`, `hosted`); a copy of it
with the article in tests/fixtures/browser/ added (`fixture_hosted`), which has what the
real articles lack so far: an image, a wide Markdown table and an external link in prose;
and the starter site that `sitegen init` writes, made and built by a sitegen installed
from its wheel alone (`starter_site`, `starter_hosted`). The quality tests that hold for
any site run on the real one and the starter alike (`any_site`, `any_hosted`).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitegen.cli import main

from browserkit import ARGS, CHROMIUM, REPO, SITES, require_or_skip
from packagekit import Installed

FIXTURE = REPO / "tests" / "fixtures" / "browser"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        require_or_skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_or_skip("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("real") / "site"
    code = main(
        [
            "build",
            "--content",
            str(REPO / "content"),
            "--templates",
            str(REPO / "templates"),
            "--out",
            str(out),
            "--quiet",
        ]
    )
    assert code == 0, "the real content does not build"
    return out


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site the way a static host does, 404.html included, quietly."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _host(content: Path, out: Path) -> Iterator[tuple[str, Path]]:
    """Build `content` for a local static host and serve it: (base URL, folder)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    code = main(
        [
            "build",
            "--content",
            str(content),
            "--templates",
            str(REPO / "templates"),
            "--out",
            str(out),
            "--base-url",
            base,
            "--quiet",
            "--no-cache",
        ]
    )
    assert code == 0, f"{content} does not build"
    with _serve(port, out):
        yield base, out


@contextmanager
def _serve(port: int, out: Path) -> Iterator[None]:
    """Serve a built site on this machine's `port` as a static host does."""
    handler = functools.partial(_SiteHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The real content built for, and served from, a local static host: (base URL, folder)."""
    with _host(REPO / "content", tmp_path_factory.mktemp("hosted") / "site") as site:
        yield site


@pytest.fixture(scope="session")
def fixture_hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A copy of the real content plus the fixture article and its image, hosted likewise."""
    root = tmp_path_factory.mktemp("fixture")
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    shutil.copytree(FIXTURE / "articles", content / "articles", dirs_exist_ok=True)
    shutil.copytree(FIXTURE / "media", content / "media", dirs_exist_ok=True)
    with _host(content, root / "site") as site:
        yield site


@pytest.fixture(scope="session")
def starter_folder(installed: Installed, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`sitegen init mysite && cd mysite && sitegen build`, with sitegen installed alone."""
    where = tmp_path_factory.mktemp("starter")
    made = installed.run("sitegen", "init", "mysite", cwd=where)
    assert made.returncode == 0, made.stderr
    built = installed.run("sitegen", "build", cwd=where / "mysite")
    assert built.returncode == 0, built.stderr
    return where / "mysite"


@pytest.fixture(scope="session")
def starter_site(starter_folder: Path) -> Path:
    """The starter site as `sitegen build` wrote it, to open from disk."""
    return starter_folder / "site"


@pytest.fixture(scope="session")
def starter_hosted(
    installed: Installed, starter_folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The starter built for, and served from, a local static host: (base URL, folder)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("starter-hosted") / "site"
    args = ("build", "--base-url", base, "--out", str(out), "--quiet", "--no-cache")
    built = installed.run("sitegen", *args, cwd=starter_folder)
    assert built.returncode == 0, built.stderr
    with _serve(port, out):
        yield base, out


@pytest.fixture(scope="session")
def any_site(request: pytest.FixtureRequest) -> Path:
    """A site opened from disk; parametrised (indirectly) by a name in SITES."""
    return Path(request.getfixturevalue(SITES[request.param][0]))


@pytest.fixture(scope="session")
def any_hosted(request: pytest.FixtureRequest) -> tuple[str, Path]:
    """A site served by a local static host; parametrised (indirectly) by a name in SITES."""
    hosted: tuple[str, Path] = request.getfixturevalue(SITES[request.param][1])
    return hosted
