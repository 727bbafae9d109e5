"""Editorial checks: each planted fault is found at its line; --strict makes warnings fatal."""

from __future__ import annotations

import pytest

from sitekit import ARTICLE, SiteDir

PATH = "content/articles/kratom-and-pain.md"
BODY_START = 27  # the line after the closing '---' of ARTICLE


def findings(site: SiteDir, text: str, strict: bool = False) -> tuple[int, list[str]]:
    site.article("kratom-and-pain.md", text)
    result = site.check(*(["--strict"] if strict else []))
    assert "Traceback" not in result.err
    lines = result.err.splitlines()[:-1]
    # The plain-language notes have tests of their own (test_plain.py).
    plain = (": note: reading grade ", ": note: a sentence of ")
    return result.code, [line for line in lines if not any(p in line for p in plain)]


def with_body(extra: str) -> str:
    return ARTICLE + "\n" + extra + "\n"


def test_clean_article_has_no_findings(site: SiteDir) -> None:
    assert findings(site, ARTICLE, strict=True) == (0, [])


def test_warnings_pass_without_strict_and_fail_with_it(site: SiteDir) -> None:
    text = with_body("Kratom is a game-changer for pain.")
    expected = [f"{PATH}:36: warning: promotional wording 'game-changer'"]
    assert findings(site, text) == (0, expected)
    assert findings(site, text, strict=True) == (1, expected)


@pytest.mark.parametrize(
    "sentence",
    [
        "It is a miracle.",
        "Some call it a cure.",
        "It is safe and effective.",
        "It is 100% natural.",
        "There are no side effects.",
        "It is proven to help.",
        "A natural alternative to medicine.",
        "Its benefits are well documented.",
        "A Game Changer, they say.",
        "Many are turning to natural alternatives.",
    ],
)
def test_each_listed_phrase_is_caught(site: SiteDir, sentence: str) -> None:
    code, lines = findings(site, with_body(sentence), strict=True)
    assert code == 1
    wording = [line for line in lines if "promotional wording" in line]
    assert len(wording) == 1 and wording[0].startswith(f"{PATH}:36: warning: promotional wording '")


@pytest.mark.parametrize(
    "sentence",
    [
        'One site calls it a "miracle"; the evidence does not support that [@source-a].',
        "One site calls it a \u201csafe and effective\u201d aid; that is contradicted [@source-a].",
        "One site calls it \u2018a cure\u2019; no trial has tested that [@source-a].",
        "Curious readers ask whether it is secure; cured meat is unrelated.",
        "Write `cure` in code and [a link](/claims/) are not prose.",
    ],
)
def test_quoted_or_partial_words_pass(site: SiteDir, sentence: str) -> None:
    assert findings(site, with_body(sentence), strict=True) == (0, [])


def test_title_and_summary_are_checked_but_claims_are_not(site: SiteDir) -> None:
    text = ARTICLE.replace("title: Kratom and pain", "title: A miracle for pain")
    text = text.replace("claim: kratom relieves chronic pain", "claim: kratom is a miracle cure")
    text = text.replace(
        "summary: What is known about kratom and pain.", "summary: It has no side effects."
    )
    assert findings(site, text) == (
        0,
        [
            f"{PATH}:2: warning: promotional wording 'miracle'",
            f"{PATH}:3: warning: promotional wording 'no side effects'",
        ],
    )


def test_extra_phrases_from_site_yaml(site: SiteDir) -> None:
    config = (site.content / "site.yaml").read_text() + "lint: {extra_phrases: [wonder herb]}\n"
    site.write("site.yaml", config)
    assert findings(site, with_body("A Wonder Herb indeed.")) == (
        0,
        [f"{PATH}:36: warning: promotional wording 'Wonder Herb'"],
    )


