"""The one declaration of what content files hold: every key, its kind, whether it is required.

The loader reads each mapping through this declaration (load/record.py: unknown keys,
required keys, choices, list lengths); `new` writes its draft from it (scaffold.py); the
README's front-matter table and the JSON Schemas for editors' tools are made from it
(tests/test_schema.py checks the README against it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from sitegen.model.content import EVIDENCE, SEVERITY, VERDICTS

Kind = Literal[
    "text",  # a non-empty string
    "slug",  # lowercase letters, digits and hyphens
    "date",  # 2026-03-01
    "choice",  # one of `choices`
    "boolean",
    "integer",  # a whole number of at least `minimum`
    "year",  # four digits
    "url",  # https://
    "contact",  # https:// or mailto:
    "doi",  # 10.1234/abc
    "texts",  # a list of strings
    "records",  # a list of mappings, each with `fields`
    "mapping",  # one mapping with `fields`
    "map",  # keys of one's choosing (slugs), each a mapping with `fields`
    "sources",  # a list of bibliography ids or inline sources (`fields`)
    "notes",  # keys of one's choosing (slugs), each with a text
    "number",  # a number of at least `minimum`
]


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a mapping: its kind, whether it must be there, and what it holds."""

    key: str
    kind: Kind
    doc: str  # what it holds, for readers of the README and of editors' tools
    required: bool = False
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()  # of each entry (records, sources, map) or of the mapping
    min_items: int = 0
    minimum: int = 0  # of an integer
    maximum: int | None = None  # of an integer, if it has one
    missing: str = ""  # said after "missing required key" when it is missing
    # What follows "key:" in a new draft, as YAML text with {title}, {topic}, {today} and
    # {publisher} to fill in; None leaves the key out of `new`'s draft.
    example: str | None = None


Schema = Mapping[str, Field]
# However a page's review is scheduled, it is reviewed within this many months.
MAX_REVIEW_MONTHS = 60


def schema(*fields: Field) -> Schema:
    """A mapping's keys in the order editors see them."""
    return {f.key: f for f in fields}


def required_label(field: Field) -> str:
    """ "yes", "no" or "yes, ≥ 1", as the README's table says it."""
    if not field.required:
        return "no"
    return f"yes, ≥ {field.min_items}" if field.min_items else "yes"


SOURCE = schema(
    Field("id", "slug", "global id: lowercase letters, digits, hyphens", required=True),
    Field("title", "text", "the work's title", required=True),
    Field("by", "text", "authors and/or publisher, journal", required=True),
    Field("year", "year", "four digits; shown as n.d. when absent"),
    Field("url", "url", "https only", required=True),
    Field("doi", "doi", "like 10.15585/mmwr.mm6814a2, without https://doi.org/"),
    Field("kind", "text", "agency report, systematic review, survey, case report, ..."),
    Field("caveat", "text", "written for readers and shown to them"),
)
AUTHOR = schema(
    Field("name", "text", "a person or an organisation", required=True),
    Field("credentials", "text", "qualifications"),
    Field("affiliation", "text", "where they work"),
)
REVIEWER = schema(
    Field("name", "text", "the clinical reviewer", required=True),
    Field("role", "text", "their profession", required=True),
)
RISK = schema(
    Field("name", "text", "the risk, as readers know it", required=True),
    Field("severity", "choice", "how bad the harm can be", required=True, choices=SEVERITY),
    Field("certainty", "choice", "how sure the evidence is", required=True, choices=EVIDENCE),
    Field("summary", "text", "what is known, in a sentence or two", required=True),
    Field("sources", "texts", "ids from this page's sources", required=True),
    Field("kind", "slug", "one of the risk kinds declared in site.yaml's `risk_kinds`"),
)
CLAIM = schema(
    Field("id", "slug", "its anchor; defaults to one made from the claim"),
    Field("claim", "text", "the claim, quoted as it was made", required=True),
    Field("verdict", "choice", "what the evidence says of it", required=True, choices=VERDICTS),
    Field("certainty", "choice", "how sure the evidence lets us be", choices=EVIDENCE),
    Field(
        "sources",
        "texts",
        "ids from this page's sources",
        required=True,
        missing="use 'sources: []' only for an unsupported claim",
    ),
    Field("note", "text", "what the evidence says, for readers", required=True),
)
CHANGE = schema(
    Field("date", "date", "when", required=True),
    Field("summary", "text", "what changed, in reader terms", required=True),
)

