"""The kratom site's own content keeps its promises: facts about this content, not the generator.

The generator's tests are in tests/ above; these would change with the content, not the code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sitegen.engine.loading import load_site
from sitegen.model.problems import Level
from sitegen.model.site import Site

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "sources" / "bibliography.yaml"


@pytest.fixture(scope="module")
def real() -> Site:
    site, problems = load_site(REPO / "content", None, drafts=False)
    # Notes never fail (the placeholder contact address is one until there is a real one).
    assert [str(p) for p in problems if p.level is not Level.NOTE] == []
    return site


def test_five_articles_one_per_original(real: Site) -> None:
    assert len(real.articles) == 5
    assert {a.topic for a in real.articles} == {
        "addiction-recovery",
        "pain",
        "opioid-withdrawal",
        "overdose",
        "law",
    }


def test_each_article_has_risks_claims_and_sources(real: Site) -> None:
    for article in real.articles:
        assert len(article.risks) >= 3, article.slug
        assert len(article.claims) >= 4, article.slug
        assert len(article.sources) >= 4, article.slug
        assert article.evidence in ("low", "very-low"), article.slug
        assert article.reviewed_by == (), article.slug
        assert [a.name for a in article.authors] == [real.config.publisher_name]
        assert len(article.changes) >= 1, article.slug


def test_every_cited_source_resolves_to_the_bibliography(real: Site) -> None:
    for article in real.articles:
        for source in article.sources:
            assert real.bibliography.by_id[source.id] is source, (article.slug, source.id)


def test_bibliography_holds_only_citable_sources_at_their_vetted_urls(real: Site) -> None:
    if not SHARED.is_file():
        pytest.skip("the shared research bibliography is not beside this checkout")
    vetted = {e["id"]: e for e in yaml.safe_load(SHARED.read_text())}
    for source in real.bibliography.entries:
        entry = vetted[source.id]
        assert entry["cite"] in ("yes", "with-caveat"), source.id
        assert source.url == entry["url"], source.id
        if entry["cite"] == "with-caveat":
            assert source.caveat, f"{source.id} is cited with a caveat but shows none"


def test_no_hair_loss_claim_is_supported(real: Site) -> None:
    hair = [
        c
        for a in real.articles
        for c in a.claims
        if "hair" in c.claim.lower() or "alopecia" in c.claim.lower()
    ]
    assert len(hair) >= 4
    assert all(c.verdict == "unsupported" and c.sources == () for c in hair)


def test_no_claim_that_kratom_is_safe_is_upheld(real: Site) -> None:
    """The mixed "safe and effective" claim is split: its safety half is contradicted."""
    safe = [c for a in real.articles for c in a.claims if re.search(r"\bsafer?\b", c.claim)]
    assert len(safe) >= 3
    assert all(c.verdict in ("contradicted", "unsupported") for c in safe)
    assert {c.id: c.verdict for c in safe}["withdrawal-safe"] == "contradicted"


def test_site_pages_exist(real: Site) -> None:
    assert {p.slug for p in real.pages} >= {"about", "editorial-policy", "privacy", "accessibility"}


def test_every_published_article_covers_what_the_site_requires(real: Site) -> None:
    config = real.config
    assert set(config.required_kinds) >= {
        "mixing",
        "seven-oh",
        "pregnancy",
        "dependence",
        "liver",
        "contamination",
    }
    assert "when-to-get-help" in config.required_blocks
    for article in real.articles:
        assert article.not_applicable == (), article.slug
        assert {r.kind for r in article.risks} >= set(config.required_kinds), article.slug
        assert {i.name for i in article.file.includes} >= set(config.required_blocks)


def test_no_page_offers_a_placeholder_address_or_wording_the_editor_struck() -> None:
    struck = ("example.org", "main two", "nothing for a doctor to supervise", "rather than an end")
    for path in sorted((REPO / "content").rglob("*.md")):
        # The body only: a page's list of changes may quote what was taken out.
        text = path.read_text(encoding="utf-8").split("\n---\n", 1)[1].lower()
        for words in struck:
            assert words not in text, (path.name, words)


def test_the_law_page_is_reviewed_within_six_months(real: Site) -> None:
    law = next(a for a in real.articles if a.topic == "law")
    assert (law.next_review_due - law.last_reviewed).days <= 184
    body = law.file.source.read_text(encoding="utf-8")
    assert "2021" in body and "Thailand" in body
