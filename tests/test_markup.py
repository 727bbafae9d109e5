"""Markdown to safe HTML: citations, links between files, sanitising."""

from __future__ import annotations

from sitegen.markdown.convert import Markup
from sitegen.markdown.state import PageContext
from sitegen.model.links import SiteMap

SITE = SiteMap(
    files={
        "articles/a.md": "articles/a/",
        "articles/b.md": "articles/b/",
        "pages/about.md": "about/",
    },
    media=frozenset({"media/chart.png"}),
    generated=frozenset({"claims/", "topics/pain/"}),
    pretty=False,
)


def convert(text: str, site: SiteMap = SITE, sources: tuple[str, ...] = ("x", "y")):
    page = PageContext(
        "content/articles/a.md",
        20,
        "articles",
        "articles/a/",
        sources,
        frozenset({"risk-liver", "safe-claim"}),
    )
    return Markup(site).convert(text, page)


def test_citations_are_numbered_by_the_front_matter_order_and_shown_in_it() -> None:
    body = convert("Text [@y; @x; @y] and [@x].")
    assert body.html == (
        '<p>Text <sup class="cite">[<a href="#ref-x" rel="noopener">1</a>, '
        '<a href="#ref-y" rel="noopener">2</a>]</sup> and '
        '<sup class="cite">[<a href="#ref-x" rel="noopener">1</a>]</sup>.</p>'
    )
    assert body.cited == {"x", "y"}
    assert body.problems == ()


def test_citation_syntax_inside_code_is_left_alone() -> None:
    body = convert("Write `[@nope]` to cite.")
    assert "<code>[@nope]</code>" in body.html
    assert body.problems == ()


def test_md_links_become_relative_urls() -> None:
    body = convert(
        "[b](b.md) [about](../pages/about.md#team) [claims](/claims/) "
        "![chart](../media/chart.png) [pain](/topics/pain/)"
    )
    assert 'href="../../articles/b/index.html"' in body.html
    assert 'href="../../about/index.html#team"' in body.html
    assert 'href="../../claims/index.html"' in body.html
    assert 'src="../../media/chart.png"' in body.html
    assert 'href="../../topics/pain/index.html"' in body.html
    assert [(link.target, link.anchor) for link in body.links] == [("about/", "team")]


def test_pretty_urls_drop_index_html() -> None:
    pretty = SiteMap(SITE.files, SITE.media, SITE.generated, pretty=True)
    assert 'href="../../articles/b/"' in convert("[b](b.md)", pretty).html


def test_links_that_leave_the_content_folder_are_errors() -> None:
    body = convert("[x](../../../etc/passwd)")
    assert [str(p) for p in body.problems] == [
        "content/articles/a.md:20: error: link to '../../../etc/passwd' points outside the "
        "content folder"
    ]


def test_scripts_handlers_and_frames_are_removed() -> None:
    body = convert(
        '<script>alert(1)</script>\n\n<p onclick="x()">hi</p>\n\n'
        '<iframe src="https://evil.example"></iframe>\n\n'
        '<a href="https://example.org" style="background:url(javascript:x)">ok</a>'
    )
    assert "script" not in body.html and "alert" not in body.html
    assert "onclick" not in body.html and "iframe" not in body.html
    assert "style" not in body.html
    assert '<a href="https://example.org" rel="noopener">ok</a>' in body.html


def test_javascript_link_is_removed_with_a_warning() -> None:
    body = convert("Click [here](javascript:alert(1)).")
    assert "javascript" not in body.html
    assert [str(p) for p in body.problems] == [
        "content/articles/a.md:20: warning: link 'javascript:alert(1)' removed: only https, "
        "http and mailto links are allowed"
    ]


def test_body_cannot_take_the_notice_id_or_the_page_s_own_ids() -> None:
    body = convert(
        '<div id="health-notice">fake</div>\n\n## Health notice\n\n'
        '<p id="safe-claim">x</p>\n\n## Risk liver'
    )
    assert 'id="health-notice"' not in body.html
    assert 'id="safe-claim"' not in body.html
    assert '<h2 id="health-notice-2">Health notice</h2>' in body.html
    assert '<h2 id="risk-liver-2">Risk liver</h2>' in body.html


