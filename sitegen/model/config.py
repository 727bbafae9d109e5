"""Site-wide settings, as read from content/site.yaml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Helpline:
    name: str
    number: str
    region: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    title: str
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

    def topic(self, key: str) -> Topic:
        return next(t for t in self.topics if t.key == key)

    @property
    def topic_keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.topics)
