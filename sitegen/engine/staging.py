"""Staging folder, reuse of unchanged files, the atomic swap.

A build writes into a staging folder beside the output. Only when every file is in place
does the staging folder take the output's place, in one step: on Linux, renameat2 with
RENAME_EXCHANGE swaps the two names atomically, so a reader (or a killed build) sees
either the old site or the new one, never a mix. Elsewhere two renames are used, and the
next build puts a left-over old tree back if the output folder is missing.

After the swap the old site is kept, as the next build's staging folder, instead of being
deleted: the next build then only touches the files that changed since it was written
(and the ones that changed in between), not every file of a large site. A file in the
staging folder is trusted only when its stat is exactly what the cache recorded for it,
so a file changed by hand, or half-written by a killed build, is always written again.
Files are replaced by renaming a new file over them, never rewritten in place: the
staging folder and the site share unchanged files as hard links.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

from sitegen.engine.stats import Record, bytes_digest, file_digest, intact, signature
from sitegen.engine.writing import exchange, replace_file
from sitegen.load.files import display_path
from sitegen.model.paths import DisplayPath, OutputFile
from sitegen.model.problems import SiteError, error

MARKER = ".sitegen-output"
_MARKER_TEXT = b"Built by sitegen. This folder is replaced by every build; do not edit it.\n"

Files = Mapping[str, Record]  # rel -> (key, stat, digest) of what a folder holds


class Staging:
    """A folder that becomes the output only when `commit` is called."""

    def __init__(
        self, out: Path, protect: tuple[Path, ...] = (), folders: Mapping[str, Files] | None = None
    ) -> None:
        # An output given as a symlink to a folder stays one: the build goes where it points
        # (abspath also drops "." and "..", which have no name).
        self.out = Path(os.path.realpath(out) if os.path.islink(out) else os.path.abspath(out))
        self.protect = protect
        if not self.out.name or self.out.parent == self.out:
            shown = display_path(out)
            raise SiteError(
                [
                    error(
                        shown,
                        0,
                        f"refusing to use {shown} as the output folder: it is the root of the "
                        "file system; give a folder of its own, such as site",
                    )
                ]
            )
        self.dir = self.out.with_name(f".{self.out.name}.staging")
        self.aside = self.out.with_name(f".{self.out.name}.old")
        self._lock_path = self.out.with_name(f".{self.out.name}.lock")
        folders = folders or {}
        self.current: Files = folders.get(str(self.out), {})  # what the site holds
        self.held: Files = folders.get(str(self.dir), {})  # what the staging folder holds
        self.keys: dict[str, str] = {}  # what this build puts in place: rel -> key
        self.digests: dict[str, str] = {}  # and the digests of their bytes, where known
        self._made: set[str] = set()
        self._lock_fd = -1
        self._committed = False

    @property
    def write_to(self) -> Path:
        """Where worker processes write the pages they render (with `replace_file`)."""
        return self.dir

    def open(self) -> None:
        """Take the lock, put back a tree an interrupted build left aside, prepare staging."""
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
            if self.aside.exists():
                shutil.rmtree(self.aside)
            if self.dir.exists() and not (self.dir / MARKER).is_file():
                shutil.rmtree(self.dir)  # not one of ours: start afresh
            self.dir.mkdir(exist_ok=True)
            self.write(OutputFile(MARKER), _MARKER_TEXT, "marker")
        except OSError as exc:
            self.close()
            raise SiteError(
                [error(shown, 0, f"cannot prepare the output folder: {exc.strerror or exc}")]
            ) from exc

    def _refuse_unsafe(self, shown: DisplayPath) -> None:
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
        for folder in self.protect:
            if folder.resolve() in out.parents:
                # The next build would read the last one as content (or templates).
                raise SiteError(
                    [
                        error(
                            shown,
                            0,
                            f"refusing to use {shown} as the output folder: it is inside "
                            f"{display_path(folder)}, which the build reads; choose a folder "
                            "outside it",
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
                        "by a build (no .sitegen-output file); empty it or "
                        "choose another --out",
                    )
                ]
            )

    def _place(self, rel: OutputFile) -> str:
        """Return the staging path of `rel` with its folder made and no file left on it."""
        path = f"{self.dir}/{rel}"
        parent = path.rpartition("/")[0]
        if parent not in self._made:
            os.makedirs(parent, exist_ok=True)
            self._made.add(parent)
        return path

    def write(self, rel: OutputFile, data: bytes, key: str = "") -> None:
        replace_file(self._place(rel), data)
        self.keys[rel] = key
        self.digests[rel] = bytes_digest(data)

    def wrote(self, rel: OutputFile, key: str, digest: str = "") -> None:
        """Record a file a worker process wrote into the staging folder."""
        self.keys[rel] = key
        self.digests[rel] = digest

    def reuse(self, rel: OutputFile, key: str) -> bool:
        """Keep or link a file made from the same inputs by an earlier build.

        The staging folder may already hold it (it is the site before last); otherwise the
        current site's copy is hard-linked in. Either must still be exactly as written.
        """
        held = self.held.get(rel)
        if held is not None and held[0] == key and intact(f"{self.dir}/{rel}", held):
            self.keys[rel], self.digests[rel] = key, held[2]
            return True
        current = self.current.get(rel)
        if current is None or current[0] != key or not intact(f"{self.out}/{rel}", current):
            return False
        self.digests[rel] = current[2]
        path = self._place(rel)
        try:
            os.link(f"{self.out}/{rel}", path)
        except FileExistsError:  # a stale file of its own: replace it by a link in one step
            temporary = f"{path}.{os.getpid()}.tmp"
            try:
                os.link(f"{self.out}/{rel}", temporary)
                os.replace(temporary, path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                return False
        except OSError:
            return False
        self.keys[rel] = key
        return True

    def copy_file(self, source: Path, rel: OutputFile, key: str = "") -> None:
        temporary = f"{self._place(rel)}.{os.getpid()}.tmp"
        try:
            shutil.copyfile(source, temporary)
            self.digests[rel] = file_digest(temporary) or ""
            os.replace(temporary, f"{self.dir}/{rel}")
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise OSError(exc.errno, exc.strerror, exc.filename or temporary) from None
        self.keys[rel] = key

    def remove_temporaries(self) -> None:
        """Remove what a stopped build left half-written under a temporary name."""
        for folder, _, names in os.walk(self.dir):
            for name in names:
                if name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(folder, name))

    def _sweep(self) -> None:
        """Remove what the staging folder holds that this build did not put there."""
        stack = [(str(self.dir), "", "")]
        folders = []  # (folder, its parent), parents first
        kept: set[str] = set()  # folders that still hold a file
        while stack:
            folder, prefix, parent = stack.pop()
            folders.append((folder, parent))
            with os.scandir(folder) as entries:
                for entry in entries:
                    rel = prefix + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, rel + "/", folder))
                    elif rel in self.keys:
                        kept.add(folder)
                    else:
                        os.unlink(entry.path)
        # Deepest first, only the empty ones go: most folders still hold a page.
        for folder, parent in reversed(folders[1:]):
            if folder in kept:
                kept.add(parent)
            else:
                with contextlib.suppress(OSError):
                    os.rmdir(folder)

    def commit(self) -> None:
        """Make the staging folder the output, in one step where the system allows."""
        try:
            self._sweep()
            if not self.out.exists():
                self.dir.rename(self.out)
            elif not exchange(self.dir, self.out):
                self.out.rename(self.aside)
                self.dir.rename(self.out)
                self.aside.rename(self.dir)
            self._committed = True
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

    def folders(self) -> dict[str, dict[str, Record]]:
        """What the output and staging folders hold after the commit, for the cache."""
        if not self._committed:
            return {}
        found: dict[str, Record] = {}
        for rel, key in self.keys.items():
            sig = signature(f"{self.out}/{rel}")
            if sig is not None and key:
                found[rel] = (key, sig, self.digests.get(rel, ""))
        return {str(self.out): found, str(self.dir): dict(self.current)}

    def close(self) -> None:
        if self._lock_fd >= 0:
            os.close(self._lock_fd)
            self._lock_fd = -1


@contextlib.contextmanager
def staging(
    out: Path, protect: tuple[Path, ...] = (), folders: Mapping[str, Files] | None = None
) -> Iterator[Staging]:
    """Open the staging folder for `out`; what is not committed stays out of the site."""
    stage = Staging(out, protect, folders)
    stage.open()
    try:
        yield stage
    except BaseException:
        # A worker stopped mid-write (a full disk, Ctrl-C) leaves its temporary file.
        stage.remove_temporaries()
        raise
    finally:
        stage.close()
