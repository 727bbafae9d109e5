"""Finding content files: the Markdown files of a folder (media: load/media.py)."""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.load.files import display_path, inside
from sitegen.model.problems import Problem, error


def markdown_files(folder: Path, root: Path, problems: list[Problem]) -> list[str]:
    """List a folder's .md files in name order, refusing symlinks that leave the content.

    Anything else in the folder is reported rather than skipped: an editor who saves
    `x.markdown` or files an article in a subfolder must not see it silently left out.
    Nothing here opens a file (a named pipe would hang the build).
    """
    if not folder.exists() and not folder.is_symlink():
        return []
    shown = display_path(folder)
    if not folder.is_dir():
        problems.append(error(shown, 0, "not read: this must be a folder of .md files"))
        return []
    if not inside(folder, root):
        problems.append(error(shown, 0, "refusing to read: it points outside the content folder"))
        return []
    what = f"{folder.name} are regular .md files directly in {shown}/"
    found = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            if (
                entry.name.endswith(".md")
                and entry.is_symlink()
                and not inside(Path(entry.path), root)
            ):
                # Only a symlink can lead outside; resolving every file would cost a stat each.
                problems.append(
                    error(
                        display_path(Path(entry.path)),
                        0,
                        "refusing to read: it points outside the content folder",
                    )
                )
            elif entry.name.endswith(".md") and entry.is_file():
                found.append(entry.path)
            else:
                problems.append(
                    error(display_path(Path(entry.path)), 0, f"not read: {_misplaced(entry, what)}")
                )
    return found


def _misplaced(entry: os.DirEntry[str], what: str) -> str:
    """Say why a folder entry is not read as a page, and what to do about it."""
    stem, dot, extension = entry.name.rpartition(".")
    if entry.is_dir():
        return f"it is a subfolder; {what}, so move its files up or move it out"
    if entry.name.endswith(".md"):
        return (
            "it is not a regular file (a named pipe, a device or a broken link); "
            f"{what}, so replace it with one or remove it"
        )
    if dot and stem and extension.lower() in ("md", "markdown", "mdown", "mkd", "mkdn"):
        return f"{what}; rename it to {stem}.md"
    return f"{what}; move it out of this folder"
