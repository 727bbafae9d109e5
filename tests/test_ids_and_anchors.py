"""Issue 19, classes 6, 12 and 14, more members: ids, anchors, and where warnings point.

tests/test_hostile_second.py tries the issue's own members; these try the ids of the list
pages (claims, risks, sources), anchors the templates show only sometimes (#claims,
#changes) and on the list pages, and warnings about text written more than once.
"""

from __future__ import annotations

import pytest

from hostilekit import ARTICLE_PAGE, BODY, PATH, assert_problem, build, find, parse, problems
from sitekit import ARTICLE, BIBLIOGRAPHY_YAML, SITE_YAML, SiteDir

OTHER = ARTICLE.replace("title: Kratom and pain", "title: Other page").replace(
    "pain-relief", "other-claim"
)


def _fails_at(site: SiteDir, where: str, phrase: str) -> None:
    result = build(site)
    assert result.code == 1, result.err
    assert_problem(result.err, where, "error", phrase)
    assert not [p for p in problems(result.err) if p.startswith("templates/")], result.err


@pytest.mark.parametrize("claim_id", ["key", "verdict-limited", "top", "page-title"])
def test_a_claim_id_the_claims_page_uses_is_refused_at_its_line(
    site: SiteDir, claim_id: str
) -> None:
    site.article("kratom-and-pain.md", ARTICLE.replace("id: pain-relief", f"id: {claim_id}"))
    _fails_at(site, f"{PATH}:17", f"claim id '{claim_id}'")


@pytest.mark.parametrize("name", ["Main", "Jump label", "Site footer", "!!!"])
def test_a_risk_name_the_risks_page_cannot_use_is_refused_at_its_line(
    site: SiteDir, name: str
) -> None:
    site.article("kratom-and-pain.md", ARTICLE.replace("name: Liver injury", f'name: "{name}"'))
    _fails_at(site, f"{PATH}:11", "risk name")


@pytest.mark.parametrize("source_id", ["main", "key", "page-title"])
def test_a_source_id_the_sources_page_uses_is_refused_at_its_line(
    site: SiteDir, source_id: str
) -> None:
    site.write("bibliography.yaml", BIBLIOGRAPHY_YAML.replace("source-b", source_id))
    site.article("kratom-and-pain.md", ARTICLE.replace("source-b", source_id))
    _fails_at(site, "content/bibliography.yaml:7", f"source id '{source_id}'")


@pytest.mark.parametrize(
    ("body", "lines"),
    [
        ('<p id="x">a</p>\n\n## X\n\nSee [it](#x).', []),  # the heading takes x-2
        ('<p id="main">a</p>\n\nB <span id="risks">b</span>', [BODY, BODY + 2]),
        ('<b id="a">1</b>\n\n<i id="a">2</i>\n\n<u id="a">3</u>', [BODY + 2, BODY + 4]),
    ],
)
def test_raw_ids_are_kept_unique_and_warned_at_their_line(
    site: SiteDir, body: str, lines: list[int]
) -> None:
    site.article("kratom-and-pain.md", ARTICLE + "\n" + body + "\n")
    result = build(site)
    assert result.code == 0, result.err
    page = parse(site.html(ARTICLE_PAGE))
    assert page.duplicate_ids() == []
    assert page.notice_before_main()
    warned = [p for p in problems(result.err) if "removed from raw HTML" in p]
    assert [int(p.split(":")[1]) for p in warned] == lines, result.err


def _link(site: SiteDir, target: str, text: str = ARTICLE) -> tuple[int, str]:
    site.article("other.md", OTHER)
    site.article("kratom-and-pain.md", text + f"\nA line.\nSee [there]({target}).\n")
    result = build(site, "--strict")
    assert "Traceback" not in result.err
    return result.code, result.err


CHANGES = ARTICLE.replace(
    "sources:\n  - source-a",
    "changes:\n  - {date: 2026-06-01, summary: Reviewed.}\nsources:\n  - source-a",
)


OVERDUE = ARTICLE.replace(
    "last_reviewed: 2026-06-01", "last_reviewed: 2026-06-01\nnext_review_due: 2026-10-01"
)


@pytest.mark.parametrize(
    ("target", "text"),
    [
        ("#changes", CHANGES),
        ("#review", OVERDUE),
        ("#page-title", ARTICLE),
        ("#main", ARTICLE),
        ("other.md#claims", ARTICLE),
        ("other.md#top", ARTICLE),
        ("/#top", ARTICLE),
        ("/#main", ARTICLE),
        ("/claims/#verdict-limited", ARTICLE),
        ("/claims/#key", ARTICLE),
        ("/risks/#jump-label", ARTICLE),
        ("/topics/#page-title", ARTICLE),
        ("/topics/pain/#main", ARTICLE),
        ("../pages/about.md#page-title", ARTICLE),
    ],
)
def test_anchors_the_templates_show_are_accepted(site: SiteDir, target: str, text: str) -> None:
    code, err = _link(site, target, text)
    assert code == 0, err
    assert not [p for p in problems(err) if " note: " not in p], err


@pytest.mark.parametrize(
    "target",
    [
        "#changes",  # the article has no changes
        "#review",  # nor is it due for review
        "/claims/#verdict-supported",  # no claim is judged supported
        "/claims/#risks",
        "/risks/#pain-relief",
        "/sources/#ref-source-a",
        "/#nope",
        "/topics/pain/#nope",
        "../pages/about.md#risks",
    ],
)
def test_anchors_the_templates_do_not_show_are_errors(site: SiteDir, target: str) -> None:
    code, err = _link(site, target)
    assert code == 1
    assert_problem(err, f"{PATH}:{BODY + 1}", "error", "no such anchor")


