"""Each site, opened from disk in Chromium: the notice is on the first screen of a phone.

The starter is the folder `sitegen build` wrote in a site made by `sitegen init`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browserkit import SITES


@pytest.mark.parametrize("any_site", list(SITES), indirect=True)
def test_home_page_from_disk_shows_the_notice_on_a_phone(browser: Any, any_site: Path) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.goto((any_site / "index.html").as_uri())
    notice = page.locator("#health-notice")
    assert notice.count() == 1
    box = notice.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= 640, box
    assert "professional" in notice.inner_text()
    # The stylesheet loaded from disk: the notice has its background colour.
    background = notice.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    page.close()
