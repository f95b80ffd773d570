"""Work on a merge's rows shared by two processes, when there are many (issue 17).

A merge of thousands of Markdown, text or HTML letters spends most of its time making
each row's context and rendering it in the template sandbox, one row after another.
On Linux with two or more cores, and once there are :data:`PARALLEL_ROWS` rows, a
forked copy of this process does the second half of the rows while this one does the
first, and sends its results back through a pipe. The results are the same either way,
in the same order.

The copy only computes: it writes no file and reports no progress. If it fails in any
way (it is killed, it raises), this process does its half itself, so the run behaves as
a run on one core would, errors included. No copy is made while another thread runs (a
progress bar being drawn): a fork copies only the calling thread.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import NoReturn, TypeVar

#: Fewer rows than this are done here alone: making the copy and bringing its results
#: back take about as long as rendering a thousand letters.
PARALLEL_ROWS = 2_000

T = TypeVar("T")
#: ``work(start, stop, here)``: the results of rows ``start`` to ``stop``; ``here`` is
#: False in the copy, which must report nothing.
Work = Callable[[int, int, bool], list[T]]


def in_halves(work: Work[T], count: int) -> list[T]:
    """``work(0, count, True)``, the second half done by a copy of this process when
    there are many rows and two cores for them."""
    if not _two_cores_worth(count):
        return work(0, count, True)
    half = count // 2
    child, reading = _fork(work, half, count)
    with os.fdopen(reading, "rb") as pipe:
        try:
            mine = work(0, half, True)
            theirs: list[T] | None = _collect(child, pipe.read())
        finally:
            _reap(child)
    if theirs is None:  # the copy failed: its rows are done here, as on one core
        theirs = work(half, count, True)
    return mine + theirs


def _two_cores_worth(count: int) -> bool:
    """Whether to share the work: many rows, Linux, two cores, no other thread."""
    if count < PARALLEL_ROWS or not sys.platform.startswith("linux"):
        return False
    return len(os.sched_getaffinity(0)) > 1 and threading.active_count() == 1


def _fork(work: Work[T], start: int, stop: int) -> tuple[int, int]:
    """A copy of this process doing rows ``start`` to ``stop`` and sending the results
    down a pipe; its process id and the pipe's reading end."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the copy goes on in _copy, where it is measured
        _copy(work, start, stop, reading, writing)
    os.close(writing)
    return child, reading


def _copy(work: Work[T], start: int, stop: int, reading: int, writing: int) -> NoReturn:
    """The copy's life: the rows done, their results pickled down the pipe, then exit
    (0 once all were sent), never returning into the caller."""
    status = 1
    try:
        os.close(reading)
        results = work(start, stop, False)
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
        status = 0
    finally:
        os._exit(status)


def _collect(child: int, data: bytes) -> list[T] | None:
    """The copy's results, from what it sent, or None when it failed: it exits with 0
    only once it has sent them all."""
    _, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    results: list[T] = pickle.loads(data)  # our own copy's results
    return results


def _reap(child: int) -> None:
    """End the copy if it still runs (this process was interrupted) and wait for it."""
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(child, os.WNOHANG) == (0, 0):
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
