"""Parallel and cached builds give exactly the bytes of a clean single-process build."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from sitegen.engine import stats
from sitegen.engine.stats import stamp
from sitegen.engine.writing import replace_file

from sitekit import ARTICLE, SiteDir


def touch(site: SiteDir) -> None:
    """Change a file's time but not its text: the next build must really run."""
    about = site.content / "pages" / "about.md"
    about.write_text(about.read_text())


def populate(site: SiteDir, count: int = 40) -> None:
    for n in range(count):
        site.article(
            f"a{n:03d}.md",
            ARTICLE.replace("title: Kratom and pain", f"title: Item {n:03d}").replace(
                "pain-relief", f"c{n}"
            )
            + f"\nNote {n} [@source-a].\n",
        )


def clean_tree(site: SiteDir, *args: str) -> dict[str, bytes]:
    """Build from scratch into a separate folder, with no cache."""
    result = site.build("--no-cache", "--out", "clean", *args)
    assert result.code == 0, result.err
    tree = {
        p.relative_to(site.root / "clean").as_posix(): p.read_bytes()
        for p in sorted((site.root / "clean").rglob("*"))
        if p.is_file()
    }
    shutil.rmtree(site.root / "clean")
    return tree


def test_jobs_one_and_four_give_identical_output(site: SiteDir) -> None:
    populate(site)
    assert site.build("--no-cache", "--jobs", "1").code == 0
    one = site.tree()
    assert site.build("--no-cache", "--jobs", "4").code == 0
    assert site.tree() == one


def test_warm_build_is_identical_and_renders_nothing(site: SiteDir) -> None:
    populate(site)
    assert site.build("--jobs", "2").code == 0
    first = site.tree()
    assert first == clean_tree(site)
    touch(site)  # a real build, but with nothing to render again
    assert site.build("--jobs", "2").code == 0
    assert site.tree() == first
    # every page of the new site is a hard link to a file written before
    assert all(p.stat().st_nlink >= 2 for p in (site.out / "articles").rglob("*.html"))


def test_edit_then_undo_matches_clean_builds(site: SiteDir) -> None:
    populate(site)
    assert site.build().code == 0
    article = site.content / "articles" / "a007.md"
    original = article.read_text()
    article.write_text(original.replace("title: Item 007", "title: Item 007 edited"))
    assert site.build().code == 0
    edited = site.tree()
    assert "Item 007 edited" in site.html("articles/a007/index.html")
    assert "Item 007 edited" in site.html("index.html")
    assert edited == clean_tree(site)
    article.write_text(original)
    assert site.build().code == 0
    assert site.tree() == clean_tree(site)


def test_a_body_edit_rebuilds_the_search_index_not_the_lists(site: SiteDir) -> None:
    populate(site)
    assert site.build().code == 0
    claims_before = (site.out / "claims/index.html").stat().st_ino
    article = site.content / "articles" / "a003.md"
    article.write_text(article.read_text() + "\n## A new section\n\nMore text [@source-a].\n")
    assert site.build().code == 0
    assert "A new section" in (site.out / "search/text/articles--a003.js").read_text()
    assert '"section":' in (site.out / "search/t/se.js").read_text()
    assert (site.out / "claims/index.html").stat().st_ino == claims_before  # reused
    assert site.tree() == clean_tree(site)


def test_list_rows_of_unchanged_articles_come_from_the_cache(site: SiteDir) -> None:
    populate(site, 5)
    assert site.build().code == 0
    stored = site.root / ".cache/sitegen/fragments/claims_index.html.pickle"
    held = pickle.loads(stored.read_bytes())
    for key, html in held["rows"].items():  # mark every cached row, to see which are reused
        held["rows"][key] = html.replace("Evidence and sources:", "Reused row:")
    stored.write_bytes(pickle.dumps(held))
    article = site.content / "articles" / "a003.md"
    article.write_text(article.read_text().replace("title: Item 003", "title: Item 003 edited"))
    assert site.build().code == 0
    claims = site.html("claims/index.html")
    assert "Evidence and sources: Item 003 edited" in claims  # its own row is new
    assert "Reused row: Item 004" in claims  # the others were not rendered again


