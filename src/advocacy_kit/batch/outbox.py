"""The ``.eml`` files of a folder, read and checked before anything is sent (issue 15).

Every file is parsed and every address checked first, so a bad file stops the run before
the first message goes, with ``file:line`` for each problem.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from msgspec import Struct

from advocacy_kit.errors import AdvocacyKitError, UsageError
from advocacy_kit.output.eml import check_address

#: How many problems an error lists before saying how many more there are.
MAX_LISTED_PROBLEMS = 50

#: Headers that name who a message goes to.
RECIPIENT_HEADERS = ("To", "Cc")

_HEADER_NAME = re.compile(rb"^([!-9;-~]+)[ \t]*:")
_DATE_HEADER = re.compile(
    rb"^Date[ \t]*:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*", re.IGNORECASE | re.MULTILINE
)
_END_OF_HEADER = re.compile(rb"\r?\n\r?\n")
_MESSAGE_ID = re.compile(r"^<[^<>\s@]+@[^<>\s@]+>$")


class Problem(Struct, frozen=True):
    """One thing wrong with a message file, at a line of it when known."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class OutboxError(AdvocacyKitError):
    """Message files have problems; nothing was sent. Lists each as ``file:line: what``."""

    def __init__(self, folder: Path, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = [str(problem) for problem in self.problems[:MAX_LISTED_PROBLEMS]]
        if count > MAX_LISTED_PROBLEMS:
            lines.append(f"... and {count - MAX_LISTED_PROBLEMS} more problems")
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"{count} {noun} in the messages of {folder}, nothing was sent\n" + "\n".join(lines),
            hint="correct or remove those files (make them again with merge --format eml), "
            "then run send again",
        )


class Outgoing(Struct, frozen=True):
    """One message file, checked and ready to go."""

    path: Path
    name: str  # the file name, as sent.csv records it
    message_id: str
    sender: str  # the envelope sender: the From address
    recipients: tuple[str, ...]
    subject: str
    digest: str  # SHA-256 of the file as checked, so a file changed since is noticed

    def read(self) -> bytes:
        """The file's bytes, the same as when it was checked.

        Raises:
            UsageError: the file is gone or has changed since it was checked.
        """
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise UsageError(
                f"cannot read the message any more: {exc.strerror}",
                path=self.path,
                hint="leave the folder alone while send runs, then run it again",
            ) from None
        if hashlib.sha256(data).hexdigest() != self.digest:
            raise UsageError(
                "the message changed after it was checked",
                path=self.path,
                hint="leave the folder alone while send runs, then run it again",
            )
        return data


def message_files(folder: Path) -> list[Path]:
    """The ``.eml`` files of ``folder`` (not its sub-folders), in name order.

    Raises:
        UsageError: the folder does not exist.
    """
    if not folder.is_dir():
        raise UsageError(
            "the folder does not exist",
            path=folder,
            hint="name the folder merge --format eml wrote the messages to",
        )
    return sorted(
        (path for path in folder.iterdir() if path.suffix.lower() == ".eml" and path.is_file()),
        key=lambda path: path.name,
    )


def restamp(data: bytes, when: datetime) -> bytes:
    """The message with its Date header set to ``when``, the moment it is sent: merged
    files may wait days between ``merge`` and ``send``. The rest is left as it is."""
    import email.utils

    end = _END_OF_HEADER.search(data)
    split = end.start() if end else len(data)
    stamp = b"Date: " + email.utils.format_datetime(when).encode("ascii")
    head, count = _DATE_HEADER.subn(stamp, data[:split], count=1)
    return head + data[split:] if count else data


def header_lines(raw: bytes) -> dict[str, int]:
    """The line each header starts on in a message file, by lower-case name (first one)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            break
        match = _HEADER_NAME.match(line)
        if match:
            lines.setdefault(match.group(1).decode("ascii").lower(), number)
    return lines


def parse_message(raw: bytes, *, headers_only: bool = False) -> EmailMessage:
    """A message file's bytes as an :class:`EmailMessage` (modern header objects)."""
    parsed: Any = BytesParser(policy=policy.default).parsebytes(raw, headersonly=headers_only)
    message: EmailMessage = parsed
    return message


