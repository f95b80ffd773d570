"""Message files and send logs as users leave them (issue 19): checked before anything
goes, with ``file:line`` and a hint for each problem."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from advocacy_kit.batch.outbox import MAX_LISTED_PROBLEMS, OutboxError
from advocacy_kit.batch.send import plan_send, run_send
from advocacy_kit.batch.sentlog import LOG_NAME, SentLog, read_log
from advocacy_kit.batch.smtp import SmtpSettings
from advocacy_kit.errors import ExitCode, UsageError
from mailserver import FakeClock, StartServer, write_letters

HEAD = (
    b"From: amina@example.org\r\nTo: official1@example.org\r\nSubject: Invest\r\n"
    b"Message-ID: <1@example.org>\r\n"
)


def problems(folder: Path) -> list[str]:
    """The lines of the error the checks raise, without the hint."""
    with pytest.raises(OutboxError) as caught:
        plan_send(folder)
    assert caught.value.exit_code == ExitCode.BAD_INPUT
    return str(caught.value).splitlines()[1:-1]


def usage_error(folder: Path) -> UsageError:
    with pytest.raises(UsageError) as caught:
        plan_send(folder)
    return caught.value


def settings(port: int) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=port, security="none", timeout=5.0)


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (HEAD.replace(b"From: amina@example.org\r\n", b""), "x.eml: the message has no From"),
        (
            HEAD.replace(b"amina@example.org", b"amina@example.org, sam@example.org"),
            "x.eml:1: there must be one From address, not several",
        ),
        (
            HEAD.replace(b"official1@example.org", b"undisclosed-recipients:;"),
            "x.eml:2: the To header names no address",
        ),
        (
            HEAD.replace(b"<1@example.org>", b"twelve"),
            "x.eml:4: the Message-ID 'twelve' is not of the form <id@domain>",
        ),
        (
            b" folded\r\n" + HEAD,
            "x.eml: the message is malformed: a message had a continuation line as its "
            "first header line",
        ),
        (
            HEAD + b"no colon here\r\n",
            "x.eml: the message is malformed: found line with no leading whitespace and no "
            "colon before blank line",
        ),
        (
            HEAD.replace(b"official1@example.org", b"a@["),
            "x.eml: cannot be read as an e-mail: 'InvalidHeaderDefect' object has no "
            "attribute 'all_defects'",
        ),
    ],
)
def test_a_message_file_with_a_fault_is_named_with_its_line(
    tmp_path: Path, raw: bytes, said: str
) -> None:
    (tmp_path / "x.eml").write_bytes(raw + b"\r\nHello.\r\n")
    assert problems(tmp_path) == [said]


def test_a_message_of_headers_only_can_go(tmp_path: Path) -> None:
    (tmp_path / "x.eml").write_bytes(HEAD)  # no blank line, no text
    [item] = plan_send(tmp_path).to_send
    assert (item.recipients, item.subject) == (("official1@example.org",), "Invest")


def test_many_problems_are_listed_up_to_a_limit(tmp_path: Path) -> None:
    for number in range(MAX_LISTED_PROBLEMS + 2):
        (tmp_path / f"m{number:03d}.eml").write_bytes(HEAD.replace(b"From", b"X-From"))
    listed = problems(tmp_path)
    assert len(listed) == MAX_LISTED_PROBLEMS + 1
    assert listed[-1] == "... and 2 more problems"


def test_a_missing_or_empty_folder_says_what_to_name(tmp_path: Path) -> None:
    missing = usage_error(tmp_path / "nowhere")
    assert (missing.message, missing.hint) == (
        "the folder does not exist",
        "name the folder merge --format eml wrote the messages to",
    )
    (tmp_path / "notes.txt").write_text("not a message", encoding="utf-8")
    empty = usage_error(tmp_path)
    assert empty.message == "there is no .eml file in the folder"
    assert empty.hint is not None and "merge --format eml --out FOLDER" in empty.hint


def test_a_file_that_cannot_be_read_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_letters(tmp_path, 2)
    unreadable = tmp_path / "letter-0002.eml"
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == unreadable:  # as for a file of another user (the tests may run as root)
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert problems(tmp_path) == ["letter-0002.eml: cannot read the file: Permission denied"]


@pytest.mark.parametrize("change", ["removed", "edited"])
def test_a_message_changed_after_the_check_is_not_sent(
    tmp_path: Path, smtp_server: StartServer, change: str
) -> None:
    server = smtp_server()
    write_letters(tmp_path, 2)
    plan = plan_send(tmp_path)
    second = tmp_path / "letter-0002.eml"
    if change == "removed":
        second.unlink()
    else:
        second.write_bytes(second.read_bytes().replace(b"Official 2", b"Official 9"))
    with pytest.raises(UsageError) as caught:
        run_send(plan, settings=settings(server.port), clock=FakeClock())
    said = {
        "removed": "cannot read the message any more: No such file or directory",
        "edited": "the message changed after it was checked",
    }[change]
    assert (caught.value.message, caught.value.path) == (said, str(second))
    assert caught.value.hint == "leave the folder alone while send runs, then run it again"
    assert server.handler.recipients() == ["official1@example.org"]


def test_a_slow_server_is_not_paced_on_top(tmp_path: Path, smtp_server: StartServer) -> None:
    server = smtp_server()
    write_letters(tmp_path, 3)
    clock = FakeClock()

    def slow(done: int, total: int) -> None:
        clock.time += 5.0  # each message took longer than the rate asks for

    run_send(
        plan_send(tmp_path), settings=settings(server.port), clock=clock, rate=30, progress=slow
    )
    assert clock.sleeps == []
    assert len(server.handler.received) == 3


# -- the send log --


def test_a_send_log_that_is_a_folder_cannot_be_read_or_written(tmp_path: Path) -> None:
    write_letters(tmp_path, 1)
    plan = plan_send(tmp_path)
    (tmp_path / LOG_NAME).mkdir()
    unreadable = usage_error(tmp_path)
    assert unreadable.message == "cannot read the send log: Is a directory"
    assert unreadable.hint == "check its permissions"
    with pytest.raises(UsageError) as caught:
        run_send(plan, settings=settings(1), clock=FakeClock())
    assert caught.value.message == "cannot write the send log: Is a directory"
    assert caught.value.path == str(tmp_path / LOG_NAME)


def _log(folder: Path, *rows: bytes) -> None:
    header = b"file,message_id,recipient,time,reply\n"
    (folder / LOG_NAME).write_bytes(header + b"".join(rows))


def test_a_send_log_not_in_utf8_names_its_line(tmp_path: Path) -> None:
    _log(tmp_path, b"a.eml,<1@x.org>,a@x.org,t,250\n", b"b.eml,<2@x.org>,caf\xe9@x.org,t,250\n")
    with pytest.raises(UsageError) as caught:
        read_log(tmp_path)
    assert (caught.value.message, caught.value.location) == (
        "the send log is not UTF-8 text",
        f"{tmp_path / LOG_NAME}:3",
    )


def test_a_send_log_line_of_the_wrong_shape_names_its_line(tmp_path: Path) -> None:
    _log(tmp_path, b"a.eml,<1@x.org>,a@x.org,t,250\n", b"\n", b"b.eml,<2@x.org>,b@x.org\n")
    with pytest.raises(UsageError) as caught:
        read_log(tmp_path)
    assert caught.value.message == "the send log has a line of 3 fields, not 5"
    assert caught.value.location == f"{tmp_path / LOG_NAME}:4"  # the blank line is passed


def test_without_file_locks_the_log_still_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "fcntl", None)  # as on Windows: import fails
    with SentLog(tmp_path) as log, SentLog(tmp_path):
        log.record(
            file="a.eml", message_id="<1@x.org>", recipients=("a@x.org",), time="t", reply="250"
        )
    [entry] = read_log(tmp_path).entries
    assert (entry.file, entry.recipients) == ("a.eml", ("a@x.org",))


def test_a_closed_log_frees_the_folder_and_closing_again_is_harmless(tmp_path: Path) -> None:
    first = SentLog(tmp_path).__enter__()
    first.close()
    first.close()
    with SentLog(tmp_path) as second:  # the lock went with the first's close
        second.record(
            file="a.eml", message_id="<1@x.org>", recipients=("a@x.org",), time="t", reply="250"
        )
    assert [entry.file for entry in read_log(tmp_path).entries] == ["a.eml"]
