"""Write N synthetic articles as four projects: ours, Pelican, MkDocs and Hugo.

    python bench/corpus.py --n 1000 --out DIR [--seed 1]

The benchmark compares tools on the *same* articles, so every article is generated once as
a neutral value (`Article`) and then written in each tool's format:

    DIR/sitegen/content/{site.yaml, bibliography.yaml, articles/<slug>.md}
    DIR/pelican/{pelicanconf.py, content/articles/<slug>.md}
    DIR/mkdocs/{mkdocs.yml, docs/index.md, docs/articles/<slug>.md}
    DIR/hugo/{hugo.toml, layouts/*.html, content/articles/<slug>.md}

The text is built from fixed word lists by a seeded `random.Random`, one per article, so
the output depends only on (seed, index, N) and the same command always writes the same
bytes. Only the standard library is used, so any Python 3.11 can run it.

Our articles must pass `build.py check`, which is strict on purpose (load/schema.py),
so the generator keeps to these rules by construction rather than by filtering:
- every paragraph carries a citation, so a paragraph with a figure is always cited;
- list items, headings, titles and summaries contain no digits at all;
- no promotional wording ("cure", "miracle", "proven to", ...) appears in any word list;
- every source an article lists is cited in its body at least once;
- headings are `##`, with an optional `###` directly under one of them;
- titles are unique (a bijection from the article's index, see `_titles`);
- all dates lie on or before TODAY, and reviews are recent enough not to be overdue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# The date the benchmark builds "as of" (`--today`); no generated date may be later.
TODAY = dt.date(2026, 11, 22)
# Reviews happen within the last REVIEW_WINDOW days, so none is overdue (interval: 12 months).
REVIEW_WINDOW = 330
SOURCE_COUNT = 30

# --- word lists -----------------------------------------------------------------------------
# Neutral, cautious health-information vocabulary. Nothing here may be promotional: the
# lint list of issue 6 (cure, miracle, proven to, safe and effective, ...) must never match.

TOPICS: dict[str, tuple[str, str]] = {
    "sleep": ("Sleep", "What is known about kratom and sleep, and what people report."),
    "liver": ("Liver health", "Reports of liver injury, what tests showed, and open questions."),
    "mood": ("Mood and anxiety", "Surveys of mood, anxiety and kratom, and their limits."),
    "pain": ("Pain", "What the few studies of kratom and pain measured, and side effects."),
    "withdrawal": ("Withdrawal", "Kratom withdrawal and kratom used during opioid withdrawal."),
    "interactions": ("Interactions", "Kratom taken together with medicines, alcohol or drugs."),
    "products": ("Products and quality", "What kratom products contain, and contamination."),
    "law": ("Law and regulation", "How kratom is regulated, and how that has changed."),
}

TITLE_A = (
    "Sleep",
    "Appetite",
    "Energy",
    "Mood",
    "Anxiety",
    "Focus",
    "Liver enzymes",
    "Heart rhythm",
    "Blood pressure",
    "Breathing",
    "Digestion",
    "Skin changes",
    "Memory",
    "Tolerance",
    "Dependence",
    "Withdrawal",
    "Muscle aches",
    "Headaches",
    "Nausea",
    "Seizures",
    "Thyroid function",
    "Kidney function",
    "Body weight",
    "Hydration",
    "Eyesight",
)
TITLE_B = (
    "regular use",
    "occasional use",
    "high doses",
    "powdered leaf",
    "capsules",
    "teas",
    "extracts",
    "concentrated products",
    "mixed products",
    "long breaks",
    "tapering",
    "stopping suddenly",
    "daily routines",
    "night shifts",
    "exercise",
    "fasting",
    "caffeine",
    "alcohol",
    "prescribed opioids",
    "antidepressants",
    "sleeping tablets",
    "herbal supplements",
    "blood thinners",
    "cannabis",
)
TITLE_C = (
    "older adults",
    "young adults",
    "students",
    "athletes",
    "parents",
    "drivers",
    "veterans",
    "shift workers",
    "people in recovery",
    "people with chronic pain",
    "people with depression",
    "people with diabetes",
    "pregnant people",
    "new users",
    "long-term users",
    "carers",
    "clinicians",
    "pharmacists",
    "first-time buyers",
    "travellers",
)
TITLE_D = (
    "what the evidence says",
    "an overview",
    "questions and answers",
    "what is known",
    "what is unknown",
    "a careful look",
    "the open questions",
    "what surveys report",
    "what case reports show",
    "what to ask a professional",
    "a summary of the research",
    "signs to watch for",
    "common misunderstandings",
    "a reader's guide",
    "the limits of the data",
    "notes for families",
    "what doctors look for",
    "reading the studies",
    "what changed recently",
    "points of caution",
)

HEADINGS = (
    "What the studies measured",
    "What people report",
    "Side effects and harms",
    "Interactions with other substances",
    "What remains unknown",
    "Practical points",
    "Who should be careful",
    "How the evidence was graded",
    "Where the numbers come from",
    "When to get help",
    "Background",
    "How products differ",
)
SUBHEADINGS = (
    "Limits of the surveys",
    "Limits of case reports",
    "Animal and laboratory work",
    "Differences between products",
    "Questions for a pharmacist",
)

SUBJECTS = (
    "People who use kratom",
    "Regular users",
    "Some respondents",
    "Clinicians",
    "Poison centre reports",
    "Small surveys",
    "Case reports",
    "Laboratory studies",
    "Animal studies",
    "Reviews of the literature",
    "Pharmacists",
    "Emergency doctors",
    "Public health agencies",
    "Researchers",
    "Family members",
)
VERBS = (
    "describe",
    "mention",
    "report",
    "note",
    "point to",
    "suggest",
    "raise questions about",
    "record",
    "warn about",
    "discuss",
)
OBJECTS = (
    "changes in sleep",
    "a loss of appetite",
    "constipation",
    "restlessness",
    "tolerance over time",
    "withdrawal symptoms",
    "liver problems",
    "a faster heart rate",
    "drowsiness",
    "nausea and vomiting",
    "darker skin in sunlit areas",
    "mood changes",
    "trouble concentrating",
    "interactions with medicines",
    "contaminated products",
    "unclear labelling",
    "differences between batches",
    "the role of other drugs",
)
QUALIFIERS = (
    "after regular use",
    "in the first weeks",
    "when doses were increased",
    "when it was combined with alcohol",
    "in people taking other medicines",
    "after stopping",
    "though the causes were not clear",
    "in a small number of cases",
    "without a comparison group",
    "in self-reported data",
    "in reports from several countries",
    "over several months",
)
HEDGES = (
    "The evidence is limited, and most of it comes from people who chose to answer surveys.",
    "None of these reports can show that kratom caused what was described.",
    "Products differ widely, so one report may not apply to another product.",
    "Other substances were often involved, which makes the findings hard to read.",
    "A doctor or pharmacist can help weigh these findings for a particular person.",
    "Much of what is written online goes further than the research does.",
    "Larger and better controlled studies are still needed.",
    "The studies were short, so effects of long-term use are unknown.",
    "Self-reported doses are often uncertain, because labels and scoops vary.",
    "It is not known how well these findings apply to other groups of people.",
)
GROUPS = (
    "respondents",
    "participants",
    "regular users",
    "patients",
    "people surveyed",
    "callers to poison centres",
)
# Figures of the kinds issue 6 counts (percentages, "N of M", doses with a unit, counts of
# people). They only ever appear in paragraphs that also carry a citation.
FIGURES = (
    "In one survey, {a} of {b} {group} reported {obj}.",
    "About {p}% of {group} described {obj} {qual}.",
    "Reported amounts ranged from {g1} to {g2} grams a day.",
    "Doses of {mg} mg were mentioned in {a} cases.",
    "The reports covered {b} {group} over several years.",
)
LIST_INTROS = (
    "Points worth raising with a professional:",
    "Before changing anything, consider these points:",
    "Things readers often ask about:",
    "Signs that mean it is time to get help:",
)
LIST_ITEMS = (
    "which medicines are being taken at the same time",
    "whether a product label lists its contents clearly",
    "how sleep and appetite have changed",
    "any yellowing of the skin or eyes",
    "dark urine or pale stools",
    "a fast or irregular heartbeat",
    "plans to cut down or stop",
    "how to get support during withdrawal",
    "whether alcohol is involved",
    "changes in mood or anxiety",
    "how to store products away from children",
    "where to find a local helpline",
)
LINK_SENTENCES = (
    "For related questions, see [{title}]({slug}.md).",
    "The article on [{title}]({slug}.md) covers a neighbouring question.",
    "Readers may also want [{title}]({slug}.md).",
)
RISKS = (
    ("Liver injury", "serious"),
    ("Dependence", "moderate"),
    ("Withdrawal symptoms", "moderate"),
    ("Seizures", "serious"),
    ("Constipation", "mild"),
    ("Drug interactions", "serious"),
    ("Contaminated products", "moderate"),
    ("Sleep problems", "mild"),
    ("Fast heart rate", "moderate"),
    ("Skin darkening", "mild"),
)
CLAIMS = (
    "kratom improves sleep for most people",
    "kratom has no effect on the liver",
    "kratom is not habit forming",
    "kratom works as well as prescribed pain medicines",
    "all kratom products contain the same amount of active compounds",
    "kratom helps with opioid withdrawal",
    "kratom lifts mood",
    "kratom cannot interact with other medicines",
    "kratom improves focus at work",
    "kratom is legal everywhere",
)
EVIDENCE = ("moderate", "low", "very-low")
SURNAMES = (
    "Adams",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Khan",
    "Lopez",
    "Moreau",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quinn",
    "Rossi",
)
SOURCE_SUBJECTS = (
    "liver",
    "sleep",
    "survey",
    "withdrawal",
    "poison-centre",
    "interactions",
    "products",
    "mood",
    "pain",
    "review",
)
SOURCE_KINDS = (
    "survey (self-report)",
    "case report",
    "review",
    "systematic review",
    "observational study",
    "animal study",
    "agency report",
)


# --- the neutral article --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    by: str
    year: int
    url: str
    doi: str
    kind: str


@dataclass(frozen=True, slots=True)
class Risk:
    name: str
    severity: str
    certainty: str
    summary: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    claim: str
    verdict: str
    certainty: str
    sources: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class Article:
    """One article, independent of any tool's format.

    `body` is Markdown in our dialect: `[@id; @id2]` citations and `[text](slug.md)` links;
    the writers for the other tools translate those two constructs and nothing else.
    """

    slug: str
    title: str
    summary: str
    topic: str
    evidence: str
    created: dt.date
    last_reviewed: dt.date
    changes: tuple[tuple[dt.date, str], ...]
    risks: tuple[Risk, ...]
    claims: tuple[Claim, ...]
    sources: tuple[str, ...]
    reviewer: bool
    body: str


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens, as our generator expects of file names."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def make_sources(seed: int) -> tuple[Source, ...]:
    """About thirty synthetic sources with https URLs and ids of letters, digits and hyphens."""
    rng = random.Random(f"sources-{seed}")
    result: list[Source] = []
    seen: set[str] = set()
    while len(result) < SOURCE_COUNT:
        surname = rng.choice(SURNAMES)
        year = rng.randint(2005, 2025)
        subject = rng.choice(SOURCE_SUBJECTS)
        source_id = f"{surname.lower()}-{year}-{subject}"
        if source_id in seen:
            continue
        seen.add(source_id)
        n = len(result) + 1
        result.append(
            Source(
                id=source_id,
                title=f"A study of {subject.replace('-', ' ')} and kratom ({surname} {year})",
                by=f"{surname} A, {rng.choice(SURNAMES)} B — Journal of Synthetic Studies",
                year=year,
                url=f"https://example.org/sources/{source_id}",
                doi=f"10.5555/bench.{n:04d}",
                kind=rng.choice(SOURCE_KINDS),
            )
        )
    return tuple(result)


def _titles(n: int, seed: int) -> list[str]:
    """N unique titles: index i maps to a distinct (a, b, c, d) combination of word lists.

    An affine map i -> (step*i + offset) mod M, with step coprime to M, is a bijection on
    0..M-1, so titles never repeat and neighbouring articles do not look alike.
    """
    sizes = (len(TITLE_A), len(TITLE_B), len(TITLE_C), len(TITLE_D))
    space = sizes[0] * sizes[1] * sizes[2] * sizes[3]
    if n > space:
        raise SystemExit(f"at most {space} unique titles; asked for {n}")
    step = 7919  # a prime; the map is a bijection only while it is coprime to the space
    assert math.gcd(step, space) == 1
    offset = random.Random(f"titles-{seed}").randrange(space)
    titles = []
    for i in range(n):
        k = (step * i + offset) % space
        a, k = k % sizes[0], k // sizes[0]
        b, k = k % sizes[1], k // sizes[1]
        c, d = k % sizes[2], k // sizes[2]
        titles.append(f"{TITLE_A[a]} and {TITLE_B[b]} in {TITLE_C[c]}: {TITLE_D[d]}")
    return titles


def _sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
        f"{rng.choice(QUALIFIERS)}."
    )


def _figure(rng: random.Random) -> str:
    b = rng.randint(40, 2500)
    return rng.choice(FIGURES).format(
        a=rng.randint(3, b // 2),
        b=b,
        p=rng.randint(2, 60),
        g1=rng.randint(1, 5),
        g2=rng.randint(6, 30),
        mg=rng.choice((25, 50, 100, 250, 500)),
        group=rng.choice(GROUPS),
        obj=rng.choice(OBJECTS),
        qual=rng.choice(QUALIFIERS),
    )


def _cite(ids: Sequence[str]) -> str:
    return "[" + "; ".join(f"@{i}" for i in ids) + "]"


def _paragraph(rng: random.Random, cite: Sequence[str], extra: str = "") -> str:
    """Four to seven sentences: sometimes a figure, maybe a link, always a citation.

    The citation goes before the final full stop, as an editor would write it.
    """
    sentences = [_sentence(rng) for _ in range(rng.randint(3, 5))]
    if rng.random() < 0.6:
        sentences.insert(rng.randint(0, len(sentences)), _figure(rng))
    sentences.append(rng.choice(HEDGES))
    if extra:
        sentences.insert(rng.randint(1, len(sentences)), extra)
    if rng.random() < 0.3:  # some inline emphasis, as real prose has
        words = sentences[0].split(" ")
        i = rng.randrange(1, len(words) - 1)
        words[i] = f"*{words[i]}*"
        sentences[0] = " ".join(words)
    last = sentences[-1]
    sentences[-1] = f"{last[:-1]} {_cite(cite)}."
    return " ".join(sentences)


def make_article(i: int, titles: Sequence[str], sources: Sequence[Source], seed: int) -> Article:
    """Article number i; its random choices depend only on (seed, i)."""
    rng = random.Random(f"article-{seed}-{i}")
    title = titles[i]
    slug = slugify(title)
    topic = rng.choice(list(TOPICS))
    own = tuple(s.id for s in rng.sample(list(sources), rng.randint(4, 6)))

    # Citations: first make sure each listed source is cited once, then add more at random.
    n_sections = rng.randint(3, 4)
    per_section = 4 if n_sections == 3 else 3
    n_paragraphs = 1 + n_sections * per_section
    cites = [[own[k % len(own)]] for k in range(n_paragraphs)]
    rng.shuffle(cites)
    for c in cites:
        if rng.random() < 0.4:
            other = rng.choice(own)
            if other not in c:
                c.append(other)

    # Links to 2 or 3 other articles of the corpus, placed in random paragraphs.
    others = [k for k in rng.sample(range(len(titles)), min(4, len(titles))) if k != i]
    others = others[: rng.randint(2, 3)]
    links = {
        at: rng.choice(LINK_SENTENCES).format(title=titles[k], slug=slugify(titles[k]))
        for at, k in zip(rng.sample(range(n_paragraphs), len(others)), others, strict=True)
    }

    blocks: list[str] = []
    p = 0

    def paragraph() -> None:
        nonlocal p
        blocks.append(_paragraph(rng, cites[p], links.get(p, "")))
        p += 1

    paragraph()  # the introduction, before the first heading
    list_section = rng.randrange(n_sections)
    sub_section = rng.randrange(n_sections)
    for s, heading in enumerate(rng.sample(HEADINGS, n_sections)):
        blocks.append(f"## {heading}")
        for k in range(per_section):
            if s == sub_section and k == per_section - 1:
                blocks.append(f"### {rng.choice(SUBHEADINGS)}")
            paragraph()
        if s == list_section:
            blocks.append(rng.choice(LIST_INTROS))
            blocks.append("\n".join(f"- {item}" for item in rng.sample(LIST_ITEMS, 5)))

    last_reviewed = TODAY - dt.timedelta(days=rng.randrange(1, REVIEW_WINDOW))
    created = last_reviewed - dt.timedelta(days=rng.randrange(0, 5 * 365))
    changes = [(created, "First published.")]
    if last_reviewed > created:
        changes.append((last_reviewed, "Reviewed against the listed sources."))

    risks = tuple(
        Risk(
            name=name,
            severity=severity,
            certainty=rng.choice(EVIDENCE),
            summary=f"{name} has been described {rng.choice(QUALIFIERS)}.",
            sources=tuple(rng.sample(own, rng.randint(1, 2))),
        )
        for name, severity in rng.sample(RISKS, rng.randint(2, 3))
    )
    claims = []
    for text in rng.sample(CLAIMS, rng.randint(2, 3)):
        verdict = rng.choice(("limited", "unsupported", "contradicted"))
        claims.append(
            Claim(
                claim=text,
                verdict=verdict,
                certainty=rng.choice(EVIDENCE),
                sources=tuple(rng.sample(own, rng.randint(1, 2))),
                note=f"The listed sources {rng.choice(VERBS)} {rng.choice(OBJECTS)} only.",
            )
        )
    return Article(
        slug=slug,
        title=title,
        summary=f"What is known about {title.split(':')[0].lower()}, and what is not.",
        topic=topic,
        evidence=rng.choice(EVIDENCE),
        created=created,
        last_reviewed=last_reviewed,
        changes=tuple(changes),
        risks=risks,
        claims=tuple(claims),
        sources=own,
        reviewer=rng.random() < 0.5,
        body="\n\n".join(blocks) + "\n",
    )


# --- writers, one per tool ------------------------------------------------------------------

_CITE_RE = re.compile(r"\[(@[^\]]+)\]")
_LINK_RE = re.compile(r"\]\(([a-z0-9-]+)\.md\)")


def q(text: str) -> str:
    """Quote a string for YAML: a JSON string is a valid double-quoted YAML scalar."""
    return json.dumps(text, ensure_ascii=False)


def _numbered(article: Article) -> str:
    """Replace `[@a; @b]` with plain `[1, 2]`, numbering sources in the article's order."""
    numbers = {sid: k + 1 for k, sid in enumerate(article.sources)}

    def repl(m: re.Match[str]) -> str:
        ids = [part.strip().lstrip("@") for part in m.group(1).split(";")]
        return "[" + ", ".join(str(numbers[i]) for i in ids) + "]"

    return _CITE_RE.sub(repl, article.body)


