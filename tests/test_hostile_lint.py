"""Issue 19, class 3: editorial checks run on the text a reader sees.

Promotional wording and uncited figures must be found however they are written (character
references, markup or comments splitting a word, invisible characters, lookalike or
fullwidth letters, other percent signs, emphasis around a number, numbers in words) and
wherever a reader sees them (front-matter text and bibliography caveats too), at the line
they come from. `check --strict` then fails.
"""

from __future__ import annotations

import json

import pytest

from hostilekit import BODY, PATH, assert_problem, check, problems
from sitekit import ARTICLE, BIBLIOGRAPHY_YAML, SiteDir

WORDING = "promotional wording"
# Today a figure is reported as "figure '90%' has no citation in its paragraph"; the issue
# words it "without a citation". Either wording passes: the facts tested are path, line,
# level and that it is about a missing citation.
FIGURE = ("without a citation", "has no citation")


def strict(site: SiteDir, text: str) -> tuple[int, str]:
    site.article("kratom-and-pain.md", text)
    result = check(site, "--strict")
    assert "Traceback" not in result.err, result.err
    return result.code, result.err


def assert_figure(err: str, where: str) -> None:
    lines = [p for p in problems(err) if p.startswith(f"{where}: warning: ")]
    assert any(phrase in p for p in lines for phrase in FIGURE), (
        f"expected a warning at {where} about a figure without a citation; stderr was:\n{err}"
    )


# The second line of a paragraph, so that the line is the word's, not the paragraph's.
def paragraph(sentence: str) -> str:
    return ARTICLE + f"\nThis paragraph starts here and\n{sentence}\n"


LINE = BODY + 1

WORDS = [
    "&#99;ure",
    "&#x63;ure",
    "c&#117;re",
    "mir<!-- -->acle",
    "mir<b></b>acle",
    "mir<span>acle</span>",
    "mir\u200bacle",  # zero-width space
    "mir\u00adacle",  # soft hyphen
    "mir\u2060acle",  # word joiner
    "m\u0456racle",  # Cyrillic i
    "\uff4d\uff49\uff52\uff41\uff43\uff4c\uff45",  # fullwidth "miracle"
    "\U0001d41c\U0001d42e\U0001d42b\U0001d41e",  # mathematical bold "cure"
]


@pytest.mark.parametrize("word", WORDS, ids=[ascii(w) for w in WORDS])
def test_promotional_wording_however_written_in_the_body(site: SiteDir, word: str) -> None:
    code, err = strict(site, paragraph(f"kratom is a {word} for pain."))
    assert code == 1, err
    assert_problem(err, f"{PATH}:{LINE}", "warning", WORDING)


FIGURES = [
    "it helped 100&#37; of them.",
    "it helped 90\uff05 of them.",  # fullwidth percent
    "it helped 90\ufe6a of them.",  # small percent
    "it helped 90\u066a of them.",  # Arabic percent
    "it helped **90**% of them.",
    "it helped *90*% of them.",
    "it helped 9<b></b>0% of them.",
    "it helped nine in ten users.",
    "Nine out of ten users say it helps.",
    "it helped ninety percent of them.",
    "it helped ninety per cent of them.",
    "it helped eighty-five percent of them.",
]


@pytest.mark.parametrize("sentence", FIGURES, ids=[ascii(f) for f in FIGURES])
def test_uncited_figures_however_written_in_the_body(site: SiteDir, sentence: str) -> None:
    code, err = strict(site, paragraph(sentence))
    assert code == 1, err
    assert_figure(err, f"{PATH}:{LINE}")


def test_words_in_quotation_marks_stay_exempt(site: SiteDir) -> None:
    text = paragraph('the article calls it a "miracle", which no trial supports [@source-a].')
    assert strict(site, text) == (0, "")


def test_the_claim_text_of_others_stays_exempt(site: SiteDir) -> None:
    text = ARTICLE.replace("claim: kratom relieves chronic pain", 'claim: "a miracle cure"')
    code, err = strict(site, text)
    assert not [p for p in problems(err) if WORDING in p], err
    assert code == 0, err


