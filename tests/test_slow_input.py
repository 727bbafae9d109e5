"""Text that Python-Markdown takes minutes to parse must not hang a build or the preview."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from sitegen.engine import jobs
from sitegen.engine.pool import DOC_SECONDS

from sitekit import ARTICLE, SiteDir


def test_a_page_that_is_slow_to_convert_is_stopped_with_a_clear_error(site: SiteDir) -> None:
    assert site.build().code == 0
    before = site.tree()
    # Python-Markdown alone needs over 20 s for 8,000 unclosed brackets, minutes for more.
    site.article("slow.md", ARTICLE.replace("Kratom and pain", "Slow page") + "[" * 30_000 + "\n")
    started = time.monotonic()
    result = site.build("--jobs", "1")
    seconds = time.monotonic() - started
    assert result.code == 1
    assert (
        f"content/articles/slow.md:27: error: this page took over {DOC_SECONDS} s to convert "
        "and was stopped; text such as thousands of unclosed [ brackets is slow to parse: "
        "simplify it" in result.err
    )
    assert "Traceback" not in result.err
    assert seconds < DOC_SECONDS + 10
    assert site.tree() == before


def test_a_file_that_is_slow_to_load_is_stopped_with_a_clear_error(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loading is linear, so no real file is slow enough to test with: one file's loading is
    # made to hang instead, under a limit short enough to wait for.
    real = jobs.load_article

    def load(path: Path, *args: Any) -> Any:
        if path.name == "slow.md":
            time.sleep(30)
        return real(path, *args)

    monkeypatch.setattr(jobs, "load_article", load)
    monkeypatch.setattr(jobs, "DOC_SECONDS", 1)
    assert site.build().code == 0
    before = site.tree()
    site.article("slow.md", ARTICLE.replace("Kratom and pain", "Slow page"))
    started = time.monotonic()
    result = site.build("--jobs", "1")
    assert result.code == 1
    assert (
        "content/articles/slow.md:1: error: this file took over 1 s to load and was stopped"
        in result.err
    )
    assert "Traceback" not in result.err
    assert time.monotonic() - started < 20
    assert site.tree() == before
