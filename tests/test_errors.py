"""Bad input gets exact, located messages: every problem at once, never a traceback."""

from __future__ import annotations

import pytest

from sitekit import ARTICLE, SITE_YAML, SiteDir

PATH = "content/articles/kratom-and-pain.md"


def errors_for(site: SiteDir, text: str, *args: str) -> list[str]:
    site.article("kratom-and-pain.md", text)
    result = site.build(*args)
    assert result.code == 1, result.out
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    return lines[:-1]


def test_broken_yaml_names_the_file_line(site: SiteDir) -> None:
    text = ARTICLE.replace("topic: pain", "topic: [pain")
    assert errors_for(site, text) == [
        f"{PATH}:4: error: invalid YAML: the list opened with '[' on this line is not closed "
        "with ']' (did not find expected ',' or ']' on line 5)"
    ]
    text = ARTICLE.replace("topic: pain", 'topic: "pain')
    assert errors_for(site, text) == [
        f"{PATH}:4: error: invalid YAML: the quoted text that starts on this line has no "
        "closing quote (found unexpected end of stream at the end of the text)"
    ]


def test_yaml_error_line_counts_the_opening_dashes(site: SiteDir) -> None:
    text = ARTICLE.replace("evidence: very-low", "evidence: very-low\n  bad indent: x")
    (message,) = errors_for(site, text)
    assert message.startswith(f"{PATH}:6: error: invalid YAML: ")


def test_unknown_key_suggests_the_right_one(site: SiteDir) -> None:
    text = ARTICLE.replace("risks:", "risk:")
    assert errors_for(site, text) == [
        f"{PATH}:2: error: missing required key 'risks'",
        f"{PATH}:10: error: unknown key 'risk'; did you mean 'risks'?",
    ]


def test_yaml_boolean_words_get_a_quote_it_message(site: SiteDir) -> None:
    text = ARTICLE.replace("title: Kratom and pain", "title: no").replace(
        "topic: pain", "topic: on"
    )
    assert errors_for(site, text) == [
        f"{PATH}:2: error: 'title' must be text, but YAML reads no as true/false; "
        'quote it: title: "no"',
        f"{PATH}:4: error: 'topic' must be text, but YAML reads on as true/false; "
        'quote it: topic: "on"',
    ]


def test_a_number_where_text_belongs(site: SiteDir) -> None:
    text = ARTICLE.replace("summary: What is known about kratom and pain.", "summary: 2024")
    assert errors_for(site, text) == [
        f"{PATH}:3: error: 'summary' must be text; quote it: summary: \"2024\""
    ]


def test_missing_risks_and_sources_are_reported_together(site: SiteDir) -> None:
    start, end = ARTICLE.index("risks:"), ARTICLE.index("claims:")
    text = ARTICLE[:start] + ARTICLE[end:]
    text = text[: text.index("claims:")] + "---\n\nText.\n"
    assert errors_for(site, text) == [
        f"{PATH}:2: error: missing required key 'risks'",
        f"{PATH}:2: error: missing required key 'sources'",
    ]


def test_every_problem_in_every_file_in_one_run(site: SiteDir) -> None:
    site.article(
        "second.md",
        ARTICLE.replace("title: Kratom and pain", "title: Second").replace(
            "severity: serious", "severity: severe"
        ),
    )
    text = ARTICLE.replace("evidence: very-low", "evidence: weak")
    lines = errors_for(site, text)
    assert lines == [
        f"{PATH}:5: error: 'evidence' must be one of high, moderate, low, very-low (got 'weak')",
        "content/articles/second.md:12: error: 'severity' must be one of mild, moderate, "
        "serious (got 'severe')",
    ]


def test_summary_line_counts_errors_and_files(site: SiteDir) -> None:
    site.article("kratom-and-pain.md", ARTICLE.replace("evidence: very-low", "evidence: weak"))
    result = site.build()
    assert result.err.splitlines()[-1] == "1 error in 1 file"


def test_unknown_citation_is_an_error_at_its_line(site: SiteDir) -> None:
    text = ARTICLE.replace(
        "One small survey reports relief [@source-b; @source-a].",
        "One small survey reports relief [@source-b; @source-c].",
    )
    assert errors_for(site, text) == [
        f"{PATH}:34: error: citation [@source-c] names a source this page does not list in "
        "'sources'; did you mean 'source-b'?"
    ]


