"""What one build is asked to do: every input arrives here, including today's date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

# The strictest policy that still lets the site work from disk: our own CSS, images and
# scripts only (JSON-LD is data, which CSP does not govern). connect-src 'self' lets a
# page read the site's own files, as the preview's reload socket and tools that audit a
# page (robots.txt) do; only our own scripts run, and they read nothing from elsewhere.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'"
)


@dataclass(frozen=True, slots=True)
class Options:
    """A build's inputs; nothing else reads the clock or the command line."""

    content: Path
    templates: Path
    out: Path
    today: dt.date
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    csp: str = CSP
    jobs: int = 1
    cache: Path | None = None  # None: no cache
