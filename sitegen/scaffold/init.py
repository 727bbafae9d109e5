"""`init DIR`: write a new site that builds, from the starter files in starter/.

The starter is package data, copied as it is except for three things: `{today}` and
`{requirement}` are filled in, a few names gain the leading dot that package data cannot
carry, and the draft article's front-matter is written in the order of the one declaration
(load/schema.py), each key under what it holds, so it always shows every key there is.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from sitegen.load.files import display_path
from sitegen.load.schema import ARTICLE, Schema
from sitegen.model.problems import SiteError, error

DRAFT = "content/articles/your-first-article.md"
# Package data leaves out files whose names start with a dot; these gain one when written.
_DOTTED = ("gitignore", "github", "vscode")
# A front-matter key, or a key left out as a comment, at the start of a line.
_KEY = re.compile(r"^(?:# )?([a-z_]+):", re.MULTILINE)


def init_site(folder: Path, today: dt.date, version: str) -> list[Path]:
    """Write the starter site into `folder`, which must be new or empty; return the files."""
    _refuse_unless_empty(folder)
    values = {"{today}": today.isoformat(), "{requirement}": requirement(version)}
    written = []
    for rel, text in starter_files():
        for token, value in values.items():
            text = text.replace(token, value)
        if rel == DRAFT:
            text = annotated_draft(text, ARTICLE)
        written.append(_write(folder / rel, text))
    return written


def requirement(version: str) -> str:
    """The line that pins this sitegen; a build from a checkout has no version to pin."""
    return f"sitegen=={version}" if "+" not in version else "sitegen"


def starter_files() -> list[tuple[str, str]]:
    """Every starter file as (path in the new site, text), in a stable order."""
    found: list[tuple[str, str]] = []

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            name = f".{entry.name}" if not prefix and entry.name in _DOTTED else entry.name
            if entry.is_dir():
                walk(entry, f"{prefix}{name}/")
            else:
                found.append((prefix + name, entry.read_text(encoding="utf-8")))

    walk(resources.files("sitegen.scaffold") / "starter", "")
    return found


def annotated_draft(text: str, declared: Schema) -> str:
    """The draft with its front-matter in the declaration's order, each key under its doc.

    A key the starter leaves out is written as a comment, so a key added to the
    declaration shows up in every new site's draft without anyone editing the starter.
    """
    _, front, body = text.split("---\n", 2)
    chunks = {m.group(1): m for m in _KEY.finditer(front)}
    starts = [*sorted(m.start() for m in chunks.values()), len(front)]
    if chunks.keys() - declared.keys() or starts[0] != 0:
        raise ValueError("the starter draft's front-matter must hold only declared keys")
    lines = []
    for key, field in declared.items():
        need = "required" if field.required else "optional"
        lines.append(f"# {key} ({need}): {field.doc}\n")
        found = chunks.get(key)
        if found is None:
            lines.append(f"# {key}:\n")
        else:
            end = starts[starts.index(found.start()) + 1]
            lines.append(front[found.start() : end])
    return f"---\n{''.join(lines)}---\n{body}"


def _refuse_unless_empty(folder: Path) -> None:
    shown = display_path(folder)
    rule = "init writes a new site only into a new or empty folder, so it overwrites nothing"
    if folder.exists() and not folder.is_dir():
        raise SiteError([error(shown, 0, f"is a file, not a folder; {rule}")])
    if folder.is_dir():
        try:
            names = sorted(p.name for p in folder.iterdir())
        except OSError as exc:
            raise SiteError([error(shown, 0, f"cannot read: {exc.strerror}")]) from exc
        if names:
            held = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
            raise SiteError([error(shown, 0, f"is not empty (it holds {held}); {rule}")])


def _write(path: Path, text: str) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise SiteError([error(display_path(path), 0, f"cannot write: {reason}")]) from exc
    return path
