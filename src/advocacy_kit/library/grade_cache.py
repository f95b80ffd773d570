"""Reading grades remembered between runs of ``check``, keyed by the text they grade.

Grading loads Pyphen and hyphenates every word, about 20 ms for the built-in library
and seconds for a big one (issue 17). The grades of
texts seen before are kept in the user's cache folder. Each is filed under a hash of
the exact text, so any change to a text is a new key and graded afresh; the file also
records how grades were computed (:data:`GRADE_RULES` and Pyphen's version), and a file
made another way is ignored. A missing, unreadable or corrupt cache only means the
grades are computed again; failing to save one never fails ``check``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from advocacy_kit.errors import AdvocacyKitError
from advocacy_kit.files import write_atomic
from advocacy_kit.library.hyphenation import pyphen_version

#: Names the grading method; change it whenever :func:`reading_grade` changes.
GRADE_RULES = "flesch-kincaid/textstat-words/pyphen-en_US/1"
#: At most this many grades are kept (a library of 10,000 messages and its variants).
MAX_GRADES = 50_000
CACHE_FILE = "reading-grades.json"


def _method() -> str:
    """How grades are computed: the rules and Pyphen's version."""
    return f"{GRADE_RULES}/pyphen-{pyphen_version()}"


def text_key(text: str) -> str:
    """The key a text's grade is filed under."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class GradeCache:
    """Grades by text, loaded from and saved to one file (None: remembered in memory)."""

    def __init__(self, path: Path | None, grade: Callable[[str], float]) -> None:
        self.path = path
        self._grade = grade
        self._method = _method()
        self._known: dict[str, float] = self._load() if path is not None else {}
        self._changed = False
        self._by_text: dict[str, float] = {}

    def _load(self) -> dict[str, float]:
        assert self.path is not None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("method") != self._method:
            return {}
        grades = data.get("grades")
        if not isinstance(grades, dict):
            return {}
        return {k: float(v) for k, v in grades.items() if isinstance(v, int | float)}

    def grade(self, text: str) -> float:
        """The grade of ``text``, computed only when not known."""
        found = self._by_text.get(text)  # a text met again this run: no hashing
        if found is None:
            key = text_key(text)
            found = self._known.get(key)
            if found is None:
                found = self._known[key] = self._grade(text)
                self._changed = True
            self._by_text[text] = found
        return found

    def save(self) -> None:
        """Write the grades back when new ones were computed (the newest kept)."""
        if self.path is None or not self._changed:
            return
        grades = dict(list(self._known.items())[-MAX_GRADES:])
        text = json.dumps({"method": self._method, "grades": grades}, separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, text, force=True, sync=False)
        except (OSError, AdvocacyKitError):
            pass  # a cache that cannot be saved costs time next run, nothing else


def user_grade_cache(grade: Callable[[str], float]) -> GradeCache:
    """The grade cache in the user's cache folder (chosen by platformdirs)."""
    import platformdirs

    folder = platformdirs.user_cache_path("advocacy-kit", appauthor=False)
    return GradeCache(folder / CACHE_FILE, grade)
