"""Holding Ctrl-C and ``kill`` while a unit of work finishes: a letter being written
(merge), a message the server accepted and its line in the send log (send)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def deferred_interrupts() -> Iterator[list[int]]:
    """Hold Ctrl-C and ``kill`` (SIGINT, SIGTERM) until the work inside is whole.

    Yields a list that is non-empty once a signal came; the caller stops there. Outside
    the main thread (where handlers cannot be set) signals act as usual.
    """
    import signal
    import threading

    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def hold(signum: int, frame: object) -> None:
        received.append(signum)

    previous = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
