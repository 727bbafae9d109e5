"""Text that Python-Markdown takes minutes to parse must not hang a build or the preview."""

from __future__ import annotations

import time

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