_CHANGES_DOC = "list of `{date, summary}` shown to readers"
_ALIASES_DOC = "old paths of the page, such as `/old-name/`; each gets a redirect page"
_SLUG_DOC = "defaults to the file name: lowercase letters, digits and hyphens"
_DRAFT_DOC = "`true` keeps the page out of `build` and `check` unless `--drafts`"

ARTICLE = schema(
    Field(
        "title",
        "text",
        "the page title (quote it if it contains `: ` or is a word like `no`)",
        required=True,
        example=" {title}",
    ),
    Field(
        "summary",
        "text",
        "one or two sentences: cards, search results, meta description, feed",
        required=True,
        example=' "TODO: one or two plain sentences saying what this page tells the reader."',
    ),
    Field(
        "topic",
        "text",
        "a key of `topics` in `content/site.yaml`",
        required=True,
        example=" {topic}",
    ),
    Field(
        "evidence",
        "choice",
        "overall certainty of the evidence: `high`, `moderate`, `low`, `very-low`",
        required=True,
        choices=EVIDENCE,
        example=" very-low          # high, moderate, low or very-low: the overall certainty",
    ),
    Field(
        "authors",
        "records",
        "list of `{name, credentials?, affiliation?}`; an organisation is fine",
        required=True,
        fields=tuple(AUTHOR.values()),
        min_items=1,
        example="\n  - name: {publisher}",
    ),
    Field(
        "reviewed_by",
        "records",
        "list of `{name, role}`; without it the page says it has had no clinical review",
        fields=tuple(REVIEWER.values()),
    ),
    Field(
        "created", "date", "date first published, `2026-03-01`", required=True, example=" {today}"
    ),
    Field(
        "last_reviewed",
        "date",
        "date the whole page was last checked against its sources",
        required=True,
        example=" {today}",
    ),
    Field(
        "next_review_due",
        "date",
        "defaults to `last_reviewed` + `review_interval_months`; at most 5 years after it",
    ),
    Field(
        "risks",
        "records",
        "list of `{name, severity: mild/moderate/serious, certainty, summary, sources}`",
        required=True,
        fields=tuple(RISK.values()),
        min_items=1,
        example=(
            "                      # at least one; each needs sources from the list below\n"
            '  - name: "TODO: name of the risk"\n'
            "    severity: moderate      # mild, moderate or serious\n"
            "    certainty: very-low     # high, moderate, low or very-low\n"
            '    summary: "TODO: what is known about this risk, in one or two sentences."\n'
            "    sources: []"
        ),
    ),
    Field(
        "claims",
        "records",
        "list of `{id?, claim, verdict, certainty?, sources, note}`",
        fields=tuple(CLAIM.values()),
        example=" []                  # claims made elsewhere, each with a verdict and sources",
    ),
    Field(
        "sources",
        "sources",
        "ids from `content/bibliography.yaml`, or inline sources of the same shape",
        required=True,
        fields=tuple(SOURCE.values()),
        min_items=1,
        example=" []                 # ids from content/bibliography.yaml, at least one",
    ),
    Field(
        "changes",
        "records",
        _CHANGES_DOC,
        fields=tuple(CHANGE.values()),
        example="\n  - date: {today}\n    summary: First published.",
    ),
    Field(
        "not_applicable",
        "notes",
        "required risk kinds or blocks this article leaves out, each with the reason readers see",
    ),
    Field("aliases", "texts", _ALIASES_DOC),
    Field("slug", "slug", _SLUG_DOC),
    Field("draft", "boolean", _DRAFT_DOC, example=" true"),
)
PAGE = schema(
    ARTICLE["title"],
    ARTICLE["summary"],
    ARTICLE["last_reviewed"],
    ARTICLE["changes"],
    ARTICLE["aliases"],
    ARTICLE["slug"],
    ARTICLE["draft"],
)

