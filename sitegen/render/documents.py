"""Document pages: an article (with its references and JSON-LD) or a site page."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup as SafeHTML

from sitegen.markdown.state import Body
from sitegen.model import urls
from sitegen.model.config import SiteConfig
from sitegen.model.content import Article, Page, Source
from sitegen.render.environment import Renderer


def reserved_ids(doc: Article | Page) -> frozenset[str]:
    """Ids the template gives this page's own elements (risks, claims, references)."""
    if isinstance(doc, Page):
        return frozenset()
    return frozenset(
        {r.anchor for r in doc.risks}
        | {c.id for c in doc.claims}
        | {f"ref-{s.id}" for s in doc.sources}
    )


@dataclass(frozen=True, slots=True)
class Reference:
    number: int
    source: Source


def references(sources: tuple[Source, ...]) -> tuple[Reference, ...]:
    """Number a page's sources in the order its front-matter lists them."""
    return tuple(Reference(i, s) for i, s in enumerate(sources, start=1))


def numbers(article: Article) -> Callable[[tuple[str, ...]], list[tuple[int, str]]]:
    """Give templates a way to show source ids as reference numbers, in number order."""
    order = {s.id: i for i, s in enumerate(article.sources, start=1)}
    return lambda ids: sorted((order[i], i) for i in ids)


def article_json_ld(article: Article, config: SiteConfig, topic_title: str) -> SafeHTML:
    """Describe the article for search engines as a schema.org MedicalWebPage."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": article.title,
        "description": article.summary,
        "url": urls.absolute(config.base_url, article.url),
        "inLanguage": config.language,
        "about": {"@type": "Thing", "name": topic_title},
        "datePublished": article.created.isoformat(),
        "lastReviewed": article.last_reviewed.isoformat(),
        "author": [{"@type": "Organization", "name": a.name} for a in article.authors],
        "publisher": {"@type": "Organization", "name": config.publisher_name},
        "citation": [s.url for s in article.sources],
    }
    if article.reviewed_by:
        data["reviewedBy"] = [
            {"@type": "Person", "name": r.name, "jobTitle": r.role} for r in article.reviewed_by
        ]
    return _json_script(data)


# Inside a <script>, "<" can start "</script>" or "<!--" (which changes where the script
# ends) whatever follows it: JSON's \u escapes keep every such character inert.
_INERT = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _json_script(data: dict[str, Any]) -> SafeHTML:
    """JSON to put inside a <script> element, with nothing in it that HTML reads as markup."""
    return SafeHTML(json.dumps(data, ensure_ascii=False, indent=1).translate(_INERT))


def render_article(
    renderer: Renderer,
    article: Article,
    body: Body,
    today: dt.date,
    not_covered: Sequence[tuple[str, str]] = (),
) -> bytes:
    """Render one article page; `not_covered` names what it leaves out, and why."""
    config = renderer.config
    return renderer.page(
        "article.html",
        article.url,
        article=article,
        topic=config.topic(article.topic),
        body=SafeHTML(body.html),
        references=references(article.sources),
        numbers=numbers(article),
        overdue=article.next_review_due < today,
        json_ld=article_json_ld(article, config, config.topic(article.topic).title),
        not_covered=not_covered,
    )


def render_page(renderer: Renderer, page: Page, body: Body) -> bytes:
    """Render one site page (about, policies)."""
    return renderer.page("page.html", page.url, page=page, body=SafeHTML(body.html))