def test_duplicate_key_is_an_error(site: SiteDir) -> None:
    text = ARTICLE.replace("topic: pain", "topic: pain\ntopic: withdrawal")
    assert errors_for(site, text) == [
        f"{PATH}:5: error: duplicate key 'topic' (first given on line 4)"
    ]


def test_unknown_topic_lists_the_known_ones(site: SiteDir) -> None:
    text = ARTICLE.replace("topic: pain", "topic: pains")
    assert errors_for(site, text) == [
        f"{PATH}:4: error: unknown topic 'pains'; did you mean 'pain'? "
        "(known topics: pain, withdrawal)"
    ]


def test_risk_source_must_be_listed_by_the_page(site: SiteDir) -> None:
    text = ARTICLE.replace("sources: [source-a]", "sources: [source-z]")
    assert errors_for(site, text) == [
        f"{PATH}:15: error: source 'source-z' is not in this page's 'sources'; did you mean "
        "'source-b'?"
    ]


def test_unknown_bibliography_id(site: SiteDir) -> None:
    text = ARTICLE.replace("  - source-b\n---", "  - source-bb\n---")
    lines = errors_for(site, text)
    assert (
        f"{PATH}:25: error: unknown source 'source-bb': it is not in bibliography.yaml; "
        "did you mean 'source-b'?" in lines
    )


def test_dates_must_be_real_and_ordered(site: SiteDir) -> None:
    text = ARTICLE.replace("created: 2026-01-10", "created: 2026-02-30")
    assert errors_for(site, text) == [
        f"{PATH}:8: error: '2026-02-30' is not a real date (day is out of range for month)"
    ]
    text = ARTICLE.replace("created: 2026-01-10", "created: 2026-07-01")
    assert errors_for(site, text) == [
        f"{PATH}:9: error: 'last_reviewed' (2026-06-01) is before 'created' (2026-07-01)"
    ]


def test_a_date_after_today_is_an_error(site: SiteDir) -> None:
    text = ARTICLE.replace("last_reviewed: 2026-06-01", "last_reviewed: 2026-12-01")
    assert errors_for(site, text) == [
        f"{PATH}:9: error: 'last_reviewed' is in the future (2026-12-01; today is 2026-11-22)"
    ]


def test_claim_without_sources_must_be_unsupported(site: SiteDir) -> None:
    text = ARTICLE.replace("    sources: [source-b]\n", "    sources: []\n")
    assert errors_for(site, text) == [
        f"{PATH}:21: error: a claim judged 'limited' must name its sources; only an "
        "'unsupported' claim may have none"
    ]


def test_inline_source_may_not_reuse_a_bibliography_id(site: SiteDir) -> None:
    text = ARTICLE.replace(
        "  - source-b\n---",
        "  - source-b\n  - {id: source-a, title: T, by: B, url: https://example.org/x}\n---",
    )
    assert (
        f"{PATH}:26: error: inline source id 'source-a' is already a bibliography id; cite it "
        "as '- source-a' or choose another id" in errors_for(site, text)
    )


def test_source_url_must_be_https(site: SiteDir) -> None:
    site.write(
        "bibliography.yaml",
        "- {id: source-a, title: A, by: B, url: 'javascript:alert(1)'}\n"
        "- {id: source-b, title: A, by: B, url: 'http://example.org'}\n",
    )
    result = site.build()
    assert result.code == 1
    assert (
        "content/bibliography.yaml:1: error: 'url' must be an https:// address "
        "(got 'javascript:alert(1)')" in result.err
    )
    assert (
        "content/bibliography.yaml:2: error: 'url' must be an https:// address "
        "(got 'http://example.org')" in result.err
    )


def test_notice_must_keep_its_messages(site: SiteDir) -> None:
    text = (site.content / "site.yaml").read_text()
    site.write(
        "site.yaml",
        text.replace("The evidence is limited. Talk to a qualified professional.", "Enjoy."),
    )
    result = site.build()
    assert result.code == 1
    assert (
        "content/site.yaml:5: error: the notice must keep both messages: it must mention "
        "'professional' and 'evidence'" in result.err
    )


def test_missing_closing_dashes_suggests_the_fix(site: SiteDir) -> None:
    text = ARTICLE.replace("---\n\n## What it is", "\n## What it is")
    assert errors_for(site, text) == [
        f"{PATH}:1: error: front-matter has no closing '---' line; add one on its own line "
        "after the last key, before the Markdown text"
    ]


