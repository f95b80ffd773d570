"""The terminal sanitiser (issue 13): whatever a string holds, what reaches the terminal
is printable text the user reads as it is, with every hidden character shown."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from advocacy_kit.errors import visible

#: Characters a terminal acts on or hides, beside the joiners :func:`visible` keeps.
HIDDEN = ("Cc", "Cf", "Cs", "Zl", "Zp")
KEPT = {"\n", "\t", "\u200c", "\u200d", "\u00ad"}

#: Any text, weighted towards the characters that matter here.
texts = st.text(
    st.one_of(
        st.characters(),
        st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Cs"]),
        st.sampled_from("\x1b\x9b\x07\u202e\u2066\u200b\ufeff\r\x00\x7f[]"),
    )
)


def hidden(char: str) -> bool:
    return char not in KEPT and unicodedata.category(char) in HIDDEN


@given(texts)
def test_nothing_hidden_comes_out(text: str) -> None:
    shown = visible(text)
    assert not any(hidden(char) for char in shown)
    shown.encode("utf-8")  # lone surrogates (undecodable file names) are shown, not kept


@given(texts)
def test_one_line_stays_one_line(text: str) -> None:
    shown = visible(text, newlines=False)
    assert "\n" not in shown
    assert not any(hidden(char) for char in shown if char != "\t")


@given(texts)
def test_showing_twice_changes_nothing(text: str) -> None:
    once = visible(text)
    assert visible(once) == once


@given(st.text(st.characters(exclude_categories=["Cc", "Cf", "Cs", "Zl", "Zp"])))
def test_plain_text_is_untouched(text: str) -> None:
    assert visible(text) == text


@given(texts)
def test_every_visible_character_keeps_its_place(text: str) -> None:
    """Hidden characters are replaced where they were: the text around them is intact."""
    shown = visible(text)
    plain = "".join(char for char in text if not hidden(char))
    rest = iter(shown)
    assert all(char in rest for char in plain)


def test_the_escapes_of_the_issue() -> None:
    assert visible("a\x1b]0;title\x07b") == "a\\x1b]0;title\\x07b"
    assert visible("\x1b[2J\x9b") == "\\x1b[2J\\x9b"
    assert visible("evil\u202etxt.exe") == "evil<U+202E>txt.exe"
    assert visible("zero\u200bwidth") == "zero<U+200B>width"
    assert visible("a\nb\tc") == "a\nb\tc"
    assert visible("a\nb", newlines=False) == "a\\nb"
    assert visible("👩\u200d⚕️ nurse") == "👩\u200d⚕️ nurse"
