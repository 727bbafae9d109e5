"""content/site.yaml -> SiteConfig."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.load.files import display_path, read_text
from sitegen.load.frontmatter import reserved_name_message
from sitegen.load.record import Checker, Record
from sitegen.load.schema import SITE, TOPIC, entries
from sitegen.load.yamlfile import KeyPath, Parsed, parse_yaml
from sitegen.model.config import Helpline, RiskKind, SiteConfig, Topic
from sitegen.model.paths import DisplayPath
from sitegen.model.problems import Problem, error, warning
from sitegen.model.text import SLUG_RE, suggest, windows_reserved
from sitegen.model.urls import TAKEN_IDS

RISK_KIND = entries(SITE["risk_kinds"])
_TODO = re.compile(r"\bTODO\b")
BASE_URL_RULE = (
    "an absolute https:// address (plain http:// only for localhost or 127.0.0.1, "
    "to preview a build on this machine)"
)


def normalise_base_url(url: str) -> str | None:
    """Return the base URL with a trailing slash, or None unless it is absolute https.

    Plain http is accepted only for this machine, to preview a sub-path build locally.
    """
    local = r"http://(?:localhost|127\.0\.0\.1)(?::\d+)?"
    if not re.fullmatch(rf"(?:https://[^\s/?#:@]+(?::\d+)?|{local})(?:/[^\s?#]*)?", url):
        return None
    return url if url.endswith("/") else url + "/"


def load_config(
    path: Path, root: Path, base_url: str | None = None
) -> tuple[SiteConfig | None, list[Problem]]:
    """Read and check site.yaml; `base_url` (from --base-url) overrides the file's."""
    shown = display_path(path)
    if not path.is_file():
        return None, [error(shown, 0, "site.yaml is missing: every site needs one")]
    text, problem = read_text(path, root)
    if text is None:
        return None, [problem] if problem else []
    parsed, problems = parse_yaml(text, shown)
    if parsed is None or (problems and not isinstance(parsed.value, dict)):
        return None, problems
    checker = Checker(shown, parsed, problems)  # YAML's problems do not stop the checks
    site = checker.record((), parsed.value, SITE, "site.yaml")
    config = _read(site, base_url)
    if checker.problems:
        return None, checker.problems
    warnings = _todos(shown, parsed.value, parsed, text.splitlines())
    if config.publisher_contact is not None and _placeholder(config.publisher_contact):
        warnings.append(
            warning(
                shown,
                parsed.line(("publisher", "contact")),
                f"the publisher's contact '{config.publisher_contact}' is a placeholder (that "
                "domain is reserved for examples): pages would offer readers a way to reach "
                "you that reaches nobody; give a real address, or leave 'contact' out until "
                "there is one (pages then say there is none yet)",
            )
        )
    return config, sorted(warnings, key=lambda p: p.line)