def _references(article: Article, by_id: dict[str, Source]) -> str:
    """A reference list for the other tools; ours renders one from the front-matter."""
    lines = [
        f"{k}. [{by_id[sid].title}]({by_id[sid].url}), {by_id[sid].by}, {by_id[sid].year}"
        for k, sid in enumerate(article.sources, start=1)
    ]
    return "\n## References\n\n" + "\n".join(lines) + "\n"


def write_sitegen(root: Path, articles: Sequence[Article], sources: Sequence[Source]) -> None:
    content = root / "content"
    (content / "articles").mkdir(parents=True)
    topics = "".join(
        f"  {key}:\n    title: {q(title)}\n    description: {q(desc)}\n"
        for key, (title, desc) in TOPICS.items()
    )
    # The same structure as the real content/site.yaml.
    (content / "site.yaml").write_text(
        f"""# Synthetic site for the benchmark (bench/corpus.py); not real health information.
title: "Benchmark corpus"
subject: kratom
intro: >-
  Plain, sourced information about kratom: what is known, how well it is known, and what
  is not. Each article lists the risks, checks claims made elsewhere against the evidence,
  and cites its sources. This site does not sell or recommend kratom, and it gives no
  dosing advice.
base_url: https://example.org/bench/
language: en
publisher:
  name: Benchmark editorial team
notice: >-
  General information only, not medical advice. The evidence on kratom is limited and
  much about its effects is unknown. Talk to a doctor, pharmacist or other qualified
  professional before using kratom, stopping another drug or managing withdrawal.
  In an emergency, call your local emergency number.
helplines:
  - {{name: "Emergency", number: "911", region: "US"}}
  - {{name: "Poison Help (poison control)", number: "1-800-222-1222", region: "US"}}
disclosure:
  funding: No sponsorship.
  advertising: None.
  conflicts: None.
review_interval_months: 12
pretty_urls: false
topics:
{topics}lint:
  extra_phrases: []
""",
        encoding="utf-8",
    )
    bib = ["# Synthetic sources for the benchmark.\n"]
    for s in sources:
        bib.append(
            f"- id: {s.id}\n  title: {q(s.title)}\n  by: {q(s.by)}\n  year: {s.year}\n"
            f"  url: {s.url}\n  doi: {s.doi}\n  kind: {q(s.kind)}\n"
        )
    (content / "bibliography.yaml").write_text("".join(bib), encoding="utf-8")

    for a in articles:
        lines = [
            "---",
            f"title: {q(a.title)}",
            f"summary: {q(a.summary)}",
            f"topic: {a.topic}",
            f"evidence: {a.evidence}",
            "authors:",
            "  - name: Benchmark editorial team",
            "    credentials: Editors",
        ]
        if a.reviewer:
            lines += ["reviewed_by:", "  - {name: A. Reviewer, role: Pharmacist}"]
        lines += [f"created: {a.created}", f"last_reviewed: {a.last_reviewed}", "risks:"]
        for r in a.risks:
            lines += [
                f"  - name: {q(r.name)}",
                f"    severity: {r.severity}",
                f"    certainty: {r.certainty}",
                f"    summary: {q(r.summary)}",
                f"    sources: [{', '.join(r.sources)}]",
            ]
        lines.append("claims:")
        for c in a.claims:
            lines += [
                f"  - claim: {q(c.claim)}",
                f"    verdict: {c.verdict}",
                f"    certainty: {c.certainty}",
                f"    sources: [{', '.join(c.sources)}]",
                f"    note: {q(c.note)}",
            ]
        lines.append("sources:")
        lines += [f"  - {sid}" for sid in a.sources]
        lines.append("changes:")
        lines += [f"  - {{date: {d}, summary: {q(s)}}}" for d, s in a.changes]
        lines += ["---", "", a.body]
        (content / "articles" / f"{a.slug}.md").write_text("\n".join(lines), encoding="utf-8")


