"""Helpers for the browser tests (a module of its own: test files cannot import conftest)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Debian's Chromium, never a browser Playwright downloads (there is no network to fetch one).
# Without the background-networking flags it floods the closed network with connections.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The sites the quality tests that hold for any site run on: by name, the fixtures that
# build each (opened from disk, and served by a local static host).
SITES = {"kratom": ("real_site", "hosted"), "starter": ("starter_site", "starter_hosted")}


def require_or_skip(reason: str) -> None:
    """Skip, or fail when the run requires browsers (REQUIRE_BROWSER=1)."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)
