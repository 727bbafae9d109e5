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
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        url = f"http://127.0.0.1:{port}/articles/kratom-overdose/index.html"
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
        time.sleep(0.5)  # let the client finish its websocket handshake
        article = project / "content" / "articles" / "kratom-overdose.md"
        text = article.read_text()
        title = text.split("\ntitle: ", 1)[1].split("\n", 1)[0]
        article.write_text(text.replace(f"title: {title}", "title: Edited while watching", 1))
        page.wait_for_selector("h1:has-text('Edited while watching')", timeout=15000)
        # a second quick save also reaches the browser (livereload's 3 s throttle is off)
        article.write_text(text.replace(f"title: {title}", "title: Edited twice", 1))
        page.wait_for_selector("h1:has-text('Edited twice')", timeout=15000)
        assert problems == [], problems  # nothing blocked by the page's CSP
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
    assert process.returncode == 0
