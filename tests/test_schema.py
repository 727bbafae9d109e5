"""The one declaration of the content's keys (load/schema.py) is what everything else says.

The loader's checks, the README's table, `new`'s draft and the JSON Schemas for editors'
tools all come from it; these tests hold each of them to it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import sitegen.scaffold
from sitegen.cli import main
from sitegen.load.jsonschema import schemas, text
from sitegen.load.schema import ARTICLE, PAGE, readme_table
from sitegen.scaffold.init import init_site

from sitekit import ARTICLE as ARTICLE_TEXT
from sitekit import REPO, SITE_YAML, SiteDir

FULL_ARTICLE: dict[str, Any] = {
    "title": "Kratom and pain",
    "summary": "What is known.",
    "topic": "pain",
    "evidence": "very-low",
    "authors": [{"name": "Test editors", "credentials": "MPH", "affiliation": "Nowhere"}],
    "reviewed_by": [{"name": "A Reviewer", "role": "Pharmacist"}],
    "created": dt.date(2026, 1, 10),
    "last_reviewed": dt.date(2026, 6, 1),
    "next_review_due": dt.date(2027, 1, 1),
    "risks": [
        {
            "name": "Liver injury",
            "severity": "serious",
            "certainty": "low",
            "summary": "Case reports.",
            "sources": ["source-a"],
            "kind": "liver",
        }
    ],
    "claims": [
        {
            "id": "pain-relief",
            "claim": "kratom relieves pain",
            "verdict": "limited",
            "certainty": "very-low",
            "sources": ["source-b"],
            "note": "One small study.",
        }
    ],
    "sources": ["source-a", "source-b"],
    "changes": [{"date": dt.date(2026, 6, 1), "summary": "Reviewed."}],
    "not_applicable": {"pregnancy": "This page is about a laboratory test in men."},
    "aliases": ["/old-pain/"],
    "slug": "kratom-and-pain",
    "draft": False,
}
BODY = "\nKratom is a tree [@source-a; @source-b].\n"
KINDS = """\
risk_kinds:
  liver: {name: "Liver injury", description: "The liver."}
  pregnancy: {name: "Pregnancy", description: "Mothers and babies."}
required: {kinds: [pregnancy]}
"""


@pytest.fixture(autouse=True)
def kinds(request: pytest.FixtureRequest) -> None:
    """The test site declares the risk kinds and requirements the full article uses."""
    if "site" in request.fixturenames:
        site = request.getfixturevalue("site")
        site.write("site.yaml", SITE_YAML + KINDS)
        site.article("kratom-and-pain.md", front(FULL_ARTICLE))


def front(data: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + BODY


def test_the_full_article_uses_every_declared_key_and_builds(site: SiteDir) -> None:
    assert list(FULL_ARTICLE) == list(ARTICLE)
    site.article("kratom-and-pain.md", front(FULL_ARTICLE))
    result = site.check()
    assert result.code == 0, result.err


@pytest.mark.parametrize("key", [k for k, f in ARTICLE.items() if f.required])
def test_each_required_key_is_required(site: SiteDir, key: str) -> None:
    data = {k: v for k, v in FULL_ARTICLE.items() if k != key}
    site.article("kratom-and-pain.md", front(data))
    result = site.check()
    assert result.code == 1
    assert f"content/articles/kratom-and-pain.md:2: error: missing required key '{key}'" in (
        result.err
    )


@pytest.mark.parametrize("key", [k for k, f in ARTICLE.items() if not f.required])
def test_each_optional_key_may_be_left_out(site: SiteDir, key: str) -> None:
    data = {k: v for k, v in FULL_ARTICLE.items() if k != key}
    site.article("kratom-and-pain.md", front(data))
    result = site.check()
    if key == "not_applicable":  # optional, but this site requires what it excuses
        assert "no risk of the required kind 'pregnancy'" in result.err
    else:
        assert result.code == 0, result.err


def test_a_key_the_declaration_lacks_is_unknown(site: SiteDir) -> None:
    site.article("kratom-and-pain.md", front({**FULL_ARTICLE, "risk": []}))
    result = site.check()
    assert "error: unknown key 'risk'; did you mean 'risks'?" in result.err


def test_a_page_takes_the_keys_it_declares(site: SiteDir) -> None:
    data = {k: v for k, v in FULL_ARTICLE.items() if k in PAGE and k not in ("aliases", "slug")}
    site.write("pages/about.md", front(data).replace(BODY, "\nAbout us.\n"))
    assert site.check().code == 0
    site.write("pages/about.md", front({**data, "topic": "pain"}))
    assert "error: unknown key 'topic'" in site.check().err


def test_the_readme_table_is_the_declaration() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme_table(ARTICLE) in readme


def test_new_writes_the_declared_keys_that_have_an_example(site: SiteDir) -> None:
    assert site.run("new", "Sleep", "--topic", "pain").code == 0
    text = (site.content / "articles" / "sleep.md").read_text(encoding="utf-8")
    written = yaml.safe_load(text.split("---\n")[1])
    assert list(written) == [k for k, f in ARTICLE.items() if f.example is not None]
    assert {k for k, f in ARTICLE.items() if f.required} <= set(written)


# --- JSON Schema ------------------------------------------------------------------------------


def _as_editors_see_it(value: Any) -> Any:
    """YAML as an editor's tool reads it: dates are text there (YAML 1.2)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _as_editors_see_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editors_see_it(v) for v in value]
    return value


def _front_matter(path: Path) -> Any:
    return _as_editors_see_it(yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]))


