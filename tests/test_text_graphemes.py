"""Grapheme clusters counted by runs, and where a cluster boundary always holds: both
checked against the regex package's own ``\\X`` (issue 17 made counting faster)."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy_kit.text import graphemes
from advocacy_kit.text.graphemes import always_breaks, grapheme_count

CLUSTER = regex.compile(r"\X")

# Characters that join others (marks, ZWJ, variation selectors, skin tones, keycaps,
# jamo, regional indicators, prepend, CR LF) beside ones that never do.
JOINERS = st.sampled_from(
    [
        *"\u0301\u0483\u200d\ufe0f\u20e3\U0001f3fd\u1100\u1161\u11a8\U0001f1f0\u0600\r\n",
        *["क्ष", "\u0e31", "ก", "👍", "©", "‼", "한", "e", " ", "中", "ア", "Ж", "ά"],
    ]
)
MIXED = st.lists(JOINERS | st.characters(), max_size=60).map("".join)


def test_every_alone_character_breaks_on_both_sides() -> None:
    """Each character the fast count treats as a cluster of its own has the cluster
    break property Other, Control or LF, or is a Hangul syllable (LV, LVT), which only
    jamo (excluded by the look-ahead) join."""
    alone = regex.compile(f"[{graphemes._ALONE}]")
    allowed = regex.compile(r"[\p{GCB=Other}\p{GCB=Control}\p{GCB=LF}\p{GCB=LV}\p{GCB=LVT}]")
    wrong = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if alone.match(chr(code)) and not allowed.match(chr(code))
    ]
    assert wrong == []


@given(text=MIXED)
@settings(max_examples=500)
def test_grapheme_count_agrees_with_regex(text: str) -> None:
    """Counting by runs gives what finding every cluster gives."""
    assert grapheme_count(text) == len(CLUSTER.findall(text))


@given(left=MIXED, right=MIXED)
@settings(max_examples=500)
def test_always_breaks_means_counts_add_up(left: str, right: str) -> None:
    """Where always_breaks says so, the clusters of two texts joined are those of each."""
    if always_breaks(left + right, len(left)):
        assert grapheme_count(left + right) == grapheme_count(left) + grapheme_count(right)
