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
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")
CHUNK = 16  # documents per task: enough to amortise the pipe, small enough to balance


# Far longer than any real page takes: Python-Markdown needs minutes for some short
# texts (thousands of unclosed "["), and must not hang a build.
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
    with context.Pool(min(jobs, -(-len(items) // CHUNK)), _start_worker, (make, setup)) as pool:
        yield True, pool.imap_unordered(_apply, items, CHUNK)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
