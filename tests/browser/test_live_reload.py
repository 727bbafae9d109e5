"""In Chromium: saving an article reloads the open preview page by itself."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def test_saving_an_article_reloads_the_page(browser: Any, tmp_path: Path) -> None:
    project = tmp_path / "proj"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(REPO / "templates", project / "templates")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "serve", "--port", str(port)],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        problems: list[str] = []
        pages = []
        # the websocket must work for whichever name the browser used for the preview
        for host in ("127.0.0.1", "localhost"):
            page = browser.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            url = f"http://{host}:{port}/articles/kratom-overdose/index.html"
            deadline = time.monotonic() + 20
            while True:
                try:
                    page.goto(url)
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            page.wait_for_function("window.LiveReload !== undefined")
            pages.append(page)
        time.sleep(0.5)  # let the clients finish their websocket handshakes
        article = project / "content" / "articles" / "kratom-overdose.md"
        text = article.read_text()
        title = text.split("\ntitle: ", 1)[1].split("\n", 1)[0]

        def save(new_title: str) -> None:
            article.write_text(text.replace(f"title: {title}", f"title: {new_title}", 1))

        def shown(new_title: str) -> None:
            for page in pages:
                page.wait_for_selector(f"h1:has-text('{new_title}')", timeout=10000)

        save("Edited while watching")
        shown("Edited while watching")
        # Two saves close together: the second lands while the pages reload after the first
        # (livereload's 3 s throttle is off, and a page that missed a reload catches up).
        for n, gap in enumerate((0.4, 0.3, 0.5), 1):
            save(f"Save {n}a")
            time.sleep(gap)
            save(f"Save {n}b")
            shown(f"Save {n}b")
        assert problems == [], problems  # nothing blocked by the page's CSP
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=15)
    assert process.returncode == 0
    assert "Traceback" not in err, err
