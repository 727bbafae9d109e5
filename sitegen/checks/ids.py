"""Ids that front-matter and the bibliography give the pages: claims, risks, sources.

Each becomes the id of an element: a claim's on its article and on the claims page, a
risk name's on the risks page, a source's on the sources page. None may take an id the
templates give those pages, or the page's own risk and reference ids; refused, the message
names the content line. (Ids in a body are the Markdown stage's: markdown/convert.py.)
"""

from __future__ import annotations

from sitegen.checks.locate import BibliographyLines, front_line
from sitegen.model.content import Article
from sitegen.model.problems import Problem, error
from sitegen.model.site import Site
from sitegen.model.urls import EVERY_PAGE_IDS, LIST_PAGE_IDS, TEMPLATE_IDS, TOP

_TAKEN = TEMPLATE_IDS | EVERY_PAGE_IDS | LIST_PAGE_IDS | {TOP}


def check_ids(site: Site) -> list[Problem]:
    problems: list[Problem] = []
    kinds = {k.key for k in site.config.risk_kinds}
    for article in site.articles:
        problems += _claims(article)
        problems += _risks(article, kinds)
    problems += _sources(site)
    return problems


def _claims(article: Article) -> list[Problem]:
    own = {r.anchor for r in article.risks} | {f"ref-{s.id}" for s in article.sources}
    return [
        error(
            article.file.path,
            front_line(article.file, ("claims", i, "id")),
            f"claim id '{claim.id}' is an id the site's pages use for "
            f"{'this page' if claim.id in own else 'their own parts'}; give the claim "
            "another id",
        )
        for i, claim in enumerate(article.claims)
        if claim.id in _TAKEN or claim.id in own
    ]


def _risks(article: Article, kinds: set[str]) -> list[Problem]:
    return [
        error(
            article.file.path,
            article.file.line(f"risks.{i}.name"),
            f"risk name '{risk.name}' would give the risks page the id '{risk.group(kinds)}', "
            "which the site's pages use for their own parts; name the risk otherwise"
            if risk.key
            else f"risk name '{risk.name}' has no letters or digits to name it by on the "
            "risks page; name the risk in words",
        )
        for i, risk in enumerate(article.risks)
        if risk.group(kinds) in _TAKEN or not risk.key
    ]


def _sources(site: Site) -> list[Problem]:
    taken = [s for s in site.bibliography.entries if s.id in _TAKEN]
    if not taken:
        return []
    lines = BibliographyLines(site.root / "bibliography.yaml", site.root)
    return [
        error(
            site.bibliography.path,
            lines.line(source.id, "id"),
            f"source id '{source.id}' is an id the sources page uses for its own parts; "
            "give the source another id",
        )
        for source in taken
    ]
