"""The live preview, run as an editor runs it: a real server in a subprocess (and its parts)."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.serve import server as serve_module
from sitegen.serve.preview import Preview
from sitegen.serve.watch import Changes

from sitekit import ARTICLE, REPO, SiteDir

ARTICLE_URL = "/articles/kratom-and-pain/index.html"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    site: SiteDir
    port: int
    process: subprocess.Popen[str]

    def get(self, path: str, method: str = "GET") -> tuple[int, str]:
        return self.request(path, method)[:2]

    def request(self, path: str, method: str = "GET") -> tuple[int, str, http.client.HTTPResponse]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        conn.request(method, path)
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        conn.close()
        return response.status, body, response

    def wait_for(self, path: str, text: str, present: bool = True, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        body = ""
        while time.monotonic() < deadline:
            _, body = self.get(path)
            if (text in body) == present:
                return body
            time.sleep(0.1)
        raise AssertionError(f"{text!r} {'never appeared' if present else 'stayed'} in {path}")

    def stop(self) -> tuple[int, str, str]:
        self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=15)
        return self.process.returncode, out, err


def start(
    site: SiteDir, port: int, *args: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port), *args],
        cwd=site.root,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def launch(site: SiteDir, *args: str) -> Served:
    """Start the preview and wait until it answers."""
    port = free_port()
    process = start(site, port, *args)
    server = Served(site, port, process)
    deadline = time.monotonic() + 20
    while True:
        try:
            server.get("/")
            return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(process.communicate()[1]) from None
            time.sleep(0.1)


@pytest.fixture
def served(site: SiteDir) -> Iterator[Served]:
    server = launch(site)
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.communicate()


def test_pages_are_served_with_the_livereload_script(served: Served) -> None:
    status, body = served.get("/")
    assert status == 200
    script = f'<script src="/livereload.js?port={served.port}&amp;host=127.0.0.1&amp;build='
    assert script in body
    assert body.count(script) == 1
    # the websocket is same-origin ('self'), so it works for any name of the host
    assert "connect-src 'self'" in body
    assert "ws://" not in body
    assert served.get("/livereload.js")[0] == 200
    assert 'id="build-errors"' not in body


def test_it_listens_on_loopback_only(served: Served) -> None:
    listening = Path("/proc/net/tcp").read_text().splitlines()[1:]
    ours = [line.split() for line in listening if line.split()[1].endswith(f":{served.port:04X}")]
    assert ours, "no listening socket found"
    assert all(fields[1].startswith("0100007F:") for fields in ours)


def test_an_edit_appears_and_a_broken_edit_shows_its_error(served: Served) -> None:
    article = served.site.content / "articles" / "kratom-and-pain.md"
    article.write_text(ARTICLE.replace("title: Kratom and pain", "title: Kratom and pain, edited"))
    served.wait_for(ARTICLE_URL, "Kratom and pain, edited</h1>")

    article.write_text(ARTICLE.replace("topic: pain", "topic: [pain"))
    body = served.wait_for(ARTICLE_URL, 'id="build-errors"')
    assert "content/articles/kratom-and-pain.md:4: error: invalid YAML" in body
    assert "Kratom and pain, edited</h1>" in body  # the last good build is still served
    assert 'id="build-errors"' in served.get("/about/index.html")[1]  # on every page

    article.write_text(ARTICLE)
    body = served.wait_for(ARTICLE_URL, 'id="build-errors"', present=False)
    assert "Kratom and pain</h1>" in body
    code, _, err = served.stop()
    assert code == 0
    assert "Traceback" not in err
    assert "content/articles/kratom-and-pain.md:4: error: invalid YAML" in err


def test_path_traversal_is_refused(served: Served) -> None:
    for path in (
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/static/../../../etc/passwd",
    ):
        status, body = served.get(path)
        assert status == 404, path
        assert "root:" not in body


def test_drafts_are_in_the_preview_and_marked(served: Served) -> None:
    served.site.article(
        "draft-one.md",
        ARTICLE.replace("title: Kratom and pain", "title: Draft")
        .replace("pain-relief", "other")
        .replace("created:", "draft: true\ncreated:"),
    )
    body = served.wait_for("/articles/draft-one/index.html", "DRAFT")
    assert "Drafts appear only in previews" in body


def served_folder(out: str) -> Path:
    return Path(out.split(" from ", 1)[1].split(";", 1)[0])


def test_ctrl_c_stops_cleanly_and_keeps_the_preview_beside_the_cache(served: Served) -> None:
    code, out, err = served.stop()
    assert code == 0
    assert "Traceback" not in err
    folder = served_folder(out)
    assert folder == Path(".cache/sitegen/preview")
    assert (served.site.root / folder / "index.html").is_file()
    assert not (served.site.root / "site").exists()  # site/ is left to real builds


def test_the_next_session_renders_only_what_changed(site: SiteDir) -> None:
    preview = site.root / ".cache/sitegen/preview"
    for edit in ("", "title: Kratom and pain, edited"):
        if edit:
            site.article("kratom-and-pain.md", ARTICLE.replace("title: Kratom and pain", edit))
        launch(site).stop()
        if not edit:
            first = {
                name: (preview / name).stat().st_ino
                for name in ("about/index.html", ARTICLE_URL.lstrip("/"))
            }
    assert (preview / "about/index.html").stat().st_ino == first["about/index.html"]
    article = preview / ARTICLE_URL.lstrip("/")
    assert article.stat().st_ino != first[ARTICLE_URL.lstrip("/")]
    assert "Kratom and pain, edited</h1>" in article.read_text()


def test_without_cache_the_preview_folder_is_temporary(site: SiteDir) -> None:
    code, out, err = launch(site, "--no-cache").stop()
    assert code == 0, err
    folder = served_folder(out)
    assert "sitegen-preview-" in str(folder)
    assert not folder.exists()
    assert not (site.root / ".cache").exists()


def test_a_ctrl_c_as_the_server_starts_still_leaves_the_serving_line(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The server answers as soon as it starts: an editor (or a test) may stop it right
    # after its first answer, and must still have been told where the preview is.
    def interrupted(self: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.chdir(site.root)
    monkeypatch.setattr(serve_module._Server, "start", interrupted)
    options = site.options()
    capsys.readouterr()
    sigterm = signal.getsignal(signal.SIGTERM)  # serve() sets its own; give pytest's back
    try:
        assert serve_module.serve(options, "127.0.0.1", free_port(), temporary=True) == 0
    finally:
        signal.signal(signal.SIGTERM, sigterm)
    out = capsys.readouterr().out
    assert out.endswith("stopped\n")
    folder = served_folder(out)
    assert "sitegen-preview-" in str(folder)
    assert not folder.exists()


def test_port_in_use_is_one_clear_line_before_any_build(site: SiteDir) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        process = start(site, port)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 1
    assert err.splitlines() == [
        f"error: port {port} is already in use; choose another with --port {port + 1}"
    ]
    assert out == ""  # nothing was built
    assert not (site.root / ".cache").exists()


def test_head_requests_get_the_headers_only(served: Served) -> None:
    status, body, response = served.request(ARTICLE_URL, "HEAD")
    assert status == 200
    assert body == ""
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert int(response.getheader("Content-Length") or 0) > 1000
    assert served.get("/static/style.css", "HEAD") == (200, "")
    assert served.get("/no-such-page/", "HEAD") == (404, "")


def test_the_404_page_works_in_the_preview(served: Served) -> None:
    status, body = served.get("/no/such/page/")
    assert status == 404
    assert "Page not found" in body
    assert "https://example.org/test/" not in body  # the production address
    assert "<style>" in body and 'rel="stylesheet"' not in body  # its style travels inside it
    assert f'href="http://127.0.0.1:{served.port}/"' in body  # home stays in the preview


def test_ctrl_c_during_the_first_build_removes_the_temporary_folder(
    site: SiteDir, tmp_path: Path
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = start(site, free_port(), "--no-cache", env={"TMPDIR": str(temp)})
    deadline = time.monotonic() + 20
    while not any(temp.glob("sitegen-preview-*")):  # made just before the first build
        assert process.poll() is None and time.monotonic() < deadline, "no preview folder"
        time.sleep(0.001)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=15)
    assert "serving http" not in out  # it was stopped before it served
    assert "Traceback" not in err, err
    assert list(temp.iterdir()) == []


# --- in one process: an edit's page before the rest of its build; the watcher ---------------


def preview_of(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> tuple[Preview, list[tuple[dict[str, bytes], str, bool]]]:
    """A built preview of the site (run from its folder, as an editor runs it), and a list
    that records the preview's state each time it changes (early pages, a finished build).
    """
    monkeypatch.chdir(site.root)
    options = site.options(site.root / "preview", site.root / "cache")
    preview = Preview(options, (site.content, options.templates))
    seen: list[tuple[dict[str, bytes], str, bool]] = []

    def on_server(run: Callable[[], None]) -> None:
        run()
        seen.append((dict(preview.early), preview.build_id, preview.failed))

    preview.on_server = on_server
    preview.rebuild()
    seen.clear()
    return preview, seen


def test_an_edited_page_is_shown_before_the_rest_of_its_build(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview, seen = preview_of(site, monkeypatch)
    page = ARTICLE_URL.lstrip("/")
    site.article("kratom-and-pain.md", ARTICLE.replace("title: Kratom and pain", "title: Renamed"))
    preview.rebuild()
    (early, shown, _), (after, shown_after, failed) = seen
    assert list(early) == [page]  # only the edited page, before the build was done
    assert "Renamed</h1>" in early[page].decode()
    # The rest is still the first build's; then all of it is the second's.
    assert shown.endswith("-1") and shown_after.endswith("-2") and not failed
    assert after == {}  # then the site itself serves it, exactly as shown early
    assert (site.root / "preview" / page).read_bytes() == early[page]
    assert "Renamed" in (site.root / "preview/index.html").read_text()


def test_an_edit_with_errors_is_not_shown_early(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview, seen = preview_of(site, monkeypatch)
    site.article("kratom-and-pain.md", ARTICLE + "\nSee [@no-such-source].\n")
    preview.rebuild()
    assert seen == [({}, f"{preview.session}-2", True)]


def test_a_build_failing_after_the_early_page_goes_back_to_the_last_good_one(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview, seen = preview_of(site, monkeypatch)
    page = ARTICLE_URL.lstrip("/")
    before = (site.root / "preview" / page).read_bytes()
    # The page itself converts cleanly; its link to a missing anchor is checked last.
    site.article("kratom-and-pain.md", ARTICLE + "\nSee [about](../pages/about.md#nowhere).\n")
    preview.rebuild()
    (early, _, _), (after, _, failed) = seen
    assert list(early) == [page]
    assert failed and after == {}
    assert any("nowhere" in str(p) for p in preview.problems)
    assert (site.root / "preview" / page).read_bytes() == before


def test_the_watcher_wakes_for_a_save_and_not_for_a_hidden_file(tmp_path: Path) -> None:
    changes = Changes((tmp_path,))
    woke = threading.Event()
    threading.Thread(target=lambda: (changes.wait(), woke.set()), daemon=True).start()
    try:
        (tmp_path / ".kratom.md.swp").write_text("an editor's swap file")
        (tmp_path / ".git").mkdir()
        (tmp_path / ".git" / "index").write_text("git's")
        assert not woke.wait(0.6)
        (tmp_path / "kratom.md").write_text("saved")
        assert woke.wait(5)
    finally:
        changes.stop()