def edit_template(site: SiteDir, name: str, old: str, new: str) -> None:
    path = site.root / "templates" / name
    text = path.read_text()
    assert old in text, f"{name} no longer holds {old!r}"
    path.write_text(text.replace(old, new))


def test_a_row_template_change_reaches_every_row(site: SiteDir) -> None:
    populate(site, 5)
    assert site.build().code == 0
    edit_template(site, "_lists.html", 'data-label="Severity"', 'data-label="How bad"')
    assert site.build().code == 0
    assert site.html("risks/index.html").count('data-label="How bad"') == 6
    assert 'data-label="Severity"' not in site.html("risks/index.html")


def test_a_badge_change_reaches_every_badge(site: SiteDir) -> None:
    # Each build renders a badge once per value and reuses it: an edit must still show.
    populate(site, 5)
    assert site.build().code == 0
    edit_template(site, "_macros.html", "Severity: <strong>", "How bad: <strong>")
    assert site.build().code == 0
    for rel in ("risks/index.html", "articles/a003/index.html"):
        html = site.html(rel)
        assert "How bad: <strong>serious</strong>" in html, rel
        assert "Severity: <strong>" not in html, rel


def test_an_error_in_a_badge_is_reported_at_its_line(site: SiteDir) -> None:
    macros = site.root / "templates" / "_macros.html"
    text = macros.read_text()
    macros.write_text(text.replace("verdict_words[verdict]", "verdict_wording[verdict]"))
    line = next(n for n, s in enumerate(text.splitlines(), 1) if "verdict_words[" in s)
    result = site.build()
    assert result.code == 1
    assert f"templates/_macros.html:{line}: error: template: 'verdict_wording' is undefined" in (
        result.err
    )
    assert "Traceback" not in result.err
    assert not site.out.exists()


def test_template_change_reaches_every_page(site: SiteDir) -> None:
    populate(site, 5)
    assert site.build().code == 0
    edit_template(site, "base.html", "Skip to main content", "Skip to the article")
    assert site.build().code == 0
    pages = list(site.out.rglob("*.html"))
    assert pages and all("Skip to the article" in p.read_text() for p in pages)


def test_a_hand_edited_output_is_never_reused(site: SiteDir) -> None:
    assert site.build().code == 0
    page = site.out / "articles/kratom-and-pain/index.html"
    page.write_text("tampered")
    assert site.build().code == 0
    assert "tampered" not in page.read_text()
    assert page.read_text() == clean_tree(site)["articles/kratom-and-pain/index.html"].decode()


def test_a_corrupted_staging_folder_is_repaired(site: SiteDir) -> None:
    populate(site, 5)
    assert site.build().code == 0
    touch(site)
    assert site.build().code == 0  # now the staging folder holds the previous site
    staged = site.root / ".site.staging" / "articles/a001/index.html"
    staged.unlink()
    staged.write_text("half-written by a killed build")
    (site.root / ".site.staging" / "stray.html").write_text("left over")
    assert site.build().code == 0
    assert site.tree() == clean_tree(site)


def test_a_removed_article_leaves_the_site(site: SiteDir) -> None:
    populate(site, 3)
    assert site.build().code == 0
    touch(site)
    assert site.build().code == 0
    (site.content / "articles" / "a001.md").unlink()
    assert site.build().code == 0
    assert not (site.out / "articles/a001").exists()
    assert site.tree() == clean_tree(site)


def test_problems_of_unchanged_files_are_reported_again(site: SiteDir) -> None:
    site.article("kratom-and-pain.md", ARTICLE + "\nIt is a miracle.\n")
    first = site.build()
    second = site.build()
    check = site.check()
    expected = "content/articles/kratom-and-pain.md:36: warning: promotional wording 'miracle'"
    assert expected in first.err and expected in second.err and expected in check.err


