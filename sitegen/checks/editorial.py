"""Editorial checks: the faults of the original articles, caught before they are published.

A page can be well-formed and still untrustworthy: promotional or absolute wording, figures
with no source, "studies show" with no study, sources listed for show, confident verdicts
on weak evidence, headings that skip a level. These checks read what a reader will see of
the page (checks/seen.py), wherever it is on the page: its body, and the front-matter text
and caveats it shows (checks/fields.py). Every finding points at the line to fix. They are
warnings: `--strict` (as in CI) makes them fatal. Words inside quotation marks are exempt:
that is how a page reports a claim it then answers.
"""

from __future__ import annotations

from sitegen.checks.fields import lint_fields
from sitegen.checks.findings import IN_BODY, Located, promotional, uncited, worded, wording
from sitegen.checks.paragraphs import Block, Lines, split_blocks
from sitegen.checks.seen import of_markdown
from sitegen.model.content import Article, Page
from sitegen.model.paths import DisplayPath
from sitegen.model.problems import Problem, warning


def lint_document(
    doc: Article | Page, body: str, cited: frozenset[str], extra_phrases: tuple[str, ...]
) -> list[Problem]:
    """Run every editorial check on one article or page; `cited` is what its body cites."""
    path = doc.file.path
    search = wording(tuple(p.lower() for p in extra_phrases))
    problems = lint_fields(doc, search)
    found = split_blocks(body, doc.file.body_line)
    for block in found:
        text = Located(path, of_markdown(block.written), Lines(block.line, block.written))
        # Most paragraphs hold no word the wording and placeholder searches look for.
        if block.allowed or worded(search, text.folded):
            problems += promotional(text, search, block.allowed)
        if block.misread:
            problems += [
                warning(
                    path,
                    line,
                    'lint comment not understood; write it as <!-- lint: allow "phrase" -->, '
                    "with the phrase in double quotes",
                )
                for line in block.misread
            ]
        if not block.heading and not text.seen.cited:
            problems += uncited(text, IN_BODY)
    problems += _headings(path, found)
    if isinstance(doc, Article):
        problems += _sources(doc, cited)
        problems += _verdicts(doc)
    return problems


def _headings(path: DisplayPath, found: tuple[Block, ...]) -> list[Problem]:
    problems = []
    previous = 1  # the page title is the level-1 heading
    for block in found:
        level = block.heading
        if not level:
            continue
        if level == 1:
            problems.append(
                warning(
                    path,
                    block.line,
                    "use ## for sections: the page title is the only level-1 heading",
                )
            )
        elif level > previous + 1:
            problems.append(
                warning(
                    path,
                    block.line,
                    f"heading level jumps from {previous} to "
                    f"{level}; use {'#' * (previous + 1)} here",
                )
            )
        previous = level
    return problems


def _sources(article: Article, cited: frozenset[str]) -> list[Problem]:
    used = set(cited)
    for risk in article.risks:
        used.update(risk.sources)
    for claim in article.claims:
        used.update(claim.sources)
    return [
        warning(
            article.file.path,
            article.file.line(f"sources.{i}"),
            f"source '{source.id}' is listed but cited nowhere: not in the text, a risk or a claim",
        )
        for i, source in enumerate(article.sources)
        if source.id not in used
    ]


def _verdicts(article: Article) -> list[Problem]:
    return [
        warning(
            article.file.path,
            article.file.line(f"claims.{i}.certainty"),
            f"claim '{claim.id}' is judged 'supported' while its certainty is 'very-low'",
        )
        for i, claim in enumerate(article.claims)
        if claim.verdict == "supported" and claim.certainty == "very-low"
    ]
