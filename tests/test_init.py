"""`init DIR` writes a site that builds, says what is left to fill in, and refuses to publish
until it is filled in; it never writes into a folder that holds anything.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

import sitegen
from sitegen.cli import main
from sitegen.load.schema import ARTICLE
from sitegen.scaffold.init import DRAFT, requirement

from sitekit import REPO, TODAY

FILES = [
    ".github/workflows/pages.yml",
    ".gitignore",
    ".vscode/extensions.json",
    "README.md",
    "content/articles/your-first-article.md",
    "content/bibliography.yaml",
    "content/blocks/when-to-get-help.md",
    "content/pages/about.md",
    "content/pages/accessibility.md",
    "content/pages/editorial-policy.md",
    "content/pages/privacy.md",
    "content/site.yaml",
    "requirements.txt",
    "schemas/article.schema.json",
    "schemas/bibliography.schema.json",
    "schemas/site.schema.json",
]
TODO = "warning: placeholder 'TODO' is still in the text"


@dataclass
class Ran:
    code: int
    out: str
    err: str


@dataclass
class Starter:
    root: Path
    capsys: pytest.CaptureFixture[str]

    def run(self, *args: str, cwd: Path | None = None) -> Ran:
        self.capsys.readouterr()
        before = Path.cwd()
        os.chdir(cwd or self.root)
        try:
            code = main(list(args))
        finally:
            os.chdir(before)
        captured = self.capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")


@pytest.fixture
def starter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Starter]:
    """A site made by `init mysite`, run from the folder around it."""
    made = Starter(tmp_path / "mysite", capsys)
    result = made.run("init", "mysite", "--today", TODAY, cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.out.splitlines()[:2] == [
        f"created a new site in mysite/ ({len(FILES)} files); next:",
        "  cd mysite",
    ]
    yield made


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_init_writes_the_starter(starter: Starter) -> None:
    assert files(starter.root) == FILES
    assert starter.read("requirements.txt").splitlines()[-1] == f"sitegen=={sitegen.__version__}"
    assert "/site/\n/.cache/\n" in starter.read(".gitignore")
    assert "sitegen check --strict --format github" in starter.read(".github/workflows/pages.yml")


def test_the_starter_has_no_kratom_and_no_contact(starter: Starter) -> None:
    for rel in FILES:
        if not rel.startswith("schemas/"):  # the declaration's own docs name an example
            assert "kratom" not in starter.read(rel).lower(), rel
    site = yaml.safe_load(starter.read("content/site.yaml"))
    assert "contact" not in site["publisher"]


def test_the_yaml_files_name_their_schemas_on_their_first_line(starter: Starter) -> None:
    for rel, schema in [
        ("content/site.yaml", "site.schema.json"),
        ("content/bibliography.yaml", "bibliography.schema.json"),
    ]:
        first = starter.read(rel).splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{schema}"
        assert (starter.root / rel).parent.joinpath(f"../schemas/{schema}").resolve().is_file()


def test_the_draft_shows_every_declared_key_in_order_with_what_it_holds(starter: Starter) -> None:
    front = starter.read(DRAFT).split("---\n")[1]
    shown = re.findall(r"^(?:# )?([a-z_]+):", front, re.MULTILINE)
    assert shown == list(ARTICLE)
    for key, field in ARTICLE.items():
        need = "required" if field.required else "optional"
        assert f"# {key} ({need}): {field.doc}\n" in front, key
    # what is written as YAML is what the starter gives a value; the rest is commented out
    assert list(yaml.safe_load(front)) == [
        "title",
        "summary",
        "topic",
        "evidence",
        "authors",
        "created",
        "last_reviewed",
        "risks",
        "claims",
        "sources",
        "changes",
        "not_applicable",
        "draft",
    ]
    assert f"created: {TODAY}\nlast_reviewed: {TODAY}\n" in front.replace(
        f"# last_reviewed (required): {ARTICLE['last_reviewed'].doc}\n", ""
    )


def test_check_with_drafts_passes_and_lists_what_to_fill_in(starter: Starter) -> None:
    result = starter.run("check", "--drafts", "--today", TODAY)
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    assert lines[-1] == "36 warnings in 7 files"  # site.yaml; the inline source's caveat (19.3)
    assert all(line.endswith(TODO) for line in lines[:-1]), result.err
    where = {line.split(":")[0] for line in lines[:-1]}
    block = "content/blocks/when-to-get-help.md"  # the draft includes it
    pages = (f"content/pages/{p}.md" for p in PAGES)
    assert where == {DRAFT, block, "content/site.yaml", *pages}
    # each warning names the line of a TODO
    for line in lines[:-1]:
        rel, number = line.split(":")[:2]
        assert "TODO" in starter.read(rel).splitlines()[int(number) - 1], line


PAGES = ("about", "accessibility", "editorial-policy", "privacy")


def test_build_builds_the_starter_and_says_there_is_no_contact(starter: Starter) -> None:
    result = starter.run("build", "--today", TODAY)
    assert result.code == 0, result.err
    assert result.out.endswith("→ site/ (1 draft skipped)\n")
    out = starter.root / "site"
    for rel in ("index.html", "topics/general/index.html", "static/style.css"):
        assert (out / rel).is_file(), rel
    for page in PAGES:
        html = (out / page / "index.html").read_text(encoding="utf-8")
        assert "There is no contact address yet." in html, page
    assert not (out / "articles").exists()  # the draft is not published


def test_build_with_drafts_builds_the_draft_too(starter: Starter) -> None:
    result = starter.run("build", "--drafts", "--today", TODAY)
    assert result.code == 0, result.err
    html = (starter.root / "site/articles/your-first-article/index.html").read_text()
    assert "DRAFT: not published." in html


def test_strict_refuses_to_publish_the_unfinished_starter(starter: Starter) -> None:
    result = starter.run("check", "--strict", "--today", TODAY)
    assert result.code == 1
    assert result.err.splitlines()[-1] == "24 warnings in 5 files"
    result = starter.run("build", "--strict", "--today", TODAY)
    assert result.code == 1
    assert not (starter.root / "site").exists()


def test_strict_passes_once_the_pages_say_no_todo(starter: Starter) -> None:
    # The TODOs in the pages and site.yaml are what hold it back; the draft does not count
    # unless asked.
    for page in PAGES:
        path = starter.root / "content/pages" / f"{page}.md"
        path.write_text(path.read_text().replace("TODO: ", "Written: "), encoding="utf-8")
    result = starter.run("check", "--strict", "--today", TODAY)
    assert result.code == 1
    assert result.err.splitlines()[-1] == "12 warnings in 1 file"
    site = starter.root / "content/site.yaml"
    site.write_text(site.read_text().replace("TODO: ", "Written: "), encoding="utf-8")
    assert starter.run("check", "--strict", "--today", TODAY).code == 0


def test_new_works_in_the_starter(starter: Starter) -> None:
    result = starter.run("new", "A second article", "--topic", "general", "--today", TODAY)
    assert result.code == 0, result.err
    assert (starter.root / "content/articles/a-second-article.md").is_file()


def test_init_into_an_empty_folder_that_exists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    here = Starter(tmp_path, capsys)
    result = here.run("init", ".", "--today", TODAY)
    assert result.code == 0, result.err
    assert result.out.splitlines()[1].startswith("  sitegen check")  # no 'cd' needed
    assert files(tmp_path) == FILES


def test_init_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me\n")
    result = Starter(tmp_path, capsys).run("init", "mine")
    assert result.code == 1
    assert result.err == (
        "mine: error: is not empty (it holds notes.txt); init writes a new site only into a "
        "new or empty folder, so it overwrites nothing\n1 error in 1 file\n"
    )
    assert files(tmp_path / "mine") == ["notes.txt"]


def test_init_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine").write_text("a file\n")
    result = Starter(tmp_path, capsys).run("init", "mine")
    assert result.code == 1
    assert result.err.startswith("mine: error: is a file, not a folder; init writes")
    assert (tmp_path / "mine").read_text() == "a file\n"


def test_init_says_which_file_it_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("not a folder\n")
    result = Starter(tmp_path, capsys).run("init", "a-file/mysite")
    assert result.code == 1
    assert result.err == (
        "a-file/mysite/README.md: error: cannot write: Not a directory\n1 error in 1 file\n"
    )


def test_a_checkout_without_a_version_pins_nothing() -> None:
    assert requirement("0.2.0") == "sitegen==0.2.0"
    assert requirement("0+unknown") == "sitegen"


def test_the_version_is_the_one_in_pyproject(capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    version = re.search(r'^version = "(.+)"$', pyproject, re.MULTILINE)
    assert version is not None
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out == f"sitegen {version[1]} (default theme: {REPO / 'templates'})\n"
