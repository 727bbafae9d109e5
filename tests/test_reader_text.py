"""Issue 19, class 3, more members: what the editorial checks read, and where they report it.

tests/test_hostile_lint.py tries the issue's own members; these try more of each class
(links and reference links splitting a word, escapes, other number words), what stays
exempt or is shown as written, and that each finding keeps its own line.
"""

from __future__ import annotations

import json

import pytest

from hostilekit import BODY, PATH, assert_problem, check, find, problems
from sitekit import ARTICLE, BIBLIOGRAPHY_YAML, SiteDir

WORDING = "promotional wording"
FIGURE = "has no citation"


def lint(site: SiteDir, text: str) -> tuple[int, str]:
    site.article("kratom-and-pain.md", text)
    result = check(site, "--strict")
    assert "Traceback" not in result.err, result.err
    return result.code, result.err


@pytest.mark.parametrize(
    "written",
    [
        "[mir](other.md)acle",
        "mir[acle](other.md)",
        'mir[acle](other.md "a title")',
        "mir[acle][r]",
        "mir\\acle",  # a backslash before a letter is shown: not the word
        "cu\\re",
        "mi&shy;racle",
        "mir&#x200B;acle",
        "m&#1110;racle",
        "mir*ac*le",
        "mir**acle**",
        "c<em>u</em>re",
        "c<!--\n-->ure",
    ],
    ids=ascii,
)
def test_markup_splitting_a_word_does_not_hide_it(site: SiteDir, written: str) -> None:
    site.article("other.md", ARTICLE.replace("Kratom and pain", "Other page"))
    text = ARTICLE + f"\nA first line, then\nkratom is a {written} for pain.\n\n[r]: other.md\n"
    code, err = lint(site, text)
    hidden = "\\a" in written or "\\r" in written  # shown with its backslash: another word
    if hidden:
        assert not [p for p in problems(err) if WORDING in p], err
    else:
        assert code == 1, err
        assert_problem(err, f"{PATH}:{BODY + 1}", "warning", WORDING)


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Two deaths were reported.", "Two deaths"),
        ("Half of users stopped.", "Half of users"),
        ("A third of the patients improved.", "A third of the patients"),
        ("Thousands of people use it.", "Thousands of people"),
        ("One in a hundred had a seizure.", "One in a hundred"),
        ("Twenty-one users answered.", "Twenty-one users"),
        ("A dose of ten grams was typical.", "ten grams"),
        ("1 in ten had nausea.", "1 in ten"),
        ("90\\% said so.", "90%"),
        ("It helped 90&nbsp;% of them.", "90 %"),
        ("It helped \uff19\uff10% of them.", "90%"),
    ],
    ids=ascii,
)
def test_figures_however_written_name_what_the_reader_sees(
    site: SiteDir, sentence: str, figure: str
) -> None:
    code, err = lint(site, ARTICLE + f"\nFirst line.\n{sentence}\n")
    assert code == 1
    assert_problem(err, f"{PATH}:{BODY + 1}", "warning", f"figure '{figure}' {FIGURE}")


@pytest.mark.parametrize(
    "sentence",
    [
        "One of the people asked was a doctor.",
        "It is often said to tend to help; one study found little.",
        "It comes in two forms.",
        "Write `nine in ten` in code.",
        'Some sites say "nine in ten users" feel better; no study shows that [@source-a].',
        "Nine in ten users report relief in one survey [@source-b].",
    ],
)
def test_what_is_not_an_uncited_figure_in_words(site: SiteDir, sentence: str) -> None:
    assert lint(site, ARTICLE + f"\n{sentence}\n") == (0, "")


def test_each_finding_keeps_its_own_line(site: SiteDir) -> None:
    body = "A &#99;ure,\nthen <b>90</b>% of\nthem, and a\nm\u0456racle."
    code, err = lint(site, ARTICLE + "\n" + body + "\n")
    assert code == 1
    assert_problem(err, f"{PATH}:{BODY}", "warning", "promotional wording 'cure'")
    assert_problem(err, f"{PATH}:{BODY + 1}", "warning", "figure '90%'")
    assert_problem(err, f"{PATH}:{BODY + 3}", "warning", "promotional wording 'miracle'")


