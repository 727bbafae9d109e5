"""Reading input files safely: inside the content folder, bounded in size, valid UTF-8."""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

from sitegen.model.paths import DisplayPath
from sitegen.model.problems import Problem, error
from sitegen.model.text import UNFIT, describe_character

MAX_BYTES = 2 * 1024 * 1024
# Where the system names the file behind an open descriptor (Linux). Asking it is one
# call, and it names the file actually opened, so no symlink swapped in between a check
# and the read can lead outside; elsewhere the path is resolved before opening.
_FD_LINKS = "/proc/self/fd"


@functools.lru_cache(maxsize=64)
def _real_root(root: str) -> str:
    return os.path.realpath(root)


def _below(real: str, root: Path) -> bool:
    top = _real_root(str(root))
    return real == top or real.startswith(top.rstrip("/") + "/")


def inside(path: Path, root: Path) -> bool:
    """Say whether `path`, with symlinks followed, lies inside `root`."""
    try:
        return _below(os.path.realpath(path), root)
    except (ValueError, OSError, RuntimeError):
        return False


def _read_all(fd: int, size: int) -> bytes:
    """Read to the end, but never more than one byte past the limit."""
    parts = []
    total = 0
    while total <= MAX_BYTES:
        # The size it had a moment ago, plus one byte to notice that it grew.
        chunk = os.read(fd, min(size, MAX_BYTES) + 1 - total if total < size else 65536)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def read_text(path: Path, root: Path) -> tuple[str | None, Problem | None]:
    """Read a UTF-8 text file below `root` with Unix line endings and no byte-order mark."""
    try:
        # Non-blocking: opening a named pipe must not hang the build (it is refused below).
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return None, error(display_path(path), 0, f"cannot read: {exc.strerror or exc}")
    try:
        try:
            real = os.readlink(f"{_FD_LINKS}/{fd}")
        except OSError:
            real = os.path.realpath(path)
        if not _below(real, root):
            return None, error(
                display_path(path), 0, f"refusing to read: it points outside {display_path(root)}"
            )
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, error(display_path(path), 0, "cannot read: not a regular file")
        if info.st_size > MAX_BYTES:
            return None, error(
                display_path(path),
                0,
                f"file is {info.st_size:,} bytes; the limit is {MAX_BYTES:,}",
            )
        data = _read_all(fd, info.st_size)
        if len(data) > MAX_BYTES:  # it grew after it was measured
            return None, error(display_path(path), 0, f"file is over {MAX_BYTES:,} bytes")
    except OSError as exc:
        return None, error(display_path(path), 0, f"cannot read: {exc.strerror or exc}")
    finally:
        os.close(fd)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, error(
            display_path(path),
            line,
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at "
            f"offset {exc.start}; save the file as UTF-8",
        )
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    unfit = UNFIT.search(text)
    if unfit is not None:
        return None, unfit_problem(display_path(path), text, unfit.start(), 1)
    return text, None


def unfit_problem(path: DisplayPath, text: str, at: int, first_line: int) -> Problem:
    """The error for a character no page may hold, at `text[at]`, on its line and column."""
    line_start = text.rfind("\n", 0, at) + 1
    return error(
        path,
        first_line + text.count("\n", 0, at),
        f"{describe_character(text[at])} at column {at - line_start + 1}; remove it "
        "(text may hold tabs and line breaks, but no other control characters)",
    )


def display_path(path: Path) -> DisplayPath:
    """Show a path relative to the working directory when it lies below it."""
    real = _real(path)
    cwd = os.getcwd()  # the kernel's own name for it: already free of symlinks
    if real == cwd:
        return DisplayPath(".")
    if real.startswith(cwd.rstrip("/") + "/"):
        return DisplayPath(real[len(cwd.rstrip("/")) + 1 :])
    return DisplayPath(path.as_posix())


def _real(path: Path) -> str:
    """Resolve symlinks; a plain file's folder is resolved once and remembered.

    Every message and every file read names its path this way, thousands of times a
    build, and the files of a site share a few folders.
    """
    text = os.path.abspath(path)
    folder, _, name = text.rpartition("/")
    if not name or name in (".", "..") or os.path.islink(text):
        return os.path.realpath(text)
    return f"{_real_folder(folder or '/').rstrip('/')}/{name}"


@functools.lru_cache(maxsize=256)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)
