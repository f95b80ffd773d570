"""Writing a batch of new files near the file system's floor, each whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from advocacy_kit.errors import OutputError
from advocacy_kit.files import write_atomic

#: Linux's unnamed files: written, then linked into the folder once whole.
_UNNAMED = getattr(os, "O_TMPFILE", 0)
_PROC_FDS = "/proc/self/fd"


class BatchWriter:
    """Writes files into one folder, each atomically, for a merge's thousands (issue 17).

    A new file is written as an unnamed file (``O_TMPFILE``) and linked in under its name
    once whole: one change to the folder, as a plain write makes, instead of the three of
    a named temporary file (create, link, remove); a run killed half-way leaves no
    temporary file at all. Where unnamed files are not available, and to replace a
    file, it is :func:`advocacy_kit.files.write_atomic`. Use it as a context manager.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fd = -1
        self._fast = bool(_UNNAMED) and Path(_PROC_FDS).is_dir()

    def __enter__(self) -> BatchWriter:
        if self._fast:
            self._fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def write(self, name: str, data: str | bytes, *, replace: bool = False) -> None:
        """Write ``data`` to the file ``name`` of the folder, whole or not at all.

        Raises:
            OutputError: the file exists (and ``replace`` is false) or cannot be written.
        """
        if replace or self._fd < 0 or not self._write_unnamed(name, data):
            write_atomic(self.folder / name, data, force=replace, sync=False)

    def _write_unnamed(self, name: str, data: str | bytes) -> bool:
        """Write through an unnamed file; False when the system cannot, so that the
        caller writes the usual way."""
        try:
            fd = os.open(".", _UNNAMED | os.O_WRONLY | os.O_CLOEXEC, 0o644, dir_fd=self._fd)
        except OSError:  # EOPNOTSUPP, EISDIR: no unnamed files here
            return self._stop_fast()
        payload = data.encode("utf-8") if isinstance(data, str) else data
        try:
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view) :]
                os.fchmod(fd, 0o644)  # as write_atomic leaves files, whatever the umask
            except OSError as exc:  # a full disk, a quota
                raise OutputError(
                    f"cannot write the file: {exc.strerror}",
                    path=self.folder / name,
                    hint="check the folder",
                ) from None
            # An absolute source with a folder descriptor makes this linkat() with
            # AT_SYMLINK_FOLLOW: the link is to the unnamed file, and fails if the name
            # exists, so nothing is replaced.
            os.link(f"{_PROC_FDS}/{fd}", name, src_dir_fd=self._fd, dst_dir_fd=self._fd)
        except FileExistsError:
            raise OutputError(
                "the file exists already",
                path=self.folder / name,
                hint="run again with --force to replace it",
            ) from None
        except OSError:  # linking refused (a /proc that does not allow it)
            return self._stop_fast()
        finally:
            os.close(fd)
        return True

    def _stop_fast(self) -> bool:
        """Write every file from now on the usual way; False, for the caller to."""
        os.close(self._fd)
        self._fd = -1
        return False


def flush(folder: Path) -> None:
    """Put the files written in ``folder`` on disk: one sync of its file system for the
    whole batch (``syncfs``), not one per file, and not every file system's (``sync``)."""
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):  # not Linux: every file system's, where there is one
        getattr(os, "sync", lambda: None)()
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        syncfs(fd)
    finally:
        os.close(fd)
