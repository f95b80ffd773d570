"""Common punctuation counts as one grapheme each without loading regex (issue 17),
and that shortcut agrees with regex's \\X for every pair of such characters."""

from __future__ import annotations

import regex

from advocacy_kit.text.graphemes import (
    _PLAIN_PUNCTUATION_RANGES,
    grapheme_clusters,
    grapheme_count,
)

PUNCTUATION = [
    chr(code) for first, last in _PLAIN_PUNCTUATION_RANGES for code in range(first, last + 1)
]
NEIGHBOURS = [chr(code) for code in range(0x300) if chr(code) not in "\r\n"] + PUNCTUATION


def test_each_shortcut_character_is_a_cluster_next_to_any_other() -> None:
    for first in PUNCTUATION:
        for second in NEIGHBOURS:
            for pair in (first + second, second + first):
                assert len(regex.findall(r"\X", pair)) == 2, f"{pair!r}"


def test_text_with_curly_quotes_and_dashes_counts_like_regex() -> None:
    text = "“Social service workers”—the ‘workforce’… 65 ‰ • done\r\nnext"
    assert grapheme_count(text) == len(regex.findall(r"\X", text))
    assert grapheme_clusters(text) == regex.findall(r"\X", text)


def test_joiners_and_marks_still_go_through_regex() -> None:
    assert grapheme_count("e\u0301\u2014") == 2  # a combining accent joins its letter
    assert grapheme_count("\u2014\u200d\u2014") == 2  # ZWJ extends the dash before it
    assert grapheme_clusters("a\u2019\u0301") == ["a", "\u2019\u0301"]
