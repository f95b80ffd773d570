"""Send the ``.eml`` files of a folder through the user's own mail server (issue 15).

:func:`plan_send` reads and checks every file and the send log (that is the dry run);
:func:`run_send` sends what has not gone yet over one connection, at a given pace, and
logs each message in ``sent.csv`` the moment the server accepts it. A run stopped at any
point and run again sends each recipient their message once; the one window left (the
server accepted a message and the run died before the log line reached the disk) is
described in the README, "Sending by e-mail".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from msgspec import Struct, field

from advocacy_kit.batch.interrupts import deferred_interrupts
from advocacy_kit.batch.outbox import Outgoing, read_outbox, restamp
from advocacy_kit.batch.sentlog import LOG_NAME, SentLog, SentRecords, read_log
from advocacy_kit.batch.smtp import Courier, SendFailed, SmtpSettings, Temporary
from advocacy_kit.errors import AdvocacyKitError, ExitCode

#: How many times a message is tried again after a temporary failure, and the pauses
#: between tries (seconds): 5, 10, 20, 40, at most 2.5 minutes in all.
RETRIES = 4
FIRST_PAUSE = 5.0
LONGEST_PAUSE = 60.0

#: Called after each accepted message with (messages done, messages to do).
ProgressCallback = Callable[[int, int], None]


class SendInterrupted(AdvocacyKitError):
    """Ctrl-C or ``kill`` stopped the run, after the message under way was logged."""

    exit_code = ExitCode.INTERRUPTED


class Clock(Protocol):
    """Time as a run sees it; tests pass a clock they move themselves."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary start, never going back."""

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``."""

    def now(self) -> datetime:
        """The current time, with its time zone."""


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        """``time.monotonic()``."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """``time.sleep(seconds)``."""
        time.sleep(seconds)

    def now(self) -> datetime:
        """Now, in UTC."""
        return datetime.now(timezone.utc)


class Skipped(Struct, frozen=True):
    """A message not sent because the log says it went already."""

    item: Outgoing
    reason: str  # "sent" (its Message-ID is logged) or "address" (its recipient is)
    line: int  # the line of sent.csv


class SendPlan(Struct, frozen=True):
    """What a run would send, and what it skips: the dry run's answer."""

    folder: Path
    messages: tuple[Outgoing, ...]  # every checked message of the folder
    to_send: tuple[Outgoing, ...]  # what this run sends, --limit applied
    skipped: tuple[Skipped, ...]
    held_back: int  # not yet sent, left for a later run by --limit
    limit: int | None = None

    @property
    def log(self) -> Path:
        """The send log of the folder."""
        return self.folder / LOG_NAME

    def to_json(self) -> dict[str, Any]:
        """The plan as plain data for ``--json``."""
        return {
            "folder": str(self.folder),
            "messages": len(self.messages),
            "to_send": [_item_json(item) for item in self.to_send],
            "skipped": [
                {**_item_json(s.item), "reason": s.reason, "log_line": s.line} for s in self.skipped
            ],
            "held_back": self.held_back,
            "log": str(self.log),
        }


class SendResult(Struct):
    """What a run sent."""

    folder: Path
    sent: list[tuple[Outgoing, str]] = field(default_factory=list)  # with the server's reply
    skipped: int = 0
    held_back: int = 0

    def to_json(self) -> dict[str, Any]:
        """The result as plain data for ``--json``."""
        return {
            "folder": str(self.folder),
            "sent": [{**_item_json(item), "reply": reply} for item, reply in self.sent],
            "skipped": self.skipped,
            "held_back": self.held_back,
            "log": str(self.folder / LOG_NAME),
        }


def _item_json(item: Outgoing) -> dict[str, Any]:
    return {
        "file": item.name,
        "message_id": item.message_id,
        "from": item.sender,
        "recipients": list(item.recipients),
        "subject": item.subject,
    }


def _split(
    messages: tuple[Outgoing, ...], records: SentRecords, limit: int | None
) -> tuple[tuple[Outgoing, ...], tuple[Skipped, ...], int]:
    """(to send now, skipped as sent, held back by the limit)."""
    by_id = records.by_message_id()
    by_address = records.by_recipient()
    pending: list[Outgoing] = []
    skipped: list[Skipped] = []
    for item in messages:
        if item.message_id in by_id:
            skipped.append(Skipped(item, "sent", by_id[item.message_id].line))
            continue
        # The same address with another Message-ID: the letter was made again after it
        # went (merge --force); each recipient still gets one.
        earlier = next(
            (by_address[r.lower()] for r in item.recipients if r.lower() in by_address), None
        )
        if earlier is not None:
            skipped.append(Skipped(item, "address", earlier.line))
            continue
        pending.append(item)
    count = len(pending) if limit is None else min(limit, len(pending))
    return tuple(pending[:count]), tuple(skipped), len(pending) - count


