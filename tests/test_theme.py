"""The default theme ships inside the package; a site's own templates/ overrides it file by file.

Each test starts from the small site of sitekit without its copy of the theme, so what it
does not override comes from the package.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.render import environment

from sitekit import REPO, SiteDir

ARTICLE_PAGE = "articles/kratom-and-pain/index.html"


@pytest.fixture
def bare(site: SiteDir) -> Iterator[SiteDir]:
    """The small site with no templates/ of its own: everything comes from the theme."""
    shutil.rmtree(site.root / "templates")
    yield site


def own(site: SiteDir, rel: str, text: str) -> None:
    path = site.root / "templates" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_theme_is_this_repositorys_templates_folder() -> None:
    # The editable install maps sitegen.theme onto templates/: one copy, not two.
    assert environment.theme_folder() == REPO / "templates"


def test_a_checkout_beside_a_plain_install_finds_its_own_templates(tmp_path: Path) -> None:
    # README's first command installs sitegen (not editable), then runs build.py in the
    # checkout, which imports the checkout's sitegen: no sitegen.theme package there. Run
    # so, without site's .pth files (the editable install's finder), but with its packages.
    site_packages = next(p for p in sys.path if p.endswith("site-packages"))
    code = (
        f"import sys; sys.path.append({site_packages!r}); "
        "from sitegen.cli import main; sys.exit(main(['--version']))"
    )
    done = subprocess.run(
        [sys.executable, "-S", "-c", code], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(f"{REPO / 'templates'})"), done.stdout


def test_a_site_without_templates_builds_what_a_full_copy_of_the_theme_builds(
    site: SiteDir,
) -> None:
    assert site.build().code == 0
    with_copy = site.tree()
    shutil.rmtree(site.root / "templates")
    shutil.rmtree(site.out)
    result = site.build("--no-cache")
    assert result.code == 0, result.err
    assert site.tree() == with_copy


def test_one_overridden_template_replaces_only_that_file(bare: SiteDir) -> None:
    assert bare.build().code == 0
    before = bare.tree()
    article = (REPO / "templates" / "article.html").read_text(encoding="utf-8")
    own(bare, "article.html", article.replace("<h1 id=", '<p class="ours">Our own</p>\n<h1 id='))
    result = bare.build()
    assert result.code == 0, result.err
    after = bare.tree()
    assert b'<p class="ours">Our own</p>' in after[ARTICLE_PAGE]
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert changed == {ARTICLE_PAGE}  # every other page is still the theme's


def test_a_template_can_extend_the_default_it_replaces(bare: SiteDir) -> None:
    own(
        bare,
        "article.html",
        '{% extends "theme/article.html" %}\n'
        '{% block head %}{{ super() }}<meta name="ours" content="yes">{% endblock %}\n',
    )
    result = bare.build()
    assert result.code == 0, result.err
    html = bare.html(ARTICLE_PAGE)
    assert '<meta name="ours" content="yes">' in html
    assert '<script type="application/ld+json">' in html  # the default's block, kept
    assert '<h1 id="page-title">Kratom and pain</h1>' in html  # and its page


def test_the_themes_pages_use_the_sites_own_base(bare: SiteDir) -> None:
    base = (REPO / "templates" / "base.html").read_text(encoding="utf-8")
    own(bare, "base.html", base.replace("Skip to main content", "Skip to the page"))
    assert bare.build().code == 0
    for rel in ("index.html", ARTICLE_PAGE, "about/index.html"):
        assert "Skip to the page" in bare.html(rel), rel


def test_a_sites_base_without_the_notice_fails_the_build(bare: SiteDir) -> None:
    base = (REPO / "templates" / "base.html").read_text(encoding="utf-8")
    own(bare, "base.html", base.replace('id="health-notice"', 'id="notice"'))
    result = bare.build()
    assert result.code == 1
    assert (
        'must contain exactly one element with id="health-notice" before <main> (found 0)'
        in result.err
    )
    assert "Traceback" not in result.err
    assert not bare.out.exists()


def test_a_base_that_extends_the_theme_cannot_drop_the_notice_either(bare: SiteDir) -> None:
    # Extending the default base and emptying the notice's region is caught as well.
    own(bare, "base.html", '{% extends "theme/base.html" %}\n')
    assert bare.build().code == 0
    page = (REPO / "templates" / "base.html").read_text(encoding="utf-8")
    own(bare, "index.html", page.replace('id="health-notice"', 'id="gone"'))
    result = bare.build()
    assert result.code == 1
    assert "the page 'index.html' must contain exactly one element" in result.err


def test_a_static_file_of_the_site_replaces_the_themes(bare: SiteDir) -> None:
    own(bare, "static/style.css", "body { color: black; }\n")
    own(bare, "static/extra.txt", "ours\n")
    assert bare.build().code == 0
    out = bare.out / "static"
    assert (out / "style.css").read_text() == "body { color: black; }\n"
    assert (out / "extra.txt").read_text() == "ours\n"
    assert (out / "icon.svg").read_bytes() == (REPO / "templates/static/icon.svg").read_bytes()
    assert (out / "search.js").is_file()


def test_templates_named_but_missing_is_a_usage_error(bare: SiteDir) -> None:
    result = bare.build("--templates", "tempaltes")
    assert result.code == 2
    assert result.err == "error: --templates must be a folder (got 'tempaltes')\n"


@pytest.fixture
def own_theme(bare: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the theme that the build uses as the default, to edit as a developer would."""
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "templates", theme)
    monkeypatch.setattr(environment, "theme_folder", lambda: theme)
    return theme


@pytest.mark.parametrize(
    ("rel", "old", "new", "page"),
    [
        ("base.html", "Skip to main content", "Skip to MAIN content", "index.html"),
        ("article.html", "Written by", "Written BY", ARTICLE_PAGE),
        ("static/style.css", "readable type", "READABLE TYPE", "static/style.css"),
    ],
    ids=["base", "article", "static"],
)
def test_an_edit_to_the_theme_is_built(
    bare: SiteDir, own_theme: Path, rel: str, old: str, new: str, page: str
) -> None:
    # The cached build must see it: the theme is part of what a build depends on.
    assert bare.build("--jobs", "1").code == 0
    assert old in bare.html(page)
    path = own_theme / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = bare.build("--jobs", "1")
    assert result.code == 0, result.err
    assert new in bare.html(page)
    assert old not in bare.html(page)
