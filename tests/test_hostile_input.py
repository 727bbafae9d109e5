"""Issue 19, classes 8, 16 and 17: values an editor can write that the generator misreads.

Far-future and far-past dates (8), slugs that break on common hosts and titles that differ
only by invisible or lookalike characters (16), and what `new` writes, lenient dates and
source addresses with user info (17). Each is an error at its line, with no traceback, and
the old site untouched.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hostilekit import PATH, assert_problem, before_and_after, problems, run
from sitekit import ARTICLE, BIBLIOGRAPHY_YAML, PAGE, REPO, SITE_YAML, TODAY, SiteDir


def _article(old: str, new: str) -> Callable[[SiteDir], object]:
    assert old in ARTICLE
    return lambda s: s.article("kratom-and-pain.md", ARTICLE.replace(old, new, 1))


# --- 8. far-future and far-past dates -----------------------------------------------------

LAST = "last_reviewed: 2026-06-01"


@pytest.mark.parametrize(
    ("change", "where", "phrase"),
    [
        pytest.param(
            _article(LAST, "last_reviewed: 9999-12-01"), f"{PATH}:9", "future", id="last-reviewed"
        ),
        pytest.param(
            _article(LAST, "last_reviewed: 9999-12-31"),
            f"{PATH}:9",
            "future",
            id="last-reviewed-last-day",
        ),
        pytest.param(
            _article(LAST, f"{LAST}\nnext_review_due: 9999-12-31"),
            f"{PATH}:10",
            "next_review_due",
            id="next-review-due",
        ),
        pytest.param(
            lambda s: s.write(
                "site.yaml",
                SITE_YAML.replace("review_interval_months: 12", "review_interval_months: 120000"),
            ),
            "content/site.yaml:10",
            "review_interval_months",
            id="interval",
        ),
        pytest.param(
            lambda s: s.write(
                "site.yaml",
                SITE_YAML.replace("review_interval_months: 12", "review_interval_months: 95682"),
            ),
            "content/site.yaml:10",
            "review_interval_months",
            id="interval-to-the-last-month",
        ),
        pytest.param(
            _article("created: 2026-01-10", "created: 0001-01-01"), f"{PATH}:8", "", id="created"
        ),
        pytest.param(
            _article(
                "sources:\n  - source-a",
                "changes:\n  - {date: 9999-12-31, summary: Later.}\nsources:\n  - source-a",
            ),
            f"{PATH}:24",
            "future",
            id="change-date",
        ),
    ],
)
def test_far_dates_are_errors_at_their_line(
    site: SiteDir, change: Callable[[SiteDir], object], where: str, phrase: str
) -> None:
    code, err = before_and_after(site, change)
    assert code == 1
    assert_problem(err, where, "error", phrase)


def test_a_review_due_beyond_the_calendar_is_an_error_not_a_crash(site: SiteDir) -> None:
    # Today's date near the end of the calendar: last_reviewed + 12 months has no date.
    code, err = before_and_after(
        site, _article(LAST, "last_reviewed: 9999-06-01"), "--today", "9999-12-30"
    )
    assert code == 1
    assert [p for p in problems(err) if " error: " in p], err


# --- 16. slugs and titles -----------------------------------------------------------------

OTHER = ARTICLE.replace("title: Kratom and pain", "title: Another page").replace(
    "pain-relief", "other-claim"
)
RESERVED = ["con", "prn", "aux", "nul", "com1", "lpt9"]


@pytest.mark.parametrize("name", RESERVED)
def test_a_windows_reserved_file_name_is_an_error(site: SiteDir, name: str) -> None:
    code, err = before_and_after(site, lambda s: s.article(f"{name}.md", OTHER))
    assert code == 1
    blamed = [p for p in problems(err) if p.startswith(f"content/articles/{name}.md:")]
    assert any(" error: " in p for p in blamed), err


@pytest.mark.parametrize("name", ["con", "lpt9"])
def test_a_windows_reserved_slug_is_an_error(site: SiteDir, name: str) -> None:
    code, err = before_and_after(site, _article("sources:\n", f"slug: {name}\nsources:\n"))
    assert code == 1
    assert_problem(err, f"{PATH}:23", "error", name)


def test_a_windows_reserved_page_name_is_an_error(site: SiteDir) -> None:
    page = PAGE.replace("About this site", "Auxiliary").replace(
        "Read [the article](../articles/kratom-and-pain.md).", "Nothing else."
    )
    code, err = before_and_after(site, lambda s: s.write("pages/aux.md", page))
    assert code == 1
    assert any(p.startswith("content/pages/aux.md:") and " error: " in p for p in problems(err)), (
        err
    )


@pytest.mark.parametrize(
    "title",
    [
        r"Kratom\u200b and pain",  # zero-width space
        r"Kratom and pa\u00adin",  # soft hyphen
        r"Kratom and p\u0430in",  # Cyrillic a
        r"Kratom\u2060 and pain",  # word joiner
        r"\uff2bratom and pain",  # fullwidth K
    ],
)
def test_titles_differing_only_by_invisible_or_lookalike_characters(
    site: SiteDir, title: str
) -> None:
    text = OTHER.replace("title: Another page", f'title: "{title}"')
    code, err = before_and_after(site, lambda s: s.article("other.md", text))
    assert code == 1
    duplicate = [
        p
        for p in problems(err)
        if p.startswith(("content/articles/other.md:2: error: ", f"{PATH}:2: error: "))
        and "already used" in p
    ]
    assert duplicate, err


@pytest.mark.parametrize(
    "title", [r"\u200b\u200b", r"\u00ad", r"\u2060 \u200b", r"\ufeff", r"\u200e\u200f"]
)
def test_an_invisible_title_is_empty(site: SiteDir, title: str) -> None:
    code, err = before_and_after(site, _article("title: Kratom and pain", f'title: "{title}"'))
    assert code == 1
    assert_problem(err, f"{PATH}:2", "error", "empty")


# --- 17. new, lenient dates, user info in addresses ----------------------------------------


def _new_files(site: SiteDir, before: set[Path]) -> list[Path]:
    return sorted(set((site.content / "articles").iterdir()) - before)


def _draft_problems(site: SiteDir, path: Path) -> list[str]:
    """The problems `check --drafts` reports for one file, with its name taken out."""
    result = run(site, "check", "--today", TODAY, "--drafts")
    assert "Traceback" not in result.err, result.err
    shown = f"content/articles/{path.name}"
    return [p.replace(shown, "FILE") for p in problems(result.err) if p.startswith(shown)]


@pytest.mark.parametrize(
    "title",
    [
        "a\x0bb",
        "a\x1b[2Kb",
        "x\x85y",
        "a\u2028b",
        "a\u2029b",
        "a\ufffeb",
        'title": x',
        'x"\ndraft: false',
    ],
    ids=[
        "vt",
        "escape",
        "nel",
        "line-separator",
        "paragraph-separator",
        "noncharacter",
        "quote-colon",
        "newline-key",
    ],
)
def test_new_refuses_or_writes_a_file_check_can_read(site: SiteDir, title: str) -> None:
    # What a plain title gives: the scaffold's own to-dos, nothing else.
    before = set((site.content / "articles").iterdir())
    assert run(site, "new", "Plain title", "--topic", "pain", "--today", TODAY).code == 0
    (plain,) = _new_files(site, before)
    expected = _draft_problems(site, plain)
    plain.unlink()

    result = run(site, "new", title, "--topic", "pain", "--today", TODAY)
    assert "Traceback" not in result.err, result.err
    written = _new_files(site, before)
    if result.code != 0:
        assert result.code == 1
        assert written == [], "new failed but left a file"
        assert [p for p in problems(result.err) if " error: " in p], result.err
    else:
        (path,) = written
        assert _draft_problems(site, path) == expected


def test_new_with_a_title_that_is_not_text_leaves_nothing(site: SiteDir) -> None:
    # Bytes that are not UTF-8 on the command line reach Python as lone surrogates.
    before = set((site.content / "articles").iterdir())
    process = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "new", b"a\xffb", "--topic", "pain"],
        cwd=site.root,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in process.stderr, process.stderr
    if process.returncode != 0:
        assert process.returncode == 1
        assert _new_files(site, before) == [], "new failed but left a file"
    else:
        (path,) = _new_files(site, before)
        assert _draft_problems(site, path)  # readable: only the scaffold's to-dos
        assert not [p for p in _draft_problems(site, path) if "YAML" in p]


@pytest.mark.parametrize(
    "value",
    [
        '"2026-W47"',
        '"2026-W47-1"',
        '"20260601"',
        '"2026-06-01T10:00"',
        '"2026-06-01 "',
        '" 2026-06-01"',
    ],
)
def test_lenient_dates_are_errors(site: SiteDir, value: str) -> None:
    code, err = before_and_after(site, _article(LAST, f"last_reviewed: {value}"))
    assert code == 1
    assert_problem(err, f"{PATH}:9", "error", "date")


@pytest.mark.parametrize("value", ['"20260110"', '"2026-W02"'])
def test_lenient_dates_are_errors_in_created_and_changes(site: SiteDir, value: str) -> None:
    code, err = before_and_after(site, _article("created: 2026-01-10", f"created: {value}"))
    assert code == 1
    assert_problem(err, f"{PATH}:8", "error", "date")
    change = f"changes:\n  - date: {value}\n    summary: Reviewed.\nsources:\n  - source-a"
    site.article("kratom-and-pain.md", ARTICLE.replace("sources:\n  - source-a", change, 1))
    result = run(site, "build", "--today", TODAY)
    assert result.code == 1
    assert_problem(result.err, f"{PATH}:24", "error", "date")


USER_INFO = [
    "https://nih.gov@evil.example/",
    "https://user:pw@example.org/",
    "https://@example.org/",
]


@pytest.mark.parametrize("url", USER_INFO)
def test_a_bibliography_url_with_user_info_is_an_error(site: SiteDir, url: str) -> None:
    text = BIBLIOGRAPHY_YAML.replace("url: https://example.org/a", f"url: '{url}'")
    code, err = before_and_after(site, lambda s: s.write("bibliography.yaml", text))
    assert code == 1
    assert_problem(err, "content/bibliography.yaml:5", "error", "user")


@pytest.mark.parametrize("url", USER_INFO)
def test_an_inline_source_url_with_user_info_is_an_error(site: SiteDir, url: str) -> None:
    inline = f"  - source-b\n  - {{id: own, title: T, by: B, url: '{url}'}}\n---"
    code, err = before_and_after(site, _article("  - source-b\n---", inline))
    assert code == 1
    assert_problem(err, f"{PATH}:26", "error", "user")
