"""split_thread(): numbered parts that fit, in every script, tags never alone."""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocacy_kit.errors import ContentWanting
from advocacy_kit.text.count import count
from advocacy_kit.text.thread import split_thread

_NUMBER = re.compile(r" [0-9]+/[0-9]+$")


def bare(part: str) -> str:
    """A thread's part without its ``k/n``."""
    return _NUMBER.sub("", part)


def assert_rejoins(parts: list[str], text: str) -> None:
    """The parts, numbering aside, are the text in order, cut only at white space or
    between grapheme clusters (never inside one)."""
    whole = " ".join(text.split())
    clusters = [match.end() for match in regex.finditer(r"\X", whole)]
    boundaries = {0, *clusters}
    position = 0
    for part in parts if len(parts) > 1 else [f"{parts[0]} 1/1"]:
        piece = bare(part)
        if whole.startswith(" ", position):
            position += 1
        assert whole.startswith(piece, position), (piece, whole[position:])
        assert {position, position + len(piece)} <= boundaries
        position += len(piece)
    assert position == len(whole)


def test_split_thread_numbers_parts_that_fit() -> None:
    """Sentences stay whole, parts are numbered and every part fits with its number."""
    sentence = "Social service workers protect children and families every day. "
    text = sentence * 10
    parts = split_thread(text, platform="x")
    assert len(parts) == 3
    assert [part.rsplit(" ", 1)[1] for part in parts] == ["1/3", "2/3", "3/3"]
    assert all(count(part, "x").fits for part in parts)
    assert all(part.rsplit(" ", 1)[0].endswith(".") for part in parts)
    assert " ".join(part.rsplit(" ", 1)[0] for part in parts).split() == text.split()


def test_split_thread_splits_long_sentences_between_words() -> None:
    """A sentence longer than a post is split between words, never inside one."""
    text = " ".join(["workforce"] * 100)
    parts = split_thread(text, platform="bluesky")
    assert all(count(part, "bluesky").fits for part in parts)
    assert " ".join(part.rsplit(" ", 1)[0] for part in parts).split() == text.split()


def test_split_thread_short_text_and_extras() -> None:
    """A text that fits is one unnumbered post; extras close the thread."""
    assert split_thread("Hello.", extras=["#SSWWeek"]) == ["Hello. #SSWWeek"]
    assert split_thread("   ") == []


def test_split_thread_refuses_a_word_longer_than_a_post() -> None:
    """A single word longer than the limit cannot be posted: ContentWanting, exit 1."""
    with pytest.raises(ContentWanting) as caught:
        split_thread("Look: " + "a" * 400, platform="bluesky")
    assert caught.value.hint is not None
    assert caught.value.exit_code == 1


def test_tags_never_make_a_part_alone() -> None:
    """Issue 14: the extras go with the last words, not into a part of their own."""
    text = "word " * 31
    parts = split_thread(text, platform="x", limit=160, extras=["#SSWWeek", "@SSWAlliance"])
    assert parts == [
        " ".join(["word"] * 30) + " 1/2",
        "word #SSWWeek @SSWAlliance 2/2",
    ]


def test_a_closing_sentence_of_tags_stays_with_text() -> None:
    """Tags the text itself ends with stay with the sentence before them."""
    text = ("Invest in the workforce. " * 5) + "#SSWWeek #SocialWork @SSWAlliance"
    parts = split_thread(text, platform="x", limit=140)
    assert all(any(not w.startswith(("#", "@")) for w in bare(p).split()) for p in parts)
    assert_rejoins(parts, text)
    assert all(count(part, "x", limit=140).fits for part in parts)


def test_chinese_splits_at_full_stops() -> None:
    """Chinese without spaces: split after 。, each part whole sentences that fit."""
    sentence = "社会服务工作者保护儿童和家庭。"  # 15 characters, 30 weighted on X
    parts = split_thread(sentence * 20, platform="x")
    assert [bare(part) for part in parts] == [sentence * 9, sentence * 9, sentence * 2]
    assert [part.rsplit(" ", 1)[1] for part in parts] == ["1/3", "2/3", "3/3"]


def test_text_without_sentence_marks_splits_between_clusters() -> None:
    """Japanese with no mark to split at, and Thai with its combining vowels and tone
    marks: cut between grapheme clusters, never inside one, never before a 、."""
    japanese = "ソーシャルワーカーは子どもと家族を守り、地域を支えます" * 12
    thai = "เจ้าหน้าที่บริการสังคมช่วยปกป้องเด็กและครอบครัว" * 12
    for text, platform in ((japanese, "x"), (thai, "sms"), (thai, "bluesky")):
        parts = split_thread(text, platform=platform)
        assert len(parts) > 1
        assert all(count(part, platform).fits for part in parts)
        assert_rejoins(parts, text)
        assert not any(bare(part).startswith("、") for part in parts)


def test_a_link_in_text_without_spaces_is_never_cut() -> None:
    """A link inside Chinese text stays whole."""
    text = "社会服务工作者" * 25 + "https://socialserviceworkforce.org/about" + "保护儿童" * 40
    parts = split_thread(text, platform="mastodon", limit=100)
    assert any("https://socialserviceworkforce.org/about" in part for part in parts)
    assert_rejoins(parts, text)


# --- properties (Hypothesis) -----------------------------------------------------------

THREAD_PLATFORMS = st.sampled_from(["x", "bluesky", "mastodon", "threads", "sms"])

# Chinese and Japanese as written: ideographs, kana, their punctuation, a few Latin
# words and numbers, and now and then a space.
CJK = st.lists(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
    | st.characters(min_codepoint=0x3041, max_codepoint=0x30FA)
    | st.sampled_from(["。", "！", "？", "、", "「", "」", "SSW", "65%", " ", "#SSWWeek"]),
    min_size=1,
    max_size=700,
).map("".join)

# Thai as syllables: an optional leading vowel, a consonant, marks above or below it and
# a tone mark (one grapheme cluster with the consonant), a following vowel; spaces
# between phrases.
THAI_SYLLABLE = st.tuples(
    st.sampled_from(["", "", "เ", "แ", "โ", "ไ"]),
    st.characters(min_codepoint=0x0E01, max_codepoint=0x0E2E),
    st.sampled_from(["", "", "ิ", "ี", "ึ", "ื", "ุ", "ู", "ั"]),
    st.sampled_from(["", "", "่", "้", "๊", "๋"]),
    st.sampled_from(["", "", "า", "ะ", "ำ", " "]),
).map("".join)
THAI = st.lists(THAI_SYLLABLE, min_size=1, max_size=400).map("".join)


@given(text=CJK | THAI, platform=THREAD_PLATFORMS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_threads_in_scripts_without_spaces(text: str, platform: str) -> None:
    """Issue 18: CJK and Thai threads: every part fits, the parts rejoin to the text,
    no grapheme cluster is split, and the numbering runs 1/n to n/n."""
    parts = split_thread(text, platform=platform)
    if not text.split():
        assert parts == []
        return
    assert all(count(part, platform).fits for part in parts)
    assert_rejoins(parts, text)
    if len(parts) > 1:
        assert [part.rsplit(" ", 1)[1] for part in parts] == [
            f"{i}/{len(parts)}" for i in range(1, len(parts) + 1)
        ]