def write_pelican(root: Path, articles: Sequence[Article], by_id: dict[str, Source]) -> None:
    folder = root / "content" / "articles"
    folder.mkdir(parents=True)
    # Minimal settings and the default theme. Feeds stay at Pelican's defaults; ten a page is what
    # pelican-quickstart proposes, and keeps index pages comparable with Hugo's default.
    (root / "pelicanconf.py").write_text(
        """# Pelican settings for the benchmark corpus (bench/corpus.py).
AUTHOR = "Benchmark editorial team"
SITENAME = "Benchmark corpus"
# Pages link relatively (RELATIVE_URLS); the feeds need an absolute SITEURL, or Pelican warns.
SITEURL = "https://example.org/bench"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
""",
        encoding="utf-8",
    )
    for a in articles:
        body = _numbered(a)
        # Pelican resolves {filename} links relative to the linking file's folder.
        body = _LINK_RE.sub(r"]({filename}\1.md)", body)
        head = (
            f"Title: {a.title}\nDate: {a.created}\nModified: {a.last_reviewed}\n"
            f"Category: {TOPICS[a.topic][0]}\nSlug: {a.slug}\nSummary: {a.summary}\n\n"
        )
        text = head + body + _references(a, by_id)
        (folder / f"{a.slug}.md").write_text(text, encoding="utf-8")


