"""Pyphen's parsed dictionary kept in the user cache (library/hyphenation.py; issue 17):
used again while the dictionary is the same, parsed anew when it changes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyphen  # type: ignore[import-untyped]
import pytest

from advocacy_kit import cache
from advocacy_kit.library import hyphenation
from advocacy_kit.library.rules import reading_grade

TEXT = "Social service workers promote a safe, caring family environment for children."


@pytest.fixture
def dictionary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of Pyphen's English dictionary standing in for it, parsed in no process."""
    copy = tmp_path / "hyph_en_US.dic"
    shutil.copyfile(pyphen.LANGUAGES["en_US"], copy)
    monkeypatch.setitem(pyphen.LANGUAGES, "en_US", copy)
    hyphenation.hyphenator.cache_clear()
    yield copy
    hyphenation.hyphenator.cache_clear()
    pyphen.hdcache.pop(copy, None)


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The dictionaries Pyphen parses from now on."""
    parsed: list[Path] = []
    original = pyphen.HyphDict.__init__

    def counting(self: object, path: Path) -> None:
        parsed.append(path)
        original(self, path)

    monkeypatch.setattr(pyphen.HyphDict, "__init__", counting)
    return parsed


def _fresh(dictionary: Path) -> None:
    """As a new process: nothing parsed or remembered in memory."""
    hyphenation.hyphenator.cache_clear()
    pyphen.hdcache.pop(dictionary, None)


def _entries() -> list[str]:
    folder = cache.cache_folder()
    assert folder is not None
    return sorted(p.name for p in folder.glob("hyphenation-*"))


def test_the_parsed_dictionary_is_used_again(
    dictionary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _parses(monkeypatch)
    first = reading_grade(TEXT)
    assert parsed == [dictionary] and len(_entries()) == 1
    _fresh(dictionary)
    assert reading_grade(TEXT) == first
    assert parsed == [dictionary]  # not parsed again: read from the cache


def test_a_changed_dictionary_is_parsed_anew(
    dictionary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _parses(monkeypatch)
    before = reading_grade("Caring.")
    # A pattern that breaks "caring" once more, before its r: "ca-r-ing" (the file
    # says its encoding on its first line: UTF-8).
    with dictionary.open("a", encoding="utf-8") as f:
        f.write("\n9r9\n")
    _fresh(dictionary)
    after = reading_grade("Caring.")
    assert parsed == [dictionary, dictionary]
    assert after > before
    assert len(_entries()) == 2


def test_a_damaged_entry_is_parsed_again(dictionary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = reading_grade(TEXT)
    folder = cache.cache_folder()
    assert folder is not None
    (entry,) = _entries()
    (folder / entry).write_bytes(b"not a pickle")
    _fresh(dictionary)
    parsed = _parses(monkeypatch)
    assert reading_grade(TEXT) == first
    assert parsed == [dictionary]


def test_a_new_process_reads_the_cache() -> None:
    """Two processes: the second grades without parsing (HyphDict made to fail)."""
    code = (
        "import sys, pyphen\n"
        "if sys.argv[1] == 'second':\n"
        "    def refuse(self, path): raise AssertionError('parsed again')\n"
        "    pyphen.HyphDict.__init__ = refuse\n"
        "from advocacy_kit.library.rules import reading_grade\n"
        f"print(reading_grade({TEXT!r}))\n"
    )
    grades = [
        subprocess.run(
            [sys.executable, "-c", code, run], capture_output=True, text=True, check=True
        ).stdout
        for run in ("first", "second")
    ]
    assert grades[0] == grades[1] and grades[0].strip()
