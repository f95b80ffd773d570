"""X's weighted length (twitter-text v3) and x_parse, field for field like parseTweet."""

from __future__ import annotations

import functools
import re
import unicodedata

from msgspec import Struct

from advocacy_kit.text.graphemes import emoji_spans, utf16_len
from advocacy_kit.text.links import INVALID_CHARS, find_links
from advocacy_kit.text.rules import PLATFORMS


class XParse(Struct, frozen=True):
    """What twitter-text's ``parseTweet`` reports, computed by our own counter.

    Ranges are UTF-16 code-unit indices, both ends inclusive, as in twitter-text.
    """

    weighted_length: int
    valid: bool
    permillage: int
    valid_range_start: int
    valid_range_end: int
    display_range_start: int
    display_range_end: int


_X = PLATFORMS["x"]
_X_LINK_WEIGHT = _X.link_length or 23
_X_EMOJI_WEIGHT = 2
_X_INVALID = frozenset(INVALID_CHARS)


@functools.cache
def _x_heavy() -> re.Pattern[str]:
    """A code point outside these ranges, which weighs 2 (twitter-text config v3);
    compiled on first need, as ASCII text never needs it."""
    return re.compile(r"[^\x00-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")


@functools.cache
def _x_invalid_found() -> re.Pattern[str]:
    """A character X refuses in a post; compiled on first need."""
    return re.compile(f"[{INVALID_CHARS}]")


def _x_char_weight(char: str) -> int:
    """Weight of one code point under twitter-text v3."""
    return 2 if _x_heavy().match(char) else 1


def _x_plain_weight(text: str, emoji_found: list[tuple[int, int]], offset: int) -> int:
    """Weighted length of a text holding no link (at ``offset`` in the post); its
    emoji are added to ``emoji_found``."""
    if text.isascii():
        return len(text)
    heavy = _x_heavy()
    weight = len(text) + len(heavy.findall(text))
    for start, end in emoji_spans(text):
        piece = text[start:end]
        weight += _X_EMOJI_WEIGHT - len(piece) - len(heavy.findall(piece))
        emoji_found.append((offset + start, offset + end))
    return weight


def x_weight(
    text: str,
    *,
    links: list[tuple[str, int, int]] | None = None,
    emoji_found: list[tuple[int, int]] | None = None,
) -> int:
    """Weighted length of ``text`` (already NFC) under twitter-text v3.

    Args:
        text: The post, NFC-normalised.
        links: Its links when already found (:func:`find_links` of the same text).
        emoji_found: A list to add the emoji found between the links to, as spans of
            ``text``, for a rule that counts emoji too (Threads).

    Returns:
        The weighted length.
    """
    found = emoji_found if emoji_found is not None else []
    weight = 0
    position = 0
    for _url, start, end in find_links(text) if links is None else links:
        weight += _x_plain_weight(text[position:start], found, position) + _X_LINK_WEIGHT
        position = end
    return weight + _x_plain_weight(text[position:], found, position)


def x_refused(text: str) -> list[tuple[int, str]]:
    """The characters X refuses in ``text``, each with its place (1 for the first character).

    Args:
        text: The post, as given.

    Returns:
        ``(place, character)`` for each U+FFFE, U+FEFF or U+FFFF, in order: X calls a
        post holding one invalid, whatever its length.
    """
    if text.isascii() or _x_invalid_found().search(text) is None:
        return []
    return [(match.start() + 1, match.group()) for match in _x_invalid_found().finditer(text)]


def _x_units(text: str) -> list[tuple[str, int]]:
    """``text`` cut into what X weighs as one: links, emoji, single code points."""
    units: list[tuple[str, int]] = []

    def plain(segment: str) -> None:
        position = 0
        for start, end in emoji_spans(segment):
            units.extend((char, _x_char_weight(char)) for char in segment[position:start])
            units.append((segment[start:end], _X_EMOJI_WEIGHT))
            position = end
        units.extend((char, _x_char_weight(char)) for char in segment[position:])

    position = 0
    for url, start, end in find_links(text):
        plain(text[position:start])
        units.append((url, _X_LINK_WEIGHT))
        position = end
    plain(text[position:])
    return units


def x_parse(text: str) -> XParse:
    """Measure ``text`` as X does, field for field like twitter-text's ``parseTweet``.

    The text is NFC-normalised; code points in U+0000–10FF, 2000–200D, 2010–201F and
    2032–2037 weigh 1 and others 2; every emoji (ZWJ sequences, skin tones, flags,
    keycaps, current Unicode emoji included) weighs 2; every link, bare domains
    included, weighs 23. U+FFFE, U+FEFF and U+FFFF make a post invalid.

    Args:
        text: The post.

    Returns:
        An :class:`XParse` with the weighted length, validity, permillage and the valid
        and display ranges (UTF-16 indices, inclusive).
    """
    normal = unicodedata.normalize("NFC", text)
    weighted = 0
    valid = True
    valid_end = 0
    utf16_end = -1
    for piece, weight in _x_units(normal):
        weighted += weight
        utf16_end += utf16_len(piece)
        valid = valid and _X_INVALID.isdisjoint(piece)
        if valid and weighted <= _X.limit:
            valid_end = utf16_end
    text_units = utf16_len(text)
    return XParse(
        weighted_length=weighted,
        valid=valid and 0 < weighted <= _X.limit,
        permillage=weighted * 1000 // _X.limit,
        valid_range_start=0,
        # twitter-text adds the length NFC saved, in the original text's units.
        valid_range_end=valid_end + text_units - utf16_len(normal),
        display_range_start=0,
        display_range_end=max(text_units - 1, 0),
    )
