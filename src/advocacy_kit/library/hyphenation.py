"""Pyphen's hyphenator, with its parsed dictionary kept in the user's cache.

Counting syllables for reading grades needs Pyphen's English dictionary. Pyphen parses
its 11,000 patterns each time a process first asks for it, about 50 ms, longer than the
rest of a ``check`` of the built-in library takes with its grades remembered. A ``check``
that grades anything new (a message just written or changed) loads the parsed patterns
from the cache instead, in a few milliseconds (issue 17). The entry is named after the
dictionary file's path and bytes and Pyphen's version, so a changed dictionary or
another Pyphen is parsed anew; a missing or damaged entry only means parsing again.
"""

from __future__ import annotations

import contextlib
import functools
import pickle
from typing import Any

from advocacy_kit import cache


def pyphen_version() -> str:
    """Pyphen's version, read from Pyphen itself (``importlib.metadata`` takes longer to
    load than a run of ``check`` needs)."""
    import pyphen  # type: ignore[import-untyped]

    return str(getattr(pyphen, "__version__", "unknown"))


@functools.lru_cache(maxsize=4)
def hyphenator(lang: str) -> Any:
    """Pyphen's hyphenator for ``lang`` (``en_US``)."""
    import pyphen

    path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
    parsed = getattr(pyphen, "hdcache", None)
    if not isinstance(parsed, dict) or path in parsed:
        return pyphen.Pyphen(lang=lang)  # another Pyphen, or parsed in this process
    name = _entry(path, pyphen_version())
    found = cache.load(name) if name is not None else None
    if isinstance(found, pyphen.HyphDict):
        parsed[path] = found
        return pyphen.Pyphen(lang=lang)
    made = pyphen.Pyphen(lang=lang)
    # A dictionary whose patterns cannot be pickled is parsed each time.
    with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
        if name is not None:
            cache.store(name, made.hd)
    return made


def _entry(path: Any, version: str) -> str | None:
    """The cache entry of the dictionary at ``path``, or None when it cannot be read."""
    try:
        content = path.read_bytes()
    except OSError:  # pragma: no cover - Pyphen's own file, read by Pyphen next
        return None
    return cache.entry_name("hyphenation", str(path), version, content.decode("latin-1"))