def _errors(name: str, value: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schemas()[name])
    return [e.message for e in validator.iter_errors(value)]


def test_the_schemas_are_valid_json_schema() -> None:
    for schema in schemas().values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_the_real_content_passes_its_schemas() -> None:
    content = REPO / "content"
    site = _as_editors_see_it(yaml.safe_load((content / "site.yaml").read_text()))
    bibliography = _as_editors_see_it(yaml.safe_load((content / "bibliography.yaml").read_text()))
    assert _errors("site.schema.json", site) == []
    assert _errors("bibliography.schema.json", bibliography) == []
    for path in sorted((content / "articles").glob("*.md")):
        assert _errors("article.schema.json", _front_matter(path)) == [], path.name


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"risk": []}, "unknown key 'risk'"),
        ({"evidence": "strong"}, "'evidence' must be one of"),
        ({"title": None}, "'title' is empty"),
        ({"risks": [{**FULL_ARTICLE["risks"][0], "severity": "severe"}]}, "'severity'"),
        ({"authors": []}, "'authors' needs at least 1 entry"),
        ({"created": "2026-1-10"}, "'created' must be a date"),
        ({"aliases": "old"}, "'aliases' must be a list"),
    ],
)
def test_what_the_build_rejects_the_schema_rejects(
    site: SiteDir, change: dict[str, Any], message: str
) -> None:
    data = {**FULL_ARTICLE, **change}
    if change.get("title", "") is None:
        del data["title"]
        data = {"title": None, **data}
    site.article("kratom-and-pain.md", front(data))
    result = site.check()
    assert result.code == 1 and message in result.err, result.err
    assert _errors("article.schema.json", _as_editors_see_it(data)) != []


def test_a_source_the_build_rejects_the_schema_rejects() -> None:
    good = {"id": "a", "title": "T", "by": "B", "url": "https://example.org/"}
    assert _errors("bibliography.schema.json", [good]) == []
    for bad in (
        {**good, "url": "http://example.org/"},
        {**good, "id": "Not A Slug"},
        {**good, "year": 19},
        {**good, "doi": "https://doi.org/10.1/x"},
        {k: v for k, v in good.items() if k != "by"},
    ):
        assert _errors("bibliography.schema.json", [bad]) != [], bad


def test_the_article_text_of_the_fixture_is_valid() -> None:
    assert (
        _errors(
            "article.schema.json",
            _as_editors_see_it(yaml.safe_load(ARTICLE_TEXT.split("---\n")[1])),
        )
        == []
    )


# --- the starter site that `init` writes -------------------------------------------------------

SHIPPED = Path(sitegen.scaffold.__file__).parent / "starter" / "schemas"


def test_the_shipped_schemas_are_the_declarations() -> None:
    # After a change to load/schema.py: SITEGEN_WRITE_SCHEMAS=1 pytest tests/test_schema.py
    made = {name: text(schema) for name, schema in schemas().items()}
    if os.environ.get("SITEGEN_WRITE_SCHEMAS") == "1":
        for name, written in made.items():
            (SHIPPED / name).write_text(written, encoding="utf-8")
    shipped = {p.name: p.read_text(encoding="utf-8") for p in SHIPPED.glob("*.json")}
    assert shipped == made, "write them again: SITEGEN_WRITE_SCHEMAS=1 pytest tests/test_schema.py"


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    root = tmp_path / "mysite"
    init_site(root, dt.date(2026, 11, 22), "0.2.0")
    return root


def _yaml(path: Path) -> Any:
    return _as_editors_see_it(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_the_starter_passes_its_schemas(starter: Path) -> None:
    assert _errors("site.schema.json", _yaml(starter / "content/site.yaml")) == []
    assert _errors("bibliography.schema.json", _yaml(starter / "content/bibliography.yaml")) == []


def test_the_starter_draft_passes_its_schema(starter: Path) -> None:
    draft = starter / "content/articles/your-first-article.md"
    assert _errors("article.schema.json", _front_matter(draft)) == []


def test_the_starters_example_source_passes_the_schema(starter: Path) -> None:
    # The commented-out entry, as an editor gets it by removing each line's '# '.
    bibliography = (starter / "content/bibliography.yaml").read_text(encoding="utf-8")
    example = "".join(
        line[2:] + "\n" for line in bibliography.splitlines() if line.startswith(("# - ", "#   "))
    )
    entries = _as_editors_see_it(yaml.safe_load(example))
    assert [e["id"] for e in entries] == ["grade-handbook"]
    assert _errors("bibliography.schema.json", entries) == []


def test_the_starters_schemas_are_the_shipped_ones(starter: Path) -> None:
    written = {p.name: p.read_bytes() for p in (starter / "schemas").iterdir()}
    assert written == {p.name: p.read_bytes() for p in SHIPPED.iterdir()}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("review_interval_months: 12", "review_interval_month: 12", "unknown key"),
        ("  general:\n", "  General Topics:\n", "General Topics"),
        ("base_url: https://example.org/", "base_url: http://example.org/", "'base_url' must"),
        ("language: en ", "language: [en]", "'language' must be"),
    ],
)
def test_what_the_build_rejects_in_site_yaml_the_schema_rejects(
    starter: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    path = starter / "content/site.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(starter)
    try:
        code = main(["check", "--today", "2026-11-22"])
    finally:
        os.chdir(cwd)
    err = capsys.readouterr().err
    assert code == 1 and message in err, err
    assert _errors("site.schema.json", _yaml(path)) != []
