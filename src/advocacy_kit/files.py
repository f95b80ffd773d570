"""Atomic files: written through a temporary file and a rename, never over a file
without ``force``; input files read up to a limit.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from advocacy_kit.errors import OutputError

#: How a temporary file is opened: created new, never through a symbolic link.
_TEMP_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _create_temp(folder: Path, name: str) -> tuple[int, str]:
    """A new hidden file ``.NAME.XXXXXXXX.tmp`` in ``folder``, open for writing.

    What ``tempfile.mkstemp`` does, with less overhead: a merge writes thousands (issue 6).
    """
    for _ in range(100):
        tmp_name = f"{os.fspath(folder)}{os.sep}.{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp_name, _TEMP_FLAGS, 0o600), tmp_name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def refuse_existing(path: Path, *, force: bool) -> None:
    """Refuse to go on when ``path`` exists and ``force`` is false.

    Raises:
        OutputError: the file exists, naming --force.
    """
    if not force:
        refuse_any_existing(
            [path], hint="run again with --force to replace it, or choose another name with -o"
        )


def refuse_any_existing(paths: Iterable[Path], *, hint: str) -> None:
    """Refuse to go on when any of ``paths`` exists: the error names the first, and how
    many more there are.

    Raises:
        OutputError: one or more of the files exist.
    """
    existing = [path for path in paths if path.exists()]
    if existing:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise OutputError(f"the file exists already{more}", path=existing[0], hint=hint)


def write_atomic(path: Path, data: str | bytes, *, force: bool = False, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename in the same folder.

    A reader never sees a half-written file, and an interrupted write leaves the old file
    (or none) in place. ``sync=False`` skips the fsync, for a batch that flushes all its
    files to disk once at the end (``merge``, issue 6).

    Raises:
        OutputError: ``path`` exists and ``force`` is false, or the folder is missing or
            not writable.
    """
    refuse_existing(path, force=force)
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise OutputError(
            "the folder does not exist",
            path=folder,
            hint="create it first, or write somewhere else with -o",
        )
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp_name = _create_temp(folder, path.name)
    except OSError as exc:
        raise OutputError(
            f"cannot write in this folder: {exc.strerror}",
            path=folder,
            hint="choose a folder you can write to",
        ) from None
    tmp = Path(tmp_name)
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp_name, 0o644)  # noqa: PTH101 - a str path: merge calls this 10,000 times
        if force:
            tmp.replace(path)
        else:
            # link() fails if the file appeared meanwhile, so a file is never replaced
            # without --force even in a race.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise OutputError(
                    "the file exists already",
                    path=path,
                    hint="run again with --force to replace it",
                ) from None
            except OSError:
                tmp.replace(path)  # file systems without hard links
    except OSError as exc:
        raise OutputError(
            f"cannot write the file: {exc.strerror}", path=path, hint="check the folder"
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def read_at_most(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path``, or None when it holds more than ``limit`` (an input file
    may not be read without bound: issue 13). Reads at most ``limit + 1`` bytes, so a
    device or a file still growing cannot hold the tool up.

    Raises:
        OSError: the file cannot be read.
    """
    with Path(path).open("rb") as file:
        data = file.read(limit + 1)
    return data if len(data) <= limit else None
