"""Atomic writes and bounded reads (files.py): each refusal an OutputError naming the
file and what to do, and no temporary file left behind (issue 6, 13, 19)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from advocacy_kit import files
from advocacy_kit.errors import ExitCode, OutputError
from advocacy_kit.files import read_at_most, write_atomic


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_a_new_file_then_refuses_to_replace_it(tmp_path: Path) -> None:
    path = tmp_path / "letter.md"
    write_atomic(path, "first")
    with pytest.raises(OutputError, match="the file exists already") as caught:
        write_atomic(path, "second")
    assert "--force" in str(caught.value.hint)
    write_atomic(path, b"second", force=True, sync=False)
    assert path.read_text() == "second"
    assert _leftovers(tmp_path) == []


def test_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "nowhere" / "letter.md", "text")
    assert str(caught.value) == (
        f"{tmp_path / 'nowhere'}: the folder does not exist\n"
        "hint: create it first, or write somewhere else with -o"
    )
    assert caught.value.exit_code == ExitCode.BAD_INPUT


def test_a_folder_full_of_old_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every temporary name taken (the random part made constant): no endless loop."""
    monkeypatch.setattr(files.secrets, "token_hex", lambda n: "0" * 2 * n)
    (tmp_path / ".letter.md.00000000.tmp").write_text("left by a crash")
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "letter.md", "text")
    assert str(caught.value).startswith(
        f"{tmp_path}: cannot write in this folder: no free temporary file name\n"
    )
    assert not (tmp_path / "letter.md").exists()


def test_a_file_that_appears_while_writing_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program creates the file between the check and the rename."""
    path = tmp_path / "letter.md"
    real_link = os.link

    def link_after_another_writer(source: Path, target: Path) -> None:
        Path(target).write_text("theirs")
        real_link(source, target)

    monkeypatch.setattr(files.os, "link", link_after_another_writer)
    with pytest.raises(OutputError, match="the file exists already"):
        write_atomic(path, "ours")
    assert path.read_text() == "theirs"
    assert _leftovers(tmp_path) == []


def test_a_file_system_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(source: Path, target: Path) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(files.os, "link", no_links)
    write_atomic(tmp_path / "letter.md", "ours")
    assert (tmp_path / "letter.md").read_text() == "ours"
    assert _leftovers(tmp_path) == []


def test_a_failing_disk_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_error(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files.os, "fsync", disk_error)
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "letter.md", "ours")
    assert str(caught.value) == (
        f"{tmp_path / 'letter.md'}: cannot write the file: Input/output error\n"
        "hint: check the folder"
    )
    assert list(tmp_path.iterdir()) == []


def test_read_at_most_stops_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_bytes(b"12345")
    assert read_at_most(path, 5) == b"12345"
    assert read_at_most(path, 4) is None
