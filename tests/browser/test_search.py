"""Search works from disk (file://), with no network, in a real browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def result_titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("main #search-results li h2 a").all_inner_texts()]


def test_typing_liver_lists_the_article_about_liver_injury(browser: Any, real_site: Path) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 640})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto((real_site / "search" / "index.html").as_uri())
    page.fill("#q", "liver")
    page.press("#q", "Enter")
    page.wait_for_selector("#search-results li")
    titles = result_titles(page)
    assert "Kratom and chronic pain, and its side effects" in titles
    assert page.locator("#search-status").inner_text().endswith("for \u201cliver\u201d")
    # each result is a link that leads to a real page
    first = page.locator("#search-results li h2 a").first
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith((real_site / "articles").as_uri())
    assert errors == []
    page.close()


def test_a_query_in_the_url_runs_on_load(browser: Any, real_site: Path) -> None:
    page = browser.new_page()
    page.goto((real_site / "search" / "index.html").as_uri() + "?q=hair")
    page.wait_for_selector("#search-results li")
    assert "Kratom in addiction recovery, and the question of hair loss" in result_titles(page)
    assert page.input_value("#q") == "hair"
    page.close()


def test_no_results_says_so(browser: Any, real_site: Path) -> None:
    page = browser.new_page()
    page.goto((real_site / "search" / "index.html").as_uri() + "?q=zzzxq")
    page.wait_for_function("document.getElementById('search-status').textContent.length > 0")
    assert page.locator("#search-status").inner_text().startswith("No results for")
    assert result_titles(page) == []
    page.close()


def test_the_home_page_search_box_leads_to_results(browser: Any, real_site: Path) -> None:
    page = browser.new_page()
    page.goto((real_site / "index.html").as_uri())
    page.fill("#q", "withdrawal")
    page.press("#q", "Enter")
    page.wait_for_selector("#search-results li")
    assert "/search/index.html?q=withdrawal" in page.url
    assert "Kratom and opioid withdrawal" in result_titles(page)
    page.close()