class _FileCheck:
    """Checks one message file and collects what is wrong with it."""

    def __init__(self, path: Path, raw: bytes) -> None:
        self.name = path.name
        self.raw = raw
        self.lines = header_lines(raw)
        self.problems: list[Problem] = []

    def problem(self, message: str, header: str | None = None) -> None:
        line = self.lines.get(header.lower()) if header else None
        self.problems.append(Problem(self.name, line, message))

    def addresses(self, values: list[str], header: str) -> list[str]:
        """The checked addresses of every ``header`` of the message (its raw values)."""
        found: list[str] = []
        for raw in values:
            # Parsed here, once: EmailMessage parses a header anew at every look-up. The
            # parser leaves UTF-8 bytes (RFC 6532: an address outside ASCII) undecoded.
            text = "".join(raw.splitlines()).encode("utf-8", "surrogateescape")
            value = policy.default.header_factory(header, text.decode("utf-8", "replace"))
            defects = list(getattr(value, "defects", ()))
            if defects:
                self.problem(f"{header} cannot be read: {defects[0]}", header)
                continue
            for address in getattr(value, "addresses", ()):
                try:
                    found.append(check_address(address.addr_spec, what=header))
                except UsageError as exc:
                    self.problem(exc.message, header)
        return found

    def check(self, message: EmailMessage) -> tuple[str, str, list[str]] | None:
        """(sender, Message-ID, recipients) when the file is fit to send, else None."""
        for defect in message.defects:
            # What a defect says is often empty or the raw line; its class says what it is.
            what = (type(defect).__doc__ or str(defect)).strip().rstrip(".")
            self.problem(f"the message is malformed: {what[:1].lower()}{what[1:]}")
        raw: dict[str, list[str]] = {}
        for name, value in message.raw_items():
            raw.setdefault(name.lower(), []).append(str(value))
        senders = self.addresses(raw.get("from", []), "From")
        if "from" not in raw:
            self.problem("the message has no From")
        elif len(senders) > 1:
            self.problem("there must be one From address, not several", "From")
        recipients = [
            r
            for header in RECIPIENT_HEADERS
            for r in self.addresses(raw.get(header.lower(), []), header)
        ]
        if not any(header.lower() in raw for header in RECIPIENT_HEADERS):
            self.problem("the message has no recipient (To)")
        elif not recipients and not self.problems:
            self.problem("the To header names no address", "To")
        if "bcc" in raw:
            self.problem("Bcc is not supported: put each recipient in a file of their own", "Bcc")
        message_id = "".join(raw.get("message-id", [""])[0].split())
        if not message_id:
            self.problem("the message has no Message-ID, which the send log needs")
        elif not _MESSAGE_ID.match(message_id):
            self.problem(
                f"the Message-ID {message_id!r} is not of the form <id@domain>", "Message-ID"
            )
        if not "".join(raw.get("subject", [""])[0].split()):
            self.problem("the message has no Subject", "Subject")
        if self.problems:
            return None
        return senders[0], message_id, recipients


def _read_one(path: Path) -> tuple[Outgoing | None, list[Problem], dict[str, int]]:
    """The message of one file, or what is wrong with it; and its header lines."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(path.name, None, f"cannot read the file: {exc.strerror}")], {}
    check = _FileCheck(path, raw)
    try:
        message = parse_message(raw, headers_only=True)
        checked = check.check(message)
    except Exception as exc:  # the email package raises many kinds on junk
        return None, [Problem(path.name, None, f"cannot be read as an e-mail: {exc}")], {}
    if checked is None:
        return None, check.problems, check.lines
    sender, message_id, recipients = checked
    outgoing = Outgoing(
        path=path,
        name=path.name,
        message_id=message_id,
        sender=sender,
        recipients=tuple(recipients),
        subject=str(message.get("Subject")),
        digest=hashlib.sha256(raw).hexdigest(),
    )
    return outgoing, [], check.lines


def _duplicates(messages: Iterable[Outgoing], lines: dict[str, dict[str, int]]) -> list[Problem]:
    """A Message-ID or a recipient in two files: each recipient gets one message."""
    problems: list[Problem] = []
    ids: dict[str, str] = {}
    owners: dict[str, str] = {}
    for item in messages:
        if item.message_id in ids:
            problems.append(
                Problem(
                    item.name,
                    lines[item.name].get("message-id"),
                    f"the same Message-ID as {ids[item.message_id]}",
                )
            )
        ids.setdefault(item.message_id, item.name)
        for recipient in item.recipients:
            key = recipient.lower()
            if key in owners and owners[key] != item.name:
                problems.append(
                    Problem(
                        item.name,
                        lines[item.name].get("to"),
                        f"{recipient} is also the recipient of {owners[key]}",
                    )
                )
            owners.setdefault(key, item.name)
    return problems


def read_outbox(folder: Path) -> list[Outgoing]:
    """Every ``.eml`` file of ``folder``, parsed and checked, in name order.

    Args:
        folder: The folder merge wrote the messages to.

    Returns:
        The messages, ready to send.

    Raises:
        UsageError: the folder does not exist or holds no ``.eml`` file.
        OutboxError: any file has a problem (all of them are listed).
    """
    files = message_files(folder)
    if not files:
        raise UsageError(
            "there is no .eml file in the folder",
            path=folder,
            hint="write the messages first: advocacy-kit merge --format eml --out FOLDER ...",
        )
    messages: list[Outgoing] = []
    problems: list[Problem] = []
    lines: dict[str, dict[str, int]] = {}
    for path in files:
        outgoing, found, lines[path.name] = _read_one(path)
        problems += found
        if outgoing is not None:
            messages.append(outgoing)
    problems += _duplicates(messages, lines)
    if problems:
        raise OutboxError(folder, problems)
    return messages


class Preview(Struct, frozen=True):
    """What a recipient would see of a message: its main headers, text and files."""

    headers: tuple[tuple[str, str], ...]
    text: str
    attachments: tuple[tuple[str, int], ...]  # file name and size in bytes


def preview(item: Outgoing) -> Preview:
    """The headers, plain text and attachments of a checked message, for a dry run."""
    message = parse_message(item.read())
    headers = tuple(
        (name, str(message.get(name)))
        for name in ("From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID")
        if message.get(name) is not None
    )
    body = message.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    files = tuple(
        (part.get_filename() or "(no name)", len(part.get_content()))
        for part in message.iter_attachments()
    )
    # An e-mail's lines end in CR LF on the wire; a terminal shows lines.
    lines = str(text).replace("\r\n", "\n")
    return Preview(headers=headers, text=lines, attachments=files)