def test_table_alignment_uses_classes_not_inline_style() -> None:
    body = convert("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert '<th class="align-left">a</th>' in body.html
    assert '<td class="align-right">2</td>' in body.html
    assert "style=" not in body.html


def test_image_without_alt_text_is_an_error() -> None:
    body = convert("Intro.\n\n![](../media/chart.png)\n")
    assert [str(p) for p in body.problems] == [
        "content/articles/a.md:22: error: image without alt text: describe it in the brackets, "
        "![what it shows](file)"
    ]


def test_quotes_and_dashes_are_typographic_except_in_code() -> None:
    body = convert('He said "it\'s \'fine\'" -- then --- wait... `"raw" --`')
    assert body.html == (
        "<p>He said \u201cit\u2019s \u2018fine\u2019\u201d \u2013 then \u2014 wait\u2026 "
        '<code>"raw" --</code></p>'
    )


def test_headings_get_unique_ids_from_their_text() -> None:
    body = convert("## What is known\n\n## What is known\n\n### Café au lait")
    assert '<h2 id="what-is-known">' in body.html
    assert '<h2 id="what-is-known-2">' in body.html
    assert '<h3 id="cafe-au-lait">' in body.html
    assert body.headings == ("What is known", "What is known", "Café au lait")


def test_raw_html_links_to_the_site_are_removed_with_a_warning() -> None:
    body = convert(
        'Intro.\n\n<a href="/claims/">all claims</a> and <a class="x" href=\'b.md\'>b</a>\n\n'
        '<img src="../media/chart.png" alt="A chart">\n'
    )
    assert [str(p) for p in body.problems] == [
        "content/articles/a.md:22: warning: raw HTML link '/claims/' removed: write it in "
        "Markdown, [text](file.md), so that it is checked and works from any folder",
        "content/articles/a.md:22: warning: raw HTML link 'b.md' removed: write it in "
        "Markdown, [text](file.md), so that it is checked and works from any folder",
        "content/articles/a.md:24: warning: raw HTML image '../media/chart.png' removed: "
        "write it in Markdown, ![what it shows](../media/name), so that it is checked and "
        "works from any folder",
    ]
    assert "/claims/" not in body.html and "b.md" not in body.html
    assert "chart.png" not in body.html and "all claims</a>" in body.html


def test_raw_html_anchor_links_are_checked_and_outside_links_kept() -> None:
    body = convert(
        '## Dose\n\n<a href="#dose">up</a> <a href="#nowhere">x</a> '
        '<a href="https://e.org/">e</a>\n'
    )
    assert [str(p) for p in body.problems] == [
        "content/articles/a.md:22: error: link to '#nowhere': there is no such anchor on this page"
    ]
    assert 'href="#dose"' in body.html and 'href="https://e.org/"' in body.html


def test_raw_html_inside_code_is_not_a_link() -> None:
    body = convert('Write `<a href="/claims/">` like this:\n\n    <a href="b.md">b</a>\n')
    assert body.problems == ()
    assert '<code>&lt;a href="/claims/"&gt;</code>' in body.html


def test_images_from_other_sites_are_removed_with_a_warning() -> None:
    body = convert(
        "![A chart](https://e.org/chart.png)\n\n<img src='https://e.org/t.gif' alt='t'>\n"
    )
    message = (
        "removed: it is on another site, and every page's security policy blocks those; save "
        "it in content/media/ and show it with ![what it shows](../media/name)"
    )
    assert [str(p) for p in body.problems] == [
        f"content/articles/a.md:20: warning: image 'https://e.org/chart.png' {message}",
        f"content/articles/a.md:22: warning: image 'https://e.org/t.gif' {message}",
    ]
    assert "e.org" not in body.html


def test_media_names_are_escaped_in_addresses() -> None:
    site = SiteMap(SITE.files, frozenset({"media/my chart.png"}), SITE.generated, False)
    body = convert("![A chart](../media/my%20chart.png)", site)
    assert 'src="../../media/my%20chart.png"' in body.html
    assert body.problems == ()


def test_site_pages_cannot_cite() -> None:
    page = PageContext("content/pages/about.md", 5, "pages", "about/", (), frozenset())
    body = Markup(SITE).convert("We read [@x].", page)
    assert [str(p) for p in body.problems] == [
        "content/pages/about.md:5: error: citation [@x]: site pages have no reference list, "
        "so they cannot cite; cite it in an article and link to that"
    ]


def test_control_characters_cannot_hide_markup_from_the_checks() -> None:
    # Python-Markdown deletes \x02 and \x03 before parsing: what they split still counts.
    for split, whole in [
        ("[r]\x02: missing.md\n\n[a][r]\n", "[r]: missing.md\n\n[a][r]\n"),
        ("Text [\x02@nope].", "Text [@nope]."),
        ("``\x02`\nx = 1\n``\x03`\n", "```\nx = 1\n```\n"),
    ]:
        body, expected = convert(split), convert(whole)
        assert body.html == expected.html
        assert [p.message for p in body.problems] == [p.message for p in expected.problems]
    assert convert("[r]: missing.md\n\n[a][r]\n").problems  # the case is not vacuous
    assert "<pre><code>" in convert("``\x02`\nx = 1\n``\x03`\n").html


def test_a_miswritten_citation_is_a_warning_at_its_line() -> None:
    body = convert("One.\n\nTwo [@x y] and [@x].\n")
    assert [(p.line, p.message) for p in body.problems] == [
        (
            22,
            "'[@x y]' is not a citation and is shown as written: cite with [@id], "
            "or [@id; @other-id] for several",
        )
    ]
    assert convert("Code `[@x y]` and [@x; @y].").problems == ()
    assert [p.message for p in convert("Unknown [@nope].").problems] == [
        "citation [@nope] names a source this page does not list in 'sources'"
    ]
