"""``sent.csv``: the log of every message a mail server accepted, so none goes twice.

A line is appended, flushed and synced to disk the moment the server accepts a message,
before the next one is sent. A later run skips every Message-ID (and every address) the
log holds. The log is locked while a run sends, so two runs in one folder cannot both
send (issue 15).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from pathlib import Path
from types import TracebackType

from msgspec import Struct

from advocacy_kit.batch.manifest import neutralise_cell
from advocacy_kit.errors import AdvocacyKitError, ExitCode, UsageError

#: The log's file name, in the folder of the messages.
LOG_NAME = "sent.csv"

#: Its columns, in order; the first line of the file names them.
COLUMNS = ("file", "message_id", "recipient", "time", "reply")


class LogBusy(AdvocacyKitError):
    """Another run is sending from the same folder."""

    exit_code = ExitCode.WANTING


class Logged(Struct, frozen=True):
    """One accepted message, as the log records it."""

    line: int
    file: str
    message_id: str
    recipients: tuple[str, ...]
    time: str
    reply: str


class SentRecords(Struct, frozen=True):
    """What the log of a folder says was sent."""

    path: Path
    entries: tuple[Logged, ...]
    torn_line: int | None = None  # a last line cut short (a crash while writing it)

    def by_message_id(self) -> dict[str, Logged]:
        """The entries by Message-ID."""
        return {entry.message_id: entry for entry in self.entries}

    def by_recipient(self) -> dict[str, Logged]:
        """The entries by recipient address, in lower case."""
        return {
            recipient.lower(): entry for entry in self.entries for recipient in entry.recipients
        }


def read_log(folder: Path) -> SentRecords:
    """What the ``sent.csv`` of ``folder`` records (nothing when there is none).

    Raises:
        UsageError: the log cannot be read or is not a send log; ``file:line``.
    """
    path = folder / LOG_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return SentRecords(path, ())
    except OSError as exc:
        raise UsageError(
            f"cannot read the send log: {exc.strerror}", path=path, hint="check its permissions"
        ) from None
    torn = None
    if raw and not raw.endswith(b"\n"):
        # A crash in the middle of appending: that message is treated as not logged.
        torn = raw.count(b"\n") + 1
        raw = raw[: raw.rfind(b"\n") + 1]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UsageError(
            "the send log is not UTF-8 text",
            path=path,
            line=line,
            hint="restore it from a backup; never edit it in a spreadsheet",
        ) from None
    return SentRecords(path, tuple(_entries(path, text)), torn)


def _entries(path: Path, text: str) -> list[Logged]:
    reader = csv.reader(io.StringIO(text, newline=""))
    entries: list[Logged] = []
    for row in reader:
        line = reader.line_num
        if line == 1:
            if tuple(row) != COLUMNS:
                raise UsageError(
                    f"this is not a send log: its first line should be {','.join(COLUMNS)}",
                    path=path,
                    line=1,
                    hint=f"move the file away: send keeps its log in {LOG_NAME}",
                )
            continue
        if not row:
            continue
        if len(row) != len(COLUMNS) or not row[1]:
            raise UsageError(
                f"the send log has a line of {len(row)} fields, not {len(COLUMNS)}",
                path=path,
                line=line,
                hint="restore the line as it was; the log is how send knows what went",
            )
        file, message_id, recipients, time, reply = (_cell(value) for value in row)
        entries.append(Logged(line, file, message_id, tuple(recipients.split(", ")), time, reply))
    return entries


def csv_line(values: tuple[str, ...]) -> bytes:
    """One CSV record, ended by a newline, as UTF-8; a cell a spreadsheet would run as a
    formula gets a ``'`` in front, as in merge's manifest."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerow([neutralise_cell(v) for v in values])
    return buffer.getvalue().encode("utf-8")


def _cell(value: str) -> str:
    """A cell as it was before :func:`csv_line` neutralised it."""
    return value[1:] if value[:1] == "'" and neutralise_cell(value[1:]) == value else value


class SentLog:
    """The log of a folder, open to append while a run sends, locked against a second run.

    Use as a context manager: ``with SentLog(folder) as log: ...``.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOG_NAME
        self._fd: int | None = None
        self.records = SentRecords(self.path, ())

    def __enter__(self) -> SentLog:
        new = not self.path.exists()
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise UsageError(
                f"cannot write the send log: {exc.strerror}",
                path=self.path,
                hint="send needs to write sent.csv in the folder of the messages",
            ) from None
        try:
            self._lock()
            # Read under the lock: what another run sent before it ended counts too.
            self.records = read_log(self.path.parent)
            if new or os.fstat(self._fd).st_size == 0:
                self._append(csv_line(COLUMNS))
                _sync_folder(self.path.parent)  # so the new file's name survives a power cut
            elif self.records.torn_line is not None:
                # Drop the half line a crash left: it records nothing (its message goes
                # again), and the next record must start on a line of its own.
                size = self.path.read_bytes().rfind(b"\n") + 1
                os.ftruncate(self._fd, size)
                os.fsync(self._fd)
        except BaseException:
            self.close()
            raise
        return self

    def _lock(self) -> None:
        assert self._fd is not None
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; one run at a time is on the user
            return
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LogBusy(
                "another send is running from this folder",
                path=self.path,
                hint="wait for it to end; two runs at once could send a message twice",
            ) from None

    def _append(self, data: bytes) -> None:
        assert self._fd is not None
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]
        os.fsync(self._fd)

    def record(
        self, *, file: str, message_id: str, recipients: tuple[str, ...], time: str, reply: str
    ) -> None:
        """Append one accepted message and sync it to disk before returning."""
        self._append(csv_line((file, message_id, ", ".join(recipients), time, reply)))

    def close(self) -> None:
        """Close the log (and so release the lock)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _sync_folder(folder: Path) -> None:
    """Sync a folder's entries to disk, where the system allows it."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