def test_lint_comments_allow_the_word_as_a_reader_sees_it(site: SiteDir) -> None:
    body = '<!-- lint: allow "cure" -->\nNo trial shows it is a c&#117;re [@source-a].'
    code, err = lint(site, ARTICLE + "\n" + body + "\n")
    assert code == 0, err
    assert find(err, f"{PATH}:{BODY + 1}", "note", "lint allows 'cure' in this paragraph"), err


def test_front_matter_is_read_as_written(site: SiteDir) -> None:
    # Pages show front-matter text as written: a reference there is not a letter.
    text = ARTICLE.replace("title: Kratom and pain", 'title: "Kratom and pain, a &#99;ure?"')
    assert lint(site, text) == (0, "")
    text = ARTICLE.replace("title: Kratom and pain", 'title: "Kratom and `cure`"')
    code, err = lint(site, text)
    assert code == 1
    assert_problem(err, f"{PATH}:2", "warning", WORDING)


def test_a_quoted_phrase_in_front_matter_stays_exempt(site: SiteDir) -> None:
    text = ARTICLE.replace(
        "summary: What is known about kratom and pain.",
        "summary: 'Sellers call it a \"miracle\"; what is known.'",
    )
    assert lint(site, text) == (0, "")


def test_a_figure_in_a_cited_claim_note_is_cited(site: SiteDir) -> None:
    text = ARTICLE.replace(
        "note: Only one small study, of brief laboratory pain.",
        "note: One small study of 12 people, of brief laboratory pain.",
    )
    assert lint(site, text) == (0, "")


def test_credentials_on_a_later_author_point_at_their_line(site: SiteDir) -> None:
    text = ARTICLE.replace(
        "  - name: Test editors\n",
        "  - name: Test editors\n  - name: A. Writer\n    affiliation: Somewhere\n"
        '    credentials: "Nine in ten readers trust her"\n',
    )
    code, err = lint(site, text)
    assert code == 1
    assert_problem(err, f"{PATH}:10", "warning", "figure 'Nine in ten'")


def test_a_caveat_is_reported_once_however_many_pages_cite_it(site: SiteDir) -> None:
    site.write(
        "bibliography.yaml",
        BIBLIOGRAPHY_YAML.replace('caveat: "A small survey."', 'caveat: "A m\u0456racle survey."'),
    )
    site.article("other.md", ARTICLE.replace("Kratom and pain", "Other page"))
    code, err = lint(site, ARTICLE)
    assert code == 1
    found = [p for p in problems(err) if WORDING in p]
    assert found == ["content/bibliography.yaml:11: warning: promotional wording 'miracle'"], err


def test_an_inline_source_caveat_points_at_its_line(site: SiteDir) -> None:
    inline = (
        "  - id: inline-one\n    title: Inline\n    by: Someone\n"
        '    url: https://example.org/i\n    caveat: "Proven to help."\n'
    )
    text = ARTICLE.replace("  - source-b\n", "  - source-b\n" + inline)
    text = text.replace("One small survey reports relief", "One survey [@inline-one] reports")
    code, err = lint(site, text)
    assert code == 1
    assert_problem(err, f"{PATH}:30", "warning", "promotional wording 'Proven to'")


@pytest.mark.parametrize(
    ("title", "same"),
    [("Kratom and pain\u200b", True), ("KRATOM AND PAIN", True), ("Kratom and p\u00e4in", False)],
    ids=ascii,
)
def test_titles_compare_as_read_but_differ_where_a_reader_sees_it(
    site: SiteDir, title: str, same: bool
) -> None:
    site.article(
        "other.md", ARTICLE.replace("title: Kratom and pain", f"title: {json.dumps(title)}")
    )
    code, err = lint(site, ARTICLE)
    assert code == (1 if same else 0), err
    assert bool([p for p in problems(err) if "already used" in p]) == same, err
