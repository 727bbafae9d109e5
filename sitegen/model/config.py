"""Site-wide settings, as read from content/site.yaml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Helpline:
    name: str
    number: str
    region: str
    url: str | None

    @property
    def dial(self) -> str:
        """The number as a tel: link dials it: "1-800-222-1222" as "18002221222"."""
        return self.number.replace("-", "").replace(" ", "")


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class RiskKind:
    """A kind of risk the site's articles discuss: the risks page has a section for each."""

    key: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything site-wide that an editor sets in site.yaml."""

    title: str
    subject: str  # "kratom": what the site's own wording is about
    intro: str  # the home page's opening paragraph
    base_url: str
    language: str
    publisher_name: str
    publisher_contact: str | None  # None: there is no way to reach the publisher yet
    notice: str
    helplines: tuple[Helpline, ...]
    funding: str
    advertising: str
    conflicts: str
    review_interval_months: int
    pretty_urls: bool
    topics: tuple[Topic, ...]
    extra_phrases: tuple[str, ...]
    search_example: str | None = None  # shown in the empty search box: "for example: liver"
    reading_grade: float = 9.0  # paragraphs above this Flesch-Kincaid grade get a note
    risk_kinds: tuple[RiskKind, ...] = ()
    required_kinds: tuple[str, ...] = ()  # every published article has a risk of each
    required_blocks: tuple[str, ...] = ()  # and includes each of these blocks

    def risk_kind(self, key: str) -> RiskKind:
        return next(k for k in self.risk_kinds if k.key == key)

    def topic(self, key: str) -> Topic:
        return next(t for t in self.topics if t.key == key)

    @property
    def helpline_region(self) -> str | None:
        """The region every helpline serves, named once on a page; None if they differ
        (regions that differ only in case count as one, as Jinja's unique filter did)."""
        regions = {h.region.lower() for h in self.helplines}
        return self.helplines[0].region if len(regions) == 1 else None

    @property
    def topic_keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.topics)
