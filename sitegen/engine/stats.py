"""What the build knows of files without reading them: stat signatures and tree digests."""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.model.keys import digest

Signature = tuple[int, int, int]  # (mtime_ns, size, inode)


def signature(path: str | Path) -> Signature | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def stat_tree(folder: Path) -> dict[str, Signature]:
    """The stat of every file below a folder, by relative path; reads no file."""
    found: dict[str, Signature] = {}
    stack = [(str(folder), "")]
    while stack:
        current, prefix = stack.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    rel = prefix + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, rel + "/"))
                    else:
                        st = entry.stat()
                        found[rel] = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            found[prefix] = (-1, -1, -1)
    return found


def folders_fingerprint(*folders: Path) -> str:
    """Digest the names and stats of every file below some folders; reads no file."""
    return digest(*(sorted(stat_tree(folder).items()) for folder in folders))


def tree_digest(folder: Path) -> str:
    """Digest every file below a folder, names and bytes (templates, static files)."""
    parts: list[object] = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)
