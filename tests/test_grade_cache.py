"""Reading grades remembered between runs of ``check`` (issue 17): a cache file of
another shape is ignored, one that cannot be saved costs nothing but time."""

from __future__ import annotations

import json
from pathlib import Path

from advocacy_kit.library.grade_cache import CACHE_FILE, GradeCache
from advocacy_kit.library.rules import reading_grade

GRADED: list[str] = []


def words(text: str) -> float:
    """A stand-in grade that records what it was asked to grade."""
    GRADED.append(text)
    return float(len(text.split()))


def test_a_saved_grade_is_reused_and_a_damaged_file_ignored(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    first = GradeCache(path, words)
    assert first.grade("a b") == 2.0
    first.save()
    GRADED.clear()
    assert GradeCache(path, words).grade("a b") == 2.0 and GRADED == []
    data = json.loads(path.read_text())
    data["grades"] = list(data["grades"].items())
    path.write_text(json.dumps(data))
    assert GradeCache(path, words).grade("a b") == 2.0 and GRADED == ["a b"]


def test_a_cache_that_cannot_be_saved_is_no_failure(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("a file where the cache folder would go")
    path = tmp_path / "not-a-folder" / CACHE_FILE
    cache = GradeCache(path, words)
    assert cache.grade("one two three") == 3.0
    cache.save()
    assert not path.exists()


def test_a_text_without_words_has_grade_zero() -> None:
    assert reading_grade("— … —") == 0.0