def test_bad_slug_from_file_name_suggests_a_valid_one(site: SiteDir) -> None:
    site.article("Kratom_Sleep.md", ARTICLE.replace("title: Kratom and pain", "title: Sleep"))
    result = site.build()
    assert result.code == 1
    assert (
        "content/articles/Kratom_Sleep.md:2: error: file name 'Kratom_Sleep.md' is not a valid "
        "slug (lowercase letters, digits and hyphens); rename it to 'kratom-sleep.md' or set "
        "'slug:'" in result.err
    )


@pytest.mark.parametrize("slug", ["articles", "search", "static"])
def test_page_slug_may_not_take_a_reserved_root(site: SiteDir, slug: str) -> None:
    site.write(
        f"pages/{slug}.md", "---\ntitle: X\nsummary: Y.\nlast_reviewed: 2026-01-01\n---\nZ\n"
    )
    result = site.build()
    assert result.code == 1
    assert f"content/pages/{slug}.md:2: error: page slug '{slug}' is reserved" in result.err
    assert f"such as '{slug}-page'" in result.err


def test_duplicate_titles_and_slugs(site: SiteDir) -> None:
    site.article(
        "copy.md",
        ARTICLE.replace("sources:\n  - source-a", "slug: kratom-and-pain\nsources:\n  - source-a"),
    )
    result = site.build()
    # The file later in name order is the one reported.
    assert result.err.splitlines() == [
        f"{PATH}:1: error: slug 'kratom-and-pain' is already used by content/articles/copy.md",
        f"{PATH}:2: error: title 'Kratom and pain' is already used by content/articles/copy.md",
        "2 errors in 1 file",
    ]


def test_broken_internal_link_is_an_error(site: SiteDir) -> None:
    text = ARTICLE + "\nSee [about](../pages/abot.md) and [x](#nowhere).\n"
    assert errors_for(site, text) == [
        f"{PATH}:36: error: link to '#nowhere': there is no such anchor on this page",
        f"{PATH}:36: error: link to missing file '../pages/abot.md'; did you mean "
        "'../pages/about.md'?",
    ]


def test_link_to_an_anchor_on_another_page_is_checked(site: SiteDir) -> None:
    page = (
        "---\ntitle: About\nsummary: S.\nlast_reviewed: 2026-06-01\n---\n\n"
        "[a](../articles/kratom-and-pain.md#evidence) [b](../articles/kratom-and-pain.md#nope)\n"
    )
    site.write("pages/about.md", page)
    result = site.build()
    assert result.code == 1
    assert result.err.splitlines()[:-1] == [
        "content/pages/about.md:7: error: link to '#nope' on /articles/kratom-and-pain/: that "
        "page has no such anchor"
    ]


def test_overdue_review_is_a_note_not_a_failure(site: SiteDir) -> None:
    result = site.run("build", "--today", "2027-07-01", "--strict")
    assert result.code == 0
    assert f"{PATH}:9: note: review overdue since 2027-06-01" in result.err
    html = site.html("articles/kratom-and-pain/index.html")
    assert "This page is due for review." in html


def test_bad_today_is_a_usage_error(site: SiteDir) -> None:
    result = site.run("build", "--today", "tomorrow")
    assert result.code == 2
    assert "--today must be a date like 2026-03-01 (got 'tomorrow')" in result.err


def test_unknown_option_is_a_usage_error(site: SiteDir) -> None:
    result = site.run("build", "--fast")
    assert result.code == 2
    assert "unrecognized arguments: --fast" in result.err


def test_missing_content_folder(site: SiteDir) -> None:
    result = site.build("--content", "nowhere")
    assert result.code == 1
    assert result.err.startswith("nowhere: error: content folder not found")


# --- one cause, one message -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "url: https://example.org/a",
            "url: http://example.org/a",
            "content/bibliography.yaml:5: error: 'url' must be an https:// address "
            "(got 'http://example.org/a')",
        ),
        (
            "  kind: agency report",
            "  knd: agency report",
            "content/bibliography.yaml:6: error: unknown key 'knd'; did you mean 'kind'?",
        ),
        (
            'title: "Source B"',
            "title: *a",
            "content/bibliography.yaml:8: error: YAML anchors and aliases (&name, *name) are "
            "not allowed; write the value out where it is used",
        ),
    ],
)
def test_a_broken_bibliography_entry_is_reported_once(
    site: SiteDir, old: str, new: str, expected: str
) -> None:
    from sitekit import BIBLIOGRAPHY_YAML

    bibliography = BIBLIOGRAPHY_YAML.replace('title: "Source A"', 'title: &a "Source A"')
    site.write("bibliography.yaml", bibliography.replace(old, new))
    result = site.build()
    assert result.code == 1
    # Not also "unknown source" and "not in this page's 'sources'" for each page citing it.
    assert result.err.splitlines() == [expected, "1 error in 1 file"]


