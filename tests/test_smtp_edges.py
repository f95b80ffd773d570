"""The mail server's rarer answers (issue 19): replies aiosmtpd never gives come from a
bare scripted server on 127.0.0.1, the others from the aiosmtpd server of mailserver.py."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from advocacy_kit.batch.send import SendResult, plan_send, run_send
from advocacy_kit.batch.sentlog import LOG_NAME
from advocacy_kit.batch.smtp import SendFailed, SmtpSettings
from advocacy_kit.errors import UsageError
from mailserver import Behaviour, FakeClock, StartServer, free_port, write_letters

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def local(port: int, **options: object) -> SmtpSettings:
    options.setdefault("security", "none")
    options.setdefault("timeout", 5.0)
    return SmtpSettings(host="127.0.0.1", port=port, **options)  # type: ignore[arg-type]


def send(folder: Path, settings: SmtpSettings, **options: object) -> SendResult:
    clock = options.pop("clock", None) or FakeClock()
    return run_send(plan_send(folder), settings=settings, clock=clock, **options)  # type: ignore[arg-type]


def failure(folder: Path, settings: SmtpSettings, **options: object) -> str:
    """What stopped a run that had to fail."""
    with pytest.raises(SendFailed) as caught:
        send(folder, settings, **options)
    return str(caught.value)


def logged(folder: Path) -> list[str]:
    return (folder / LOG_NAME).read_text(encoding="utf-8").splitlines()[1:]


class Scripted:
    """A bare SMTP server: a greeting, then each command answered from ``replies`` (by
    verb; ``.`` is the end of a message's data), "250 OK" otherwise. A reply "close"
    closes the connection instead, a greeting "close" at once."""

    def __init__(self, replies: dict[str, str], greeting: str = "220 scripted") -> None:
        self.replies = replies
        self.greeting = greeting
        self.commands: list[str] = []
        self.listener = socket.create_server(("127.0.0.1", free_port()))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            if self.greeting == "close":
                connection.close()
                continue
            with connection, connection.makefile("rb") as lines:
                self._talk(connection, lines)

    def _talk(self, connection: socket.socket, lines: object) -> None:
        connection.sendall(self.greeting.encode() + b"\r\n")
        in_data = False
        for line in lines:  # type: ignore[attr-defined]
            if in_data and line != b".\r\n":
                continue
            verb = "." if in_data else line.decode().strip().split(" ")[0].split(":")[0].upper()
            self.commands.append(verb)
            reply = self.replies.get(verb, "354 go on" if verb == "DATA" else "250 OK")
            if reply == "close":
                return
            in_data = verb == "DATA" and reply.startswith("354")
            connection.sendall(reply.encode() + b"\r\n")

    def stop(self) -> None:
        self.listener.close()


@pytest.fixture
def scripted() -> Iterator[type[Scripted]]:
    started: list[Scripted] = []

    class Started(Scripted):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            started.append(self)

    yield Started
    for server in started:
        server.stop()


def test_an_unknown_security_mode_or_a_blank_host_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown security 'tls'") as caught:
        SmtpSettings(host="smtp.example.org", security="tls")
    assert caught.value.hint == "use starttls (port 587), ssl (port 465) or none (a local relay)"
    with pytest.raises(UsageError, match="no mail server is set"):
        SmtpSettings(host="  ")


def test_a_server_that_offers_no_login_says_so(tmp_path: Path, smtp_server: StartServer) -> None:
    server = smtp_server(auth_require_tls=True)  # AUTH only after STARTTLS, which it lacks
    write_letters(tmp_path, 1)
    with pytest.raises(SendFailed) as caught:
        send(tmp_path, local(server.port, user="amina", password="pw"))
    assert str(caught.value).startswith(
        f"127.0.0.1:{server.port} does not offer a login on this connection\n"
    )
    assert "most servers offer it only over TLS" in (caught.value.hint or "")
    assert server.handler.received == []


def test_a_server_that_stops_listening_after_a_drop_is_tried_again_then_given_up(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    def stop_listening(count: int) -> None:
        if count == 1:
            server.controller.server.close()  # open connections go on, new ones are refused

    server = smtp_server(Behaviour(drop_after=1, on_mail=stop_listening))
    write_letters(tmp_path, 2)
    clock = FakeClock()
    assert failure(tmp_path, local(server.port), clock=clock, retries=2).startswith(
        "letter-0002.eml: the server kept failing, 3 tries: cannot connect to "
        f"127.0.0.1:{server.port}: connection refused\n1 message sent before this"
    )
    assert clock.sleeps == [5.0, 10.0]
    assert [line.split(",")[0] for line in logged(tmp_path)] == ["letter-0001.eml"]


@pytest.mark.parametrize(
    ("greeting", "said"),
    [
        ("554 no mail from you", "turned the connection away: 554 no mail from you"),
        ("close", "cannot talk to 127.0.0.1:{port}: Connection unexpectedly closed"),
    ],
)
def test_a_connection_that_fails_at_the_greeting_says_how(
    tmp_path: Path, scripted: type[Scripted], greeting: str, said: str
) -> None:
    server = scripted({}, greeting=greeting)
    write_letters(tmp_path, 1)
    with pytest.raises(SendFailed) as caught:
        send(tmp_path, local(server.port, user="amina", password="pw"))
    assert said.format(port=server.port) in str(caught.value)
    assert caught.value.hint is not None and "check --host and --port" in caught.value.hint


def test_a_server_that_never_takes_the_connection_did_not_answer_in_time(tmp_path: Path) -> None:
    # A listening socket whose queue is full: the system lets no more connections in.
    with socket.create_server(("127.0.0.1", 0), backlog=0) as full, ExitStack() as waiting:
        port = full.getsockname()[1]
        for _ in range(8):  # fill the queue, however long this system makes it
            probe = waiting.enter_context(socket.socket())
            probe.settimeout(0.3)
            try:
                probe.connect(("127.0.0.1", port))
            except TimeoutError:
                break
        write_letters(tmp_path, 1)
        message = failure(tmp_path, local(port, timeout=0.5))
    assert message.startswith(f"127.0.0.1:{port} did not answer in time\n")


def test_a_server_that_never_greets_did_not_answer_in_time(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = silent.getsockname()[1]
        write_letters(tmp_path, 1)
        message = failure(tmp_path, local(port, timeout=0.5))
    assert message.startswith(f"127.0.0.1:{port} did not answer in time\n")


def test_a_host_the_system_cannot_find_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_such_host(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # the DNS answer, offline
    write_letters(tmp_path, 1)
    with pytest.raises(SendFailed, match=r"cannot find the mail server 'smtp\.example\.invalid'"):
        send(tmp_path, SmtpSettings(host="smtp.example.invalid", security="none"))


def test_a_data_command_refused_outright_is_a_refusal(
    tmp_path: Path, scripted: type[Scripted]
) -> None:
    server = scripted({"DATA": "554 no data today"})
    write_letters(tmp_path, 1)
    assert failure(tmp_path, local(server.port)).startswith(
        "letter-0001.eml: the server refused the message: 554 no data today\n"
    )
    assert server.commands[-3:] == ["DATA", "RSET", "QUIT"]


def test_a_data_command_answered_out_of_turn_is_tried_again_then_given_up(
    tmp_path: Path, scripted: type[Scripted]
) -> None:
    server = scripted({"DATA": "250 fine"})  # not 354: smtplib sends no data
    write_letters(tmp_path, 1)
    assert failure(tmp_path, local(server.port), retries=1).startswith(
        "letter-0001.eml: the server kept failing, 2 tries: the message: the server "
        "answered 250 fine, not 354\n"
    )
    assert not (tmp_path / LOG_NAME).read_text(encoding="utf-8").count("letter")


def test_a_reply_421_drops_the_connection_and_tries_again(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server(Behaviour(refuse={"official1@example.org": "421 closing down"}))
    write_letters(tmp_path, 1)
    clock = FakeClock()
    assert failure(tmp_path, local(server.port), clock=clock, retries=1).startswith(
        "letter-0001.eml: the server kept failing, 2 tries: the recipient "
        "official1@example.org: 421 closing down"
    )
    assert (server.handler.connections, clock.sleeps) == (2, [5.0])


def test_a_connection_lost_while_abandoning_a_refused_message_still_reports_the_refusal(
    tmp_path: Path, scripted: type[Scripted]
) -> None:
    server = scripted({"RCPT": "550 unknown user", "RSET": "close"})
    write_letters(tmp_path, 1)
    assert failure(tmp_path, local(server.port)).startswith(
        "letter-0001.eml: the server refused the recipient official1@example.org: "
        "550 unknown user\n"
    )
    assert server.commands.count("RSET") == 1 and "QUIT" not in server.commands


def test_a_server_gone_before_goodbye_leaves_the_batch_sent(
    tmp_path: Path, scripted: type[Scripted]
) -> None:
    server = scripted({".": "250 queued", "QUIT": "close"})
    write_letters(tmp_path, 2)
    result = send(tmp_path, local(server.port))
    assert [reply for _, reply in result.sent] == ["250 queued", "250 queued"]
    assert len(logged(tmp_path)) == 2 and server.commands[-1] == "QUIT"


def test_a_timeout_in_the_middle_of_a_message_is_a_temporary_failure(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    go_on = threading.Event()
    server = smtp_server(Behaviour(on_mail=lambda count: go_on.wait(10) and None))
    write_letters(tmp_path, 1)
    try:
        with pytest.raises(SendFailed) as caught:
            send(tmp_path, local(server.port, timeout=0.5), retries=0)
    finally:
        go_on.set()
    assert str(caught.value).startswith(
        "letter-0001.eml: the server kept failing, 1 tries: the server did not answer in time"
    )


def _international(folder: Path, body: bytes) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "jozef.eml").write_bytes(
        b"From: amina@example.org\r\nTo: J\xc3\xb3zef <jozef@ex\xc3\xa4mple.org>\r\n"
        b"Subject: Invest\r\nMessage-ID: <1@example.org>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
        b"\r\n" + body + b"\r\n"
    )


def test_an_accented_domain_goes_in_its_ascii_form_to_any_server(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    """A message file written by hand with a UTF-8 domain: the envelope gives the
    domain's ASCII form, which a server without SMTPUTF8 takes; the body goes as 8 bits."""
    _international(tmp_path / "a", "Zażółć".encode())
    plain = smtp_server(enable_SMTPUTF8=False)
    send(tmp_path / "a", local(plain.port))
    [received] = plain.handler.received
    assert received.rcpt_tos == ["jozef@xn--exmple-cua.org"]
    assert received.mail_options == ["BODY=8BITMIME"]
    assert "Zażółć".encode() in received.data
