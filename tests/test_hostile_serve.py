"""Issue 19, class 11: the preview answers only to its own loopback names.

A page from another site can point a name it controls at 127.0.0.1 (DNS rebinding) and then
read the preview, drafts included, and talk to its websocket. The preview must refuse any
`Host:` that is not a loopback name it listens on, and a websocket handshake from any other
`Origin:`. And replacing the content folder while it serves must not leave it stale.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from sitekit import ARTICLE, BIBLIOGRAPHY_YAML, PAGE, REPO, SITE_YAML, SiteDir

ARTICLE_URL = "/articles/kratom-and-pain/index.html"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Preview:
    site: SiteDir
    port: int
    process: subprocess.Popen[str]

    def get(self, path: str, host: str | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.putrequest("GET", path, skip_host=True)
            conn.putheader("Host", host or f"127.0.0.1:{self.port}")
            conn.endheaders()
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def handshake(self, origin: str, host: str | None = None) -> int:
        """Open livereload's websocket with this Origin; return the HTTP status."""
        request = (
            "GET /livereload HTTP/1.1\r\n"
            f"Host: {host or f'127.0.0.1:{self.port}'}\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n"
            f"Origin: {origin}\r\n"
            "\r\n"
        )
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
            s.sendall(request.encode())
            status_line = s.recv(4096).split(b"\r\n", 1)[0].decode()
        return int(status_line.split()[1])

    def wait_for(self, path: str, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        body = ""
        while time.monotonic() < deadline:
            try:
                _, body = self.get(path)
            except OSError:
                body = ""
            if text in body:
                return body
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared in {path} within {timeout} s")


def start(site: SiteDir) -> Preview:
    """Start `serve` for the site and wait until it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port)],
        cwd=site.root,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    server = Preview(site, port, process)
    deadline = time.monotonic() + 30
    while True:
        try:
            if server.get("/")[0] == 200:
                return server
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(process.communicate()[1])
        time.sleep(0.1)


def stop(server: Preview) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        try:
            server.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.communicate()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """One preview for the tests that only read from it (starting one takes a second)."""
    site = SiteDir(tmp_path_factory.mktemp("serve") / "proj", None)  # type: ignore[arg-type]
    site.root.mkdir()
    shutil.copytree(REPO / "templates", site.root / "templates")
    for rel, text in (
        ("site.yaml", SITE_YAML),
        ("bibliography.yaml", BIBLIOGRAPHY_YAML),
        ("articles/kratom-and-pain.md", ARTICLE),
        ("pages/about.md", PAGE),
    ):
        site.write(rel, text)
    server = start(site)
    yield server
    stop(server)


@pytest.fixture
def preview(site: SiteDir) -> Iterator[Preview]:
    """A preview of its own, for a test that changes the content."""
    server = start(site)
    yield server
    stop(server)


@pytest.mark.parametrize("path", ["/", ARTICLE_URL, "/livereload.js"])
@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1.evil.example:{port}",
        "localhost.evil.example:{port}",
        "evil.example:80",
    ],
)
def test_a_foreign_host_header_gets_no_page(shared: Preview, host: str, path: str) -> None:
    status, body = shared.get(path, host.format(port=shared.port))
    assert status in (403, 421), (status, body[:200])
    assert "health-notice" not in body
    assert "Kratom" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}"])
def test_the_loopback_names_work(shared: Preview, host: str) -> None:
    status, body = shared.get(ARTICLE_URL, host.format(port=shared.port))
    assert status == 200
    assert 'id="health-notice"' in body
    assert "Kratom and pain</h1>" in body


@pytest.mark.parametrize(
    "origin",
    ["http://evil.example", "http://evil.example:{port}", "http://127.0.0.1.evil.example", "null"],
)
def test_the_websocket_refuses_a_foreign_origin(shared: Preview, origin: str) -> None:
    assert shared.handshake(origin.format(port=shared.port)) == 403


def test_the_websocket_refuses_a_rebound_name(shared: Preview) -> None:
    # DNS rebinding: the name and the origin are the attacker's, the address is loopback.
    status = shared.handshake("http://evil.example", host=f"evil.example:{shared.port}")
    assert status in (403, 421)


@pytest.mark.parametrize("origin", ["http://127.0.0.1:{port}", "http://localhost:{port}"])
def test_the_websocket_accepts_the_preview_itself(shared: Preview, origin: str) -> None:
    host = "localhost" if "localhost" in origin else "127.0.0.1"
    status = shared.handshake(origin.format(port=shared.port), f"{host}:{shared.port}")
    assert status == 101


@pytest.mark.parametrize("how", ["copy-back", "move-back", "swap-in-a-copy"])
def test_replacing_the_content_folder_does_not_leave_the_preview_stale(
    preview: Preview, how: str
) -> None:
    content = preview.site.content
    away = content.with_name("content-away")
    if how == "swap-in-a-copy":  # as a checkout or a sync tool does: build aside, swap in
        fresh = content.with_name("content-new")
        shutil.copytree(content, fresh)
        content.rename(away)
        fresh.rename(content)
    else:
        content.rename(away)
        time.sleep(1)  # let the preview notice the folder is gone
        if how == "copy-back":
            shutil.copytree(away, content)
        else:
            away.rename(content)
    time.sleep(1)
    (content / "articles" / "kratom-and-pain.md").write_text(
        ARTICLE.replace("title: Kratom and pain", "title: Kratom and pain, edited after")
    )
    preview.wait_for(ARTICLE_URL, "Kratom and pain, edited after</h1>", timeout=10)
