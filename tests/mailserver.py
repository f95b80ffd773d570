"""A real SMTP server for the tests of ``send``: aiosmtpd on 127.0.0.1 (issue 15).

The handler keeps every message it accepts, and can be told to misbehave the way real
servers do: drop the connection, answer 4xx for a while, refuse an address, or call a
hook (the SIGKILL test kills the sending process from it).
"""

from __future__ import annotations

import email
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from advocacy_kit.output.eml import Attachment, Mailbox, build_email, eml_bytes


@dataclass
class Received:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    tls: bool
    mail_options: list[str] = field(default_factory=list)  # SMTPUTF8, BODY=8BITMIME...

    @property
    def message(self) -> EmailMessage:
        parsed: Any = email.message_from_bytes(self.data, policy=policy.default)
        return parsed  # type: ignore[no-any-return]


@dataclass
class Behaviour:
    """How the server misbehaves; counts are of messages accepted so far."""

    drop_after: int | None = None  # drop the connection at MAIL once this many arrived
    drops: int = 1  # how many times
    temporary_data: list[str] = field(default_factory=list)  # 4xx replies to DATA, in turn
    refuse: dict[str, str] = field(default_factory=dict)  # address -> reply to RCPT
    on_mail: Callable[[int], None] | None = None  # called at MAIL with the count so far
    on_data: Callable[[int], bool] | None = None  # at DATA; False: do not keep it
    after_data: Callable[[int], None] | None = None  # kept, before the reply goes


class Handler:
    """An aiosmtpd handler that stores what it accepts."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.received: list[Received] = []
        self.connections = 0
        self.lock = threading.Lock()

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        b = self.behaviour
        if b.on_mail is not None:
            b.on_mail(len(self.received))
        if b.drop_after is not None and len(self.received) >= b.drop_after and b.drops > 0:
            b.drops -= 1
            server.transport.abort()  # no reply at all, as when a server goes away
            return "421 gone"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.behaviour.refuse:
            return self.behaviour.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        b = self.behaviour
        if b.temporary_data:
            return b.temporary_data.pop(0)
        if b.on_data is not None and not b.on_data(len(self.received)):
            return "451 not kept"
        with self.lock:
            self.received.append(
                Received(
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    envelope.original_content,
                    session.ssl is not None,
                    list(envelope.mail_options),
                )
            )
            number = len(self.received)
        if b.after_data is not None:
            b.after_data(number)
        return f"250 OK queued as {number}"

    def recipients(self) -> list[str]:
        """Every recipient of every accepted message, in order."""
        return [r for item in self.received for r in item.rcpt_tos]


class _CountingController(Controller):  # type: ignore[misc]
    """A controller that counts the connections made to it."""

    def factory(self) -> Any:
        with self.handler.lock:
            self.handler.connections += 1
        return super().factory()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def password_checker(user: str, password: str) -> Callable[..., AuthResult]:
    """An aiosmtpd authenticator that accepts one user name and password."""

    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == user
            and data.password.decode() == password
        )
        # handled=False: the server answers 535 itself (True would leave the client waiting).
        return AuthResult(success=ok, handled=False)

    return check


@dataclass
class Server:
    """A running server: where it listens and what it received."""

    port: int
    handler: Handler
    controller: Controller


StartServer = Callable[..., Server]


@pytest.fixture
def smtp_server() -> Iterator[StartServer]:
    """Start aiosmtpd servers on 127.0.0.1 (as many as a test asks), stopped at the end.

    Call it with a :class:`Behaviour` and aiosmtpd's own keyword arguments
    (``auth_required``, ``authenticator``, ``tls_context``, ``require_starttls``...).
    """
    started: list[Controller] = []

    def start(behaviour: Behaviour | None = None, **options: Any) -> Server:
        handler = Handler(behaviour or Behaviour())
        options.setdefault("auth_require_tls", False)
        controller = _CountingController(
            handler, hostname="127.0.0.1", port=free_port(), ready_timeout=10, **options
        )
        controller.start()
        handler.connections = 0  # the controller's own check that the server is up
        started.append(controller)
        return Server(controller.port, handler, controller)

    yield start
    for controller in started:
        controller.stop()


class FakeClock:
    """A clock the test moves: sleeping moves it on at once and is recorded."""

    def __init__(self) -> None:
        self.time = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.time += seconds

    def now(self) -> datetime:
        return datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc) + timedelta(seconds=self.time)


SENDER = Mailbox("amina@example.org", "Amina Diallo")


def letter_text(number: int) -> str:
    return (
        f"Dear Official {number},\n\nThe social service workforce protects children and "
        "families. Please invest in it.\n\nYours sincerely,\nAmina Diallo\n"
    )


def write_letters(
    folder: Path, count: int, *, attach: bool = False, first: int = 1
) -> list[EmailMessage]:
    """``count`` letters to official1@example.org... as ``.eml`` files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(first, first + count):
        text = letter_text(number)
        message = build_email(
            sender=SENDER,
            reply_to=Mailbox("replies@example.org"),
            to=[Mailbox(f"official{number}@example.org", f"Official {number}")],
            subject=f"Invest in the social service workforce ({number})",
            text=text,
            html="<p>" + text.replace("\n\n", "</p><p>") + "</p>",
            attachments=[Attachment(f"letter-{number}.pdf", b"%PDF-1.7 letter", "pdf")]
            if attach
            else [],
        )
        (folder / f"letter-{number:04d}.eml").write_bytes(eml_bytes(message))
        made.append(message)
    return made
