"""Sending a folder of e-mails (issue 15), against a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest
import trustme

from advocacy_kit.batch.outbox import OutboxError
from advocacy_kit.batch.send import SendPlan, SendResult, plan_send, run_send
from advocacy_kit.batch.sentlog import LOG_NAME, LogBusy, SentLog
from advocacy_kit.batch.smtp import SendFailed, SmtpSettings
from advocacy_kit.errors import ExitCode, UsageError
from mailserver import (
    Behaviour,
    FakeClock,
    StartServer,
    password_checker,
    write_letters,
)

# Logging in over plain SMTP is what these tests do on 127.0.0.1, and aiosmtpd warns.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def local(port: int, **options: object) -> SmtpSettings:
    """Settings for the test server: plain SMTP on loopback unless told otherwise."""
    options.setdefault("security", "none")
    options.setdefault("timeout", 10.0)  # a hang fails fast instead of in a minute
    return SmtpSettings(host="127.0.0.1", port=port, **options)  # type: ignore[arg-type]


def send(
    folder: Path, settings: SmtpSettings, *, clock: FakeClock | None = None, **options: object
) -> SendResult:
    limit = options.pop("limit", None)
    plan = plan_send(folder, limit=limit)  # type: ignore[arg-type]
    return run_send(plan, settings=settings, clock=clock or FakeClock(), **options)  # type: ignore[arg-type]


def log_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / LOG_NAME).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_message_arrives_whole_and_is_logged(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server()
    made = write_letters(tmp_path / "out", 3, attach=True)
    result = send(tmp_path / "out", local(server.port))
    assert [item.name for item, _ in result.sent] == [
        "letter-0001.eml",
        "letter-0002.eml",
        "letter-0003.eml",
    ]
    assert server.handler.connections == 1  # one connection for the batch
    received = server.handler.received
    assert [r.rcpt_tos for r in received] == [[f"official{n}@example.org"] for n in (1, 2, 3)]
    assert {r.mail_from for r in received} == {"amina@example.org"}
    for original, arrived in zip(made, received, strict=True):
        back = arrived.message
        for name in ("From", "To", "Reply-To", "Subject", "Message-ID"):
            assert str(back[name]) == str(original[name])
        assert str(back["Date"]) == "Sun, 01 Nov 2026 09:16:40 +0000"  # when it went
        plain = back.get_body(preferencelist=("plain",))
        html = back.get_body(preferencelist=("html",))
        assert plain is not None and html is not None
        assert "Please invest in it." in plain.get_content()
        assert "<p>The social service workforce protects" in html.get_content()
        [pdf] = list(back.iter_attachments())
        assert pdf.get_content() == b"%PDF-1.7 letter"
    rows = log_rows(tmp_path / "out")
    assert [(r["file"], r["message_id"], r["recipient"]) for r in rows] == [
        (f"letter-000{n}.eml", str(made[n - 1]["Message-ID"]), f"official{n}@example.org")
        for n in (1, 2, 3)
    ]
    assert [r["reply"] for r in rows] == [f"250 OK queued as {n}" for n in (1, 2, 3)]
    assert rows[0]["time"].startswith("2026-11-01T09:16:40")  # from the clock given


def test_a_rerun_sends_nothing_new(tmp_path: Path, smtp_server: StartServer) -> None:
    server = smtp_server()
    write_letters(tmp_path, 2)
    send(tmp_path, local(server.port))
    plan = plan_send(tmp_path)
    assert (len(plan.to_send), len(plan.skipped)) == (0, 2)
    again = send(tmp_path, local(server.port))
    assert (again.sent, again.skipped) == ([], 2)
    assert len(server.handler.received) == 2
    assert len(log_rows(tmp_path)) == 2


def test_limit_sends_the_first_ones_and_a_rerun_the_rest(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server()
    write_letters(tmp_path, 5)
    first = send(tmp_path, local(server.port), limit=2)
    assert (len(first.sent), first.held_back) == (2, 3)
    send(tmp_path, local(server.port))
    assert server.handler.recipients() == [f"official{n}@example.org" for n in range(1, 6)]


def test_a_letter_made_again_is_not_sent_again_to_the_same_address(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server()
    write_letters(tmp_path, 2)
    send(tmp_path, local(server.port))
    write_letters(tmp_path, 3)  # made again: new Message-IDs, one new recipient
    plan = plan_send(tmp_path)
    assert [(s.item.name, s.reason, s.line) for s in plan.skipped] == [
        ("letter-0001.eml", "address", 2),
        ("letter-0002.eml", "address", 3),
    ]
    send(tmp_path, local(server.port))
    assert server.handler.recipients() == [f"official{n}@example.org" for n in (1, 2, 3)]


def test_a_server_that_drops_the_connection_then_recovers_gets_each_once(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server(Behaviour(drop_after=2, drops=2))
    write_letters(tmp_path, 5)
    clock = FakeClock()
    result = send(tmp_path, local(server.port), clock=clock)
    assert len(result.sent) == 5
    assert server.handler.recipients() == [f"official{n}@example.org" for n in range(1, 6)]
    assert server.handler.connections == 3  # two drops, two reconnections
    assert clock.sleeps == [5.0, 10.0]  # backing off before each new try


def test_temporary_refusals_are_tried_again_with_growing_pauses(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server(Behaviour(temporary_data=["451 busy", "452 full"]))
    write_letters(tmp_path, 2)
    clock = FakeClock()
    send(tmp_path, local(server.port), clock=clock)
    assert server.handler.recipients() == ["official1@example.org", "official2@example.org"]
    assert clock.sleeps == [5.0, 10.0]


def test_a_server_that_keeps_failing_is_given_up_on_and_the_log_says_what_went(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server(Behaviour(drop_after=1, drops=100))
    write_letters(tmp_path, 3)
    clock = FakeClock()
    with pytest.raises(SendFailed) as caught:
        send(tmp_path, local(server.port), clock=clock, retries=3)
    assert caught.value.exit_code == ExitCode.WANTING
    assert str(caught.value).startswith(
        "letter-0002.eml: the server kept failing, 4 tries: the server closed the connection"
    )
    assert f"1 message sent before this, logged in {tmp_path / LOG_NAME}" in str(caught.value)
    assert clock.sleeps == [5.0, 10.0, 20.0]  # bounded: three pauses, four tries
    assert [r["recipient"] for r in log_rows(tmp_path)] == ["official1@example.org"]


def test_a_refused_recipient_stops_the_run_with_what_to_do(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server(Behaviour(refuse={"official2@example.org": "550 no such user here"}))
    write_letters(tmp_path, 3)
    with pytest.raises(SendFailed) as caught:
        send(tmp_path, local(server.port))
    assert str(caught.value) == (
        "letter-0002.eml: the server refused the recipient official2@example.org: "
        "550 no such user here\n"
        f"1 message sent before this, logged in {tmp_path / LOG_NAME}\n"
        "hint: correct or remove that message file and run send again; what was sent is in "
        "sent.csv and will not go twice. Servers often refuse a From address that is not "
        "your account's; running send again sends only what has not gone"
    )
    assert server.handler.recipients() == ["official1@example.org"]
    assert [r["file"] for r in log_rows(tmp_path)] == ["letter-0001.eml"]


def test_a_login_is_made_when_the_server_requires_one(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server(
        auth_required=True, authenticator=password_checker("amina", "app-password")
    )
    write_letters(tmp_path, 2)
    send(tmp_path, local(server.port, user="amina", password="app-password"))
    assert len(server.handler.received) == 2


def test_a_wrong_password_is_a_clear_error(tmp_path: Path, smtp_server: StartServer) -> None:
    server = smtp_server(auth_required=True, authenticator=password_checker("amina", "right"))
    write_letters(tmp_path, 1)
    with pytest.raises(SendFailed) as caught:
        send(tmp_path, local(server.port, user="amina", password="wrong"))
    message = str(caught.value)
    assert f"127.0.0.1:{server.port} refused the user name or password: 535" in message
    assert "app password" in message
    assert "wrong" not in message.replace("wrong", "", 0) or "password: wrong" not in message
    assert server.handler.received == []
    assert log_rows(tmp_path) == []


def test_no_login_where_one_is_required_says_to_give_the_user(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server(auth_required=True, authenticator=password_checker("amina", "right"))
    write_letters(tmp_path, 1)
    with pytest.raises(SendFailed, match=r"(?s)refused the sender.*530.*pass --user"):
        send(tmp_path, local(server.port))


@pytest.fixture(scope="module")
def certificate_authority() -> trustme.CA:
    return trustme.CA()


def _tls_server(smtp_server: StartServer, ca: trustme.CA) -> tuple[int, object]:
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    server = smtp_server(
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        auth_require_tls=True,
        authenticator=password_checker("amina", "secret"),
    )
    return server.port, server


def test_starttls_with_a_certificate_the_test_made(
    tmp_path: Path, smtp_server: StartServer, certificate_authority: trustme.CA
) -> None:
    import ssl

    port, server = _tls_server(smtp_server, certificate_authority)
    client = ssl.create_default_context()
    certificate_authority.configure_trust(client)
    write_letters(tmp_path, 2)
    settings = SmtpSettings(
        host="127.0.0.1",
        port=port,
        security="starttls",
        user="amina",
        password="secret",
        ssl_context=client,
    )
    send(tmp_path, settings)
    assert [r.tls for r in server.handler.received] == [True, True]  # type: ignore[attr-defined]


def test_a_certificate_that_cannot_be_trusted_stops_before_the_password_goes(
    tmp_path: Path, smtp_server: StartServer, certificate_authority: trustme.CA
) -> None:
    port, server = _tls_server(smtp_server, certificate_authority)
    write_letters(tmp_path, 1)
    settings = SmtpSettings(
        host="127.0.0.1", port=port, security="starttls", user="amina", password="secret"
    )
    with pytest.raises(SendFailed, match=r"TLS failed: the certificate of 127\.0\.0\.1:\d+ cannot"):
        send(tmp_path, settings)
    assert server.handler.received == []  # type: ignore[attr-defined]


def test_ssl_on_a_plain_port_is_a_tls_failure(tmp_path: Path, smtp_server: StartServer) -> None:
    server = smtp_server()
    write_letters(tmp_path, 1)
    with pytest.raises(SendFailed, match=r"TLS failed with 127\.0\.0\.1"):
        send(tmp_path, local(server.port, security="ssl"))


def test_starttls_where_the_server_offers_none(tmp_path: Path, smtp_server: StartServer) -> None:
    server = smtp_server()
    write_letters(tmp_path, 1)
    with pytest.raises(SendFailed, match="does not offer STARTTLS"):
        send(tmp_path, local(server.port, security="starttls"))


def test_nothing_listening_is_connection_refused(tmp_path: Path) -> None:
    from mailserver import free_port

    write_letters(tmp_path, 1)
    port = free_port()
    with pytest.raises(SendFailed) as caught:
        send(tmp_path, local(port))
    assert str(caught.value).startswith(f"cannot connect to 127.0.0.1:{port}: connection refused")
    assert log_rows(tmp_path) == []


def test_a_password_is_never_sent_unencrypted_over_the_network(tmp_path: Path) -> None:
    write_letters(tmp_path, 1)
    settings = SmtpSettings(
        host="smtp.example.org", security="none", user="amina", password="s3cret-pw"
    )
    with pytest.raises(UsageError, match="unencrypted"):
        send(tmp_path, settings)
    assert "s3cret-pw" not in repr(settings)


def test_the_rate_is_honoured_on_the_clock(tmp_path: Path, smtp_server: StartServer) -> None:
    server = smtp_server()
    write_letters(tmp_path, 4)
    clock = FakeClock()
    times: list[float] = []
    send(
        tmp_path,
        local(server.port),
        clock=clock,
        rate=30,
        progress=lambda done, total: times.append(clock.monotonic()),
    )
    assert clock.sleeps == [2.0, 2.0, 2.0]  # 30 a minute: one every 2 seconds
    assert [b - a for a, b in itertools.pairwise(times)] == [2.0, 2.0, 2.0]
    assert len(server.handler.received) == 4


def test_every_file_is_checked_before_anything_is_sent(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server()
    write_letters(tmp_path, 2)
    good = (tmp_path / "letter-0001.eml").read_bytes()
    (tmp_path / "b-bad-to.eml").write_bytes(
        good.replace(b"To: Official 1 <official1@example.org>", b"To: official1@example")
    )
    (tmp_path / "c-no-id.eml").write_bytes(
        b"\r\n".join(line for line in good.split(b"\r\n") if not line.startswith(b"Message-ID"))
    )
    (tmp_path / "d-bcc.eml").write_bytes(b"Bcc: x@example.org\r\n" + good)
    (tmp_path / "e-copy.eml").write_bytes(good)
    with pytest.raises(OutboxError) as caught:
        send(tmp_path, local(server.port))
    lines = str(caught.value).splitlines()
    assert lines[0] == f"5 problems in the messages of {tmp_path}, nothing was sent"
    assert lines[1:] == [
        "b-bad-to.eml:2: To 'official1@example' is not a valid e-mail address: The part after "
        "the @-sign is not valid. It should have a period.",
        "c-no-id.eml: the message has no Message-ID, which the send log needs",
        "d-bcc.eml:1: Bcc is not supported: put each recipient in a file of their own",
        "letter-0001.eml:6: the same Message-ID as e-copy.eml",
        "letter-0001.eml:2: official1@example.org is also the recipient of e-copy.eml",
        "hint: correct or remove those files (make them again with merge --format eml), then "
        "run send again",
    ]
    assert caught.value.exit_code == ExitCode.BAD_INPUT
    assert server.handler.received == []
    assert not (tmp_path / LOG_NAME).exists()


def test_a_log_cut_short_by_a_crash_is_read_and_mended(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server()
    write_letters(tmp_path, 3)
    send(tmp_path, local(server.port), limit=1)
    log = tmp_path / LOG_NAME
    log.write_bytes(log.read_bytes() + b"letter-0002.eml,<half")  # torn last line
    plan = plan_send(tmp_path)
    assert [item.name for item in plan.to_send] == ["letter-0002.eml", "letter-0003.eml"]
    send(tmp_path, local(server.port))
    assert [r["file"] for r in log_rows(tmp_path)] == [
        "letter-0001.eml",
        "letter-0002.eml",
        "letter-0003.eml",
    ]


def test_a_log_that_is_not_one_is_an_error_with_its_line(tmp_path: Path) -> None:
    write_letters(tmp_path, 1)
    (tmp_path / LOG_NAME).write_text("name,email\nJane,jane@example.org\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        plan_send(tmp_path)
    assert caught.value.location == f"{tmp_path / LOG_NAME}:1"
    assert "not a send log" in caught.value.message


def test_two_runs_in_one_folder_cannot_both_send(tmp_path: Path) -> None:
    write_letters(tmp_path, 1)
    with SentLog(tmp_path), pytest.raises(LogBusy, match="another send is running"):
        SentLog(tmp_path).__enter__()


def test_the_plan_as_json_names_what_would_go(tmp_path: Path) -> None:
    write_letters(tmp_path, 2)
    plan: SendPlan = plan_send(tmp_path, limit=1)
    data = plan.to_json()
    assert [m["recipients"] for m in data["to_send"]] == [["official1@example.org"]]
    assert (data["messages"], data["held_back"], data["skipped"]) == (2, 1, [])


def test_a_log_cell_a_spreadsheet_would_run_is_neutralised_and_read_back(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    from advocacy_kit.output.eml import Mailbox, build_email, eml_bytes

    server = smtp_server()
    message = build_email(
        sender=Mailbox("amina@example.org"),
        to=[Mailbox("=1+1@example.org")],
        subject="S",
        text="T",
    )
    (tmp_path / "=formula.eml").write_bytes(eml_bytes(message))
    send(tmp_path, local(server.port))
    row = (tmp_path / LOG_NAME).read_text(encoding="utf-8").splitlines()[1]
    assert row.startswith("'=formula.eml,<") and ",'=1+1@example.org," in row
    plan = plan_send(tmp_path)
    assert [(s.item.name, s.reason) for s in plan.skipped] == [("=formula.eml", "sent")]
    assert plan.to_send == ()


@pytest.mark.parametrize("newline", [b"\r\n", b"\n"])
def test_the_date_is_set_to_when_the_message_goes_and_nothing_else_changes(
    newline: bytes,
) -> None:
    from datetime import datetime, timezone

    from advocacy_kit.batch.outbox import restamp

    lines = [b"From: a@example.org", b"Date: Mon, 2 Nov 2026", b"  09:00:00 +0000", b"X: y"]
    lines += [b"", b"Date: in the body stays", b""]
    data = newline.join(lines)
    when = datetime(2026, 11, 4, 8, 30, tzinfo=timezone.utc)
    assert restamp(data, when) == newline.join(
        [b"From: a@example.org", b"Date: Wed, 04 Nov 2026 08:30:00 +0000", b"X: y", *lines[4:]]
    )
    assert restamp(b"From: a@example.org\n\nDate: body\n", when) == (
        b"From: a@example.org\n\nDate: body\n"
    )