def test_a_missing_bibliography_is_named(site: SiteDir) -> None:
    (site.content / "bibliography.yaml").unlink()
    result = site.build()
    assert result.code == 1
    assert result.err.splitlines()[:-1] == [
        f"{PATH}:24: error: unknown source 'source-a': content/bibliography.yaml does not exist",
        f"{PATH}:25: error: unknown source 'source-b': content/bibliography.yaml does not exist",
    ]


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ("", f"{PATH}:2: error: missing required key 'sources'"),
        (
            "sources: source-a\n",
            f"{PATH}:23: error: 'sources' must list at least one source id from bibliography.yaml",
        ),
    ],
)
def test_missing_sources_is_reported_alone(site: SiteDir, sources: str, expected: str) -> None:
    text = ARTICLE.replace("sources:\n  - source-a\n  - source-b\n", sources)
    # Not also "source 'source-a' is not in this page's 'sources'" for the risk and the claim.
    assert errors_for(site, text) == [expected]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "topic: pain",
            "topic: pain\ntopic: withdrawal",
            [
                f"{PATH}:5: error: duplicate key 'topic' (first given on line 4)",
                f"{PATH}:13: error: 'severity' must be one of mild, moderate, serious "
                "(got 'severe')",
            ],
        ),
        (
            "created: 2026-01-10",
            "created: 2026-02-30",
            [
                f"{PATH}:8: error: '2026-02-30' is not a real date (day is out of range for month)",
                f"{PATH}:12: error: 'severity' must be one of mild, moderate, serious "
                "(got 'severe')",
            ],
        ),
        (
            "    summary: Case reports describe liver injury.",
            "    summary: *s",
            [
                f"{PATH}:12: error: 'severity' must be one of mild, moderate, serious "
                "(got 'severe')",
                f"{PATH}:14: error: YAML anchors and aliases (&name, *name) are not allowed; "
                "write the value out where it is used",
            ],
        ),
    ],
)
def test_yaml_problems_do_not_hide_the_others(
    site: SiteDir, old: str, new: str, expected: list[str]
) -> None:
    text = ARTICLE.replace("severity: serious", "severity: severe").replace(old, new)
    text = text.replace("summary: What is known", "summary: &s What is known")
    # ...and a value YAML could not read is not also "missing".
    assert errors_for(site, text) == expected


def test_a_future_created_is_reported_with_the_order_of_dates(site: SiteDir) -> None:
    text = ARTICLE.replace("created: 2026-01-10", "created: 2026-12-01")
    assert errors_for(site, text) == [
        f"{PATH}:8: error: 'created' is in the future (2026-12-01; today is 2026-11-22)",
        f"{PATH}:9: error: 'last_reviewed' (2026-06-01) is before 'created' (2026-12-01)",
    ]


def test_a_future_change_names_its_key_at_its_line(site: SiteDir) -> None:
    text = ARTICLE.replace(
        "sources:\n  - source-a",
        "changes:\n  - date: 2026-12-01\n    summary: Revised.\nsources:\n  - source-a",
    )
    assert errors_for(site, text) == [
        f"{PATH}:24: error: 'changes' date is in the future (2026-12-01; today is 2026-11-22)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("topic: pain", "topic: null", f"{PATH}:4: error: 'topic' is empty; give a value"),
        (
            "summary: What is known about kratom and pain.",
            "summary: ~",
            f"{PATH}:3: error: 'summary' is empty; give a value",
        ),
        (
            "created: 2026-01-10",
            "created: [2026-11-22",
            f"{PATH}:8: error: invalid YAML: the list opened with '[' on this line is not closed "
            "with ']' (did not find expected ',' or ']' on line 9)",
        ),
    ],
)
def test_the_line_is_the_line_to_fix(site: SiteDir, old: str, new: str, expected: str) -> None:
    assert errors_for(site, ARTICLE.replace(old, new)) == [expected]


def test_quoting_is_suggested_only_where_it_helps(site: SiteDir) -> None:
    text = ARTICLE.replace("evidence: very-low", "evidence: 3")
    assert errors_for(site, text) == [
        f"{PATH}:5: error: 'evidence' must be one of high, moderate, low, very-low (got '3')"
    ]


