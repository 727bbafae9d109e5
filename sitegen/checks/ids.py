"""A claim's id against the other ids of its own article page.

The ids that content may never take (the templates' own, `model/urls.py::TAKEN_IDS`) are
refused when a file is read, so no page renders with one twice; what is left is a claim id
that meets one of its page's own risk or reference ids.
"""

from __future__ import annotations

from sitegen.checks.locate import front_line
from sitegen.model.content import Article
from sitegen.model.problems import Problem, error
from sitegen.model.site import Site


def check_ids(site: Site) -> list[Problem]:
    return [problem for article in site.articles for problem in _claims(article)]


def _claims(article: Article) -> list[Problem]:
    own = {r.anchor for r in article.risks} | {f"ref-{s.id}" for s in article.sources}
    return [
        error(
            article.file.path,
            front_line(article.file, ("claims", i, "id")),
            f"claim id '{claim.id}' is an id the site's pages use for this page; give the "
            "claim another id",
        )
        for i, claim in enumerate(article.claims)
        if claim.id in own
    ]