HELPLINE = schema(
    Field("name", "text", "who answers", required=True),
    Field("number", "text", "the number to call", required=True),
    Field("region", "text", "where the number works, such as US", required=True),
    Field("url", "url", "its web page"),
)
TOPIC = schema(
    Field("title", "text", "the topic's name", required=True),
    Field("description", "text", "one line for readers", required=True),
)
SITE = schema(
    Field("title", "text", "the site's name", required=True),
    Field(
        "subject",
        "text",
        "what the site is about, as its pages name it in a sentence: kratom",
        required=True,
    ),
    Field("intro", "text", "the home page's opening paragraph", required=True),
    Field("base_url", "url", "the absolute address the site is served from", required=True),
    Field("language", "text", "a language tag such as en or en-GB; en when absent"),
    Field(
        "publisher",
        "mapping",
        "who publishes the site, and how to reach them",
        required=True,
        fields=(
            Field("name", "text", "the publisher", required=True),
            Field(
                "contact",
                "contact",
                "an https:// page or a mailto: address readers can use; leave it out until "
                "there is one, and every page says plainly that there is none yet",
            ),
        ),
    ),
    Field("notice", "text", "the health notice on every page", required=True),
    Field(
        "helplines",
        "records",
        "numbers shown with the notice",
        required=True,
        fields=tuple(HELPLINE.values()),
        min_items=1,
    ),
    Field(
        "disclosure",
        "mapping",
        "who pays for the site and what it takes",
        required=True,
        fields=(
            Field("funding", "text", "who pays for the site", required=True),
            Field("advertising", "text", "what advertising it carries", required=True),
            Field("conflicts", "text", "the editors' conflicts of interest", required=True),
        ),
    ),
    Field(
        "review_interval_months",
        "integer",
        "months from last_reviewed to a page's next review, at most 60; 12 when absent",
        minimum=1,
        maximum=MAX_REVIEW_MONTHS,
    ),
    Field("pretty_urls", "boolean", "links without index.html, for hosts that serve folders"),
    Field(
        "topics",
        "map",
        "topic keys, each with a title and description",
        required=True,
        fields=tuple(TOPIC.values()),
        min_items=1,
    ),
    Field(
        "lint",
        "mapping",
        "additions to the editorial checks",
        fields=(
            Field("extra_phrases", "texts", "more promotional wording to warn about"),
            Field(
                "reading_grade",
                "number",
                "paragraphs above this Flesch-Kincaid grade get a note; 9 when absent",
                minimum=1,
            ),
        ),
    ),
    Field(
        "risk_kinds",
        "map",
        "the kinds of risk articles discuss; the risks page has a section for each",
        fields=(
            Field("name", "text", "the kind's name, as readers see it", required=True),
            Field("description", "text", "one line for readers", required=True),
        ),
    ),
    Field(
        "required",
        "mapping",
        "what every published article must cover",
        fields=(
            Field("kinds", "texts", "risk kinds each article must have a risk of"),
            Field("blocks", "texts", "shared blocks each article must include"),
        ),
    ),
)
BLOCK = schema(
    Field("title", "text", "what the block is about", required=True),
    Field("sources", "texts", "ids from bibliography.yaml that the block cites"),
    Field(
        "last_reviewed",
        "date",
        "when the block was last checked against its sources",
        required=True,
    ),
)


def entries(field: Field) -> Schema:
    """The declaration of a field's entries (or of its mapping)."""
    return schema(*field.fields)


def readme_table(declared: Schema) -> str:
    """The README's table of a mapping's keys."""
    rows = ["| key | required | what it holds |", "|---|---|---|"]
    rows += [f"| `{f.key}` | {required_label(f)} | {f.doc} |" for f in declared.values()]
    return "\n".join(rows) + "\n"


def scaffold(declared: Schema, values: Mapping[str, str]) -> str:
    """YAML for the keys that have an example, filled in with `values`."""
    return "".join(
        f"{f.key}:{f.example.format(**values)}\n"
        for f in declared.values()
        if f.example is not None
    )


def keys(fields: Iterable[Field]) -> tuple[str, ...]:
    return tuple(f.key for f in fields)
