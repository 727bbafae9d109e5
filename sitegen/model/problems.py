"""Problems found in the input, and the one exception that carries them to the user."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from sitegen.model.keys import compact
from sitegen.model.paths import DisplayPath


class Level(Enum):
    """How bad a problem is: errors fail, warnings fail with --strict, notes never fail."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@compact
@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One finding, reported as `path:line: level: message`."""

    path: DisplayPath
    line: int
    level: Level
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line > 0 else self.path
        return f"{where}: {self.level.value}: {self.message}"

    def github(self) -> str:
        """Format as a GitHub Actions workflow command (`::error file=…,line=…::…`)."""
        kind = {Level.ERROR: "error", Level.WARNING: "warning", Level.NOTE: "notice"}[self.level]
        line = f",line={self.line}" if self.line > 0 else ""
        return f"::{kind} file={_escape(self.path, True)}{line}::{_escape(self.message)}"


def _escape(text: str, property_value: bool = False) -> str:
    """Escape text the way GitHub's workflow commands require; a property value needs more."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def error(path: DisplayPath, line: int, message: str) -> Problem:
    """Make an error."""
    return Problem(path, line, Level.ERROR, message)


def warning(path: DisplayPath, line: int, message: str) -> Problem:
    """Make a warning."""
    return Problem(path, line, Level.WARNING, message)


def note(path: DisplayPath, line: int, message: str) -> Problem:
    """Make a note."""
    return Problem(path, line, Level.NOTE, message)


def sort_problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Order problems by file and line, dropping exact repeats."""
    return tuple(sorted(set(problems), key=lambda p: (p.path, p.line, p.level.value, p.message)))


def is_fatal(problem: Problem, strict: bool) -> bool:
    """Say whether this problem stops the build."""
    return problem.level is Level.ERROR or (strict and problem.level is Level.WARNING)


def summary(problems: Iterable[Problem]) -> str:
    """Count problems by level: '2 errors, 1 warning, 1 note in 2 files'."""
    found = tuple(problems)
    counts = []
    for level in Level:
        n = sum(1 for p in found if p.level is level)
        if n:
            counts.append(f"{n} {level.value}{'' if n == 1 else 's'}")
    files = len({p.path for p in found})
    if not counts:
        return "no problems"
    return f"{', '.join(counts)} in {files} file{'' if files == 1 else 's'}"


class SiteError(Exception):
    """The one exception a user sees: it carries every problem found, already located."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sort_problems(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
