"""Safety essentials: shared blocks, risk kinds, required coverage (issue 21).

Plain-language notes have tests of their own (test_plain.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest

from sitegen.build import build_site
from sitegen.serve.preview import Preview

from sitekit import ARTICLE, BIBLIOGRAPHY_YAML, SITE_YAML, SiteDir

PATH = "content/articles/kratom-and-pain.md"
SOURCE_C = """\
- id: source-c
  title: "Source C"
  by: "Agency C"
  year: 2024
  url: https://example.org/c
"""
FIRST_AID = """\
---
title: When to get help
sources: [source-c]
last_reviewed: 2026-06-01
---

## When to get help

Call the emergency number at once [@source-c].

### While you wait

Stay with the person.
"""
KINDS = """\
risk_kinds:
  liver: {name: "Liver injury", description: "Damage to the liver, and its signs."}
  mixing: {name: "Mixing with other substances", description: "Kratom with other drugs."}
  pregnancy: {name: "Pregnancy and breastfeeding", description: "Babies and mothers."}
"""


def with_block(site: SiteDir, name: str = "when-to-get-help", text: str = FIRST_AID) -> None:
    site.write("bibliography.yaml", BIBLIOGRAPHY_YAML + SOURCE_C)
    site.write(f"blocks/{name}.md", text)


def include(article: str, line: str, after: str = "## Evidence\n") -> str:
    return article.replace(after, f"{line}\n\n{after}", 1)


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v]


def ids(html: str) -> list[str]:
    parser = Ids()
    parser.feed(html)
    return parser.ids


# --- blocks ---------------------------------------------------------------------------------


def test_a_block_renders_in_place_with_its_citation_numbered_after_the_pages(
    site: SiteDir,
) -> None:
    with_block(site)
    site.article("kratom-and-pain.md", include(ARTICLE, "::block[when-to-get-help]"))
    result = site.build("--strict")
    assert result.code == 0, result.err
    html = site.html("articles/kratom-and-pain/index.html")
    # In place: after "What it is", before "Evidence".
    assert (
        html.index("What it is")
        < html.index("Call the emergency number")
        < html.index('id="evidence"')
    )
    # The page cites source-a and source-b as [1] and [2]; the block's source is [3].
    assert '<a href="#ref-source-c" rel="noopener">3</a>' in html
    references = html[html.index('id="references"') :]
    assert re.findall(r'<li id="ref-([a-z-]+)">', references) == [
        "source-a",
        "source-b",
        "source-c",
    ]
    # Its headings are anchors of the page, and its words are in the search index.
    assert {"when-to-get-help", "while-you-wait"} <= set(ids(html))
    text = (site.out / "search/text/articles--kratom-and-pain.js").read_text()
    assert "When to get help" in text and "Call the emergency number" in text
    assert "::block" not in html


def test_a_block_can_be_linked_to_by_its_heading_from_another_page(site: SiteDir) -> None:
    with_block(site)
    site.article("kratom-and-pain.md", include(ARTICLE, "::block[when-to-get-help]"))
    site.write(
        "pages/about.md",
        "---\ntitle: About\nsummary: Who.\nlast_reviewed: 2026-06-01\n---\n\n"
        "See [first aid](../articles/kratom-and-pain.md#while-you-wait).\n",
    )
    assert site.build("--strict").code == 0
    site.write(
        "pages/about.md",
        "---\ntitle: About\nsummary: Who.\nlast_reviewed: 2026-06-01\n---\n\n"
        "See [first aid](../articles/kratom-and-pain.md#while-you-sleep).\n",
    )
    result = site.build()
    assert "content/pages/about.md:7: error: link to '#while-you-sleep'" in result.err


def test_a_problem_in_a_block_is_reported_at_the_blocks_own_line(site: SiteDir) -> None:
    with_block(site, text=FIRST_AID.replace("Stay with the person.", "It is a miracle cure."))
    site.article("kratom-and-pain.md", include(ARTICLE, "::block[when-to-get-help]"))
    result = site.check("--strict")
    assert result.code == 1
    assert "content/blocks/when-to-get-help.md:13: warning: promotional wording 'miracle'" in (
        result.err
    )
    assert "kratom-and-pain.md" not in result.err


def test_an_unknown_block_is_an_error_at_the_including_line(site: SiteDir) -> None:
    with_block(site)
    site.article("kratom-and-pain.md", include(ARTICLE, "::block[when-to-get-hlp]"))
    result = site.build()
    assert result.code == 1
    assert (
        f"{PATH}:32: error: no shared block 'when-to-get-hlp' in content/blocks/; did you mean "
        "'when-to-get-help'? (blocks: when-to-get-help)" in result.err
    )


def test_a_block_that_includes_itself_is_an_error_at_the_including_line(site: SiteDir) -> None:
    with_block(site, "a", "---\ntitle: A\nlast_reviewed: 2026-06-01\n---\n\nA.\n\n::block[b]\n")
    site.write("blocks/b.md", "---\ntitle: B\nlast_reviewed: 2026-06-01\n---\n\nB.\n\n::block[a]\n")
    site.article("kratom-and-pain.md", include(ARTICLE, "::block[a]"))
    result = site.build()
    assert result.code == 1
    assert "content/blocks/a.md:8: error: block 'a' includes itself (a → b → a)" in result.err
    assert "content/blocks/b.md:8: error: block 'b' includes itself (b → a → b)" in result.err
    assert "Traceback" not in result.err


def test_a_block_citing_a_source_the_bibliography_lacks_is_an_error_where_included(
    site: SiteDir,
) -> None:
    with_block(site, text=FIRST_AID.replace("[source-c]", "[source-x]"))
    site.article("kratom-and-pain.md", include(ARTICLE, "::block[when-to-get-help]"))
    result = site.build()
    assert result.code == 1
    assert (
        "content/blocks/when-to-get-help.md:3: error: unknown source 'source-x': it is not in "
        "bibliography.yaml" in result.err
    )
    assert (
        f"{PATH}:32: error: block 'when-to-get-help' cannot be included: "
        "content/blocks/when-to-get-help.md has errors" in result.err
    )


def test_an_include_inside_fenced_code_stays_text(site: SiteDir) -> None:
    with_block(site)
    site.article("kratom-and-pain.md", include(ARTICLE, "```\n::block[when-to-get-help]\n```"))
    assert site.build("--strict").code == 0
    html = site.html("articles/kratom-and-pain/index.html")
    assert "::block[when-to-get-help]" in html
    assert "Call the emergency number" not in html


def test_literal_braces_stay_literal_beside_blocks(site: SiteDir) -> None:
    with_block(site)
    site.article("kratom-and-pain.md", include(ARTICLE, "::block[when-to-get-help]\n\nA {{ x }}."))
    assert site.build("--strict").code == 0
    assert "A {{ x }}." in site.html("articles/kratom-and-pain/index.html")


def _build(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.chdir(site.root)
    return build_site(site.options(cache=site.root / "cache")).rendered


def three_articles(site: SiteDir) -> None:
    with_block(site)
    site.article("kratom-and-pain.md", include(ARTICLE, "::block[when-to-get-help]"))
    other = ARTICLE.replace("title: Kratom and pain", "title: Other")
    site.article("other.md", include(other, "::block[when-to-get-help]"))
    site.article("plain.md", ARTICLE.replace("title: Kratom and pain", "title: Plain"))


def test_editing_a_block_renders_again_exactly_the_pages_that_include_it(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    three_articles(site)
    assert _build(site, monkeypatch) == 4  # three articles and the about page
    plain = (site.out / "articles/plain/index.html").stat().st_ino
    with_block(site, text=FIRST_AID.replace("Stay with the person.", "Stay with them."))
    assert _build(site, monkeypatch) == 2
    for slug in ("kratom-and-pain", "other"):
        assert "Stay with them." in site.html(f"articles/{slug}/index.html")
    assert (site.out / "articles/plain/index.html").stat().st_ino == plain


def test_the_preview_shows_an_edited_blocks_pages_first(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    three_articles(site)
    monkeypatch.chdir(site.root)
    options = site.options(site.root / "preview", site.root / "cache")
    preview = Preview(options, (site.content, options.templates))
    seen: list[dict[str, bytes]] = []

    def on_server(run: Callable[[], None]) -> None:
        run()
        seen.append(dict(preview.early))

    preview.on_server = on_server
    preview.rebuild()
    seen.clear()
    with_block(site, text=FIRST_AID.replace("Stay with the person.", "Stay with them."))
    preview.rebuild()
    assert sorted(seen[0]) == [
        "articles/kratom-and-pain/index.html",
        "articles/other/index.html",
    ]


# --- risk kinds and required coverage -------------------------------------------------------


def kinds_site(site: SiteDir, required: str = "") -> None:
    site.write("site.yaml", SITE_YAML + KINDS + required)


def test_a_risk_kind_not_declared_is_an_error_with_a_suggestion(site: SiteDir) -> None:
    kinds_site(site)
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace(
            "    sources: [source-a]\n", "    sources: [source-a]\n    kind: livr\n", 1
        ),
    )
    result = site.check()
    assert result.code == 1
    assert (
        f"{PATH}:16: error: unknown risk kind 'livr'; did you mean 'liver'? "
        "(site.yaml's risk_kinds: liver, mixing, pregnancy)" in result.err
    )


def test_a_missing_required_kind_fails_check_at_the_risks_line(site: SiteDir) -> None:
    kinds_site(site, "required:\n  kinds: [liver, mixing]\n")
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace(
            "    sources: [source-a]\n", "    sources: [source-a]\n    kind: liver\n", 1
        ),
    )
    result = site.check()
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{PATH}:10: error: no risk of the required kind 'mixing' (Mixing with other "
        "substances): add one with 'kind: mixing', or say why it does not apply, in "
        "not_applicable",
        "1 error in 1 file",
    ]


def test_a_missing_required_block_fails_check(site: SiteDir) -> None:
    with_block(site)
    kinds_site(site, "required:\n  blocks: [when-to-get-help]\n")
    result = site.check()
    assert result.code == 1
    assert (
        f"{PATH}:27: error: the body does not include the required block 'when-to-get-help'"
        in result.err
    )
    site.article("kratom-and-pain.md", include(ARTICLE, "::block[when-to-get-help]"))
    assert site.check("--strict").code == 0


def test_not_applicable_is_shown_to_readers_in_a_sentence(site: SiteDir) -> None:
    kinds_site(site, "required:\n  kinds: [pregnancy]\n")
    reason = "This page is about a laboratory test of pain in men."
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace(
            "sources:\n  - source-a",
            f'not_applicable:\n  pregnancy: "{reason}"\nsources:\n  - source-a',
        ),
    )
    result = site.build("--strict")
    assert result.code == 0, result.err
    html = site.html("articles/kratom-and-pain/index.html")
    assert (
        f'<p class="not-covered"><strong>Pregnancy and breastfeeding</strong> is not covered '
        f"on this page. {reason}</p>" in html
    )


def test_not_applicable_for_something_not_required_is_an_error(site: SiteDir) -> None:
    kinds_site(site, "required:\n  kinds: [pregnancy]\n")
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace(
            "sources:\n  - source-a",
            'not_applicable:\n  pregnancy: "No."\n  pregancy: "No."\nsources:\n  - source-a',
        ),
    )
    result = site.check()
    assert (
        f"{PATH}:25: error: not_applicable names 'pregancy', which site.yaml does not require; "
        "did you mean 'pregnancy'?" in result.err
    )


def test_drafts_and_site_pages_need_not_cover_anything(site: SiteDir) -> None:
    kinds_site(site, "required:\n  kinds: [mixing]\n")
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace("---\n\n## What it is", "draft: true\n---\n\n## What it is"),
    )
    assert site.check("--drafts").code == 0


def test_the_risks_page_groups_risks_by_kind(site: SiteDir) -> None:
    kinds_site(site)
    mixing = (
        "  - name: {name}\n    severity: serious\n    certainty: low\n    kind: mixing\n"
        "    summary: {summary}\n    sources: [source-a]\n"
    )
    first = ARTICLE.replace(
        "risks:\n",
        "risks:\n" + mixing.format(name="Mixing with alcohol", summary="Alcohol adds to it."),
        1,
    )
    second = ARTICLE.replace("title: Kratom and pain", "title: Other").replace(
        "risks:\n",
        "risks:\n" + mixing.format(name="Taking it with opioids", summary="Breathing slows."),
        1,
    )
    site.article("kratom-and-pain.md", first)
    site.article("other.md", second)
    assert site.build("--strict").code == 0
    html = site.html("risks/index.html")
    sections = re.findall(r'<h2 id="([a-z0-9-]+)">([^<]+)</h2>', html)
    # The kind first (one section for both articles), then the risk of no kind, by name.
    assert sections[0] == ("mixing", "Mixing with other substances")
    assert ("liver-injury", "Liver injury") in sections
    section = html[html.index('id="mixing"') : html.index('id="liver-injury"')]
    assert "Kratom with other drugs." in section
    for text in (
        "Mixing with alcohol",
        "Alcohol adds to it.",
        "Taking it with opioids",
        "Breathing slows.",
    ):
        assert text in section


def test_new_offers_the_sites_required_blocks(site: SiteDir) -> None:
    with_block(site)
    kinds_site(site, "required:\n  blocks: [when-to-get-help]\n")
    assert site.run("new", "Sleep", "--topic", "pain").code == 0
    text = (site.content / "articles/sleep.md").read_text()
    assert text.endswith("\n::block[when-to-get-help]\n")


def test_the_policy_can_list_the_required_coverage(site: SiteDir) -> None:
    with_block(site)
    kinds_site(site, "required:\n  kinds: [liver]\n  blocks: [when-to-get-help]\n")
    site.article(
        "kratom-and-pain.md",
        include(ARTICLE, "::block[when-to-get-help]").replace(
            "    sources: [source-a]\n", "    sources: [source-a]\n    kind: liver\n", 1
        ),
    )
    site.write(
        "pages/about.md",
        "---\ntitle: About\nsummary: Who.\nlast_reviewed: 2026-06-01\n---\n\n"
        "Every article covers:\n\n::block[required-coverage]\n",
    )
    result = site.build("--strict")
    assert result.code == 0, result.err
    html = site.html("about/index.html")
    assert "<strong>Liver injury</strong>: Damage to the liver, and its signs." in html
    assert "<li>When to get help</li>" in html
    assert "Mixing with other substances" not in html  # declared, not required
