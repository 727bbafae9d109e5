"""Arbitrary text in: a result or a reported problem out, never an unexpected exception."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitegen.checks.editorial import lint_document
from sitegen.checks.figures import _DIGITS, _WORDS, APPEALS
from sitegen.checks.findings import _PLACEHOLDER, wording
from sitegen.checks.prefilter import fold
from sitegen.checks.seen import of_field, of_markdown, plain, read_markdown
from sitegen.load.documents import load_article, load_page
from sitegen.load.frontmatter import split_front_matter
from sitegen.load.yamlfile import parse_yaml
from sitegen.markdown.convert import Markup
from sitegen.markdown.state import PageContext
from sitegen.model.config import SiteConfig, Topic
from sitegen.model.content import Bibliography, Source
from sitegen.model.links import SiteMap
from sitegen.model.problems import Level
from sitegen.model.text import UNFIT, as_seen
from sitegen.render.environment import long_date
from sitegen.render.notice import NOTICE_ID, _hidden
from sitegen.render.search import _TERM, terms
from sitegen.render.search import fold as search_fold

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like what breaks parsers: YAML and Markdown punctuation, odd characters.
ALPHABET = st.sampled_from(
    [*"-:#*_[]()@;!<>&`'\"\\|{}%\n\t ", "\r", "\u00a0", "\ufeff", "\x00", "é", "漢", *"abcxyz019"]
)
TEXT = st.text(ALPHABET, max_size=300) | st.text(max_size=200)

CONFIG = SiteConfig(
    title="T",
    subject="kratom",
    intro="I.",
    base_url="https://example.org/",
    language="en",
    publisher_name="P",
    publisher_contact="mailto:a@example.org",
    notice="evidence professional",
    helplines=(),
    funding="f",
    advertising="a",
    conflicts="c",
    review_interval_months=12,
    pretty_urls=False,
    topics=(Topic("pain", "Pain", "d"),),
    extra_phrases=(),
)
SOURCE = Source("source-a", "A", "B", 2020, "https://example.org/a", None, None, None)
BIBLIOGRAPHY = Bibliography((SOURCE,), {"source-a": SOURCE})
FRONT = (
    "---\ntitle: T\nsummary: S\ntopic: pain\nevidence: low\nauthors: [{name: A}]\n"
    "created: 2026-01-01\nlast_reviewed: 2026-01-02\nrisks:\n  - {name: R, severity: mild, "
    "certainty: low, summary: S, sources: [source-a]}\nsources: [source-a]\n---\n"
)


@SETTINGS
@given(TEXT)
def test_front_matter_splitter_never_raises(text: str) -> None:
    split, problem = split_front_matter(text, "x.md")
    assert (split is None) != (problem is None)
    if split is not None:
        assert split.body_line >= 3


@SETTINGS
@given(TEXT)
def test_yaml_reader_never_raises(text: str) -> None:
    parsed, problems = parse_yaml(text, "x.yaml", first_line=2)
    assert parsed is not None or problems
    assert all(p.line >= 0 for p in problems)


@SETTINGS
@given(TEXT, st.booleans())
def test_loading_any_file_gives_a_value_or_problems(text: str, as_page: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / ("about.md" if as_page else "x.md")
        path.write_text("---\n" + text, encoding="utf-8", errors="surrogatepass")
        loaded = (
            load_page(path, root) if as_page else load_article(path, root, CONFIG, BIBLIOGRAPHY)
        )
        assert (loaded.value is None) == any(p.level is Level.ERROR for p in loaded.problems)


SITE_MAP = SiteMap({"articles/x.md": "articles/x/"}, frozenset(), frozenset(), False)
MARKUP = Markup(SITE_MAP)
EVERY_PATTERN = Markup(SITE_MAP, skip_unusable_patterns=False)
# Markdown made of the pieces inline patterns look for, so that many of them match.
PIECES = st.sampled_from(
    [
        "`x`",
        "\\*",
        "[^1]",
        "[^1]: n\n",
        "[a](x.md)",
        "[a][r]",
        "[r]: https://e.org\n",
        "![i](m.png)",
        "[@source-a]",
        "[@nope]",
        '<i id="a">',
        '<b id="key" role="x">',
        "<https://e.org>",
        "<a@e.org>",
        "  \n",
        "\t\n",
        "<b>",
        "&amp;",
        "&#65;",
        "*",
        "**",
        "_",
        "__",
        " * ",
        "word",
        " ",
        "\n",
        "\n\n",
        "- ",
        "1. ",
        "> ",
        "|",
        "---",
        "- - -",
        "_  _",
        "**",
        "# ",
        "=",
        "a | b\n--|--\n",
        "\x02",
        "\x03",
        "\r",
        "'",
        '"',
        "\n```\nx\n```\n",
        "\n~~~\nx\n~~~\n",
    ]
)
MARKDOWN = st.lists(PIECES, max_size=40).map("".join) | TEXT


@SETTINGS
@given(TEXT)
def test_markdown_and_citations_never_raise(text: str) -> None:
    page = PageContext("x.md", 13, "articles", "articles/x/", ("source-a",), frozenset())
    body = MARKUP.convert(text, page)
    assert "<script" not in body.html.lower()
    assert all(p.line >= 13 for p in body.problems)


@SETTINGS
@given(MARKDOWN)
@example("A note[^1].\n\n[^1]: n\n")  # footnote ids, which only the attribute filter sees
@example('## Key\n\n<i id="key">x</i> <b id="risks" role="x" tabindex="0">y</b>\n')
@example("# T\n\na | b\n--|--\n1 | 2\n")
def test_skipping_patterns_a_page_cannot_use_changes_nothing(text: str) -> None:
    page = PageContext("x.md", 13, "articles", "articles/x/", ("source-a",), frozenset())
    assert MARKUP.convert(text, page) == EVERY_PATTERN.convert(text, page)


@SETTINGS
@given(TEXT)
def test_lint_never_raises(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / "x.md"
        path.write_text(FRONT + text, encoding="utf-8")
        loaded = load_article(path, root, CONFIG, BIBLIOGRAPHY)
        unfit = UNFIT.search(text)
        if unfit is not None:  # a control character: refused at its line, not linted
            lines = text.replace("\r\n", "\n").replace("\r", "\n")
            line = FRONT.count("\n") + 1 + lines.count("\n", 0, lines.find(unfit.group()))
            assert loaded.value is None
            assert [p.line for p in loaded.problems] == [line], loaded.problems
            return
        assert loaded.value is not None, loaded.problems
        problems = lint_document(loaded.value, text, frozenset(), ("wonder herb",))
        assert all(p.line >= 1 for p in problems)
        assert loaded.value.created == dt.date(2026, 1, 1)


# What the editorial checks look for, in forms and scripts that change under case folding.
LINT_PIECES = st.sampled_from(
    [
        "cure",
        "CURES",
        "Wonder-Herbs",
        "m\u0130racle",
        "m\u0131racle",
        "\u017fafe and effective",
        "game changer",
        "Natural-Alternatives",
        "studies \u017fhow",
        "Research Suggests",
        "TODO",
        "todo",
        "12%",
        "\u0663\u0660 people",
        "1 in 5",
        "3 mg",
        "\u212ag",
        "gr\u00f6\u00dfte",
        "99%",
        "nine in ten",
        "Ninety per cent",
        "eighty-five",
        "twenty-one users",
        "one of the people",
        "two deaths",
        "half of users",
        "a third",
        "\u017fix",
        "often",
        " ",
        "\n",
        "-",
        '"',
        "`",
        "[a](x.md)",
        "\u201c",
        "\u201d",
        "\u2018",
        "\u2019",
    ]
)
LINT_TEXT = st.lists(LINT_PIECES, max_size=30).map("".join) | TEXT


@SETTINGS
@given(LINT_TEXT)
def test_looking_for_words_first_loses_no_finding(text: str) -> None:
    folded = fold(text)
    for search in (
        wording(()),
        wording(("wonder herb",)),
        wording(("gr\u00f6\u00dfte", "99%")),
        APPEALS,
        _DIGITS,
        _WORDS,
        _PLACEHOLDER,
    ):
        fast = [m.span() for m in search.finditer(text, folded)]
        assert fast == [m.span() for m in search.pattern.finditer(text)]


# Paragraphs as the checks read them: mostly plain text, which takes the fast path, with
# the markup, references and characters that take the full reading now and then.
PLAIN_PIECES = [
    *("word", "cure", "90", "%", " ", "\n", ".", "-", "`", "``", '"', "[", "]", "(", ")"),
    *("[@source-a]", "[@", "!", "'", "x.md", "#", "[a](x.md)", "[a][r]"),
]
MARKED_PIECES = [
    *("<b>", "</b>", "<!--", "-->", "&#99;", "&amp;", "&", "*", "**", "_", "\\", "\\*"),
    *("](x.md)", '](x.md "t")', "][r]", "![", "\u200b", "\u0456", "\uff05", "\uff4d", "é"),
    *("\u201c", "\u201d", "\u2018", "\u2019"),
]
PLAIN_TEXT = st.lists(st.sampled_from(PLAIN_PIECES), max_size=20).map("".join)
READ_TEXT = (
    PLAIN_TEXT
    | st.tuples(PLAIN_TEXT, st.sampled_from(MARKED_PIECES), PLAIN_TEXT).map("".join)
    | st.lists(st.sampled_from(PLAIN_PIECES + MARKED_PIECES), max_size=40).map("".join)
    | TEXT
)


@settings(max_examples=1500, deadline=None)  # cheap, and each guard needs its own examples
@given(READ_TEXT)
def test_the_fast_reading_of_a_plain_paragraph_is_the_full_reading(text: str) -> None:
    assert of_markdown(text) == read_markdown(text)


@SETTINGS
@given(READ_TEXT, st.booleans())
def test_what_the_checks_read_keeps_where_each_character_was_written(
    text: str, field: bool
) -> None:
    seen = of_field(text) if field else of_markdown(text)
    for i, char in enumerate(seen.text):
        at = seen.source_at(i)
        assert 0 <= at <= len(text)
        k = max(n for n, start in enumerate(seen.starts) if start <= i)
        if seen.verbatim[k] and char not in " \x00":
            assert text[at] == char


def test_plain_text_is_read_as_written() -> None:
    text = 'A plain paragraph, with `code`, [@source-a] and a "quote".\nIt reads as is.'
    assert plain(text)
    seen = of_markdown(text)
    assert seen.cited
    assert seen.text.replace(" ", "") == "Aplainparagraph,with,[@source-a]anda.\nItreadsasis."


def test_folding_keeps_every_character_a_pattern_takes_for_an_ascii_letter_or_digit() -> None:
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for char in re.findall(letter, everything, re.IGNORECASE):
            assert fold(char) == letter, f"{char!r} (U+{ord(char):04X})"
    for char in re.findall(r"\d", everything):
        assert fold(char) in "0123456789", f"{char!r} (U+{ord(char):04X})"


@SETTINGS
@given(st.dates())
def test_long_dates_name_the_month_as_strftime_does(day: dt.date) -> None:
    assert long_date(day) == f"{day.day} {day.strftime('%B')} {day.year}"


def test_what_a_reader_cannot_see_is_taken_out() -> None:
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    invisible = [c for c in everything if unicodedata.category(c) == "Cf"]
    invisible += ["\u034f", "\u180b", "\ufe0f", "\U000e0100", "\u3164", "\uffa0"]
    for char in invisible:
        assert as_seen(f"a{char}b") == "ab", f"U+{ord(char):04X}"


@SETTINGS
@given(
    st.lists(
        st.sampled_from(
            [*"aAz09 \t\n.,-'", "Σ", "ΣΑΣ", "é", "e\u0301", "İ", "ǅ", "\u00a0", "\u2003"]
        ),
        max_size=60,
    ).map("".join),
    st.text(max_size=20),
)
def test_search_terms_are_those_of_the_whole_text(text: str, title: str) -> None:
    # terms() folds and searches each distinct word once: the same terms, each once.
    whole = sorted(set(_TERM.findall(search_fold(" ".join([title, text])))))
    assert sorted(terms(title, text).split()) == whole
    assert sorted(terms(title, words=text.split()).split()) == whole


@SETTINGS
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80), st.text(max_size=5))
def test_ascii_search_terms_are_those_of_the_whole_text(text: str, title: str) -> None:
    # ASCII text takes a faster path (a translation and a split): the same terms, each once.
    whole = sorted(set(_TERM.findall(search_fold(" ".join([title, text])))))
    assert sorted(terms(title, text).split()) == whole


# Pieces of what a template may put before <main>: tags of every kind the notice rule reads,
# their names in other cases, quotes, comments and stray marks.
HEAD_PIECES = st.sampled_from(
    [
        *("<p>", "</p>", "<a href='x>y'>", '<b title="<!--">', "<Script>", "</SCRIPT>"),
        *("<script>", "</script>", "<title>", "</title>", "<template>", "</template>"),
        *("<style x=1>", "</style ", "<textarea/>", "<scripts>", "<!--", "-->", "<!doctype>"),
        *("<?x>", "<!x", "< ", "</ ", "<3", "</a", "<a", ">", '"', "'", "=", " ", "\n"),
        *("x", "<br/>", "<noscript>", "</noscript>", "<TEMPLATE>", "</xmp>", "<x-y z>"),
        *("<a'b", " c'd>", '<i"', '"j>'),
    ]
)


@SETTINGS
@given(st.lists(HEAD_PIECES, max_size=25), st.lists(HEAD_PIECES, max_size=25))
def test_skipping_runs_that_change_nothing_reads_the_notice_as_token_by_token(
    before: list[str], after: list[str]
) -> None:
    html = f"{''.join(before)}<aside {NOTICE_ID}>{''.join(after)}<main>"
    notice, main = html.find(NOTICE_ID), html.find("<main")
    assert _hidden(html, notice, main) == _hidden(html, notice, main, skip=False)
