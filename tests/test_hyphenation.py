"""Pyphen's dictionary indexed, its patterns parsed by Pyphen when first looked up
(library/hyphenation.py; issue 17): hyphenation points are Pyphen's own, word for word,
and only the patterns a text needs are parsed."""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pyphen  # type: ignore[import-untyped]
import pytest

from advocacy_kit.library import hyphenation
from advocacy_kit.library.rules import reading_grade

SEED = Path(__file__).parent / "data" / "seeds" / "004_4ae373b87e7d60db.txt"


def _points(hyph_dict: object, words: list[str]) -> list[list[tuple[int, object]]]:
    """Each word's hyphenation points, with the data of nonstandard ones."""
    return [[(int(p), p.data) for p in hyph_dict.positions(w)] for w in words]  # type: ignore[attr-defined]


def _words_for(patterns: dict[str, object], count: int = 4_000) -> list[str]:
    """The seed document's words, each pattern's letters as a word, and random words of
    the dictionary's letters."""
    chosen = random.Random(17)
    letters = sorted({c for key in patterns for c in key if c != "."})
    made = ["".join(chosen.choices(letters, k=chosen.randint(1, 16))) for _ in range(count)]
    seed = re.findall(r"\w+", SEED.read_text(encoding="utf-8"))
    return [*seed, *(key.strip(".") for key in patterns), *made]


@pytest.mark.parametrize("lang", ["en_US", "fr", "nl_NL", "ru_RU"])
def test_points_are_pyphens_own(lang: str) -> None:
    path = pyphen.LANGUAGES[lang]
    indexed = hyphenation._indexed(path.read_bytes())
    assert indexed is not None
    parsed = pyphen.HyphDict(path)
    words = _words_for(parsed.patterns)
    assert _points(indexed, words) == _points(parsed, words)
    assert indexed.maxlen == parsed.maxlen


def test_a_dictionary_with_unusual_lines_is_parsed_by_pyphen() -> None:
    """Escapes (``^^hh``) and nonstandard alternatives (``/``): Spanish and German."""
    for lang in ("es", "de_DE"):
        assert hyphenation._indexed(pyphen.LANGUAGES[lang].read_bytes()) is None


def test_edge_lines_read_as_pyphen_reads_them(tmp_path: Path) -> None:
    """Spaces around a pattern, comments and settings with digits, a pattern given twice
    (the later wins), one whose values are all 0 (skipped, so the earlier stays), and a
    character beyond ASCII."""
    path = tmp_path / "hyph_xx.dic"
    path.write_text(
        "UTF-8\nLEFTHYPHENMIN 1\n% a comment, 1 2 3\n  a1b  \r\n"
        "b1c\nb3c\nc1d\nc0d\n\nd1ﬀ\n\n#9z9\ne1f2g\n",
        encoding="utf-8",
    )
    indexed = hyphenation._indexed(path.read_bytes())
    parsed = pyphen.HyphDict(path)
    words = ["abcd", "bc", "cd", "dﬀe", "efg", "z", "abcdﬀefg", "1a"]
    assert _points(indexed, words) == _points(parsed, words)
    assert [int(p) for p in indexed.positions("abcd")] == [1, 2, 3]


def test_only_the_patterns_a_text_needs_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    path = pyphen.LANGUAGES["en_US"]
    monkeypatch.delitem(pyphen.hdcache, path, raising=False)
    hyphenation.hyphenator.cache_clear()
    made: list[object] = []
    original = pyphen.HyphDict.__init__

    def counting(self: object, source: object) -> None:
        made.append(source)
        original(self, source)

    monkeypatch.setattr(pyphen.HyphDict, "__init__", counting)
    grade = reading_grade("Social service workers keep children safe in their families.")
    indexed = pyphen.hdcache[path]
    assert made and path not in made  # the whole dictionary was never parsed
    # The first parse checks the index on a probe word (hyphenation._agrees); then one
    # parse per pattern the text needs.
    assert 0 < len(indexed.patterns) == len(made) - 1 < 200
    assert grade == pytest.approx(_grade_with(pyphen.HyphDict(path)))
    hyphenation.hyphenator.cache_clear()


def _grade_with(parsed: object) -> float:
    """The same text graded with Pyphen's fully parsed dictionary."""
    path = pyphen.LANGUAGES["en_US"]
    saved = pyphen.hdcache.pop(path)
    pyphen.hdcache[path] = parsed
    hyphenation.hyphenator.cache_clear()
    try:
        return reading_grade("Social service workers keep children safe in their families.")
    finally:
        pyphen.hdcache[path] = saved


@pytest.fixture(autouse=True)
def _fresh_hyphenator() -> Iterator[None]:
    hyphenation.hyphenator.cache_clear()
    yield
    hyphenation.hyphenator.cache_clear()


def test_a_pyphen_that_looks_patterns_up_otherwise_parses_the_dictionary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Pyphen whose ``positions`` reads the patterns other than by ``get`` would find
    none in the index: the probe word tells, and Pyphen parses the dictionary whole."""
    path = pyphen.LANGUAGES["en_US"]
    original = pyphen.HyphDict.positions

    def through_a_copy(self: object, word: str) -> object:
        clone = copy.copy(self)
        clone.patterns = dict(self.patterns)  # type: ignore[attr-defined]
        clone.cache = {}  # type: ignore[attr-defined]
        return original(clone, word)

    before = hyphenation._indexed(path.read_bytes())
    assert [int(p) for p in before.positions("hyphenation")] == [2, 6]
    monkeypatch.setattr(pyphen.HyphDict, "positions", through_a_copy)
    assert hyphenation._indexed(path.read_bytes()) is None
    monkeypatch.delitem(pyphen.hdcache, path, raising=False)
    text = "Social service workers keep children safe in their families."
    assert reading_grade(text) == pytest.approx(_grade_with(pyphen.HyphDict(path)))
    assert type(pyphen.hdcache[path].patterns) is dict  # parsed by Pyphen, whole
