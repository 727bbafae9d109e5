"""Writing one file as a new file, and swapping two folders in one step.

Both leave nothing half-done behind them: a write that fails (a full disk, a file-size
limit) removes what it wrote, and its error names the file.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; return False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_file(path: str, data: bytes) -> None:
    """Put `data` at `path` as a new file (never through an existing hard link).

    On a failed write (a full disk) nothing is left of it, and the error names the file.
    """
    try:
        # Most files are new to the staging folder: write those in place, without a
        # temporary name to rename; a file cut short by a crash has a stat that no build
        # recorded, so it is never reused.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:  # possibly a hard link to the live site: replace, never write
        temporary = f"{path}.{os.getpid()}.tmp"
        _write(temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666), data)
        try:
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return
    _write(path, fd, data)


def _write(path: str, fd: int, data: bytes) -> None:
    """Write all of `data` to a file just opened; remove the file if that fails."""
    try:
        with open(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise OSError(exc.errno, exc.strerror, path) from None
