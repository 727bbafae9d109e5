"""Waiting for changes to the content and templates, told by the system (watchdog)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

QUIET_MS = 100  # a burst of saves is one change once the files stop changing this long


class Changes:
    """Waits for a burst of changes anywhere in the watched folders to end.

    The system tells us of changes (inotify on Linux, through watchdog) instead of our
    stat-ing every file several times a second, which costs a large site time on every
    look and delays every save.
    """

    def __init__(self, watched: tuple[Path, ...]) -> None:
        self._changed = threading.Event()
        roots = tuple(folder.resolve() for folder in watched if folder.is_dir())
        handler = _Noticer(self._changed, roots)
        try:
            self._observer = self._start(Observer(), handler, roots)
        except OSError:  # no inotify here, or its watches are used up: look every 0.2 s
            self._observer = self._start(PollingObserver(timeout=0.2), handler, roots)

    @staticmethod
    def _start(observer: BaseObserver, handler: _Noticer, roots: tuple[Path, ...]) -> BaseObserver:
        for root in roots:
            observer.schedule(handler, str(root), recursive=True)
        observer.start()
        return observer

    def wait(self) -> None:
        """Return once something changed and then stayed as it is for QUIET_MS."""
        self._changed.wait()
        self._changed.clear()
        # A save is often several writes (and a checkout many): build once they are done.
        while self._changed.wait(QUIET_MS / 1000):
            self._changed.clear()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)


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
