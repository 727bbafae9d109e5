"""Issue 19, second round of hostile input: what reaches the page and the terminal.

Classes 1 (inline JSON and the notice as a parser sees it), 5 (control characters),
6 (ids), 12 (anchors), 13 (citations inside attributes and addresses) and 14 (where
raw-HTML and citation warnings point). Each class tries several members; the fix must
cover the class, not one example. Black-box: the command line in, files and stderr out.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from urllib.parse import unquote

import pytest

from hostilekit import (
    ARTICLE_PAGE,
    BODY,
    CONTROL,
    PATH,
    Node,
    assert_problem,
    before_and_after,
    build,
    find,
    parse,
    problems,
)
from sitekit import ARTICLE, BIBLIOGRAPHY_YAML, REPO, SITE_YAML, SiteDir

OTHER = ARTICLE.replace("title: Kratom and pain", "title: Other page").replace(
    "pain-relief", "other-claim"
)


def yaml_str(value: str) -> str:
    """A YAML double-quoted scalar for any text (JSON's escapes are YAML's too)."""
    return json.dumps(value)


# --- 1. inline JSON -----------------------------------------------------------------------

PAYLOADS = [
    "<!--<script",
    "</script>",
    "<!--",
    "]]>",
    "</SCRIPT >",
    "a &amp; b & c\u2028d\u2029e",
]


def _put_title(site: SiteDir, value: str) -> None:
    site.article("kratom-and-pain.md", ARTICLE.replace("Kratom and pain", yaml_str(value), 1))


def _put_summary(site: SiteDir, value: str) -> None:
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace("What is known about kratom and pain.", yaml_str(value)),
    )


def _put_author(site: SiteDir, value: str) -> None:
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace("  - name: Test editors", f"  - name: {yaml_str(value)}"),
    )


def _put_topic(site: SiteDir, value: str) -> None:
    site.write("site.yaml", SITE_YAML.replace('title: "Pain"', f"title: {yaml_str(value)}"))


def _put_reviewer(site: SiteDir, value: str) -> None:
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace(
            "created:", f"reviewed_by:\n  - {{name: {yaml_str(value)}, role: Pharmacist}}\ncreated:"
        ),
    )


FIELDS: dict[str, tuple[Callable[[SiteDir, str], None], Callable[[dict], str]]] = {
    "title": (_put_title, lambda d: d["name"]),
    "summary": (_put_summary, lambda d: d["description"]),
    "author": (_put_author, lambda d: d["author"][0]["name"]),
    "topic": (_put_topic, lambda d: d["about"]["name"]),
    "reviewer": (_put_reviewer, lambda d: d["reviewedBy"][0]["name"]),
}


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field", list(FIELDS))
def test_inline_json_escapes_markup_characters(site: SiteDir, field: str, payload: str) -> None:
    put, read = FIELDS[field]
    put(site, payload)
    result = build(site)
    assert result.code == 0, result.err
    page = parse(site.html(ARTICLE_PAGE))
    scripts = page.root.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    text = scripts[0].text()
    for char in "<>&\u2028\u2029":
        assert char not in text, f"{char!r} written raw inside the JSON-LD script"
    assert read(json.loads(text)) == payload
    assert page.notice_before_main()
    assert len(page.by_id("health-notice")) == 1


def _hide_notice(wrap: Callable[[str], str]) -> Callable[[SiteDir], None]:
    def change(site: SiteDir) -> None:
        base = (REPO / "templates" / "base.html").read_text(encoding="utf-8")
        start = base.index('<aside id="health-notice"')
        end = base.index("</aside>", start) + len("</aside>")
        templates = site.root / "templates"
        (templates / "base.html").write_text(
            base[:start] + wrap(base[start:end]) + base[end:], encoding="utf-8"
        )

    return change


@pytest.mark.parametrize(
    "wrap",
    [
        pytest.param(lambda aside: f"<!-- {aside} -->", id="comment"),
        pytest.param(lambda aside: f'<script type="text/plain">{aside}</script>', id="script"),
        pytest.param(lambda aside: f"<template>{aside}</template>", id="template"),
        pytest.param(lambda aside: f"<textarea hidden>{aside}</textarea>", id="textarea"),
    ],
)
def test_the_notice_is_checked_as_a_parser_sees_it(
    site: SiteDir, wrap: Callable[[str], str]
) -> None:
    code, err = before_and_after(site, _hide_notice(wrap))
    assert code == 1
    assert any(" error: " in line and "health-notice" in line for line in problems(err)), err


# --- 5. control characters ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "old", "new", "line"),
    [
        ("articles/kratom-and-pain.md", "title: Kratom and pain", r'title: "a\x0bb"', 2),
        ("articles/kratom-and-pain.md", "title: Kratom and pain", r'title: "\e[2K"', 2),
        ("articles/kratom-and-pain.md", "title: Kratom and pain", r'title: "\0"', 2),
        (
            "articles/kratom-and-pain.md",
            "summary: What is known about kratom and pain.",
            r'summary: "x\u0085y"',
            3,
        ),
        ("articles/kratom-and-pain.md", "name: Liver injury", r'name: "Liver\x7f injury"', 11),
        ("bibliography.yaml", 'title: "Source A"', r'title: "Source\x1b]0;pwned\x07 A"', 2),
    ],
    ids=["x0b", "escape", "nul", "nel", "del-risk", "osc-bibliography"],
)
def test_control_characters_in_yaml_are_refused(
    site: SiteDir, rel: str, old: str, new: str, line: int
) -> None:
    original = BIBLIOGRAPHY_YAML if rel == "bibliography.yaml" else ARTICLE
    assert old in original
    code, err = before_and_after(site, lambda s: s.write(rel, original.replace(old, new, 1)))
    assert code == 1
    assert_problem(err, f"content/{rel}:{line}", "error", "control character")
    assert not CONTROL.search(err), repr(err)


@pytest.mark.parametrize("char", ["\x00", "\x02", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b"])
def test_control_characters_in_the_body_are_refused(site: SiteDir, char: str) -> None:
    body = f"A sentence.\n\nHere is a{char}b in the text."
    code, err = before_and_after(
        site, lambda s: s.article("kratom-and-pain.md", ARTICLE + "\n" + body + "\n")
    )
    assert code == 1
    assert_problem(err, f"{PATH}:{BODY + 2}", "error", "control character")
    assert not CONTROL.search(err), repr(err)


def test_tab_and_newline_are_fine(site: SiteDir) -> None:
    text = ARTICLE.replace(
        "summary: What is known about kratom and pain.", r'summary: "What is\tknown,\nin short."'
    )
    site.article("kratom-and-pain.md", text + "\nA\ttab and a\nnewline in one paragraph.\n")
    result = build(site, "--strict")
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda s: s.article(
                "kratom-and-pain.md", ARTICLE.replace("topic: pain", r'topic: "\e[2Kfake"')
            ),
            id="unknown-topic",
        ),
        pytest.param(lambda s: s.article("a\x1b[2K.md", OTHER), id="escape-in-file-name"),
        pytest.param(
            lambda s: s.article("a\rchecked: no problems.md", OTHER), id="cr-in-file-name"
        ),
        pytest.param(
            lambda s: s.article(
                "kratom-and-pain.md",
                ARTICLE.replace("sources:\n", r'slug: "a\e[2Kb"' + "\nsources:\n"),
            ),
            id="escape-in-slug",
        ),
        pytest.param(
            lambda s: s.article(
                "kratom-and-pain.md", ARTICLE.replace("  - source-b\n", r'  - "source\e[2K"' + "\n")
            ),
            id="escape-in-source-id",
        ),
        pytest.param(
            lambda s: s.article(
                "kratom-and-pain.md",
                ARTICLE.replace(
                    "  - name: Test editors", "  - name: Test editors\n" + r'    "rank\x9b2K": x'
                ),
            ),
            id="c1-in-unknown-key",
        ),
    ],
)
def test_the_terminal_never_receives_a_raw_control_character(
    site: SiteDir, change: Callable[[SiteDir], object]
) -> None:
    code, err = before_and_after(site, change)
    assert code == 1
    assert problems(err), err
    assert not CONTROL.search(err), f"a raw control character reached the terminal: {err!r}"


@pytest.mark.parametrize(
    "title",
    [r"]]>", r"a & b <c>", r"x\uFFFEy", r"x\uFFFFy", r"x\x0by", r"\e[2K", r"x\u0085y", r"\0"],
)
def test_the_feed_stays_well_formed_for_any_title_that_builds(site: SiteDir, title: str) -> None:
    site.article(
        "kratom-and-pain.md", ARTICLE.replace("title: Kratom and pain", f'title: "{title}"')
    )
    result = build(site)
    assert "Traceback" not in result.err, result.err
    if result.code == 0:
        ET.parse(site.out / "feed.xml")  # raises if the feed is not well-formed XML
        ET.parse(site.out / "sitemap.xml")
    else:
        assert result.code == 1
        assert find(result.err, f"{PATH}:2", "error", ""), result.err


# --- 6. ids -------------------------------------------------------------------------------

ID_MEMBERS = [
    ("## Risks", BODY),
    ("## References", BODY),
    ("## Health notice", BODY),
    ("## Main", BODY),
    ("## Claims", BODY),
    ("## Ref source-a", BODY),
    ('<p id="health-notice">x</p>', BODY),
    ('<span id="main">x</span>', BODY),
    ('<div id="references">x</div>', BODY),
    ('<p id="ref-source-a">x</p>', BODY),
    ('<p id="twice">one</p>\n\n<p id="twice">two</p>', BODY + 2),
    ('<span id="twice">one</span> and <b id="twice">two</b>', BODY),
]


def _ids_are_unique(site: SiteDir, code: int, err: str, line: int) -> None:
    if code == 0:
        page = parse(site.html(ARTICLE_PAGE))
        assert page.duplicate_ids() == []
        assert len(page.by_id("health-notice")) == 1
        assert page.notice_before_main()
    else:
        assert code == 1
        assert not any(p.startswith("templates/") for p in problems(err)), err
        assert_problem(err, f"{PATH}:{line}", "error", "id")


@pytest.mark.parametrize(("body", "line"), ID_MEMBERS, ids=[m[0] for m in ID_MEMBERS])
def test_ids_in_the_body_never_collide(site: SiteDir, body: str, line: int) -> None:
    code, err = before_and_after(
        site, lambda s: s.article("kratom-and-pain.md", ARTICLE + "\n" + body + "\n")
    )
    _ids_are_unique(site, code, err, line)


@pytest.mark.parametrize(
    "claim_id", ["risks", "what-it-is", "health-notice", "main", "ref-source-a"]
)
def test_claim_ids_never_collide(site: SiteDir, claim_id: str) -> None:
    # "what-it-is" is also the id of the body's heading "## What it is"
    text = ARTICLE.replace("id: pain-relief", f"id: {claim_id}")
    code, err = before_and_after(site, lambda s: s.article("kratom-and-pain.md", text))
    _ids_are_unique(site, code, err, 17)


# --- 12. anchors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "#risks",
        "#references",
        "#claims",
        "#top",
        "other.md#risks",
        "other.md#references",
        "/claims/#pain-relief",
        "/risks/#liver-injury",
        "/sources/#source-a",
        "#ref-source-a",
    ],
)
def test_links_to_anchors_that_exist_build(site: SiteDir, target: str) -> None:
    site.article("other.md", OTHER)
    site.article("kratom-and-pain.md", ARTICLE + f"\nSee [there]({target}).\n")
    result = build(site, "--strict")
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    "target", ["/claims/#nope", "/risks/#nope", "/sources/#nope", "/topics/#nope", "other.md#nope"]
)
def test_links_to_anchors_that_do_not_exist_are_errors(site: SiteDir, target: str) -> None:
    site.article("other.md", OTHER)
    text = ARTICLE + f"\nA line.\nSee [there]({target}).\n"
    code, err = before_and_after(site, lambda s: s.article("kratom-and-pain.md", text))
    assert code == 1
    assert_problem(err, f"{PATH}:{BODY + 1}", "error", "no such anchor")


def test_claims_anchor_without_claims_is_an_error(site: SiteDir) -> None:
    start, end = ARTICLE.index("claims:"), ARTICLE.index("sources:\n  - source-a")
    text = ARTICLE[:start] + ARTICLE[end:] + "\nSee [claims](#claims).\n"
    code, err = before_and_after(site, lambda s: s.article("kratom-and-pain.md", text))
    assert code == 1
    assert_problem(err, f"{PATH}:{BODY - 7}", "error", "no such anchor")


# --- 13. citations only where citations are written -----------------------------------------


def _paragraph(site: SiteDir, marker: str) -> Node:
    page = parse(site.html(ARTICLE_PAGE))
    found = [p for p in page.root.find_all("p") if marker in p.text()]
    assert len(found) == 1, [p.text() for p in found]
    return found[0]


@pytest.mark.parametrize(
    ("body", "attribute"),
    [
        ('<span title="[@source-a]">MARK</span>', ("span", "title")),
        ('<abbr title="[@source-a]">MARK</abbr>', ("abbr", "title")),
        ("[MARK](https://example.org/[@source-a])", ("a", "href")),
        ('[MARK](https://example.org/ "[@source-a]")', ("a", "title")),
        ("MARK <https://example.org/[@source-a]>", ("a", "href")),
    ],
)
def test_no_citation_inside_attributes_or_addresses(
    site: SiteDir, body: str, attribute: tuple[str, str]
) -> None:
    site.article("kratom-and-pain.md", ARTICLE + "\n" + body + "\n")
    result = build(site)
    assert result.code == 0, result.err
    paragraph = _paragraph(site, "MARK")
    assert not paragraph.find_all("sup"), "a citation was made inside an attribute or address"
    for link in paragraph.find_all("a"):
        assert not (link.attrs.get("href") or "").startswith("#ref-"), link.attrs
    tag, name = attribute
    for element in paragraph.find_all(tag):
        value = element.attrs.get(name)
        if value is not None:  # kept as written, or dropped, but never a citation
            assert "[@source-a]" in unquote(value), element.attrs


# --- 14. where warnings point -------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "phrase"),
    [
        ("The file other.md is named in prose.", '<a href="other.md">raw</a>', "raw HTML link"),
        (
            "The file ../media/x.png is named in prose.",
            '<img src="../media/x.png" alt="x">',
            "raw HTML image",
        ),
        (
            'Never write `<a href="javascript:alert(1)">` in a page.',
            '<a href="javascript:alert(1)">x</a>',
            "javascript:",
        ),
    ],
    ids=["link", "image", "javascript"],
)
def test_raw_html_warnings_point_at_the_raw_html(
    site: SiteDir, first: str, second: str, phrase: str
) -> None:
    site.article("other.md", OTHER)
    site.article("kratom-and-pain.md", ARTICLE + f"\n{first}\n\n{second}\n")
    result = build(site)
    assert "Traceback" not in result.err
    assert_problem(result.err, f"{PATH}:{BODY + 2}", "warning", phrase)
    assert not find(result.err, f"{PATH}:{BODY}", "warning", phrase), result.err


def test_an_escaped_citation_id_never_shows_markdown_placeholders(site: SiteDir) -> None:
    site.article("kratom-and-pain.md", ARTICLE + "\nSee [@source\\_a] here.\n")
    result = build(site)
    assert "Traceback" not in result.err
    for bad in ("\x02", "\x03", "klzzwxh"):
        assert bad not in result.err, repr(result.err)
    assert all(p.startswith(f"{PATH}:{BODY}: ") for p in problems(result.err)), result.err
    if result.code == 0:
        page = site.html(ARTICLE_PAGE)
        for bad in ("\x02", "\x03", "klzzwxh"):
            assert bad not in page


@pytest.mark.parametrize(
    ("body", "lines"),
    [
        ("A [@ one] b [@ two] c [@ three] d.", [BODY, BODY, BODY]),
        ("A [@ one] b\nc [@ two] d\ne [@ three] f.", [BODY, BODY + 1, BODY + 2]),
        ("A [@nope b [@ x c [@.", [BODY, BODY, BODY]),
    ],
    ids=["one-line", "three-lines", "unclosed"],
)
def test_every_malformed_citation_in_a_paragraph_is_warned(
    site: SiteDir, body: str, lines: list[int]
) -> None:
    site.article("kratom-and-pain.md", ARTICLE + "\n" + body + "\n")
    result = build(site)
    assert "Traceback" not in result.err
    found = [p for p in problems(result.err) if "is not a citation" in p]
    assert [int(p.split(":")[1]) for p in found] == lines, result.err
    assert all(" warning: " in p for p in found)