def write_mkdocs(root: Path, articles: Sequence[Article], by_id: dict[str, Source]) -> None:
    folder = root / "docs" / "articles"
    folder.mkdir(parents=True)
    # A one-entry nav: MkDocs still builds every page in docs/, and pages outside the nav
    # are only mentioned at INFO level, which `-q` hides.
    (root / "mkdocs.yml").write_text(
        "site_name: Benchmark corpus\nnav:\n  - Home: index.md\ntheme:\n  name: mkdocs\n",
        encoding="utf-8",
    )
    (root / "docs" / "index.md").write_text(
        "# Benchmark corpus\n\nSynthetic articles generated by bench/corpus.py.\n",
        encoding="utf-8",
    )
    for a in articles:
        body = _numbered(a)  # MkDocs resolves `other.md` links itself
        head = f"---\ntitle: {q(a.title)}\ndescription: {q(a.summary)}\n---\n\n# {a.title}\n\n"
        text = head + body + _references(a, by_id)
        (folder / f"{a.slug}.md").write_text(text, encoding="utf-8")


HUGO_CONFIG = """# Hugo settings for the benchmark corpus (bench/corpus.py).
baseURL = "https://example.org/bench/"
title = "Benchmark corpus"
# Hugo skips pages dated after the machine's clock; the corpus is dated up to 2026-11-22.
buildFuture = true

[taxonomies]
  topic = "topics"
"""

