"""sitegen installed as a new user installs it: from a wheel, into a fresh virtualenv, with no
checkout of this repository on the path. `sitegen init mysite && cd mysite && sitegen build`
must build a site there (tests/browser/ checks that site's quality in a browser).
"""

from __future__ import annotations

import re
import tomllib
import zipfile
from pathlib import Path

import yaml

from packagekit import Installed
from sitekit import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]


def _files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_the_package_list_names_every_package_folder() -> None:
    # pyproject.toml lists the packages (discovery cannot map the theme): a new one must be added.
    folders = {
        ".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "sitegen").rglob("__init__.py")
    }
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert listed == folders | {"sitegen.theme"}
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"sitegen.theme": "templates"}


def test_the_wheel_carries_the_theme_and_the_starter(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    theme = {f"sitegen/theme/{rel}" for rel in _files(REPO / "templates")}
    assert theme <= names, sorted(theme - names)
    starter = REPO / "sitegen" / "scaffold" / "starter"
    carried = {f"sitegen/scaffold/starter/{rel}" for rel in _files(starter)}
    assert carried <= names, sorted(carried - names)


def test_init_then_build_in_an_empty_folder(installed: Installed, tmp_path: Path) -> None:
    where = tmp_path / "elsewhere"
    where.mkdir()
    made = installed.run("sitegen", "init", "mysite", cwd=where)
    assert made.returncode == 0, made.stderr
    site = where / "mysite"
    built = installed.run("sitegen", "build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert re.fullmatch(r"built 12 pages in [\d.]+ s → site/ \(1 draft skipped\)\n", built.stdout)
    for rel in ("index.html", "about/index.html", "static/style.css", "static/search.js"):
        assert (site / "site" / rel).is_file(), rel
    # what it said to fill in is warnings, and --strict refuses to publish them
    assert installed.run("sitegen", "check", "--drafts", cwd=site).returncode == 0
    strict = installed.run("sitegen", "check", "--strict", cwd=site)
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1] == "12 warnings in 4 files"


def test_the_installed_sitegen_is_the_wheel_not_the_checkout(
    installed: Installed, tmp_path: Path
) -> None:
    found = installed.run(
        "python", "-c", "import sitegen, sitegen.cli; print(sitegen.__file__)", cwd=tmp_path
    )
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()).is_relative_to(installed.venv)
    theme = installed.venv / "lib"
    for command in (["sitegen", "--version"], ["python", "-m", "sitegen", "--version"]):
        said = installed.run(*command, cwd=tmp_path)
        assert said.returncode == 0, said.stderr
        assert said.stdout.startswith(f"sitegen {VERSION} (default theme: {theme}/"), said.stdout
        assert said.stdout.endswith("/site-packages/sitegen/theme)\n"), said.stdout


def test_the_pre_commit_hook_runs_the_strict_check(installed: Installed, tmp_path: Path) -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path, run in [
        ("content/site.yaml", True),
        ("content/articles/a.md", True),
        ("templates/base.html", True),
        ("README.md", False),
    ]:
        assert bool(files.search(path)) is run, path
    command = hook["entry"].split()
    assert command[0] in PYPROJECT["project"]["scripts"]
    assert installed.run("sitegen", "init", "site", cwd=tmp_path).returncode == 0
    site = tmp_path / "site"
    refused = installed.run(*command, cwd=site)
    assert refused.returncode == 1  # the starter's TODOs
    assert refused.stderr.splitlines()[-1] == "12 warnings in 4 files"
    for page in (site / "content" / "pages").glob("*.md"):
        page.write_text(page.read_text(encoding="utf-8").replace("TODO: ", "Written: "))
    passed = installed.run(*command, cwd=site)
    assert passed.returncode == 0, passed.stderr
