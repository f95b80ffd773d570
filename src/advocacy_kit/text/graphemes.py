"""Grapheme clusters, emoji spans and UTF-8/UTF-16 lengths (regex and emoji loaded lazily)."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    import regex


# Emoji come from the ``emoji`` package's current data and grapheme clusters from the
# ``regex`` package's \X, so emoji newer than the reference libraries (Unicode 15.1 and
# later) count as one emoji. Both are loaded on first need: most advocacy text has no
# emoji, and a post draft should start fast.
class _UnicodeData(Struct, frozen=True):
    emoji: frozenset[str]
    # A cluster that may be an emoji: keycaps, or one starting with an emoji character
    # other than the bare keycap bases.
    emoji_candidate: regex.Pattern[str]
    emoji_presentation: regex.Pattern[str]


@functools.lru_cache(maxsize=1)
def _unicode_data() -> _UnicodeData:
    import emoji
    import regex

    return _UnicodeData(
        emoji=frozenset(emoji.EMOJI_DATA),
        emoji_candidate=regex.compile(r"[#*0-9]\uFE0F?\u20E3|(?![#*0-9])(?=\p{Emoji})\X"),
        emoji_presentation=regex.compile(r"\p{Emoji_Presentation}"),
    )


# Characters whose cluster break property is Other, Control or LF in scripts that join
# nothing to the character before them (ASCII but CR, Latin, Greek, Cyrillic, kana, CJK
# ideographs, Hangul syllables): between two of them there is always a cluster break.
# tests/test_text_graphemes.py checks each range against the regex package's data.
_ALONE = (
    "\x00-\x0c\x0e-\x7f\xa0-\u02ff\u0370-\u0377\u037a-\u037f\u0384-\u03ff"
    "\u0400-\u0482\u048a-\u052f\u1e00-\u1eff\u2010-\u2027\u2030-\u205e"
    "\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff\uac00-\ud7a3"
)
# What may join the character before it: extending marks, ZWJ, spacing marks, and the
# Hangul vowel and final jamo that join a syllable.
_JOINS_BEFORE = r"\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}\p{GCB=V}\p{GCB=T}"


# Every emoji has a code point from U+203C (‼) up, or U+FE0F: below it are only
# © ® # * and the digits, which are text unless U+FE0F or U+20E3 follow.


@functools.lru_cache(maxsize=1)
def _grapheme_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """One extended grapheme cluster, and a run of characters that are each a cluster
    of their own (group 1) or else one cluster: counting runs is much faster than
    finding every cluster (issue 17). The emoji data is not needed."""
    import regex

    return regex.compile(r"\X"), regex.compile(f"([{_ALONE}]+)(?![{_JOINS_BEFORE}])|\\X")


# General Punctuation that is always a cluster of its own (Grapheme_Cluster_Break
# Other): dashes, curly quotes, bullets, the ellipsis, per mille, primes. Left out are
# the format characters around them (U+200B-U+200F with the ZWJ, U+2028-U+202F, U+205F
# on), which join or break clusters. Checked pairwise against regex's \X in the tests.
_PLAIN_PUNCTUATION_RANGES = ((0x2010, 0x2027), (0x2030, 0x205E))
# A character that is neither, nor below U+0300, searched for in C: ``max(text)`` made a
# string of each character and took longer than the counting itself (issue 17).
_NOT_ALWAYS_ALONE = re.compile(
    "[^\x00-\u02ff" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _PLAIN_PUNCTUATION_RANGES) + "]"
)


def _one_cluster_each(text: str) -> bool:
    """True when every code point of ``text`` is a cluster of its own (but CR LF).

    Below U+0300 (ASCII, Latin-1, Latin Extended) no character extends a cluster, and
    neither does common punctuation: English and French text loads no regex data.
    """
    return text.isascii() or _NOT_ALWAYS_ALONE.search(text) is None


# Every emoji has a code point from U+203C (‼) up, or U+FE0F: below it are only
# © ® # * and the digits, which are text unless U+FE0F or U+20E3 follow. (Written as
# "not below U+203C": the range up to U+10FFFF takes Python 4 ms to compile.)
_FROM_FIRST_EMOJI_CODE_POINT = re.compile("[^\x00-\u203b]")
_VARIATION_16 = "\ufe0f"


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """Where the emoji are in ``text``: one span per emoji, ZWJ sequences and all.

    A lone character counts as an emoji only when it shows as one by default
    (``Emoji_Presentation``): a bare © or ☺ is text, ©️ and ☺️ are emoji.
    """
    if _FROM_FIRST_EMOJI_CODE_POINT.search(text) is None:
        return []
    data = _unicode_data()
    spans: list[tuple[int, int]] = []
    for match in data.emoji_candidate.finditer(text):
        cluster = match.group()
        start = match.start()
        if len(cluster) == 1:
            if data.emoji_presentation.match(cluster):
                spans.append((start, start + 1))
            continue
        if cluster in data.emoji or cluster.replace(_VARIATION_16, "") in data.emoji:
            spans.append((start, match.end()))
            continue
        spans.extend(_emoji_within(cluster, start))
    return spans


def _emoji_within(cluster: str, offset: int) -> list[tuple[int, int]]:
    """Emoji inside a cluster that is not one emoji as a whole, longest match first."""
    data = _unicode_data()
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(cluster):
        for j in range(len(cluster), i, -1):
            piece = cluster[i:j]
            if piece in data.emoji and (j - i > 1 or data.emoji_presentation.match(piece)):
                spans.append((offset + i, offset + j))
                i = j
                break
        else:
            i += 1
    return spans


def grapheme_count(text: str) -> int:
    """Number of extended grapheme clusters in ``text``."""
    if not text or _one_cluster_each(text):
        return len(text) - text.count("\r\n")
    return sum(len(run) or 1 for run in _grapheme_patterns()[1].findall(text))


@functools.cache
def _alone_char() -> re.Pattern[str]:
    """A character of :data:`_ALONE`; compiled on first need (its wide ranges take
    milliseconds to compile, which a post draft need not pay)."""
    return re.compile(f"[{_ALONE}]")


def always_breaks(text: str, index: int) -> bool:
    """Whether a grapheme cluster boundary at ``index`` holds whatever is put on either
    side of it: at the ends, or between two characters that never join another."""
    if index <= 0 or index >= len(text):
        return True
    pair = text[index - 1 : index + 1]
    if pair.isascii():  # the common case: every ASCII character but CR stands alone
        return "\r" not in pair
    alone = _alone_char()
    return bool(alone.match(pair) and alone.match(pair, 1))


def grapheme_clusters(text: str) -> list[str]:
    """The extended grapheme clusters of ``text``, in order (they join back to it)."""
    if not text or (_one_cluster_each(text) and "\r\n" not in text):
        return list(text)
    return list(_grapheme_patterns()[0].findall(text))


def utf8_len(text: str) -> int:
    """Length in UTF-8 bytes (lone surrogates as their 3-byte form)."""
    return len(text.encode("utf-8", "surrogatepass"))


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units (lone surrogates count 1)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def visible_char(char: str) -> str:
    """``char`` as a reader can see it: itself, or ``U+XXXX`` when invisible or a control.

    Args:
        char: One character.

    Returns:
        The character, or its code point for spaces, marks, format and control characters.
    """
    if char.isprintable() and unicodedata.category(char) not in ("Mn", "Me", "Cf", "Zs"):
        return char
    return f"U+{ord(char):04X}"
