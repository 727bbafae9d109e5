"""`new "Title"` scaffolds a draft and never overwrites."""

from __future__ import annotations

from sitekit import SiteDir


def test_new_writes_a_draft_with_every_required_key(site: SiteDir) -> None:
    result = site.run(
        "new", "Kratom and sleep: what we know", "--topic", "pain", "--today", "2026-11-22"
    )
    assert result.code == 0, result.err
    path = site.content / "articles" / "kratom-and-sleep-what-we-know.md"
    assert (
        result.out == f"created content/articles/{path.name} (a draft: set 'draft: false' "
        "to publish it)\n"
    )
    text = path.read_text()
    assert 'title: "Kratom and sleep: what we know"' in text
    assert "created: 2026-11-22\nlast_reviewed: 2026-11-22" in text
    assert "draft: true" in text
    for key in (
        "summary:",
        "topic: pain",
        "evidence:",
        "authors:",
        "risks:",
        "claims:",
        "sources:",
        "changes:",
    ):
        assert key in text
    # A build that skips drafts is not held up by an unfinished one...
    assert site.build().code == 0
    # ...and with --drafts the editor is told exactly what is left to fill in.
    result = site.build("--drafts")
    assert result.code == 1
    assert result.err.splitlines() == [
        f"content/articles/{path.name}:15: error: a risk needs at least one source",
        f"content/articles/{path.name}:17: error: 'sources' must list at least one source id "
        "from bibliography.yaml",
        "2 errors in 1 file",
    ]


def test_new_refuses_to_overwrite(site: SiteDir) -> None:
    existing = site.content / "articles" / "kratom-and-pain.md"
    before = existing.read_text()
    result = site.run("new", "Kratom and pain", "--topic", "pain")
    assert result.code == 1
    assert result.err.startswith("content/articles/kratom-and-pain.md: error: already exists")
    assert existing.read_text() == before


def test_new_with_unknown_topic_lists_the_known_ones(site: SiteDir) -> None:
    result = site.run("new", "Sleep", "--topic", "slep")
    assert result.code == 1
    assert "unknown topic 'slep' (known topics: pain, withdrawal)" in result.err
    assert not (site.content / "articles" / "sleep.md").exists()


def test_new_transliterates_the_title_to_an_ascii_file_name(site: SiteDir) -> None:
    result = site.run("new", "Kratom: Café über alles", "--topic", "pain")
    assert result.code == 0, result.err
    assert (site.content / "articles" / "kratom-cafe-uber-alles.md").is_file()


def test_new_without_topic_is_a_usage_error(site: SiteDir) -> None:
    result = site.run("new", "Sleep")
    assert result.code == 2
    assert "the following arguments are required: --topic" in result.err


def test_new_spells_out_what_ascii_cannot_show(site: SiteDir) -> None:
    result = site.run("new", "½ a dose: Straße test", "--topic", "pain")
    assert result.code == 0, result.err
    assert (site.content / "articles" / "half-a-dose-strasse-test.md").is_file()
