"""Links to anchors on other pages, checked once every page is rendered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sitegen.model.links import Link
from sitegen.model.paths import SitePath
from sitegen.model.problems import Problem, error
from sitegen.model.urls import TOP


def check_links(links: Iterable[Link], anchors: Mapping[SitePath, frozenset[str]]) -> list[Problem]:
    """Check that every link to an anchor on another page, or to a template's part of its
    own page, finds it. "#top" is every page's (the HTML standard scrolls to its start).
    """
    problems = []
    for link in links:
        known = anchors.get(link.target)
        if known is not None and link.anchor not in ("", TOP) and link.anchor not in known:
            problems.append(
                error(
                    link.path,
                    link.line,
                    f"link to '#{link.anchor}' on /{link.target}: that page has no such anchor",
                )
            )
    return problems
