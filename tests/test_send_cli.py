"""``advocacy-kit send`` on the command line (issue 15): the dry run, sending, exit codes,
the password's three sources, and a real process killed mid-batch and run again."""

from __future__ import annotations

import collections
import csv
import json
import os
import signal
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pexpect
import pytest
import trustme
from keyring.backend import KeyringBackend
from keyring.backends import null
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from mailserver import Behaviour, StartServer, free_port, password_checker, write_letters

runner = CliRunner()
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def plain(port: int) -> list[str]:
    return ["--host", "127.0.0.1", "--port", str(port), "--security", "none"]


def log_recipients(folder: Path) -> list[str]:
    with (folder / "sent.csv").open(encoding="utf-8", newline="") as handle:
        return [row["recipient"] for row in csv.DictReader(handle)]


@pytest.fixture(autouse=True)
def _no_password_around(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No password from the environment or a real keyring unless a test gives one."""
    monkeypatch.delenv("ADVOCACY_KIT_SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    before = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    yield
    keyring.set_keyring(before)


def test_help_is_for_advocates() -> None:
    result = runner.invoke(app, ["send", "--help"])
    assert result.exit_code == 0
    assert "E-mail the letters of a folder through your own mail server" in result.stdout
    assert "--yes" in result.stdout and "--rate" in result.stdout


def test_the_dry_run_shows_the_first_message_and_sends_nothing(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server()
    made = write_letters(tmp_path / "out", 3, attach=True)
    result = runner.invoke(app, ["send", str(tmp_path / "out"), *plain(server.port)])
    assert (result.exit_code, result.stderr) == (0, "")
    folder = tmp_path / "out"
    first = made[0]
    assert result.stdout == "\n".join(
        [
            "Dry run: nothing was sent.",
            f"Would send 3 messages from {folder}/ through 127.0.0.1:{server.port} (NONE).",
            "",
            f"--- {folder / 'letter-0001.eml'} ---",
            "From: Amina Diallo <amina@example.org>",
            "To: Official 1 <official1@example.org>",
            "Reply-To: replies@example.org",
            "Subject: Invest in the social service workforce (1)",
            "Date: (the moment it is sent)",
            f"Message-ID: {first['Message-ID']}",
            "Attachment: letter-1.pdf (15 bytes)",
            "",
            "Dear Official 1,",
            "",
            "The social service workforce protects children and families. Please invest in it.",
            "",
            "Yours sincerely,",
            "Amina Diallo",
            "--- end of message ---",
            "",
            "To send them, run the same command with --yes.",
            "",
        ]
    )
    assert server.handler.received == [] and server.handler.connections == 0
    assert sorted(p.name for p in folder.iterdir()) == [f"letter-000{n}.eml" for n in (1, 2, 3)]


def test_the_dry_run_without_a_server_says_how_to_set_one(tmp_path: Path) -> None:
    write_letters(tmp_path, 1)
    result = runner.invoke(app, ["send", str(tmp_path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["to_send"][0]["recipients"] == ["official1@example.org"]
    result = runner.invoke(app, ["send", str(tmp_path)])
    assert "through no mail server set (pass --host, or: advocacy-kit profile set" in (
        result.stdout
    )


def test_the_server_comes_from_the_profile_and_flags_win(tmp_path: Path) -> None:
    for key, value in [("smtp.host", "smtp.example.org"), ("smtp.user", "amina@example.org")]:
        assert runner.invoke(app, ["profile", "set", key, value]).exit_code == 0
    write_letters(tmp_path, 1)
    result = runner.invoke(app, ["send", str(tmp_path)])
    assert result.stdout.splitlines()[1] == (
        f"Would send 1 message from {tmp_path}/ through smtp.example.org:587 (STARTTLS) as "
        "amina@example.org."
    )
    result = runner.invoke(app, ["send", str(tmp_path), "--security", "ssl", "--user", "a"])
    assert "through smtp.example.org:465 (SSL) as a." in result.stdout


def test_yes_sends_and_a_rerun_sends_nothing_new(
    tmp_path: Path, smtp_server: StartServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = smtp_server(auth_required=True, authenticator=password_checker("amina", "pw"))
    write_letters(tmp_path, 3)
    monkeypatch.setenv("ADVOCACY_KIT_SMTP_PASSWORD", "pw")
    args = ["send", str(tmp_path), *plain(server.port), "--user", "amina", "--yes"]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"Sent 3 messages through 127.0.0.1:{server.port} (NONE) as amina; each is logged in "
        f"{tmp_path / 'sent.csv'}.\n"
    )
    again = runner.invoke(app, args)
    assert (again.exit_code, again.stdout) == (
        0,
        "Nothing was sent: every message has gone already.\n"
        "Skipped 3 messages sent by an earlier run.\n",
    )
    assert len(server.handler.received) == 3


def test_the_password_can_come_from_the_keyring(tmp_path: Path, smtp_server: StartServer) -> None:
    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store = {("advocacy-kit:127.0.0.1", "amina"): "from-keyring"}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    keyring.set_keyring(Memory())
    server = smtp_server(
        auth_required=True, authenticator=password_checker("amina", "from-keyring")
    )
    write_letters(tmp_path, 1)
    result = runner.invoke(
        app, ["send", str(tmp_path), *plain(server.port), "--user", "amina", "--yes"]
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert len(server.handler.received) == 1


def test_no_password_and_no_terminal_names_the_ways_to_give_one(tmp_path: Path) -> None:
    write_letters(tmp_path, 1)
    result = runner.invoke(
        app, ["send", str(tmp_path), *plain(free_port()), "--user", "amina", "--yes"]
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: no password for amina at 127.0.0.1, and no terminal to ask on\n"
        "hint: set ADVOCACY_KIT_SMTP_PASSWORD, or store it in the system keyring: "
        "keyring set advocacy-kit:127.0.0.1 amina\n"
    )


def test_failures_exit_1_with_one_message(tmp_path: Path, smtp_server: StartServer) -> None:
    write_letters(tmp_path, 1)
    port = free_port()
    result = runner.invoke(app, ["send", str(tmp_path), *plain(port), "--yes"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(
        f"error: cannot connect to 127.0.0.1:{port}: connection refused\n"
        f"0 messages sent before this, logged in {tmp_path / 'sent.csv'}\nhint: "
    )
    server = smtp_server(Behaviour(refuse={"official1@example.org": "550 unknown user"}))
    result = runner.invoke(app, ["send", str(tmp_path), *plain(server.port), "--yes"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: letter-0001.eml: the server refused the recipient official1@example.org: "
        "550 unknown user\n"
    )


def test_a_bad_message_file_is_bad_input(tmp_path: Path) -> None:
    write_letters(tmp_path, 1)
    (tmp_path / "x.eml").write_bytes(b"From: nobody\r\n\r\nhello\r\n")
    result = runner.invoke(app, ["send", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: 4 problems in the messages of {tmp_path}, nothing was sent\n"
        "x.eml:1: From cannot be read: addr-spec local part with no domain\n"
        "x.eml: the message has no recipient (To)\n"
        "x.eml: the message has no Message-ID, which the send log needs\n"
        "x.eml: the message has no Subject\n"
        "hint: correct or remove those files (make them again with merge --format eml), then "
        "run send again\n"
    )


# -- real processes --


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "advocacy_kit", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "moment",
    ["while the server takes a message", "after a message was accepted and logged"],
)
def test_a_process_killed_mid_batch_and_run_again_sends_each_recipient_once(
    tmp_path: Path, smtp_server: StartServer, moment: str
) -> None:
    started = threading.Event()
    process: dict[str, subprocess.Popen[bytes]] = {}
    killed: list[int] = []

    def kill(count: int) -> bool:
        if count == 3 and not killed:
            started.wait(30)
            os.kill(process["p"].pid, signal.SIGKILL)
            killed.append(count)
            return False
        return True

    during = moment.startswith("while")
    server = smtp_server(Behaviour(on_data=kill) if during else Behaviour(on_mail=kill))
    write_letters(tmp_path, 6)
    command = [sys.executable, "-m", "advocacy_kit", "send", str(tmp_path)]
    command += [*plain(server.port), "--yes"]
    process["p"] = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    started.set()
    process["p"].communicate(timeout=120)
    assert process["p"].returncode == -signal.SIGKILL
    assert log_recipients(tmp_path) == [f"official{n}@example.org" for n in (1, 2, 3)]
    rerun = run_cli("send", str(tmp_path), *plain(server.port), "--yes")
    assert rerun.returncode == 0, rerun.stderr
    assert "Sent 3 messages" in rerun.stdout and "Skipped 3 messages" in rerun.stdout
    counts = collections.Counter(server.handler.recipients())
    assert counts == {f"official{n}@example.org": 1 for n in range(1, 7)}
    assert log_recipients(tmp_path) == [f"official{n}@example.org" for n in range(1, 7)]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_kill_while_a_message_goes_waits_for_its_log_line(
    tmp_path: Path, smtp_server: StartServer, sig: signal.Signals
) -> None:
    """The signal comes after the server kept message 2 and before its reply: the run
    holds it until the reply is logged, then stops (exit 130); no copy on the rerun."""
    process: dict[str, subprocess.Popen[bytes]] = {}

    def interrupt(count: int) -> None:
        if count == 2:
            os.kill(process["p"].pid, sig)

    server = smtp_server(Behaviour(after_data=interrupt))
    write_letters(tmp_path, 4)
    command = [sys.executable, "-m", "advocacy_kit", "send", str(tmp_path)]
    process["p"] = subprocess.Popen(
        [*command, *plain(server.port), "--yes"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _, stderr = process["p"].communicate(timeout=120)
    assert process["p"].returncode == 130
    assert stderr.decode() == (
        f"error: stopped after sending 2 messages; each is logged in {tmp_path / 'sent.csv'}\n"
        "hint: run the same command again to send the rest\n"
    )
    assert run_cli("send", str(tmp_path), *plain(server.port), "--yes").returncode == 0
    assert server.handler.recipients() == [f"official{n}@example.org" for n in range(1, 5)]


def test_the_one_window_left_gives_a_copy_with_the_same_message_id(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    """Killed after the server kept message 2 but before its reply arrived: the run cannot
    know it went, so the rerun sends it again, as the same Message-ID (README)."""
    process: dict[str, subprocess.Popen[bytes]] = {}

    def kill(count: int) -> None:
        if count == 2:
            os.kill(process["p"].pid, signal.SIGKILL)

    server = smtp_server(Behaviour(after_data=kill))
    write_letters(tmp_path, 3)
    command = [sys.executable, "-m", "advocacy_kit", "send", str(tmp_path)]
    process["p"] = subprocess.Popen([*command, *plain(server.port), "--yes"])
    process["p"].wait(timeout=120)
    assert run_cli("send", str(tmp_path), *plain(server.port), "--yes").returncode == 0
    ids = [str(item.message["Message-ID"]) for item in server.handler.received]
    assert server.handler.recipients() == [
        "official1@example.org",
        "official2@example.org",
        "official2@example.org",
        "official3@example.org",
    ]
    assert ids[1] == ids[2]
    assert log_recipients(tmp_path) == [f"official{n}@example.org" for n in (1, 2, 3)]


def test_starttls_through_the_command_trusts_what_the_system_trusts(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    server = smtp_server(tls_context=context, require_starttls=True)
    write_letters(tmp_path, 2)
    args = ["send", str(tmp_path), "--host", "127.0.0.1", "--port", str(server.port), "--yes"]
    refused = run_cli(*args)
    assert refused.returncode == 1
    assert refused.stderr.startswith(
        f"error: TLS failed: the certificate of 127.0.0.1:{server.port} cannot be trusted"
    )
    authority = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(authority))
    trusted = run_cli(*args, SSL_CERT_FILE=str(authority))
    assert trusted.returncode == 0, trusted.stderr
    assert [item.tls for item in server.handler.received] == [True, True]


def test_the_password_is_asked_hidden_on_a_terminal(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server(auth_required=True, authenticator=password_checker("amina", "s3cret"))
    write_letters(tmp_path, 2)
    env = dict(os.environ)
    env.pop("_TYPER_FORCE_DISABLE_TERMINAL", None)
    args = ["-m", "advocacy_kit", "send", str(tmp_path), *plain(server.port)]
    child = pexpect.spawn(
        sys.executable,
        [*args, "--user", "amina", "--yes"],
        env=env,
        encoding="utf-8",
        timeout=60,
    )
    child.expect_exact("Password for amina at 127.0.0.1 (not shown, not saved): ")
    child.sendline("s3cret")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "s3cret" not in (child.before or "")
    assert "Sent 2 messages" in (child.before or "")
    assert len(server.handler.received) == 2


def test_merge_then_send_to_an_accented_domain_through_a_plain_server(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    """An accented domain (IDN) is written in its ASCII form, which every server takes;
    the recipient's mail reader shows it accented again."""
    server = smtp_server(enable_SMTPUTF8=False)
    recipients = tmp_path / "r.csv"
    recipients.write_text("name,email\nJózef,jozef@exämple.org\n", encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["profile", "set", "email", "amina@example.org"]).exit_code == 0
    merge = runner.invoke(
        app,
        ["merge", "-a", "donors", "--recipients", str(recipients), "-f", "eml", "-o", str(out)],
    )
    assert merge.exit_code == 0, merge.stderr
    result = runner.invoke(app, ["send", str(out), *plain(server.port), "--yes"])
    assert result.exit_code == 0, result.stderr
    [received] = server.handler.received
    assert received.rcpt_tos == ["jozef@xn--exmple-cua.org"]
    assert received.message["To"].addresses[0].display_name == "Józef"
