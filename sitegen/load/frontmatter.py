"""A page file's two parts: YAML front-matter between '---' lines, and its Markdown body.

The body is not kept in memory: `read_body` reads it again when the page is rendered.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.load.files import display_path, read_text
from sitegen.load.includes import find_includes
from sitegen.load.record import Checker, Record
from sitegen.load.schema import Schema
from sitegen.load.yamlfile import parse_yaml
from sitegen.model.content import SourceFile
from sitegen.model.paths import DisplayPath
from sitegen.model.problems import Problem, error
from sitegen.model.text import SLUG_RE, slugify, windows_reserved

_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Split:
    front: str
    body: str
    body_line: int


def split_front_matter(text: str, path: DisplayPath) -> tuple[Split | None, Problem | None]:
    """Separate the YAML front-matter (between '---' lines) from the Markdown body."""
    if not text.strip():
        return None, error(
            path, 1, "file is empty; it must start with front-matter between two '---' lines"
        )
    first, _, rest = text.partition("\n")
    if first.rstrip() != "---":
        return None, error(path, 1, "file must start with a '---' line opening the front-matter")
    end = _CLOSING.search(rest)
    if end is None:
        return None, error(
            path,
            1,
            "front-matter has no closing '---' line; add one on its own "
            "line after the last key, before the Markdown text",
        )
    front = rest[: end.start()]
    body_start = rest.find("\n", end.end())
    body = "" if body_start < 0 else rest[body_start + 1 :]
    body_line = 2 + front.count("\n") + 1
    return Split(front, body, body_line), None


def read_body(file: SourceFile, root: Path) -> tuple[str | None, Problem | None]:
    """Re-read a page's Markdown body, refusing it if the file changed since it was loaded."""
    text, problem = read_text(file.source, root)
    if text is None:
        return None, problem
    if text_digest(text) != file.digest:
        return None, error(file.path, 1, "file changed while the site was being built; build again")
    split, problem = split_front_matter(text, file.path)
    return (split.body if split else None), problem


def text_digest(text: str) -> str:
    """The digest a page's text is known by (SourceFile.digest)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_front(
    path: Path, root: Path, declared: Schema
) -> tuple[Record | None, SourceFile | None, list[Problem]]:
    """Read a page file and return its front-matter as a checked mapping, and where it lives."""
    shown = display_path(path)
    text, problem = read_text(path, root)
    if text is None:
        return None, None, [problem] if problem else []
    split, problem = split_front_matter(text, shown)
    if split is None:
        return None, None, [problem] if problem else []
    parsed, problems = parse_yaml(split.front, shown, first_line=2)
    if parsed is None or (problems and not isinstance(parsed.value, dict)):
        return None, None, problems
    if parsed.value is None:
        return (
            None,
            None,
            [
                error(
                    shown,
                    1,
                    "front-matter is empty; see the editor's guide for the keys a page needs",
                )
            ],
        )
    # YAML's own problems (a repeated key, an impossible date) do not stop the schema
    # checks: the editor sees every problem of the file in one run.
    checker = Checker(shown, parsed, problems)
    record = checker.record((), parsed.value, declared, "front-matter")
    kept = "".join(f"{'.'.join(map(str, k))}={v};" for k, v in parsed.lines.items() if _kept(k))
    lines = ";" + kept
    includes = find_includes(split.body, split.body_line)
    file = SourceFile(shown, path, text_digest(text), split.body_line, lines, includes)
    return record, file, checker.problems


def _kept(keypath: tuple[str | int, ...]) -> bool:
    """Say whether later checks need this key's line: top-level keys, each listed source, and
    the risk and claim texts they lint. A site holds thousands of these, so only these."""
    if len(keypath) == 1:
        return True
    if len(keypath) == 2:
        return keypath[0] in ("sources", "not_applicable")
    return len(keypath) == 3 and keypath[2] in ("name", "claim", "summary", "note", "certainty")


def file_slug(record: Record, path: Path) -> str:
    """Take the slug from front-matter or the file name, suggesting a fix when it is invalid."""
    if record.has("slug"):
        slug = record.slug("slug") or ""
        if windows_reserved(slug):
            record.fail("slug", reserved_name_message(slug))
        return slug
    stem = path.stem
    if not SLUG_RE.fullmatch(stem):
        record.fail(
            "",
            f"file name '{path.name}' is not a valid slug (lowercase letters, digits "
            f"and hyphens); rename it to '{slugify(stem) or 'page'}.md' or set 'slug:'",
        )
        return ""
    if windows_reserved(stem):
        record.fail("", reserved_name_message(stem) + "; rename the file, or set 'slug:'")
    return stem


def reserved_name_message(name: str) -> str:
    """Why a page may not take a name Windows keeps for a device: its folder could not exist."""
    return (
        f"'{name}' is a device name on Windows (con, prn, aux, nul, com1-9, lpt1-9): a "
        "checkout there cannot hold the page's folder, and some hosts refuse it; choose another"
    )