# Minimal layouts of our own (Hugo >= 0.146 template lookup: files at the root of layouts/).
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
</head>
<body>
<header><a href="{{ "" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p>{{ .Params.summary }}</p>
<p>Published <time>{{ .Date.Format "2006-01-02" }}</time>.
Topic: {{ range .GetTerms "topics" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
{{ .Content }}
</article>
{{ end }}
""",
    "list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := cond .IsHome site.RegularPages .Pages }}
{{ $pager := .Paginate $pages }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}
</ul>
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }}
{{ with $pager.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</nav>
{{ end }}
""",
}


def write_hugo(root: Path, articles: Sequence[Article], by_id: dict[str, Source]) -> None:
    folder = root / "content" / "articles"
    folder.mkdir(parents=True)
    (root / "layouts").mkdir()
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    for a in articles:
        body = _numbered(a)
        # relref checks that the target exists, as the other tools' link handling does.
        body = _LINK_RE.sub(r']({{< relref "\1.md" >}})', body)
        head = (
            f"---\ntitle: {q(a.title)}\ndate: {a.created}\nlastmod: {a.last_reviewed}\n"
            f"summary: {q(a.summary)}\ntopics: [{a.topic}]\n---\n\n"
        )
        text = head + body + _references(a, by_id)
        (folder / f"{a.slug}.md").write_text(text, encoding="utf-8")


def generate(n: int, out: Path, seed: int = 1) -> list[Article]:
    """Write the four projects into `out` (replacing it) and return the articles."""
    if n < 1:
        raise SystemExit("--n must be at least 1")
    if out.exists():
        shutil.rmtree(out)
    sources = make_sources(seed)
    by_id = {s.id: s for s in sources}
    titles = _titles(n, seed)
    articles = [make_article(i, titles, sources, seed) for i in range(n)]
    if len({a.slug for a in articles}) != n:  # titles are unique; their slugs must be too
        raise SystemExit("two generated titles share a slug; change the word lists")
    write_sitegen(out / "sitegen", articles, sources)
    write_pelican(out / "pelican", articles, by_id)
    write_mkdocs(out / "mkdocs", articles, by_id)
    write_hugo(out / "hugo", articles, by_id)
    return articles


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    ns = parser.parse_args(argv)
    articles = generate(ns.n, ns.out, ns.seed)
    words = sum(len(a.body.split()) for a in articles) / len(articles)
    print(f"wrote {len(articles)} articles (~{words:.0f} words each) to {ns.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
