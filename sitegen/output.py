"""Staging folder, reuse of unchanged files, the atomic swap.

A build writes into a staging folder beside the output. Only when every file is written
does the staging folder take the output's place, in one step: on Linux, renameat2 with
RENAME_EXCHANGE swaps the two names atomically, so a reader (or a killed build) sees
either the old site or the new one, never a mix. Elsewhere two renames are used, and the
next build puts a left-over old tree back if the output folder is missing.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from sitegen.errors import SiteError, display_path, error

MARKER = ".sitegen-output"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
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


class Staging:
    """A folder that becomes the output only when `commit` is called."""

    def __init__(self, out: Path, protect: tuple[Path, ...] = ()) -> None:
        self.out = out.absolute()
        self.protect = protect
        self.dir = self.out.with_name(f".{self.out.name}.staging")
        self.aside = self.out.with_name(f".{self.out.name}.old")
        self._lock_path = self.out.with_name(f".{self.out.name}.lock")
        self._made: set[Path] = set()
        self._lock_fd = -1

    def open(self) -> None:
        """Take the lock, put back a tree an interrupted build left aside, start empty."""
        shown = display_path(self.out)
        self._refuse_unsafe(shown)
        try:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._lock_fd = os.open(self._lock_path, os.O_CREAT | os.O_RDWR, 0o644)
        except OSError as exc:
            raise SiteError(
                [error(shown, 0, f"cannot write the output folder: {exc.strerror or exc}")]
            ) from exc
        try:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(self._lock_fd)
            raise SiteError(
                [
                    error(
                        shown,
                        0,
                        "another build is writing this output folder; wait for it to finish",
                    )
                ]
            ) from exc
        try:
            if not self.out.exists() and self.aside.is_dir():
                self.aside.rename(self.out)
            for leftover in (self.dir, self.aside):
                if leftover.exists():
                    shutil.rmtree(leftover)
            self.dir.mkdir()
            (self.dir / MARKER).write_text(
                "Built by sitegen. This folder is replaced by every "
                "build; do not edit files in it.\n"
            )
        except OSError as exc:
            self.close()
            raise SiteError(
                [error(shown, 0, f"cannot prepare the output folder: {exc.strerror or exc}")]
            ) from exc

    def _refuse_unsafe(self, shown: str) -> None:
        """Never replace a folder that holds the sources, or one that we did not build."""
        out = self.out.resolve()
        for folder in (Path.cwd(), *self.protect):
            if folder.resolve() == out or out in folder.resolve().parents:
                raise SiteError(
                    [
                        error(
                            shown,
                            0,
                            f"refusing to use {shown} as the output "
                            f"folder: it contains {display_path(folder)}",
                        )
                    ]
                )
        if out.exists() and not out.is_dir():
            raise SiteError([error(shown, 0, "the output path exists and is not a folder")])
        if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
            raise SiteError(
                [
                    error(
                        shown,
                        0,
                        "refusing to replace this folder: it was not made "
                        "by a build (no .sitegen-output file); empty it or choose "
                        "another --out",
                    )
                ]
            )

    def path(self, rel: str) -> Path:
        """Return where a site file goes in the staging folder, creating its folder."""
        target = self.dir / rel
        parent = target.parent
        if parent not in self._made:
            parent.mkdir(parents=True, exist_ok=True)
            self._made.add(parent)
        return target

    def write(self, rel: str, data: bytes) -> None:
        self.path(rel).write_bytes(data)

    def copy_tree(self, source: Path, rel: str) -> None:
        """Copy a folder of static files into the staging folder under `rel`."""
        if source.is_dir():
            shutil.copytree(
                source, self.dir / rel, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".*")
            )

    def copy_file(self, source: Path, rel: str) -> None:
        shutil.copyfile(source, self.path(rel))

    def commit(self) -> None:
        """Make the staging folder the output, in one step where the system allows."""
        try:
            if not self.out.exists():
                self.dir.rename(self.out)
            elif _exchange(self.dir, self.out):
                shutil.rmtree(self.dir)
            else:
                self.out.rename(self.aside)
                self.dir.rename(self.out)
                shutil.rmtree(self.aside)
        except OSError as exc:
            raise SiteError(
                [
                    error(
                        display_path(self.out),
                        0,
                        f"cannot replace the output folder: {exc.strerror or exc}",
                    )
                ]
            ) from exc

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            shutil.rmtree(self.dir)

    def close(self) -> None:
        if self._lock_fd >= 0:
            os.close(self._lock_fd)
            self._lock_fd = -1


@contextlib.contextmanager
def staging(out: Path, protect: tuple[Path, ...] = ()) -> Iterator[Staging]:
    """Open a staging folder for `out`; anything not committed is thrown away."""
    stage = Staging(out, protect)
    stage.open()
    try:
        yield stage
    finally:
        stage.discard()
        stage.close()
