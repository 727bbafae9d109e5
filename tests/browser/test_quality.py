"""The quality gate, in real Chromium, on the real content: accessibility, a notice no one
can miss, phone layout, dark mode, print, valid HTML, and screenshots for the README."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from browserkit import REPO, require_or_skip

PAGES = {
    "home": "",
    "article": "articles/kratom-overdose/",
    "topics": "topics/",
    "topic": "topics/overdose/",
    "risks": "risks/",
    "claims": "claims/",
    "sources": "sources/",
    "search": "search/?q=liver",
    "about": "about/",
    "policy": "editorial-policy/",
    "404": "no/such/page/",
}
PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = REPO / "test-artifacts"

# WCAG contrast of an element's text against the first opaque background behind it.
CONTRAST_JS = """
el => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let node = el, bg = null;
  while (node) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.99)) { bg = c; break; }
    node = node.parentElement;
  }
  bg = bg || [255, 255, 255];
  const fg = parse(getComputedStyle(el).color);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
"""


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def visit(page: Any, hosted: tuple[str, Path], name: str) -> None:
    base, _ = hosted
    page.goto(base + PAGES[name])
    if name == "search":
        page.wait_for_selector("#search-results li")


def axe_violations(page: Any) -> str:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return results.generate_report() if results.violations_count else ""


@pytest.mark.parametrize("name", PAGES)
def test_no_accessibility_violations_on_a_phone(
    page: Any, hosted: tuple[str, Path], name: str
) -> None:
    visit(page, hosted, name)
    assert axe_violations(page) == ""


@pytest.mark.parametrize("name", PAGES)
def test_no_accessibility_violations_in_dark_mode(
    browser: Any, hosted: tuple[str, Path], name: str
) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    page = context.new_page()
    visit(page, hosted, name)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 23, 26)", "the dark colours did not apply"
    assert axe_violations(page) == ""
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", PAGES)
def test_the_notice_is_on_the_first_screen_and_legible(
    browser: Any, hosted: tuple[str, Path], name: str, viewport: dict[str, int]
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    visit(page, hosted, name)
    notice = page.locator("#health-notice")
    assert notice.count() == 1
    box = notice.bounding_box()
    assert box is not None and box["y"] >= 0
    assert box["y"] + box["height"] <= viewport["height"], f"notice ends at {box}"
    for element in notice.locator("p, strong, a, span").all():
        ratio = element.evaluate(CONTRAST_JS)
        assert ratio >= 4.5, f"{element.inner_text()[:40]!r} has contrast {ratio:.2f}"
    # announced as a landmark with a name
    assert page.get_by_role("complementary", name="Health notice").count() == 1
    context.close()


def test_the_skip_link_comes_first_and_focus_is_always_visible(
    page: Any, hosted: tuple[str, Path]
) -> None:
    visit(page, hosted, "article")
    page.keyboard.press("Tab")
    first = page.evaluate(
        "document.activeElement.className + ' ' + document.activeElement.getAttribute('href')"
    )
    assert first == "skip-link #main"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0  # it appears when focused
    seen = 0
    for _ in range(60):
        style = page.evaluate("""() => {
            const s = getComputedStyle(document.activeElement);
            return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth];
        }""")
        if style[0] == "BODY":
            break
        assert style[1] != "none" and style[2] != "0px", f"no visible focus on {style[0]}"
        seen += 1
        page.keyboard.press("Tab")
    assert seen > 20


def test_search_form_controls_show_focus(page: Any, hosted: tuple[str, Path]) -> None:
    visit(page, hosted, "home")
    for selector in ("#q", ".search-form button"):
        page.focus(selector)
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", selector


def test_badges_say_what_their_colour_says(page: Any, hosted: tuple[str, Path]) -> None:
    for name in ("article", "claims", "risks", "home"):
        visit(page, hosted, name)
        badges = page.locator(".badge").all_inner_texts()
        assert badges, name
        words = (
            "very low",
            "low",
            "moderate",
            "high",
            "supported",
            "limited",
            "unsupported",
            "contradicted",
            "serious",
            "mild",
        )
        for text in badges:
            assert any(w in text.lower() for w in words), f"badge {text!r} has no words"


@pytest.mark.parametrize("name", PAGES)
def test_no_sideways_scrolling_at_320_pixels(
    browser: Any, hosted: tuple[str, Path], name: str
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    visit(page, hosted, name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page is {width} px wide"
    context.close()


def test_tables_stack_on_a_phone(page: Any, hosted: tuple[str, Path]) -> None:
    visit(page, hosted, "risks")
    cells = page.locator("table.stack td")
    assert cells.count() > 10
    assert cells.first.evaluate("el => getComputedStyle(el).display") == "block"
    label = cells.first.evaluate("el => getComputedStyle(el, '::before').content")
    assert label == '"Discussed in: "'


def test_print_keeps_the_notice_article_and_references(page: Any, hosted: tuple[str, Path]) -> None:
    visit(page, hosted, "article")
    page.emulate_media(media="print")

    def shown(selector: str) -> bool:
        return bool(page.locator(selector).first.is_visible())

    for selector in ("#health-notice", "article h1", ".prose", "#risks", "#references"):
        assert shown(selector), selector
    for selector in (".site-nav", ".skip-link", ".footer-links", ".on-this-page"):
        assert not shown(selector), selector
    urls = page.locator(".reference-list .ref-url").all_inner_texts()
    assert urls and all(u.startswith("https://") for u in urls)
    visit(page, hosted, "home")
    page.emulate_media(media="print")
    assert not shown(".search-form")
    assert shown("#health-notice")


def test_the_nu_checker_finds_no_errors(hosted: tuple[str, Path]) -> None:
    jar = Path(
        os.environ.get("VNU_JAR", REPO / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
    )
    java = shutil.which("java")
    if java is None or not jar.is_file():
        require_or_skip(f"the Nu checker needs Java and {jar} (.ci/run installs both)")
    _, out = hosted
    result = subprocess.run(
        [java, "-jar", str(jar), "--skip-non-html", "--errors-only", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("name", ["home", "article", "claims", "search"])
def test_screenshots_for_people_to_look_at(
    browser: Any, hosted: tuple[str, Path], name: str
) -> None:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        visit(page, hosted, name)
        path = folder / f"{label}-{name}.png"
        page.screenshot(path=str(path))
        assert path.stat().st_size > 10_000
        context.close()
