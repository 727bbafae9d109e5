"""Site-wide pages, discovery files, and one build that works from disk or any sub-path."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import feedparser

from linkcheck import broken_links
from sitekit import ARTICLE, SITE_YAML, SiteDir

SUB = "https://example.org/sub/"


def many_articles(site: SiteDir, count: int, topic: str = "pain") -> None:
    for n in range(count):
        site.article(
            f"a{n:03d}.md",
            ARTICLE.replace("title: Kratom and pain", f"title: Item {n:03d}")
            .replace("topic: pain", f"topic: {topic}")
            .replace("pain-relief", f"c{n}"),
        )


def test_every_page_type_is_built_and_every_link_resolves(site: SiteDir) -> None:
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace("last_reviewed:", "aliases: [/old-pain/]\nlast_reviewed:"),
    )
    result = site.build("--base-url", SUB)
    assert result.code == 0, result.err
    for rel in (
        "index.html",
        "topics/index.html",
        "topics/pain/index.html",
        "topics/withdrawal/index.html",
        "risks/index.html",
        "claims/index.html",
        "sources/index.html",
        "search/index.html",
        "search/meta.js",
        "search/d/0.js",
        "search/t/kr.js",
        "search/text/articles--kratom-and-pain.js",
        "404.html",
        "about/index.html",
        "old-pain/index.html",
        "sitemap.xml",
        "robots.txt",
        "feed.xml",
        "articles/kratom-and-pain/index.html",
    ):
        assert (site.out / rel).is_file(), rel
    assert broken_links(site.out) == []
    # no internal link anywhere starts with "/"
    for page in site.out.rglob("*.html"):
        assert not re.search(r'(?:href|src)="/', page.read_text()), page


def test_link_checker_notices_a_broken_link(site: SiteDir) -> None:
    assert site.build().code == 0
    page = site.out / "about/index.html"
    page.write_text(
        page.read_text().replace(
            "../articles/kratom-and-pain/index.html", "../articles/gone/index.html"
        )
    )
    assert broken_links(site.out) == ["about/index.html: ../articles/gone/index.html (no file)"]


def test_base_url_is_used_only_for_absolute_urls(site: SiteDir) -> None:
    assert site.build("--base-url", SUB).code == 0
    html = site.html("articles/kratom-and-pain/index.html")
    assert f'<link rel="canonical" href="{SUB}articles/kratom-and-pain/">' in html
    assert f'<meta property="og:url" content="{SUB}articles/kratom-and-pain/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Kratom and pain">' in html
    assert '<meta name="description" content="What is known about kratom and pain.">' in html
    assert (
        site.out / "robots.txt"
    ).read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {SUB}sitemap.xml\n"
    not_found = site.html("404.html")
    assert f'<a href="{SUB}index.html">' in not_found or f'href="{SUB}' in not_found
    # Its style travels inside it, allowed by its hash: no address reaches it at any depth.
    assert "static/style.css" not in not_found and "<style>" in not_found


def test_json_ld_describes_the_article(site: SiteDir) -> None:
    assert site.build().code == 0
    html = site.html("articles/kratom-and-pain/index.html")
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(block)
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == "Kratom and pain"
    assert data["description"] == "What is known about kratom and pain."
    assert data["about"] == {"@type": "Thing", "name": "Pain"}
    assert data["lastReviewed"] == "2026-06-01"
    assert data["publisher"]["name"] == "Test editors"
    assert data["citation"] == ["https://example.org/a", "https://example.org/b"]
    assert "reviewedBy" not in data


def test_feed_parses_and_every_entry_carries_the_notice(site: SiteDir) -> None:
    site.article(
        "second.md",
        ARTICLE.replace("title: Kratom and pain", "title: Tom & Jerry <b>").replace(
            "pain-relief", "other"
        ),
    )
    assert site.build().code == 0
    feed = feedparser.parse((site.out / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert len(feed.entries) == 2
    titles = sorted(e.title for e in feed.entries)
    assert titles == ["Kratom and pain", "Tom & Jerry <b>"]
    for entry in feed.entries:
        assert "The evidence is limited" in entry.summary
        assert "<strong>Health notice.</strong>" in entry.content[0].value
        assert entry.link.startswith("https://example.org/test/articles/")


def test_sitemap_lists_every_page_with_last_reviewed(site: SiteDir) -> None:
    assert site.build().code == 0
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site.out / "sitemap.xml").getroot()
    listed = {u.find("s:loc", ns).text: u.find("s:lastmod", ns).text for u in root}
    assert listed["https://example.org/test/articles/kratom-and-pain/"] == "2026-06-01"
    pages = {p.relative_to(site.out).as_posix() for p in site.out.rglob("index.html")}
    expected = {"https://example.org/test/" + p.removesuffix("index.html") for p in pages}
    assert set(listed) == expected


def test_home_and_topic_pages_paginate(site: SiteDir) -> None:
    many_articles(site, 31)
    assert site.build().code == 0
    home = site.html("index.html")
    assert home.count('class="card"') == 30
    assert 'href="page/2/index.html" rel="next"' in home
    second = site.html("page/2/index.html")
    assert second.count('class="card"') == 2
    assert 'href="../../index.html" rel="prev"' in second
    assert "Page 2 of 2" in second
    assert site.html("topics/pain/page/2/index.html").count('class="card"') == 2
    assert broken_links(site.out) == []


def test_claims_index_links_to_each_claim_on_its_article(site: SiteDir) -> None:
    assert site.build().code == 0
    claims = site.html("claims/index.html")
    assert '<span class="claim-label">Claimed:</span> <q>kratom relieves chronic pain</q>' in claims
    assert (
        '<strong class="note-label">What the evidence says:</strong> '
        "Only one small study, of brief laboratory pain." in claims
    )
    assert (
        '<a href="../articles/kratom-and-pain/index.html#pain-relief">'
        "Evidence and sources: Kratom and pain</a>" in claims
    )
    assert 'id="pain-relief"' in claims
    assert 'Limited evidence <span class="count">(1)</span>' in claims
    assert "Verdict: <strong>limited evidence</strong>" in claims
    assert "Certainty: <strong>very low</strong>" in claims
    # the key says what certainty beside a verdict means
    assert "means we are confident the claim is false" in claims


def test_badges_use_one_wording_on_every_page(site: SiteDir) -> None:
    assert site.build().code == 0
    article = site.html("articles/kratom-and-pain/index.html")
    home = site.html("index.html")
    risks = site.html("risks/index.html")
    certainty = '<span class="badge evidence evidence-very-low">Certainty: <strong>very low'
    assert certainty in article and certainty in home
    assert "Certainty: <strong>low</strong>" in risks and "Certainty: <strong>low" in article
    assert "Severity: <strong>serious</strong>" in risks and "Severity: <strong>serious" in article
    for html in (article, home, risks, site.html("claims/index.html")):
        assert "Evidence:" not in html and "Certainty of evidence" not in html


def test_risk_and_claim_citations_are_sorted_and_joined(site: SiteDir) -> None:
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace("    sources: [source-a]\n", "    sources: [source-b, source-a]\n"),
    )
    assert site.build().code == 0
    html = site.html("articles/kratom-and-pain/index.html")
    assert (
        '<span class="cites">[<a href="#ref-source-a" aria-label="Reference 1">1</a>, '
        '<a href="#ref-source-b" aria-label="Reference 2">2</a>]</span>' in html
    )


def test_risks_index_groups_by_risk_across_articles(site: SiteDir) -> None:
    site.article(
        "second.md",
        ARTICLE.replace("title: Kratom and pain", "title: Second")
        .replace("severity: serious", "severity: moderate")
        .replace("pain-relief", "x"),
    )
    assert site.build().code == 0
    risks = site.html("risks/index.html")
    assert risks.count('<h2 id="risk-liver-injury">') == 0
    assert risks.count('<h2 id="liver-injury">Liver injury</h2>') == 1
    assert risks.count("#risk-liver-injury") == 2
    assert risks.index(">Kratom and pain<") < risks.index(">Second<")  # serious first
    # what the risk is, said once, and a jump list of the risks at the top
    assert risks.count("Case reports describe liver injury.") == 1
    assert '<p class="risk-summary">Case reports describe liver injury.</p>' in risks
    assert (
        '<li><a href="#liver-injury">Liver injury</a> <span class="count">(2)</span></li>' in risks
    )


def test_a_risk_described_otherwise_shows_its_own_summary(site: SiteDir) -> None:
    site.article(
        "second.md",
        ARTICLE.replace("title: Kratom and pain", "title: Second")
        .replace("Case reports describe liver injury.", "Some patients had jaundice.")
        .replace("pain-relief", "x"),
    )
    assert site.build().code == 0
    risks = site.html("risks/index.html")
    assert '<p class="risk-summary">Case reports describe liver injury.</p>' in risks
    assert '<span class="risk-own">Some patients had jaundice.</span>' in risks
    assert risks.count("Case reports describe liver injury.") == 1


def test_sources_index_links_back_to_citing_articles(site: SiteDir) -> None:
    assert site.build().code == 0
    sources = site.html("sources/index.html")
    # not numbered: the numbers would not match any article's reference numbers
    assert '<ul class="reference-list source-index">' in sources and "<ol" not in sources
    assert '<li id="source-b">' in sources
    assert "<strong>Caveat:</strong> A small survey." in sources
    assert (
        'href="../articles/kratom-and-pain/index.html#ref-source-b">Kratom and pain</a>' in sources
    )


def test_every_page_ends_with_its_address_for_print(site: SiteDir) -> None:
    assert site.build().code == 0
    html = site.html("articles/kratom-and-pain/index.html")
    assert (
        '<p class="print-only page-address">Address of this page: <span class="page-url">'
        "https://example.org/test/articles/kratom-and-pain/</span></p>" in html
    )
    # one region for every helpline: it is named once
    assert "<strong>Help now (US):</strong>" in html and "(US)</span>" not in html
    assert 'href="tel:18002221222">1-800-222-1222</a>' in html


def test_helplines_of_several_regions_each_name_their_own(site: SiteDir) -> None:
    one = '  - {name: "Poison Help", number: "1-800-222-1222", region: "US"}\n'
    two = one + '  - {name: "NHS 111", number: "111", region: "UK"}\n'
    site.write("site.yaml", SITE_YAML.replace(one, two))
    assert site.build().code == 0
    html = site.html("index.html")
    assert "<strong>Help now:</strong>" in html
    assert "1-800-222-1222</a> (US);</span>" in html and "111</a> (UK)</span>" in html


def test_alias_writes_a_redirect_that_keeps_the_notice(site: SiteDir) -> None:
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace("last_reviewed:", "aliases: [/articles/old-name/]\nlast_reviewed:"),
    )
    assert site.build().code == 0
    html = site.html("articles/old-name/index.html")
    assert (
        '<meta http-equiv="refresh" content="0; url=../../articles/kratom-and-pain/index.html">'
        in html
    )
    assert 'href="../../articles/kratom-and-pain/index.html">Kratom and pain</a>' in html
    assert html.count('id="health-notice"') == 1
    assert (
        '<link rel="canonical" href="https://example.org/test/articles/kratom-and-pain/">' in html
    )


def test_alias_may_not_replace_a_site_page(site: SiteDir) -> None:
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace("last_reviewed:", "aliases: [/claims/]\nlast_reviewed:"),
    )
    result = site.build()
    assert result.code == 1
    assert (
        "content/articles/kratom-and-pain.md:9: error: alias /claims/ lies in /claims/, "
        "which the site writes" in result.err
    )


def test_pretty_urls_drop_index_html(site: SiteDir) -> None:
    text = (site.content / "site.yaml").read_text()
    site.write("site.yaml", text.replace("pretty_urls: false", "pretty_urls: true"))
    assert site.build().code == 0
    home = site.html("index.html")
    assert 'href="articles/kratom-and-pain/"' in home
    assert "index.html" not in re.sub(r'href="https?://[^"]*"', "", home)
    assert '"../articles/kratom-and-pain/"' in (site.out / "search/d/0.js").read_text()


def search_data(site: SiteDir, rel: str) -> Any:
    """The data a search script hands the search page."""
    text = (site.out / "search" / rel).read_text(encoding="utf-8")
    match = re.fullmatch(r"sitegenSearch\.\w+\((.+?),(.*)\);\n", text, re.S)
    assert match is not None, text[:80]
    return json.loads(match.group(2))


def test_search_index_holds_what_readers_search_for(site: SiteDir) -> None:
    assert site.build().code == 0
    meta = search_data(site, "meta.js")
    assert meta["docs"] == 2  # the article and the about page
    assert search_data(site, "d/0.js")[0] == [
        "../articles/kratom-and-pain/index.html",
        "Kratom and pain",
        "Pain",
        "text/articles--kratom-and-pain.js",
    ]
    # Every word: of the title (flagged), the topic, risks, claims, headings and body.
    shards = {name: search_data(site, f"t/{name}.js") for name in meta["shards"]}
    postings = {term: docs for shard in shards.values() for term, docs in shard.items()}
    assert postings["kratom"][0] == 1  # document 0, in its title: 0 * 2 + 1
    for word in ("pain", "liver", "relieves", "southeast", "evidence", "survey"):
        assert word in postings, word
    assert search_data(site, "text/articles--kratom-and-pain.js")[0] == (
        "What is known about kratom and pain."
    )
    assert "tree from Southeast Asia" in search_data(site, "text/articles--kratom-and-pain.js")[1]
    search = site.html("search/index.html")
    assert '<input type="search" id="q" name="q"' in search
    assert '<script src="../static/search.js" defer></script>' in search
    assert "<noscript>" in search


def test_every_link_to_another_site_has_rel_noopener(site: SiteDir) -> None:
    site.article(
        "kratom-and-pain.md", ARTICLE + "\nSee [the agency](https://example.org/agency).\n"
    )
    assert site.build().code == 0
    outside = re.compile(r"<a\b[^>]*\bhref=\"(?:https?:|mailto:)[^>]*>")
    found = [
        (page.relative_to(site.out).as_posix(), tag)
        for page in sorted(site.out.rglob("*.html"))
        for tag in outside.findall(page.read_text(encoding="utf-8"))
        if 'href="https://example.org/test/' not in tag  # 404.html's links to this site
    ]
    assert len({p for p, _ in found}) > 5  # the footer's contact link is on every page
    assert any("example.org/agency" in t for _, t in found)
    assert any('class="ref-url"' in t for _, t in found)
    assert [(p, t) for p, t in found if 'rel="noopener"' not in t] == []


def test_the_search_box_suggests_the_sites_own_example_word_or_none(site: SiteDir) -> None:
    site.build()
    assert "placeholder=" not in site.html("index.html")
    example = "subject: kratom\nsearch_example: sleep"
    site.write("site.yaml", SITE_YAML.replace("subject: kratom", example))
    site.build()
    for page in ("index.html", "search/index.html"):
        assert 'placeholder="for example: sleep"' in site.html(page), page
