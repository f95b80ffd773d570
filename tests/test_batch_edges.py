"""Merge runs beyond the usual (issue 19): e-mail merges without a Reply-To or with an
empty subject, a dry run over letters already there, a merge from a worker thread."""

from __future__ import annotations

import email
import json
import threading
from email import policy
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from advocacy_kit.batch.typeset import without
from advocacy_kit.cli.app import app

runner = CliRunner()

OFFICIALS = "name,email\nJane Doe,jane.doe@example.org\nKen Osei,ken.osei@example.org\n"


@pytest.fixture
def sender() -> None:
    """A profile with a From address and no Reply-To."""
    for key, value in [("sender", "Amina Diallo"), ("email", "amina@example.org")]:
        assert runner.invoke(app, ["profile", "set", key, value]).exit_code == 0


def merge(*args: str) -> Any:
    Path("officials.csv").write_text(OFFICIALS, encoding="utf-8")
    return runner.invoke(app, ["merge", "--audience", "donors", "-r", "officials.csv", *args])


@pytest.mark.usefixtures("sender")
def test_an_email_merge_without_a_reply_to_has_none() -> None:
    result = merge("-o", "mail", "-f", "eml")
    assert result.exit_code == 0, result.stderr
    parsed: Any = email.message_from_bytes(
        Path("mail/Jane-Doe.eml").read_bytes(), policy=policy.default
    )
    assert str(parsed["From"]) == "Amina Diallo <amina@example.org>"
    assert parsed["Reply-To"] is None


@pytest.mark.usefixtures("sender")
def test_an_empty_subject_is_bad_usage() -> None:
    result = merge("-o", "mail", "-f", "eml", "--subject", "   ")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: the subject is empty\nhint: give one with --subject, or leave it out\n"
    )
    assert not Path("mail").exists()


def test_a_dry_run_says_which_letters_are_kept_or_replaced() -> None:
    assert merge("-o", "out").exit_code == 0
    Path("officials.csv").write_text(OFFICIALS + "Ama Owusu,ama@example.org\n", encoding="utf-8")

    def statuses(*more: str) -> list[tuple[str, str]]:
        args = ["merge", "--audience", "donors", "-r", "officials.csv", "-o", "out"]
        result = runner.invoke(app, [*args, "--dry-run", "--json", *more])
        assert result.exit_code == 0, result.stderr
        return [(item["file"], item["status"]) for item in json.loads(result.stdout)["letters"]]

    assert statuses() == [("Jane-Doe.md", "keep"), ("Ken-Osei.md", "keep"), ("Ama-Owusu.md", "new")]
    assert [status for _, status in statuses("--force")] == ["replace", "replace", "new"]


def test_a_merge_run_from_a_worker_thread_writes_every_letter() -> None:
    # Signal handlers can be set in the main thread only: a program running merge in a
    # worker thread must still get its letters.
    results: list[Any] = []
    worker = threading.Thread(target=lambda: results.append(merge("-o", "out")))
    worker.start()
    worker.join(60)
    [result] = results
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in Path("out").iterdir()) == [
        "Jane-Doe.md",
        "Ken-Osei.md",
        "manifest.csv",
    ]


def test_characters_no_font_has_are_taken_out_of_text_only() -> None:
    data = {"to": "Zo\u0301\U0001f600 Mensah ,", "lines": ["a\U0001f600b"], "row": 3, "flag": None}
    assert without(data, {"\U0001f600"}) == {
        "to": "Zo\u0301 Mensah,",
        "lines": ["ab"],
        "row": 3,
        "flag": None,
    }


def test_a_cell_word_cannot_hold_is_a_problem_at_its_row_and_column() -> None:
    Path("officials.csv").write_text("name,organisation\nJane \ufffe Doe,Ministry\n", "utf-8")
    args = ["merge", "--audience", "donors", "-r", "officials.csv", "-o", "out", "-f", "docx"]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[1] == (
        "officials.csv:2: the 'name' cell (column 1) holds a code point that is no "
        "character (U+FFFE), which no letter can show: remove it"
    )
    assert not Path("out").exists()