def test_a_second_claim_of_the_same_id_has_its_own_anchor_on_the_claims_page(
    site: SiteDir,
) -> None:
    site.article("other.md", ARTICLE.replace("title: Kratom and pain", "title: Other page"))
    text = ARTICLE + "\nSee [one](/claims/#pain-relief) and [two](/claims/#other--pain-relief).\n"
    site.article("kratom-and-pain.md", text)
    result = build(site, "--strict")
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    ("first", "second", "phrase"),
    [
        (
            '<img src="../media/x.png" alt="x">',
            '<img src="../media/x.png" alt="x">',
            "raw HTML image",
        ),
        ('<a href="other.md">one</a>', '<a href="other.md">two</a>', "raw HTML link"),
        ('<a href="vbscript:x">one</a>', '<a href="vbscript:x">two</a>', "vbscript:"),
    ],
)
def test_the_same_raw_html_twice_is_warned_at_each_line(
    site: SiteDir, first: str, second: str, phrase: str
) -> None:
    site.article("other.md", OTHER)
    site.article("kratom-and-pain.md", ARTICLE + f"\n{first}\n\nText.\n\n{second}\n")
    result = build(site)
    assert "Traceback" not in result.err
    assert find(result.err, f"{PATH}:{BODY}", "warning", phrase), result.err
    assert find(result.err, f"{PATH}:{BODY + 4}", "warning", phrase), result.err


@pytest.mark.parametrize(
    "body", ["Write to <editors@example.org>.", "<mailto:editors@example.org>"]
)
def test_an_email_address_is_a_link_without_markdown_markers(site: SiteDir, body: str) -> None:
    site.article("kratom-and-pain.md", ARTICLE + "\n" + body + "\n")
    result = build(site, "--strict")
    assert result.code == 0, repr(result.err)
    assert 'href="mailto:editors@example.org"' in site.html(ARTICLE_PAGE)


def test_a_malformed_citation_written_twice_is_warned_at_each_line(site: SiteDir) -> None:
    body = "A [@ x] b.\n\n`[@ x]` is code.\n\nC [@ x] d."
    site.article("kratom-and-pain.md", ARTICLE + "\n" + body + "\n")
    result = build(site)
    found = [p for p in problems(result.err) if "is not a citation" in p]
    assert [int(p.split(":")[1]) for p in found] == [BODY, BODY + 4], result.err


KINDS = "risk_kinds:\n  liver: {name: Liver harm, description: What the liver can suffer.}\n"


def test_risk_group_anchors_follow_the_risks_page(site: SiteDir) -> None:
    # A risk of a kind is listed under the kind's anchor, whatever its name; a risk of no
    # kind under its name's, which never takes a kind's.
    site.write("site.yaml", SITE_YAML + KINDS)
    site.article("other.md", OTHER.replace("name: Liver injury", "name: Liver"))
    text = ARTICLE.replace("name: Liver injury", "name: Nausea\n    kind: liver")
    text += "\nSee [one](/risks/#liver) and [two](/risks/#liver-risk).\n"
    site.article("kratom-and-pain.md", text)
    result = build(site, "--strict")
    assert result.code == 0, result.err
    site.article("kratom-and-pain.md", text + "\nNot [three](/risks/#nausea).\n")
    result = build(site, "--strict")
    assert result.code == 1
    # The body starts a line later: the risk's kind takes a line of the front-matter.
    assert_problem(result.err, f"{PATH}:{BODY + 3}", "error", "no such anchor")


@pytest.mark.parametrize(
    ("body", "cited"),
    [
        ('MARK <abbr title="see [@source-a]">x</abbr>', False),
        ('MARK [x](other.md "[@source-a]")', False),
        ("MARK <mailto:a@example.org?subject=[@source-a]>", False),
        ("MARK [see [@source-a]](other.md)", True),
        ("MARK 1 < 2 [@source-a]", True),
        ("MARK [x](other.md) then [@source-a]", True),
    ],
)
def test_a_citation_is_made_only_where_it_is_text(site: SiteDir, body: str, cited: bool) -> None:
    site.article("other.md", OTHER)
    site.article("kratom-and-pain.md", ARTICLE + "\n" + body + "\n")
    result = build(site)
    assert "Traceback" not in result.err
    page = parse(site.html(ARTICLE_PAGE))
    marked = [p for p in page.root.find_all("p") if "MARK" in p.text()]
    assert len(marked) == 1
    assert bool(marked[0].find_all("sup")) == cited


def test_escaped_characters_in_an_address_are_read_as_written(site: SiteDir) -> None:
    site.article("other.md", OTHER + '\n<p id="a_b">x</p>\n')
    body = "A line.\n[there](other.md#a\\_b) and [gone](miss\\_ing.md)"
    site.article("kratom-and-pain.md", ARTICLE + "\n" + body + "\n")
    result = build(site)
    assert result.code == 1
    assert "\x02" not in result.err and "\x03" not in result.err, repr(result.err)
    assert [p for p in problems(result.err) if " error: " in p] == [
        f"{PATH}:{BODY + 1}: error: link to missing file 'miss_ing.md'"
    ], result.err
