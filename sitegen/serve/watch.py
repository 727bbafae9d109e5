"""Waiting for changes to the content and templates, told by the system (watchdog)."""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

QUIET_MS = 100  # a burst of saves is one change once the files stop changing this long
LOOK_SECONDS = 0.5  # how often each watched name is checked for a folder put in its place


class Changes:
    """Waits for a burst of changes anywhere in the watched folders to end.

    The system tells us of changes (inotify on Linux, through watchdog) instead of our
    stat-ing every file several times a second, which costs a large site time on every
    look and delays every save. It watches a folder, not a name, so each watched name is
    also looked at now and then: a folder moved away and another put in its place (a
    checkout, a sync tool, a copy put back) is then watched instead, and is a change.
    """

    def __init__(self, watched: tuple[Path, ...]) -> None:
        self._changed = threading.Event()
        self._roots = tuple(folder.resolve() for folder in watched)
        self._handler = _Noticer(self._changed, self._roots)
        self._seen = {root: _identity(root) for root in self._roots}
        self._watches: dict[Path, ObservedWatch] = {}
        try:
            self._observer = self._start(Observer())
        except OSError:  # no inotify here, or its watches are used up: look every 0.2 s
            self._observer = self._start(PollingObserver(timeout=0.2))

    def _start(self, observer: BaseObserver) -> BaseObserver:
        self._watches = {}
        for root in self._roots:
            if self._seen[root] is not None:
                self._watches[root] = observer.schedule(self._handler, str(root), recursive=True)
        observer.start()
        return observer

    def wait(self) -> None:
        """Return once something changed and then stayed as it is for QUIET_MS."""
        while not self._changed.wait(LOOK_SECONDS):
            self._look()
        self._changed.clear()
        # A save is often several writes (and a checkout many): build once they are done.
        while self._changed.wait(QUIET_MS / 1000):
            self._changed.clear()

    def _look(self) -> None:
        """Watch again each watched name that now holds another folder (or none)."""
        for root in self._roots:
            now = _identity(root)
            if now == self._seen[root]:
                continue
            self._seen[root] = now
            old = self._watches.pop(root, None)
            if old is not None:
                with contextlib.suppress(KeyError, OSError):
                    self._observer.unschedule(old)
            if now is not None:
                with contextlib.suppress(OSError):
                    self._watches[root] = self._observer.schedule(
                        self._handler, str(root), recursive=True
                    )
            self._changed.set()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)


def _identity(folder: Path) -> tuple[int, int] | None:
    """Which folder a name holds now (device and inode), or None if it holds none."""
    try:
        st = folder.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


class _Noticer(FileSystemEventHandler):
    """Notices every change, except to hidden files (editors' swap files, .git)."""

    def __init__(self, changed: threading.Event, roots: tuple[Path, ...]) -> None:
        self.changed = changed
        self.roots = roots

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reading a file (as every build does) changes nothing
        if event.is_directory and event.event_type == "modified":
            return  # a file in it came or went, and that has an event of its own
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if any(path and not _hidden(os.fsdecode(path), self.roots) for path in paths):
            self.changed.set()


def _hidden(path: str, roots: tuple[Path, ...]) -> bool:
    """Whether a path below one of `roots` has a part that starts with a dot."""
    for root in roots:
        if Path(path).is_relative_to(root):
            return any(part.startswith(".") for part in Path(path).relative_to(root).parts)
    return False