def test_alias_messages_say_what_holds_the_path(site: SiteDir) -> None:
    site.article(
        "kratom-and-pain.md",
        ARTICLE.replace(
            "last_reviewed:", "aliases: [/old-x/, /articles/kratom-and-pain/]\nlast_reviewed:"
        ),
    )
    site.write("pages/about.md", PAGE_WITH_ALIAS)
    result = site.build()
    assert result.err.splitlines()[:-1] == [
        f"{PATH}:9: error: alias /articles/kratom-and-pain/ is this page's own path; remove it",
        f"content/pages/about.md:5: error: alias /old-x/ is already an alias of {PATH}",
    ]


PAGE_WITH_ALIAS = """\
---
title: About this site
summary: Who we are.
last_reviewed: 2026-06-01
aliases: [/old-x/]
---

We are a test.
"""


# --- the command line -----------------------------------------------------------------------


def test_a_bad_base_url_is_a_usage_error(site: SiteDir) -> None:
    result = site.build("--base-url", "http://example.org/kratom/")
    assert result.code == 2
    assert result.err == (
        "error: --base-url must be an absolute https:// address (plain http:// only for "
        "localhost or 127.0.0.1, to preview a build on this machine) "
        "(got 'http://example.org/kratom/')\n"
    )
    assert not site.out.exists()


def test_the_readmes_local_preview_base_url_builds(site: SiteDir) -> None:
    assert site.build("--base-url", "http://localhost:8000/kratom/").code == 0
    assert "http://localhost:8000/kratom/articles/kratom-and-pain/" in site.html("sitemap.xml")


def test_help_names_the_command_that_was_run(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitegen.cli import main_entry

    assert site.run("--help").out.startswith("usage: build.py ")
    monkeypatch.setattr("sys.argv", ["sitegen", "--help"])
    with pytest.raises(SystemExit) as stopped:
        main_entry()
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("usage: sitegen ")


def test_a_placeholder_contact_address_is_a_warning_strict_refuses(site: SiteDir) -> None:
    assert "placeholder" not in site.check("--strict").err
    site.write("site.yaml", SITE_YAML.replace("editors@sitegen-tests.dev", "editors@example.org"))
    assert site.check().code == 0
    result = site.check("--strict")
    assert result.code == 1
    assert (
        "content/site.yaml:4: warning: the publisher's contact 'mailto:editors@example.org' is a "
        "placeholder (that domain is reserved for examples): pages would offer readers a way to "
        "reach you that reaches nobody; give a real address, or leave 'contact' out until there "
        "is one (pages then say there is none yet)" in result.err
    )


@pytest.mark.parametrize(
    "address", ["https://www.example.com/contact/", "mailto:a@team.example", "mailto:x@y.invalid"]
)
def test_every_reserved_domain_is_a_placeholder(site: SiteDir, address: str) -> None:
    site.write("site.yaml", SITE_YAML.replace("mailto:editors@sitegen-tests.dev", address))
    assert "is a placeholder" in site.check("--strict").err


def test_without_a_contact_every_page_says_there_is_none_yet(site: SiteDir) -> None:
    site.write("site.yaml", SITE_YAML.replace(', contact: "mailto:editors@sitegen-tests.dev"', ""))
    result = site.build("--strict")
    assert result.code == 0, result.err
    for rel in ("index.html", "articles/kratom-and-pain/index.html", "about/index.html"):
        html = site.html(rel)
        assert "There is no contact address yet." in html
        assert "mailto:" not in html


def test_a_todo_left_in_site_yaml_is_a_warning_at_its_own_line(site: SiteDir) -> None:
    text = SITE_YAML.replace('title: "Test site"', 'title: "TODO: the name"').replace(
        "  and cites its sources.", "  and cites its sources. TODO: say more."
    )
    site.write("site.yaml", text)
    lines = text.splitlines()
    title = lines.index('title: "TODO: the name"') + 1
    intro = next(n for n, line in enumerate(lines, 1) if "TODO: say more" in line)
    assert intro > lines.index("intro: >-") + 2  # the word is on the block's third line
    result = site.check()
    assert result.code == 0, result.err
    message = "warning: placeholder 'TODO' is still in the text"
    assert result.err.splitlines()[:-1] == [
        f"content/site.yaml:{title}: {message}",
        f"content/site.yaml:{intro}: {message}",
    ]
    assert site.check("--strict").code == 1
