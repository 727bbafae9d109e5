"""The 404 page is styled and error-free wherever it is served: from disk, from any depth of
a host, in the preview (issue 23)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def styled_without_errors(browser: Any, url: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 640})
    errors: list[str] = []

    def console(msg: Any) -> None:
        # The 404 status of the page itself is logged too: that is the host's answer, not
        # a fault of the page.
        if msg.type in ("error", "warning") and msg.location.get("url") != url:
            errors.append(msg.text)

    page.on("console", console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    notice = page.locator("#health-notice")
    # The stylesheet gives the notice its background; unstyled, it would be transparent.
    background = notice.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), url
    assert page.locator("h1").inner_text() == "Page not found"
    assert errors == [], (url, errors)
    page.close()


def test_the_404_page_is_styled_from_disk(browser: Any, real_site: Path) -> None:
    styled_without_errors(browser, (real_site / "404.html").as_uri())


def test_the_404_page_is_styled_at_any_depth_of_a_host(
    browser: Any, hosted: tuple[str, Path]
) -> None:
    base, _ = hosted
    for missing in ("nothing-here", "articles/gone/", "a/b/c/d/e.html"):
        styled_without_errors(browser, base + missing)
