"""Fixtures shared by all tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from packagekit import Installed, install
from sitekit import ARTICLE, BIBLIOGRAPHY_YAML, PAGE, REPO, SITE_YAML, SiteDir


@pytest.fixture
def site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[SiteDir]:
    """A small valid site: two topics, two sources, one article, one page."""
    s = SiteDir(tmp_path / "proj", capsys)
    s.root.mkdir()
    shutil.copytree(REPO / "templates", s.root / "templates")
    s.write("site.yaml", SITE_YAML)
    s.write("bibliography.yaml", BIBLIOGRAPHY_YAML)
    s.article("kratom-and-pain.md", ARTICLE)
    s.write("pages/about.md", PAGE)
    yield s


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """sitegen built as a wheel and installed alone into a new virtualenv (packagekit.py)."""
    return install(tmp_path_factory.mktemp("installed"))
