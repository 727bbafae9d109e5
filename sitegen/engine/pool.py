"""The worker pool: per-document work over processes, each document under a time limit.

Loading and rendering each document is independent of every other document, so both run
over a process pool (`--jobs`, default: the machine's cores). Results come back in any
order; the caller sorts what it prints, so output and messages do not depend on `--jobs`.
Each worker builds its machinery once, in the pool's initializer.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from multiprocessing import forkserver
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")
CHUNK = 16  # documents per task: enough to amortise the pipe, small enough to balance


# Far longer than loading or rendering any real page takes: Python-Markdown needs minutes
# for some short texts (thousands of unclosed "["), and no one file may hang a build.
DOC_SECONDS = 10


class TooSlowError(Exception):
    """Raised inside a page's conversion when it runs out of time."""


def _stop(signum: int, frame: object) -> None:
    raise TooSlowError


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (in a main thread where the system can)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# The one piece of per-process state: the function a pool worker applies to each item,
# made by the pool's initializer so its machinery is built once per worker.
_WORKER: Callable[[Any], Any] | None = None


def _start_worker(make: Callable[[Any], Callable[[Any], Any]], setup: Any) -> None:
    global _WORKER
    # As in _start_forkserver, for a server started before this module could see to it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = make(setup)
    # The machinery (and the site map it checks links against) lives as long as the worker:
    # keep it out of the cyclic collector's scans, which otherwise revisit it again and again.
    gc.freeze()


def _apply(item: Any) -> Any:
    assert _WORKER is not None
    return _WORKER(item)


@contextlib.contextmanager
def running(
    make: Callable[[S], Callable[[T], R]], setup: S, items: list[T], jobs: int
) -> Iterator[tuple[bool, Iterator[R]]]:
    """Start applying `make(setup)` to every item: in this process or over `jobs` workers.

    Gives whether the work is in workers (so this process is free meanwhile), and the
    results as they come.
    """
    if jobs <= 1 or len(items) < 2 * CHUNK:
        yield False, map(make(setup), items)  # done as the results are asked for
        return
    # forkserver: workers start from a small clean process, not a copy of this one, so
    # the site held here is not duplicated in each of them.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["sitegen.engine.jobs"])
    processes = min(jobs, -(-len(items) // CHUNK))
    with _held_interrupt() as interrupted:
        _start_forkserver()
        pool = context.Pool(processes, _start_worker, (make, setup))
    with pool:  # leaving it, on an error or Ctrl-C too, stops the workers and waits for them
        if interrupted:
            raise KeyboardInterrupt
        yield True, pool.imap_unordered(_apply, items, CHUNK)


@contextlib.contextmanager
def _held_interrupt() -> Iterator[list[int]]:
    """Hold Ctrl-C back until the block ends, giving the signals that came meanwhile.

    A pool interrupted while it starts would be left behind, its workers failing with
    tracebacks as this process exits; once it stands, leaving `with pool` stops them.
    """
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield caught
    finally:
        signal.signal(signal.SIGINT, previous)


def _start_forkserver() -> None:
    """Start the process workers are forked from, with Ctrl-C ignored in it and in them.

    Ctrl-C reaches the whole process group: the main process stops the pool and says so,
    while a worker (or the server, still importing) would print a traceback. A signal
    ignored when a program starts stays ignored in Python, and in what it forks.
    """
    if threading.current_thread() is not threading.main_thread():
        forkserver.ensure_running()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