def test_a_figure_in_a_cited_risk_summary_is_cited(site: SiteDir) -> None:
    # A risk's summary is shown with its sources' reference numbers: it is cited.
    text = ARTICLE.replace(
        "summary: Case reports describe liver injury.",
        "summary: Case reports describe liver injury in 12% of them.",
    )
    assert strict(site, text) == (0, "")


# --- front-matter and the bibliography ----------------------------------------------------


def _article(old: str, new: str) -> str:
    assert old in ARTICLE
    return ARTICLE.replace(old, new, 1)


# Each place a reader sees front-matter text: how to put a value there, and its line.
PLACES = {
    "title": (lambda v: _article("title: Kratom and pain", f"title: {v}"), PATH, 2),
    "summary": (
        lambda v: _article("summary: What is known about kratom and pain.", f"summary: {v}"),
        PATH,
        3,
    ),
    "risk-name": (lambda v: _article("name: Liver injury", f"name: {v}"), PATH, 11),
    "risk-summary": (
        lambda v: _article("summary: Case reports describe liver injury.", f"summary: {v}"),
        PATH,
        14,
    ),
    "claim-note": (
        lambda v: _article("note: Only one small study, of brief laboratory pain.", f"note: {v}"),
        PATH,
        22,
    ),
    "credentials": (
        lambda v: _article(
            "  - name: Test editors\n", f"  - name: Test editors\n    credentials: {v}\n"
        ),
        PATH,
        8,
    ),
    "changes": (
        lambda v: _article(
            "sources:\n  - source-a",
            f"changes:\n  - date: 2026-06-01\n    summary: {v}\nsources:\n  - source-a",
        ),
        PATH,
        25,
    ),
    "caveat": (
        lambda v: BIBLIOGRAPHY_YAML.replace('caveat: "A small survey."', f"caveat: {v}"),
        "content/bibliography.yaml",
        11,  # the file's eleventh line (the string starts after 'BIBLIOGRAPHY_YAML = """\')
    ),
}

FRONT_WORDS = {
    "plain": "Kratom, a miracle for pain",
    "zero-width": "Kratom, a mir\u200bacle for pain",
    "cyrillic": "Kratom, a m\u0456racle for pain",
    "fullwidth": "Kratom, a \uff43\uff55\uff52\uff45 for pain",
}


@pytest.mark.parametrize("variant", list(FRONT_WORDS))
@pytest.mark.parametrize("place", list(PLACES))
def test_promotional_wording_in_front_matter_text(site: SiteDir, place: str, variant: str) -> None:
    make, path, line = PLACES[place]
    value = json.dumps(FRONT_WORDS[variant])
    if path == PATH:
        code, err = strict(site, make(value))
    else:
        site.write("bibliography.yaml", make(value))
        code, err = strict(site, ARTICLE)
    assert code == 1, err
    assert_problem(err, f"{path}:{line}", "warning", WORDING)


FRONT_FIGURES = {"percent": "It helps 90% of users", "words": "Nine in ten users say it helps"}


def _uncited_claim(text: str) -> str:
    # A claim with no sources (allowed for 'unsupported'): its note is not cited either.
    return text.replace("verdict: limited", "verdict: unsupported").replace(
        "    sources: [source-b]\n", "    sources: []\n"
    )


@pytest.mark.parametrize("variant", list(FRONT_FIGURES))
@pytest.mark.parametrize("place", ["title", "summary", "credentials", "changes", "claim-note"])
def test_uncited_figures_in_front_matter_text(site: SiteDir, place: str, variant: str) -> None:
    make, path, line = PLACES[place]
    text = make(json.dumps(FRONT_FIGURES[variant]))
    if place == "claim-note":
        text = _uncited_claim(text)
    code, err = strict(site, text)
    assert code == 1, err
    assert_figure(err, f"{path}:{line}")
