"""The batch writer where the system lets it down (issue 19): no unnamed files, a /proc
that refuses the link, a full disk, and no syncfs. The faults are the system's, injected
at the os call that meets them; what is written is checked on the disk."""

from __future__ import annotations

import ctypes
import errno
import os
from pathlib import Path
from typing import Any

import pytest

from advocacy_kit.batch import writing
from advocacy_kit.batch.writing import BatchWriter, flush
from advocacy_kit.errors import OutputError

needs_unnamed = pytest.mark.skipif(
    not (writing._UNNAMED and Path(writing._PROC_FDS).is_dir()), reason="Linux's O_TMPFILE"
)


def files(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder``, hidden ones too: no temporary file may be left."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def failing(monkeypatch: pytest.MonkeyPatch, name: str, code: int, when: Any = None) -> None:
    """Make ``os.<name>`` fail with ``code`` (when ``when(args, kwargs)`` says so)."""
    real = getattr(os, name)

    def call(*args: Any, **kwargs: Any) -> Any:
        if when is None or when(args, kwargs):
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, call)


@needs_unnamed
def test_a_file_system_without_unnamed_files_gets_the_usual_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unnamed = lambda args, kwargs: bool(args[1] & writing._UNNAMED == writing._UNNAMED)  # noqa: E731
    failing(monkeypatch, "open", errno.EOPNOTSUPP, unnamed)
    with BatchWriter(tmp_path) as writer:
        writer.write("a.md", "one")
        writer.write("b.md", "two")
        assert writer._fd == -1  # given up on at the first file, not tried for each
    assert files(tmp_path) == {"a.md": b"one", "b.md": b"two"}


@needs_unnamed
def test_a_proc_that_refuses_the_link_gets_the_usual_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing(monkeypatch, "link", errno.EPERM)
    with BatchWriter(tmp_path) as writer:
        writer.write("a.md", "one")
    assert files(tmp_path) == {"a.md": b"one"}


@needs_unnamed
def test_a_full_disk_is_an_output_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing(monkeypatch, "write", errno.ENOSPC)
    with BatchWriter(tmp_path) as writer, pytest.raises(OutputError) as caught:
        writer.write("a.md", "one")
    assert caught.value.message == "cannot write the file: No space left on device"
    assert caught.value.path == str(tmp_path / "a.md")
    assert files(tmp_path) == {}


def test_without_proc_every_file_is_written_the_usual_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "_PROC_FDS", str(tmp_path / "no-proc"))  # as on macOS
    out = tmp_path / "out"
    out.mkdir()
    with BatchWriter(out) as writer:
        writer.write("a.md", b"one")
    assert files(out) == {"a.md": b"one"}


def test_without_syncfs_flush_syncs_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []

    def no_library(*args: object, **kwargs: object) -> None:
        raise OSError("not Linux")

    monkeypatch.setattr(ctypes, "CDLL", no_library)
    monkeypatch.setattr(os, "sync", lambda: synced.append("sync"))
    flush(tmp_path)
    assert synced == ["sync"]
