"""Real Chromium through Playwright (see ../shared/TOOLING.md for why these flags).

Without a browser these tests skip with the reason; with REQUIRE_BROWSER=1 (as in CI) a
missing browser fails the run instead, so a green CI always means the browser tests ran.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.cli import main

REPO = Path(__file__).resolve().parents[2]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_or_skip(reason: str) -> None:
    """Skip, or fail when the run requires browsers (REQUIRE_BROWSER=1)."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


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
