"""What a build or a check reports back to its caller."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.model.paths import DisplayPath
from sitegen.model.problems import Problem


@dataclass(frozen=True, slots=True)
class Report:
    """What a successful build or check did, and the problems that did not stop it."""

    files: int
    problems: tuple[Problem, ...]
    skipped_drafts: tuple[str, ...]
    rendered: int  # pages rendered afresh; the rest came from the cache
    # Each page's reading grade (Flesch-Kincaid), for `check --verbose`.
    grades: tuple[tuple[DisplayPath, float], ...] = ()