def test_lint_allow_is_listed_as_a_note(site: SiteDir) -> None:
    text = with_body('<!-- lint: allow "cure" -->\nThe word cure appears in a drug name here.')
    assert findings(site, text, strict=True) == (
        0,
        [f"{PATH}:37: note: lint allows 'cure' in this paragraph"],
    )
    # the allowance covers one paragraph only
    text += "\nA cure again.\n"
    code, lines = findings(site, text, strict=True)
    assert code == 1
    assert lines[-1] == f"{PATH}:39: warning: promotional wording 'cure'"


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("About 0.56% of deaths.", "0.56%"),
        ("That was 1 in 10 users.", "1 in 10"),
        ("It was 152 of 27,338.", "152 of 27,338"),
        ("There were 91 deaths.", "91 deaths"),
        ("Some 2,798 adult users answered.", "2,798 adult users"),
        ("Drinks held 79 mg.", "79 mg"),
        ("Doses of 5 grams.", "5 grams"),
    ],
)
def test_a_figure_needs_a_citation_in_its_paragraph(
    site: SiteDir, sentence: str, figure: str
) -> None:
    assert findings(site, with_body(sentence)) == (
        0,
        [
            f"{PATH}:36: warning: figure '{figure}' has no citation in its paragraph; cite its "
            "source with [@id]"
        ],
    )
    assert findings(site, with_body(sentence[:-1] + " [@source-a].")) == (0, [])


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2019 and on 3 March 2024 the agency wrote.",
        "Call 1-800-222-1222 or 911.",
        "1. First step\n2. Second step",
        "It took 24 hours.",
    ],
)
def test_years_dates_phones_and_numbering_are_not_figures(site: SiteDir, sentence: str) -> None:
    assert findings(site, with_body(sentence), strict=True) == (0, [])


def test_vague_appeals_to_research_need_a_citation(site: SiteDir) -> None:
    assert findings(site, with_body("Studies show it helps.\nResearch suggests more.")) == (
        0,
        [
            f"{PATH}:36: warning: 'Studies show' without a citation in its paragraph",
            f"{PATH}:37: warning: 'Research suggests' without a citation in its paragraph",
        ],
    )


def test_unused_source_is_a_warning_at_its_line(site: SiteDir) -> None:
    text = ARTICLE.replace("[@source-b; @source-a]", "[@source-a]")
    text = text.replace("    sources: [source-b]\n", "    sources: []\n").replace(
        "verdict: limited", "verdict: unsupported"
    )
    assert findings(site, text) == (
        0,
        [
            f"{PATH}:25: warning: source 'source-b' is listed but cited nowhere: not in the text, "
            "a risk or a claim"
        ],
    )


def test_supported_claim_with_very_low_certainty(site: SiteDir) -> None:
    text = ARTICLE.replace("verdict: limited", "verdict: supported")
    assert findings(site, text) == (
        0,
        [
            f"{PATH}:20: warning: claim 'pain-relief' is judged 'supported' while its certainty is "
            "'very-low'"
        ],
    )


def test_headings_that_skip_a_level(site: SiteDir) -> None:
    text = with_body("#### Too deep\n\nText.\n\n# Title again")
    assert findings(site, text) == (
        0,
        [
            f"{PATH}:36: warning: heading level jumps from 2 to 4; use ### here",
            f"{PATH}:40: warning: use ## for sections: the page title is the only level-1 heading",
        ],
    )


def test_todo_placeholder_is_a_warning(site: SiteDir) -> None:
    assert findings(site, with_body("TODO: finish this.")) == (
        0,
        [f"{PATH}:36: warning: placeholder 'TODO' is still in the text"],
    )


def test_code_blocks_are_not_checked(site: SiteDir) -> None:
    assert findings(site, with_body("```\nA miracle cure, 50% off.\n```"), strict=True) == (0, [])


def test_pasting_an_original_paragraph_points_at_the_lines_to_fix(site: SiteDir) -> None:
    pasted = (
        "Kratom, a natural herb from Southeast Asia, has been gaining attention for its\n"
        "potential positive impact on opioid withdrawal. Scientific research suggests that\n"
        "kratom's unique chemical composition may help alleviate some of these symptoms,\n"
        "providing a safer and more natural alternative to harsh medications."
    )
    assert findings(site, with_body(pasted), strict=True) == (
        1,
        [
            f"{PATH}:37: warning: 'research suggests' without a citation in its paragraph",
            f"{PATH}:39: warning: promotional wording 'natural alternative'",
        ],
    )
    answered = (
        'One site calls kratom "a safer and more natural alternative to harsh medications"\n'
        'and says "research suggests" it helps. No study has compared them [@source-a].'
    )
    assert findings(site, with_body(answered), strict=True) == (0, [])


