"""A cache in the user's cache folder of work start-up would otherwise redo (issue 17).

Two things are kept: the records parsed from each library file, keyed by the file's
path, label and content (:func:`load` and :func:`store`, used by
:mod:`advocacy_kit.library.loader`), and Jinja2's compiled templates, keyed by each
template's name, file and source (:func:`read_bytes` and :func:`write_bytes`, used by
:mod:`advocacy_kit.output.render`). Everything lives in a folder named after
:func:`code_fingerprint`, so a new version, another Python or an edited module of
advocacy-kit starts an empty cache rather than reading records of an older shape (the
folder of other code is removed a week after it was last written to, so two installs
sharing one cache do not empty each other's). Share cards are kept here too
(:mod:`advocacy_kit.output.card_cache`).

The cache never decides anything: a missing, unreadable or damaged entry is ignored and
rebuilt, a write that fails is skipped, and writes are atomic (a temporary file renamed
into place). ``ADVOCACY_KIT_NO_CACHE=1`` turns it off. Entries are pickles and compiled
template code, which run when loaded: like the user's other files, the cache folder
(created readable by its owner only) is trusted to be writable by that user alone.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: The application name platformdirs files the cache under.
APP_NAME = "advocacy-kit"
#: Set (to anything but an empty string) to read and write no cache.
NO_CACHE_ENV = "ADVOCACY_KIT_NO_CACHE"
#: Days the cache folder of other code is kept after its last write.
OTHERS_KEPT_DAYS = 7

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_fingerprint() -> str:
    """A short digest of the code that makes the cached things: the package version,
    the Python version and the size and modification time of every module of the
    package (so an editable install invalidates the cache when its code changes)."""
    from advocacy_kit import __version__

    parts = [__version__, sys.version]
    folders = [str(_PACKAGE)]
    while folders:  # os.scandir: the stat results come with the listing, cheaply
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir() and entry.name != "__pycache__":
                    folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    status = entry.stat()
                    parts.append(f"{entry.path}:{status.st_size}:{status.st_mtime_ns}")
    parts.sort()
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()


def cache_folder() -> Path | None:
    """The folder this code's cache lives in, or None when caching is turned off."""
    if os.environ.get(NO_CACHE_ENV):
        return None
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / code_fingerprint()


def entry_name(kind: str, *parts: str) -> str:
    """A file name for an entry of ``kind`` identified by ``parts`` (paths, labels,
    digests, texts; lone surrogates of undecodable file names included)."""
    joined = "\0".join(parts).encode("utf-8", "surrogatepass")
    return f"{kind}-{hashlib.blake2b(joined, digest_size=12).hexdigest()}.pickle"


def content_digest(text: str) -> bytes:
    """The digest an entry is checked against: a change of content misses the cache."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()


def read_bytes(name: str) -> bytes | None:
    """The bytes stored under ``name``, or None when there are none or they are
    unreadable."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def load(name: str) -> Any:
    """The value pickled under ``name``, or None when there is none or it is damaged."""
    data = read_bytes(name)
    if data is None:
        return None
    try:
        return pickle.loads(data)
    except Exception:
        return None


def _make_folder() -> Path | None:
    """The cache folder, created (owner only) with older code's folders removed."""
    folder = cache_folder()
    if folder is None or folder.is_dir():
        return folder
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    import shutil

    # Other code's folders are removed once written to for the last time OTHERS_KEPT_DAYS
    # ago: those of an older version are never read again, but another install of
    # advocacy-kit sharing this cache (a second environment) is still using its own.
    oldest = time.time() - OTHERS_KEPT_DAYS * 86400
    for other in folder.parent.iterdir():
        if other != folder and other.is_dir() and _is_fingerprint(other.name):
            with contextlib.suppress(OSError):
                if other.stat().st_mtime < oldest:
                    shutil.rmtree(other, ignore_errors=True)
    return folder


def _is_fingerprint(name: str) -> bool:
    """Whether ``name`` is a folder name :func:`code_fingerprint` could have made."""
    return len(name) == 24 and all(c in "0123456789abcdef" for c in name)


def _write_atomic(folder: Path, name: str, data: bytes) -> None:
    """Write ``data`` as ``folder/name`` through a temporary file and a rename."""
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        Path(temporary).replace(folder / name)
    except BaseException:
        Path(temporary).unlink()
        raise


def write_bytes(name: str, data: bytes) -> None:
    """Store ``data`` under ``name``, atomically; a cache that cannot be written is
    skipped (the next run rebuilds the entry)."""
    try:
        folder = _make_folder()
        if folder is not None:
            _write_atomic(folder, name, data)
    except OSError:
        pass


def store(name: str, value: Any) -> None:
    """Pickle ``value`` under ``name`` (see :func:`write_bytes`)."""
    write_bytes(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
