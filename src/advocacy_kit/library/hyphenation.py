"""Pyphen's hyphenator, its dictionary's patterns parsed by Pyphen as words need them.

Counting syllables for reading grades needs Pyphen's English dictionary. Pyphen parses
all 11,000 of its patterns the first time a process asks for it, about 50 ms: longer
than the rest of a ``check`` of the built-in library (issue 17). A page of messages
meets a few hundred of them. Here the dictionary is read once and indexed by each
pattern's letters, about 10 ms; a pattern is handed to Pyphen's own parser the first
time a word looks it up. Hyphenation itself stays Pyphen's (``HyphDict.positions``), and
so do its results: ``tests/test_hyphenation.py`` holds them to Pyphen's fully parsed
dictionary.

Pyphen parses the whole dictionary, as before, when an index of plain lines could
misread it (a ``^^hh`` escape, a ``/`` alternative, a digit other than 0 to 9), or when
this Pyphen does not look patterns up as the index needs (checked on a probe word).
Nothing is cached between processes: each reads the dictionary file as it is.
"""

from __future__ import annotations

import functools
import io
import re
from typing import Any

#: A pattern with a point worth keeping (Pyphen skips one whose values are all 0).
_POINT = re.compile(r"[1-9]")
#: A digit other than 0 to 9.
_OTHER_DIGIT = re.compile(r"[^\D0-9]")


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
    if isinstance(parsed, dict) and path not in parsed:
        indexed = _indexed(path.read_bytes())
        if indexed is not None:
            parsed[path] = indexed
    return pyphen.Pyphen(lang=lang)


class _Text:
    """Pattern lines standing in for a dictionary file, for ``HyphDict(path)``: Pyphen
    reads the encoding from the first line (``open``), then the text (``read_text``),
    whose first line it skips."""

    def __init__(self, head: bytes, lines: str) -> None:
        self._head = head
        self._lines = lines

    def open(self, mode: str) -> io.BytesIO:
        return io.BytesIO(self._head + b"\n")

    def read_text(self, encoding: str) -> str:
        return "\n" + self._lines


class _Patterns(dict):  # type: ignore[type-arg]
    """A ``HyphDict``'s patterns, each parsed by Pyphen when first looked up.

    ``unparsed`` maps a pattern's letters to its line in the dictionary;
    ``HyphDict.positions`` asks with ``get``, which has Pyphen parse the line, keeps
    what Pyphen made of it and forgets the line.
    """

    def __init__(self, head: bytes, unparsed: dict[str, str]) -> None:
        super().__init__()
        self._head = head
        self._unparsed = unparsed

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:
            return self[key]
        line = self._unparsed.pop(key, None)
        if line is None:
            return default
        import pyphen

        (value,) = pyphen.HyphDict(_Text(self._head, line)).patterns.values()
        self[key] = value
        return value


def _indexed(data: bytes) -> Any:
    """A ``HyphDict`` of the dictionary ``data`` whose patterns are parsed when first
    looked up, or None for a dictionary with a line an index could misread."""
    import pyphen

    head, _, body = data.partition(b"\n")
    encoding = head.decode().strip()  # as Pyphen reads it
    text = body.decode("cp1251" if encoding.lower() == "microsoft-cp1251" else encoding)
    if "^^" in text or "/" in text or _OTHER_DIGIT.search(text) is not None:
        return None  # a ``^^hh`` escape, an alternative, another digit: Pyphen parses
    ignored = getattr(pyphen, "ignored", None)
    if not isinstance(ignored, tuple):  # pragma: no cover - another Pyphen: it parses
        return None
    # Pyphen's reading of each line: stripped, comments and settings left out, and a
    # pattern whose values are all 0 skipped; the pattern's letters are its key.
    found = [
        line
        for line in map(str.strip, text.split("\n"))
        if line and not line.startswith(ignored) and _POINT.search(line) is not None
    ]
    letters = "\n".join(found).encode().translate(None, b"0123456789").decode()
    unparsed = dict(zip(letters.split("\n"), found, strict=True)) if found else {}
    made = pyphen.HyphDict.__new__(pyphen.HyphDict)
    made.patterns = _Patterns(head, unparsed)
    made.cache = {}
    made.maxlen = max(map(len, unparsed), default=0)
    return made if _agrees(made, head, unparsed) else None


#: A word the check of :func:`_agrees` hyphenates (hy-phen-ation in English).
_PROBE = "hyphenation"


def _agrees(made: Any, head: bytes, unparsed: dict[str, str]) -> bool:
    """Whether this Pyphen looks patterns up as the index needs (``patterns.get``): the
    probe word's points from the index, against those of Pyphen's own parse of the lines
    the word needs. Another Pyphen that looks them up otherwise parses the dictionary
    whole instead of hyphenating nothing."""
    import pyphen

    pointed = f".{_PROBE}."
    needed = {
        pointed[start:end]
        for start in range(len(pointed))
        for end in range(start + 1, len(pointed) + 1)
    }
    lines = [unparsed[key] for key in needed if key in unparsed]
    if not lines:
        return True  # nothing in this dictionary to compare with
    own = pyphen.HyphDict(_Text(head, "\n".join(lines)))
    return [int(p) for p in made.positions(_PROBE)] == [int(p) for p in own.positions(_PROBE)]