def plan_send(folder: Path, *, limit: int | None = None) -> SendPlan:
    """Check every message of ``folder`` and say what a run would send.

    Args:
        folder: The folder of ``.eml`` files (and of ``sent.csv``).
        limit: Send at most this many (None: all that have not gone).

    Returns:
        The plan; nothing is sent or written.

    Raises:
        UsageError: the folder or its send log cannot be read.
        OutboxError: a message file has problems (all are listed).
    """
    messages = tuple(read_outbox(folder))
    to_send, skipped, held_back = _split(messages, read_log(folder), limit)
    return SendPlan(folder, messages, to_send, skipped, held_back, limit)


class _Pacer:
    """Keeps sends at least 60/rate seconds apart."""

    def __init__(self, rate: float | None, clock: Clock) -> None:
        self.interval = 60.0 / rate if rate else 0.0
        self.clock = clock
        self.last: float | None = None

    def wait(self) -> None:
        if self.last is not None and self.interval:
            delay = self.last + self.interval - self.clock.monotonic()
            if delay > 0:
                self.clock.sleep(delay)
        self.last = self.clock.monotonic()


def _deliver(
    courier: Courier,
    item: Outgoing,
    clock: Clock,
    retries: int,
    record: Callable[[str], None],
) -> None:
    """Send one message, trying again after temporary failures, and ``record`` the
    server's reply the moment it accepts it: Ctrl-C and ``kill`` wait for both."""
    data = restamp(item.read(), clock.now())
    for attempt in range(retries + 1):
        stop: list[int] = []
        failure: Temporary | None = None
        try:
            courier.open()
            with deferred_interrupts() as stop:
                record(courier.deliver(item, data))
        except Temporary as exc:
            failure = exc
        if stop:  # a signal held while the message went: stop, now that it is logged
            raise KeyboardInterrupt
        if failure is None:
            return
        if failure.reconnect:
            courier.drop()
        if attempt == retries:
            raise SendFailed(
                f"{item.name}: the server kept failing, {retries + 1} tries: {failure}",
                hint="run the same command again later",
            )
        clock.sleep(min(LONGEST_PAUSE, FIRST_PAUSE * 2**attempt))
    raise AssertionError("unreachable")  # pragma: no cover


def run_send(
    plan: SendPlan,
    *,
    settings: SmtpSettings,
    rate: float | None = None,
    retries: int = RETRIES,
    clock: Clock | None = None,
    progress: ProgressCallback | None = None,
) -> SendResult:
    """Send what ``plan`` holds, over one connection, logging each accepted message.

    Args:
        plan: From :func:`plan_send`; the log is read again under its lock.
        settings: The server and login.
        rate: At most this many messages a minute (None: as fast as the server takes).
        retries: Tries after a temporary failure, per message.
        clock: The clock to pace and pause with (tests pass their own).
        progress: Called after each accepted message.

    Returns:
        What was sent.

    Raises:
        SendFailed: the server cannot be reached, refused the login or a message, or
            kept failing; the message says how many went before (all are in the log).
        SendInterrupted: stopped by Ctrl-C or ``kill``, once the message under way
            was accepted and logged (or abandoned).
        LogBusy: another run is sending from the same folder.
    """
    clock = clock or SystemClock()
    result = SendResult(plan.folder)
    with SentLog(plan.folder) as log:
        to_send, skipped, held_back = _split(plan.messages, log.records, plan.limit)
        result.skipped, result.held_back = len(skipped), held_back
        if not to_send:
            return result
        courier = Courier(settings)
        pacer = _Pacer(rate, clock)
        try:
            for item in to_send:
                pacer.wait()

                def record(reply: str, item: Outgoing = item) -> None:
                    log.record(
                        file=item.name,
                        message_id=item.message_id,
                        recipients=item.recipients,
                        time=clock.now().isoformat(timespec="seconds"),
                        reply=reply,
                    )
                    result.sent.append((item, reply))

                _deliver(courier, item, clock, retries, record)
                if progress is not None:
                    progress(len(result.sent), len(to_send))
        except SendFailed as exc:
            raise _with_count(exc, result, log.path) from None
        except KeyboardInterrupt:
            count = len(result.sent)
            raise SendInterrupted(
                f"stopped after sending {count} message{'s' if count != 1 else ''}; "
                f"each is logged in {log.path}",
                hint="run the same command again to send the rest",
            ) from None
        finally:
            courier.close()
    return result


def _with_count(exc: SendFailed, result: SendResult, log: Path) -> SendFailed:
    """The error, saying how many went before it and where they are logged."""
    count = len(result.sent)
    before = f"{count} message{'s' if count != 1 else ''} sent before this, logged in {log}"
    hint = f"{exc.hint}; " if exc.hint else ""
    return SendFailed(
        f"{exc.message}\n{before}",
        hint=f"{hint}running send again sends only what has not gone",
    )
