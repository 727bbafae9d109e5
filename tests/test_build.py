"""Building a small real site: the output contract, the notice, atomic and reproducible output."""

from __future__ import annotations

import re
from pathlib import Path

from sitekit import ARTICLE, SiteDir


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_build_writes_the_pages_and_says_so(site: SiteDir) -> None:
    result = site.build()
    assert result.code == 0, result.err
    assert re.fullmatch(r"built 11 pages in \d+\.\d s → site/\n", result.out)
    assert result.err == ""
    for rel in (
        "index.html",
        "404.html",
        "articles/kratom-and-pain/index.html",
        "about/index.html",
        "static/style.css",
    ):
        assert (site.out / rel).is_file(), rel


def test_every_page_has_exactly_one_notice_before_main(site: SiteDir) -> None:
    assert site.build().code == 0
    pages = html_files(site.out)
    assert len(pages) == 11
    for page in pages:
        html = page.read_text()
        assert html.count('id="health-notice"') == 1, page
        assert html.index('id="health-notice"') < html.index("<main"), page
        assert "The evidence is limited" in html
        assert "1-800-222-1222" in html


def test_renderer_refuses_a_template_without_the_notice(site: SiteDir) -> None:
    base = site.root / "templates" / "base.html"
    base.write_text(base.read_text().replace('id="health-notice"', 'id="notice"'))
    result = site.build()
    assert result.code == 1
    assert (
        'must contain exactly one element with id="health-notice" before <main> (found 0)'
        in result.err
    )
    assert not site.out.exists()


def test_article_page_shows_what_design_promises(site: SiteDir) -> None:
    assert site.build().code == 0
    html = site.html("articles/kratom-and-pain/index.html")
    assert '<h1 id="page-title">Kratom and pain</h1>' in html
    assert "Certainty: <strong>very low</strong>" in html
    assert 'Topic: <a class="topic-name" href="../../topics/pain/index.html">Pain</a>' in html
    assert "Not reviewed by a clinician." in html
    assert '<time datetime="2026-01-10">10 January 2026</time>' in html
    assert '<time datetime="2026-06-01">1 June 2026</time>' in html
    # next review due defaults to last_reviewed + 12 months
    assert '<time datetime="2027-06-01">1 June 2027</time>' in html
    assert 'id="risk-liver-injury"' in html and "Severity: <strong>serious</strong>" in html
    assert 'id="pain-relief"' in html and "Verdict: <strong>limited evidence</strong>" in html
    # numbered references in front-matter order, with the caveat and "n.d." for no year
    assert '<li id="ref-source-a">' in html and '<li id="ref-source-b">' in html
    assert html.index('id="ref-source-a"') < html.index('id="ref-source-b"')
    assert "(n.d.)" in html and "<strong>Caveat:</strong> A small survey." in html
    # citations become numbered links to the reference list
    assert (
        '<sup class="cite">[<a href="#ref-source-a" rel="noopener">1</a>, '
        '<a href="#ref-source-b" rel="noopener">2</a>]</sup>' in html
    )
    assert '"@type": "MedicalWebPage"' in html and '"lastReviewed": "2026-06-01"' in html
    assert "reviewedBy" not in html


def test_reviewer_is_shown_and_in_json_ld(site: SiteDir) -> None:
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace(
            "created:", "reviewed_by:\n  - {name: Dr A. Reviewer, role: Pharmacist}\ncreated:"
        ),
    )
    assert site.build().code == 0
    html = site.html("articles/kratom-and-pain/index.html")
    assert "Dr A. Reviewer, Pharmacist" in html
    assert '"reviewedBy"' in html
    assert "Not reviewed by a clinician" not in html


def test_links_are_relative_and_name_the_file(site: SiteDir) -> None:
    assert site.build().code == 0
    about = site.html("about/index.html")
    assert 'href="../articles/kratom-and-pain/index.html"' in about
    assert 'href="../static/style.css"' in about
    home = site.html("index.html")
    assert 'href="articles/kratom-and-pain/index.html"' in home
    for page in html_files(site.out):
        if page.name == "404.html":
            continue
        hrefs = re.findall(r'(?:href|src)="([^"]+)"', page.read_text())
        assert not [h for h in hrefs if h.startswith("/")], page