def _todos(
    shown: DisplayPath, value: object, parsed: Parsed, lines: list[str], at: KeyPath = ()
) -> list[Problem]:
    """A warning for each value still holding a 'TODO' (`sitegen init` writes many)."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _todos(shown, v, parsed, lines, (*at, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _todos(shown, v, parsed, lines, (*at, i))]
    if not isinstance(value, str) or not _TODO.search(value):
        return []
    # A block scalar starts on its key's line; the warning names the line with the word.
    line = first = parsed.line(at)
    while line <= len(lines) and line < first + len(value) and not _TODO.search(lines[line - 1]):
        line += 1
    line = line if line <= len(lines) and _TODO.search(lines[line - 1]) else first
    return [warning(shown, line, "placeholder 'TODO' is still in the text")]


def _placeholder(address: str) -> bool:
    """Say whether an address is on a domain reserved for examples (RFC 2606)."""
    host = urlsplit(address).hostname or address.rpartition("@")[2].lower()
    return host in ("example.org", "example.com", "example.net") or host.endswith(
        (".example.org", ".example.com", ".example.net", ".example", ".invalid", ".test")
    )


def _read(site: Record, base_url_override: str | None) -> SiteConfig:
    base_url = site.text("base_url") or ""
    if base_url_override is not None:
        base_url = base_url_override
    if base_url and normalise_base_url(base_url) is None:
        site.fail("base_url", f"'base_url' must be {BASE_URL_RULE} (got '{base_url}')")
    notice = site.required_text("notice")
    missing = [w for w in ("professional", "evidence") if notice and w not in notice.lower()]
    if missing:
        site.fail(
            "notice",
            "the notice must keep both messages: it must mention "
            + " and ".join(f"'{w}'" for w in missing),
        )
    publisher = site.mapping("publisher")
    disclosure = site.mapping("disclosure")
    lint = site.mapping("lint")
    required = site.mapping("required")
    kinds = _risk_kinds(site)
    language = site.text("language") or "en"
    if not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", language):
        site.fail(
            "language", f"'language' must be a language tag like en or en-GB (got '{language}')"
        )
    return SiteConfig(
        title=site.required_text("title"),
        subject=site.required_text("subject"),
        intro=site.required_text("intro"),
        base_url=normalise_base_url(base_url) or "",
        language=language,
        publisher_name=publisher.required_text("name"),
        publisher_contact=publisher.url("contact"),
        notice=notice,
        helplines=site.items("helplines", _helpline),
        funding=disclosure.required_text("funding"),
        advertising=disclosure.required_text("advertising"),
        conflicts=disclosure.required_text("conflicts"),
        review_interval_months=site.integer("review_interval_months", 12),
        pretty_urls=site.boolean("pretty_urls", False),
        topics=_topics(site),
        extra_phrases=lint.text_list("extra_phrases"),
        search_example=site.text("search_example"),
        reading_grade=lint.number("reading_grade", 9.0),
        risk_kinds=kinds,
        required_kinds=_required_kinds(required, kinds),
        required_blocks=required.text_list("blocks"),
    )


def _helpline(r: Record) -> Helpline:
    return Helpline(
        r.required_text("name"),
        r.required_text("number"),
        r.required_text("region"),
        r.url("url"),
    )


def _topics(site: Record) -> tuple[Topic, ...]:
    value = site.data.get("topics")
    if site.faulty("topics"):
        return ()
    if not isinstance(value, dict) or not value:
        site.fail("topics", "'topics' must map at least one topic key to its title and description")
        return ()
    topics = []
    for key in value:
        if not SLUG_RE.fullmatch(key):
            site.fail("topics", f"topic key '{key}' must be lowercase letters, digits and hyphens")
            continue
        if windows_reserved(key):
            site.checker.fail(("topics", key), f"topic key {reserved_name_message(key)}")
            continue
        r = site.checker.record(("topics", key), value[key], TOPIC, f"topic '{key}'")
        topics.append(Topic(key, r.required_text("title"), r.required_text("description")))
    return tuple(topics)


def _risk_kinds(site: Record) -> tuple[RiskKind, ...]:
    value = site.data.get("risk_kinds")
    if value is None or site.faulty("risk_kinds"):
        return ()
    if not isinstance(value, dict):
        site.fail("risk_kinds", "'risk_kinds' must map each kind's key to its name and description")
        return ()
    kinds = []
    for key in value:
        if not SLUG_RE.fullmatch(key):
            site.fail(
                "risk_kinds", f"risk kind '{key}' must be lowercase letters, digits and hyphens"
            )
            continue
        if key in TAKEN_IDS:
            site.checker.fail(
                ("risk_kinds", key),
                f"risk kind '{key}' would give the risks page an id its own parts use; "
                "give the kind another key",
            )
            continue
        r = site.checker.record(("risk_kinds", key), value[key], RISK_KIND, f"risk kind '{key}'")
        kinds.append(RiskKind(key, r.required_text("name"), r.required_text("description")))
    return tuple(kinds)


def _required_kinds(required: Record, kinds: tuple[RiskKind, ...]) -> tuple[str, ...]:
    known = [k.key for k in kinds]
    listed = required.text_list("kinds")
    for i, key in enumerate(listed):
        if key not in known:
            required.checker.fail(
                (*required.keypath, "kinds", i),
                f"required risk kind '{key}' is not one of the site's risk_kinds"
                f"{suggest(key, known)} (declared: {', '.join(known) or 'none'})",
            )
    return listed


def unknown_topic_message(key: str, config: SiteConfig) -> str:
    """Explain an unknown topic key, listing the known ones."""
    known = ", ".join(config.topic_keys)
    return f"unknown topic '{key}'{suggest(key, config.topic_keys)} (known topics: {known})"