def test_github_format_annotates_the_lines(site: SiteDir) -> None:
    site.article("kratom-and-pain.md", with_body("It is a miracle."))
    result = site.check("--format", "github")
    assert result.code == 0
    assert result.err.splitlines()[0] == (
        f"::warning file={PATH},line=36::promotional wording 'miracle'"
    )


def test_a_lint_comment_without_quotes_is_not_silently_ignored(site: SiteDir) -> None:
    text = with_body("<!-- lint: allow miracle -->\nIt is a miracle.")
    assert findings(site, text) == (
        0,
        [
            f"{PATH}:36: warning: lint comment not understood; write it as "
            '<!-- lint: allow "phrase" -->, with the phrase in double quotes',
            f"{PATH}:37: warning: promotional wording 'miracle'",
        ],
    )


def test_an_allowance_that_allows_nothing_is_a_note(site: SiteDir) -> None:
    text = with_body('<!-- lint: allow "cure" -->\n\nNothing to allow here.')
    assert findings(site, text, strict=True) == (
        0,
        [
            f"{PATH}:36: note: 'lint: allow \"cure\"' allows nothing: its paragraph has no "
            "promotional wording 'cure'; remove the comment"
        ],
    )


def test_placeholders_in_risk_names_and_claims_are_found(site: SiteDir) -> None:
    text = ARTICLE.replace("name: Liver injury", "name: TODO name the risk").replace(
        "claim: kratom relieves chronic pain", "claim: TODO what the other site claims"
    )
    assert findings(site, text) == (
        0,
        [
            f"{PATH}:11: warning: placeholder 'TODO' is still in the text",
            f"{PATH}:18: warning: placeholder 'TODO' is still in the text",
        ],
    )


def test_a_wall_of_figures_gives_ten_warnings_and_a_count(site: SiteDir) -> None:
    doses = ", ".join(f"{n} mg" for n in range(1, 31))
    code, lines = findings(site, with_body(f"Doses of {doses} and so on."))
    assert code == 0
    assert len(lines) == 11
    assert f"{PATH}:36: warning: 20 more figures without a citation in this paragraph" in lines
    tenth = f"{PATH}:36: warning: figure '10 mg' has no citation in its paragraph; cite its "
    assert tenth + "source with [@id]" in lines


def test_github_annotations_escape_the_file_name(site: SiteDir) -> None:
    site.article("a,b:c.md", ARTICLE.replace("title: Kratom and pain", "title: Other"))
    result = site.check("--format", "github")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "::error file=content/articles/a%2Cb%3Ac.md,line=2::file name 'a,b:c.md' is not a valid "
        "slug (lowercase letters, digits and hyphens); rename it to 'a-b-c.md' or set 'slug:'"
    )


@pytest.mark.parametrize(
    "piece",
    [
        "1 in 2 of 3 ",
        "1 ",
        "\u201c",
        "\u2018",
        '"',
        "a ``",
        "`",
        "](",
        "]( ",
        "[@",
        "<!--",
        '<!-- lint: allow "x" ',
        "game- ",
        "12% ",
        "TODO ",
    ],
)
def test_an_adversarial_two_megabyte_paragraph_lints_in_seconds(piece: str) -> None:
    import datetime as dt
    import time
    from pathlib import Path

    from sitegen.checks.editorial import lint_document
    from sitegen.model.content import Page, SourceFile

    file = SourceFile("x.md", Path("x.md"), "", 6, ";")
    page = Page(file, "x", "T", "S.", dt.date(2026, 1, 1), (), (), False)
    body = "x " + piece * (2_000_000 // len(piece)) + "\n"
    started = time.monotonic()
    problems = lint_document(page, body, frozenset(), ())
    assert time.monotonic() - started < 5
    assert len(problems) <= 11
