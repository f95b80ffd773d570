"""``advocacy-kit send`` beyond the first run (issue 19): what a dry run says once some
messages went, the JSON of a sending run, and passwords where no keyring works."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail, null
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from mailserver import StartServer, write_letters

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("ADVOCACY_KIT_SMTP_PASSWORD", raising=False)
    before = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    yield
    keyring.set_keyring(before)


def plain(port: int) -> list[str]:
    return ["--host", "127.0.0.1", "--port", str(port), "--security", "none"]


def test_a_dry_run_after_a_first_run_counts_what_went_and_what_waits(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server()
    write_letters(tmp_path, 3)
    first = runner.invoke(
        app, ["send", str(tmp_path), *plain(server.port), "--yes", "--limit", "1"]
    )
    assert (first.exit_code, first.stdout.splitlines()[1:]) == (
        0,
        ["2 messages left for a later run (--limit)."],
    )
    dry = runner.invoke(app, ["send", str(tmp_path), *plain(server.port), "--limit", "1"])
    assert dry.exit_code == 0
    assert dry.stdout.splitlines()[1:4] == [
        f"Would send 1 message from {tmp_path}/ through 127.0.0.1:{server.port} (NONE).",
        f"Skipped: 1 message sent already ({tmp_path / 'sent.csv'}).",
        "Held back by --limit for a later run: 1 message.",
    ]
    assert f"--- {tmp_path / 'letter-0002.eml'} ---" in dry.stdout
    assert server.handler.recipients() == ["official1@example.org"]


def test_a_dry_run_with_everything_sent_shows_no_message(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server()
    write_letters(tmp_path, 1)
    assert runner.invoke(app, ["send", str(tmp_path), *plain(server.port), "--yes"]).exit_code == 0
    dry = runner.invoke(app, ["send", str(tmp_path), *plain(server.port)])
    assert dry.stdout == (
        "Dry run: nothing was sent.\n"
        f"Would send 0 messages from {tmp_path}/ through 127.0.0.1:{server.port} (NONE).\n"
        f"Skipped: 1 message sent already ({tmp_path / 'sent.csv'}).\n"
    )


def test_a_sending_run_as_json_paced_on_the_real_clock(
    tmp_path: Path, smtp_server: StartServer
) -> None:
    server = smtp_server()
    write_letters(tmp_path, 2)
    args = ["send", str(tmp_path), *plain(server.port), "--yes", "--json", "--rate", "600"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [m["recipients"] for m in data["sent"]] == [
        ["official1@example.org"],
        ["official2@example.org"],
    ]
    assert [m["reply"] for m in data["sent"]] == ["250 OK queued as 1", "250 OK queued as 2"]
    assert (data["skipped"], data["held_back"], data["log"]) == (0, 0, str(tmp_path / "sent.csv"))


@pytest.mark.parametrize("rate", ["0", "-5"])
def test_a_rate_of_nothing_is_bad_usage(tmp_path: Path, rate: str) -> None:
    write_letters(tmp_path, 1)
    result = runner.invoke(app, ["send", str(tmp_path), "--rate", rate])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"error: --rate must be more than 0, not {rate}\nhint: ")


@pytest.mark.parametrize("keyring_state", ["not installed", "failing"])
def test_without_a_working_keyring_the_password_must_come_another_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keyring_state: str
) -> None:
    if keyring_state == "not installed":
        monkeypatch.setitem(sys.modules, "keyring", None)  # import keyring fails
    else:
        keyring.set_keyring(fail.Keyring())  # raises on every look-up
    write_letters(tmp_path, 1)
    args = ["send", str(tmp_path), "--host", "smtp.example.org", "--user", "amina", "--yes"]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(
        "error: no password for amina at smtp.example.org, and no terminal to ask on\n"
        "hint: set ADVOCACY_KIT_SMTP_PASSWORD"
    )