def test_404_uses_absolute_links(site: SiteDir) -> None:
    assert site.build().code == 0
    html = site.html("404.html")
    assert "<style>" in html and "static/style.css" not in html  # its style is inline
    assert 'href="https://example.org/test/"' in html


def test_two_builds_give_identical_bytes(site: SiteDir, tmp_path: Path) -> None:
    assert site.build().code == 0
    first = site.tree()
    assert site.build().code == 0
    assert site.tree() == first


def test_a_failed_build_leaves_the_previous_site_untouched(site: SiteDir) -> None:
    assert site.build().code == 0
    before = site.tree()
    site.article("kratom-and-pain.md", ARTICLE.replace("topic: pain", "topic: [pain"))
    result = site.build()
    assert result.code == 1
    assert site.tree() == before
    # The staging folder is kept for the next build; the site itself is untouched.
    leftovers = sorted(p.name for p in site.root.iterdir() if p.name.startswith(".site."))
    assert set(leftovers) <= {".site.lock", ".site.staging"}


def test_missing_output_parent_is_created(site: SiteDir) -> None:
    result = site.build("--out", "deep/er/out")
    assert result.code == 0, result.err
    assert (site.root / "deep/er/out/index.html").is_file()


def test_refuses_to_replace_a_folder_it_did_not_build(site: SiteDir) -> None:
    (site.root / "precious").mkdir()
    (site.root / "precious" / "thesis.txt").write_text("years of work")
    result = site.build("--out", "precious")
    assert result.code == 1
    assert "refusing to replace this folder" in result.err
    assert (site.root / "precious" / "thesis.txt").read_text() == "years of work"


def test_refuses_an_output_folder_that_holds_the_content(site: SiteDir) -> None:
    result = site.build("--out", ".")
    assert result.code == 1
    assert "refusing to use . as the output folder" in result.err or "refusing" in result.err
    assert (site.content / "site.yaml").is_file()


def test_drafts_are_skipped_unless_asked(site: SiteDir) -> None:
    site.article(
        "draft-one.md",
        ARTICLE.replace("title: Kratom and pain", "title: Draft").replace(
            "sources:\n  - source-a", "draft: true\nsources:\n  - source-a"
        ),
    )
    result = site.build()
    assert result.code == 0
    assert "(1 draft skipped)" in result.out
    assert not (site.out / "articles/draft-one").exists()
    result = site.build("--drafts")
    assert result.code == 0
    assert "DRAFT" in site.html("articles/draft-one/index.html")
    # and its card says so too, wherever it is listed
    card = 'articles/draft-one/index.html">Draft</a> <span class="draft-mark">DRAFT</span>'
    assert f'href="{card}' in site.html("index.html")
    assert f'href="../../{card}' in site.html("topics/pain/index.html")


def test_an_unfinished_draft_does_not_fail_a_build_that_skips_it(site: SiteDir) -> None:
    site.article("unfinished.md", "---\ntitle: Unfinished\ndraft: true\n---\n\nText.\n")
    assert site.build().code == 0
    result = site.build("--drafts")
    assert result.code == 1
    assert "content/articles/unfinished.md:2: error: missing required key 'summary'" in result.err


def test_media_and_static_files_are_copied(site: SiteDir) -> None:
    (site.content / "media").mkdir()
    (site.content / "media" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n fake")
    site.article("kratom-and-pain.md", ARTICLE + "\n![A chart of reports](../media/chart.png)\n")
    assert site.build().code == 0
    assert (site.out / "media" / "chart.png").read_bytes() == b"\x89PNG\r\n\x1a\n fake"
    html = site.html("articles/kratom-and-pain/index.html")
    assert 'src="../../media/chart.png"' in html and 'alt="A chart of reports"' in html


def test_csp_meta_is_on_every_page(site: SiteDir) -> None:
    assert site.build().code == 0
    for page in html_files(site.out):
        html = page.read_text()
        assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in html


def test_jinja_syntax_in_content_is_shown_not_run(site: SiteDir) -> None:
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace("summary: What is known about kratom and pain.", 'summary: "{{ 7*7 }}"')
        + "\nTry {{ 7*7 }} and {% include 'base.html' %}.\n",
    )
    assert site.build().code == 0
    html = site.html("articles/kratom-and-pain/index.html")
    assert "Try {{ 7*7 }} and {% include" in html
    assert '<p class="summary">{{ 7*7 }}</p>' in html
    assert "49" not in html
