"""Deploys that start warm: a fresh checkout with the cache and the last output restored
(as a CI cache restores them) renders only what changed, and gives the same bytes as a
clean build (issue 23).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.build import build_site
from sitegen.model.options import Options

from sitekit import ARTICLE, SiteDir


def options(site: SiteDir, out: Path, cache: Path | None) -> Options:
    return site.options(out, cache)


def restored(saved: Path, to: Path) -> None:
    """Put a folder back as an unpacked CI cache does: new files, the old times kept."""
    shutil.rmtree(to, ignore_errors=True)
    shutil.copytree(saved, to, copy_function=shutil.copy2, symlinks=True)


def checked_out_again(folder: Path) -> None:
    """Replace a folder by a fresh copy: new files with new times, as a new checkout has."""
    fresh = folder.with_name(folder.name + ".fresh")
    shutil.copytree(folder, fresh, copy_function=shutil.copyfile)
    shutil.rmtree(folder)
    fresh.rename(folder)


def test_a_warm_deploy_renders_only_the_edited_article_and_matches_a_clean_build(
    site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site.root)
    for n in range(6):
        title = f"Other article {n}"
        site.article(f"other-{n}.md", ARTICLE.replace("title: Kratom and pain", f"title: {title}"))
    cache = site.root / ".cache"
    first = build_site(options(site, site.out, cache))
    assert first.rendered == 8  # seven articles and the about page
    # What a CI run keeps: the cache and the last output.
    saved = tmp_path / "saved"
    shutil.copytree(cache, saved / "cache", copy_function=shutil.copy2)
    shutil.copytree(site.out, saved / "site", copy_function=shutil.copy2)
    # The next run: a fresh checkout at the same path, the caches restored, one edit.
    shutil.rmtree(site.out)
    shutil.rmtree(cache)
    for folder in (site.content, site.root / "templates"):
        checked_out_again(folder)
    restored(saved / "cache", cache)
    restored(saved / "site", site.out)
    restored_pages = len(list(site.out.rglob("*.html")))
    edited = site.content / "articles" / "other-3.md"
    edited.write_text(edited.read_text().replace("Kratom is a tree", "Kratom is a plant"))
    warm = build_site(options(site, site.out, cache))
    assert warm.rendered == 1
    clean_out = tmp_path / "clean" / "site"
    build_site(options(site, clean_out, None))
    warm_tree = {
        p.relative_to(site.out): p.read_bytes() for p in site.out.rglob("*") if p.is_file()
    }
    clean_tree = {
        p.relative_to(clean_out): p.read_bytes() for p in clean_out.rglob("*") if p.is_file()
    }
    assert warm_tree.keys() == clean_tree.keys()
    assert [p for p in warm_tree if warm_tree[p] != clean_tree[p]] == []
    assert "a plant" in (site.out / "articles/other-3/index.html").read_text()
    assert restored_pages > 10  # the restored output was there to be reused


def test_a_restored_output_file_with_other_bytes_is_never_reused(
    site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site.root)
    cache = site.root / ".cache"
    build_site(options(site, site.out, cache))
    saved = tmp_path / "saved"
    shutil.copytree(site.out, saved, copy_function=shutil.copy2)
    page = saved / "articles/kratom-and-pain/index.html"
    page.write_text(page.read_text().replace("Kratom and pain", "Tampered"))
    restored(saved, site.out)
    shutil.rmtree(site.root / "site.staging", ignore_errors=True)
    checked_out_again(site.content)
    build_site(options(site, site.out, cache))
    assert "Tampered" not in (site.out / "articles/kratom-and-pain/index.html").read_text()