def test_an_unreadable_cache_is_ignored(site: SiteDir) -> None:
    assert site.build().code == 0
    (site.root / ".cache/sitegen/manifest.pickle").write_bytes(b"not a pickle")
    assert site.build().code == 0
    assert site.tree() == clean_tree(site)


def test_a_build_that_would_change_nothing_writes_nothing(site: SiteDir) -> None:
    site.article("kratom-and-pain.md", ARTICLE + "\nIt is a miracle.\n")
    first = site.build()
    again = site.build()
    assert again.err == first.err  # the same warnings, reported again
    # no swap happened: a swap would have left the old site as the staging folder
    assert not (site.root / ".site.staging").exists()
    strict = site.build("--strict")
    assert strict.code == 1 and "promotional wording 'miracle'" in strict.err


def test_any_input_change_means_a_real_build(site: SiteDir) -> None:
    assert site.build().code == 0
    about = site.content / "pages" / "about.md"
    about.write_text(about.read_text().replace("We are a test.", "We are still a test."))
    assert site.build().code == 0
    assert "We are still a test." in site.html("about/index.html")
    assert (site.root / ".site.staging").is_dir()  # the swap happened


def test_a_page_falling_due_for_review_means_a_real_build(site: SiteDir) -> None:
    assert site.run("build", "--today", "2027-05-31").code == 0
    assert "due for review" not in site.html("articles/kratom-and-pain/index.html")
    result = site.run("build", "--today", "2027-06-02")
    assert "note: review overdue since 2027-06-01" in result.err
    assert "This page is due for review." in site.html("articles/kratom-and-pain/index.html")


def test_a_changed_output_folder_means_a_real_build(site: SiteDir) -> None:
    assert site.build().code == 0
    (site.out / "about/index.html").unlink()
    assert site.build().code == 0
    assert (site.out / "about/index.html").is_file()


def test_writing_a_page_never_writes_through_a_hard_link(tmp_path: Path) -> None:
    live = tmp_path / "live.html"
    live.write_text("the live site's page")
    staged = tmp_path / "staged.html"
    os.link(live, staged)
    replace_file(str(staged), b"rendered again")
    assert live.read_text() == "the live site's page"
    assert staged.read_text() == "rendered again"
    fresh = tmp_path / "fresh.html"
    replace_file(str(fresh), b"new page")
    assert fresh.read_bytes() == b"new page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.html", "live.html", "staged.html"]


def _same_size_edit(path: Path, old: bytes, new: bytes) -> None:
    """Change bytes in place (same size, same inode), then put the old times back."""
    before = path.stat()
    data = path.read_bytes()
    assert old in data and len(old) == len(new)
    with path.open("r+b") as handle:
        handle.write(data.replace(old, new, 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_stamp_sees_a_same_size_edit_with_the_old_mtime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.md"
    path.write_text("version one\n")
    racy = stamp(path)
    assert racy is not None and racy[4], "a file written just now is digested"
    monkeypatch.setattr(stats, "RACY_NS", 0)  # as if it had been written long ago
    settled = stamp(path)
    assert settled is not None and not settled[4], "an older file is trusted by its stat"
    _same_size_edit(path, b"one", b"two")
    assert stamp(path) != settled  # its inode change time moved
    monkeypatch.undo()
    assert stamp(path) not in (racy, settled)  # and its bytes differ


def test_the_stat_alone_catches_a_same_size_edit(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With no racy window, only the inode change time can tell the edit from the original.
    monkeypatch.setattr(stats, "RACY_NS", 0)
    assert site.build().code == 0
    _same_size_edit(site.content / "pages" / "about.md", b"We are", b"Xe are")
    assert site.build().code == 0
    assert "Xe are a test." in site.html("about/index.html")
