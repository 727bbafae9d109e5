"""What the build knows of files without reading them: stat signatures and tree digests.

The rule for input files (content, templates, static files, media): a file is taken to be
unchanged when its modification time, inode change time, size and inode are all as
recorded. The change time (ctime) is set by the system on every write and cannot be set
back by a user, as the modification time can. One case is left, which git calls "racy":
a file written again within the timestamp granularity of the moment it was recorded can
keep every one of those numbers. So a file whose last change is less than `RACY_NS` before
the moment its stamp is taken is not trusted by its stat alone: its stamp also holds a
digest of its bytes, which the next stamp must match (and a stamp taken later, without
one, never matches it, so the file is read again).

Output files are ours and are compared by modification time, size and inode: the build's
own hard links change their inode change time. Where those differ (an output folder
restored by a CI cache), a digest of the file's bytes recorded when it was written decides.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

from sitegen.model.keys import digest

Signature = tuple[int, int, int]  # an output file's (mtime_ns, size, inode)
# An input file's (mtime_ns, ctime_ns, size, inode, digest of its bytes if it was racy).
Stamp = tuple[int, int, int, int, str]

# Longer than the coarsest timestamps in common use (FAT's) and any kernel clock tick.
RACY_NS = 2_000_000_000


# What the cache records of an output file: (key, stat, digest of its bytes or "").
Record = tuple[str, Signature, str]


def bytes_digest(data: bytes) -> str:
    """A digest of an output file's bytes, to recognise it when its stat has changed."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: str) -> str | None:
    """The same for a file on disk, or None if it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
    except OSError:
        return None


def intact(path: str, record: Record) -> bool:
    """Whether an output file is still exactly as recorded.

    Its stat says so at once. A file restored from elsewhere (a CI cache, a copy) has a new
    stat but may hold the same bytes: then its digest decides.
    """
    found = signature(path)
    if found == record[1]:
        return True
    return found is not None and bool(record[2]) and file_digest(path) == record[2]


def signature(path: str | Path) -> Signature | None:
    """The stat of an output file, or None if there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def stamp(path: str | Path) -> Stamp | None:
    """The stamp of an input file (see the rule above), or None if it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _stamp(str(path), st, time.time_ns())


def _stamp(path: str, st: os.stat_result, now: int) -> Stamp | None:
    bytes_digest = ""
    # Only a regular file has bytes to compare (opening a named pipe would wait forever).
    if stat.S_ISREG(st.st_mode) and now - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            with open(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    return None  # replaced by something else since its stat
                bytes_digest = hashlib.file_digest(handle, "blake2b").hexdigest()
        except OSError:
            return None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino, bytes_digest)


def stat_tree(folder: Path) -> dict[str, Signature]:
    """The stat of every file below an output folder, by relative path; reads no file."""
    found: dict[str, Signature] = {}
    for rel, _, st in _walk(folder):
        found[rel] = (-1, -1, -1) if st is None else (st.st_mtime_ns, st.st_size, st.st_ino)
    return found


def folders_fingerprint(*folders: Path) -> str | None:
    """Digest the names and stamps of every file below some input folders.

    None when some file could not be stamped: nothing can then be said to be unchanged.
    """
    now = time.time_ns()
    parts: list[object] = []
    for folder in folders:
        found: dict[str, Stamp | None] = {}
        for rel, path, st in _walk(folder):
            found[rel] = None if st is None else _stamp(path, st, now)
            if found[rel] is None and st is not None:
                return None
        parts.append(sorted(found.items(), key=lambda item: item[0]))
    return digest(*parts)


def _walk(folder: Path) -> list[tuple[str, str, os.stat_result | None]]:
    """Every file below a folder as (relative path, path, stat); an unreadable folder as
    its own prefix with no stat. Reads no file."""
    found: list[tuple[str, str, os.stat_result | None]] = []
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
                        found.append((rel, entry.path, entry.stat()))
        except OSError:
            found.append((prefix, current, None))
    return found


def tree_digest(folder: Path) -> str:
    """Digest every file below a folder, names and bytes (templates, static files)."""
    parts: list[object] = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)
