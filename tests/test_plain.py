"""Plain language: notes on long sentences and hard paragraphs, at their lines (issue 21)."""

from __future__ import annotations

import re

import hypothesis
import hypothesis.strategies as st
import pyphen
import pytest
import textstat

from sitegen.checks.plain import grade, syllables

from sitekit import ARTICLE, REPO, SITE_YAML, SiteDir

PATH = "content/articles/kratom-and-pain.md"
HARD = (
    "Pharmacological characterisation of mitragynine demonstrates considerable "
    "interindividual variability, complicating extrapolation to therapeutic contexts."
)
LONG = " ".join(["Kratom is a tree and people take it for many reasons"] * 3) + "."


@pytest.mark.parametrize(
    ("text", "known"),
    [
        # Flesch-Kincaid grades as textstat 0.7.3 gives them.
        ("The cat sat on the mat.", -1.5),
        ("The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.", 9.5),
        (
            "Kratom is a tree that grows in Southeast Asia. People chew its leaves or brew "
            "them as tea. In the United States it is sold as powder, capsules and drinks.",
            2.5,
        ),
        (HARD, 33.1),
    ],
)
def test_grades_are_those_textstat_gives(text: str, known: float) -> None:
    assert grade(text) == known == textstat.flesch_kincaid_grade(text)


def test_grades_agree_with_textstat_on_the_real_content() -> None:
    for path in sorted((REPO / "content" / "articles").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        for paragraph in body.split("\n\n"):
            if paragraph.strip() and not paragraph.startswith(("#", "|", "::", "-")):
                assert grade(paragraph) == textstat.flesch_kincaid_grade(paragraph), paragraph


def test_syllables_are_those_pyphen_gives() -> None:
    # plain.py finds pyphen's hyphenation points its own, faster way: the counts must agree.
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "content").rglob("*.md"))]
    texts.append((REPO / "README.md").read_text(encoding="utf-8"))
    words = set(re.sub(r"[^\w\s]", "", " ".join(texts).lower()).split())
    words |= {"a", "ab", "naïve", "café", "7hydroxymitragynine", "x" * 40, "antidisestablishment"}
    assert len(words) > 2000
    dictionary = pyphen.Pyphen(lang="en_US")
    for word in sorted(words):
        assert syllables(word) == len(dictionary.positions(word)) + 1, word


def test_syllables_fall_back_to_pyphen_without_its_table() -> None:
    # A pyphen that keeps its patterns elsewhere is asked word by word, with the same counts.
    from sitegen.checks.plain import _Hyphenation

    fast, asked = _Hyphenation(), _Hyphenation()
    asked.patterns = {}
    for word in ("kratom", "mitragynine", "hydroxymitragynine", "a", "naïve", "withdrawal"):
        assert asked.points(word) == fast.points(word), word


def notes(site: SiteDir, body: str, extra: str = "") -> list[str]:
    site.article("kratom-and-pain.md", ARTICLE + "\n" + body + "\n")
    if extra:
        site.write("site.yaml", SITE_YAML + extra)
    result = site.check()
    assert result.code == 0, result.err
    return [line for line in result.err.splitlines() if ": note: " in line]


def test_a_long_sentence_is_a_note_at_its_line(site: SiteDir) -> None:
    # The second sentence runs from "And then," on line 37 to the end.
    assert notes(site, f"A short one [@source-a].\nAnd then,\n{LONG}") == [
        f"{PATH}:37: note: a sentence of 35 words: plain language keeps sentences to 30 "
        "words or fewer; split it"
    ]


def test_a_hard_paragraph_is_a_note_at_its_first_line(site: SiteDir) -> None:
    assert notes(site, f"{HARD} [@source-a]") == [
        f"{PATH}:36: note: reading grade 33.1 (Flesch-Kincaid) is above the site's 9: shorter "
        "sentences and everyday words bring it down"
    ]


def test_the_site_sets_the_grade(site: SiteDir) -> None:
    medium = "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."
    assert len(notes(site, medium)) == 1
    assert notes(site, medium, "lint: {reading_grade: 10}\n") == []


@pytest.mark.parametrize(
    "body",
    [
        f'They said "{HARD}"',  # a claim quoted in its own words
        f"## {HARD}",  # a heading
        f"| {HARD} |\n|---|",  # a table
        f"```\n{HARD}\n```",  # code
        f"> {HARD}",  # a block quote
    ],
    ids=["quotation", "heading", "table", "code", "block-quote"],
)
def test_what_is_not_prose_is_not_scored(site: SiteDir, body: str) -> None:
    assert notes(site, body) == []


def test_notes_never_fail_a_strict_check(site: SiteDir) -> None:
    site.article("kratom-and-pain.md", ARTICLE + f"\n{HARD} [@source-a]\n")
    result = site.check("--strict")
    assert result.code == 0
    assert "reading grade 33.1" in result.err


def test_a_build_leaves_the_notes_to_check_whatever_the_cache_holds(site: SiteDir) -> None:
    site.article("kratom-and-pain.md", ARTICLE + f"\n{HARD} [@source-a]\n")
    first = site.build("--strict")
    assert first.code == 0
    assert "reading grade" not in first.err
    # A check after a build counts what the build left out; a build after it prints none.
    assert "reading grade 33.1" in site.check().err
    assert "reading grade 33.1" in site.check().err
    site.article("kratom-and-pain.md", ARTICLE + f"\n{HARD} Again. [@source-a]\n")
    assert "reading grade" not in site.build().err
    assert "reading grade" not in site.build().err
    assert "reading grade" in site.check().err


def test_verbose_prints_each_articles_grade(site: SiteDir) -> None:
    result = site.check("--verbose")
    assert result.code == 0
    assert f"{PATH}: reading grade " in result.out
    assert "(Flesch-Kincaid, whole body)" in result.out
    assert "reading grade" not in site.check().out


# ASCII paragraphs are counted by a faster path (plain._ascii_counts): it must give what
# the general path gives, markup, sentence ends and odd spacing included.
_PIECES = [*"abXY09 _.!?*[]`#>|<@-+()\"',;:/\\\n\t\x1c\x0b&=~", "[@a1]", "<b>", "1. ", "\n- "]


@hypothesis.settings(max_examples=3000, deadline=None)
@hypothesis.given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_ascii_paragraphs_count_as_any_other(text: str) -> None:
    from sitegen.checks.plain import _ascii_counts, _counts

    assert _ascii_counts(text) == _counts(text)


def test_ascii_paragraphs_of_the_content_count_as_any_other() -> None:
    from sitegen.checks.masking import prose
    from sitegen.checks.paragraphs import blocks
    from sitegen.checks.plain import _ascii_counts, _counts

    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "content").rglob("*.md"))]
    paragraphs = [prose(b.text) for t in texts for b in blocks(t, 1)]
    assert len(paragraphs) > 300
    for text in paragraphs:
        if text.isascii():
            assert _ascii_counts(text) == _counts(text), text
