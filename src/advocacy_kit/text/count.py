"""count(): a text measured by one platform's exact rule."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType

from advocacy_kit.errors import UsageError
from advocacy_kit.text.graphemes import (
    emoji_spans,
    grapheme_count,
    utf8_len,
    utf16_len,
    visible_char,
)
from advocacy_kit.text.links import find_links
from advocacy_kit.text.rules import LengthCheck, Platform, get_platform
from advocacy_kit.text.sms import sms_capacity, sms_measure
from advocacy_kit.text.x import x_refused, x_weight

_MASTODON_MENTION = re.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[.\-]+[a-z0-9_]+)*)(?:@[\w.\-]*\w)?", re.IGNORECASE
)


def _plural(n: int, word: str) -> str:
    """``n word`` or ``n words``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _listed(items: Iterable[str], *, sep: str = ", ", most: int = 10) -> str:
    """At most ``most`` of ``items`` joined by ``sep``, then how many more there are."""
    every = list(items)
    more = len(every) - most
    return sep.join(every[:most]) + (f" and {more} more" if more > 0 else "")


def _check(
    platform: Platform,
    length: int,
    limit: int,
    *,
    extra_over: int = 0,
    notes: Sequence[str] = (),
) -> LengthCheck:
    """Build a :class:`LengthCheck`; ``extra_over`` is a second rule's excess."""
    over = max(length - limit, 0) or extra_over
    all_notes = list(notes)
    if length > limit:
        all_notes.insert(0, f"{length - limit} {platform.unit} over {limit}")
    return LengthCheck(
        platform=platform.name,
        length=length,
        limit=limit,
        fits=over == 0,
        over=over,
        notes=tuple(all_notes),
    )


def _count_x(text: str, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    """X: weighted length; a character X refuses means the post does not fit (issue 18)."""
    length = x_weight(unicodedata.normalize("NFC", text))
    refused = x_refused(text)
    notes = []
    if refused:
        notes.append(
            "X refuses " + _listed(f"{visible_char(c)} at character {i}" for i, c in refused)
        )
    return _check(platform, length, limit, extra_over=len(refused), notes=notes)


def _count_graphemes(text: str, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    length = grapheme_count(text)
    notes: list[str] = []
    extra = 0
    if platform.max_bytes is not None:
        size = utf8_len(text)
        if size > platform.max_bytes:
            extra = size - platform.max_bytes
            notes.append(f"{size} bytes, at most {platform.max_bytes}")
    return _check(platform, length, limit, extra_over=extra, notes=notes)


def _count_mastodon(text: str, platform: Platform, limit: int, content_warning: str) -> LengthCheck:
    link_length = platform.link_length or 0
    pieces: list[str] = []
    position = 0
    for _url, start, end in find_links(text, bare=False):
        pieces.append(_MASTODON_MENTION.sub(r"@\1", text[position:start]))
        pieces.append("x" * link_length)
        position = end
    pieces.append(_MASTODON_MENTION.sub(r"@\1", text[position:]))
    length = grapheme_count(content_warning + "".join(pieces))
    notes = ("content warning included",) if content_warning else ()
    return _check(platform, length, limit, notes=notes)


def _count_threads(text: str, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    length = len(text)
    for start, end in emoji_spans(text):
        length += utf8_len(text[start:end]) - (end - start)
    notes: list[str] = []
    extra = 0
    if platform.max_links is not None:
        links = len(find_links(text))
        if links > platform.max_links:
            extra = links - platform.max_links
            notes.append(f"{_plural(links, 'link')}, at most {platform.max_links}")
    return _check(platform, length, limit, extra_over=extra, notes=notes)


def _count_utf16(text: str, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    return _check(platform, utf16_len(text), limit)


def _count_sms(text: str, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    # For SMS, ``limit`` is how many parts are acceptable.
    parts = max(limit, 1)
    measure = sms_measure(text)
    capacity = sms_capacity(measure.encoding, parts)
    notes: list[str] = [f"{measure.encoding}, {_plural(measure.segments, 'part')}"]
    over = 0
    if measure.segments > parts:
        over = max(measure.units - capacity, 1)
        notes.append(f"at most {_plural(parts, 'part')}")
    if measure.forced_ucs2:
        shown = _listed((visible_char(c) for c in measure.forced_ucs2), sep=" ")
        notes.append(f"UCS-2 because of: {shown}")
    return LengthCheck(
        platform=platform.name,
        length=measure.units,
        limit=capacity,
        fits=over == 0,
        over=over,
        encoding=measure.encoding,
        segments=measure.segments,
        forced_ucs2=measure.forced_ucs2,
        notes=tuple(notes),
    )


_COUNTERS: Mapping[str, Callable[[str, Platform, int, str], LengthCheck]] = MappingProxyType(
    {
        "x-weighted": _count_x,
        "graphemes": _count_graphemes,
        "mastodon": _count_mastodon,
        "threads": _count_threads,
        "utf16": _count_utf16,
        "sms": _count_sms,
    }
)


def count(
    text: str,
    platform: str = "x",
    *,
    limit: int | None = None,
    content_warning: str = "",
) -> LengthCheck:
    """Measure ``text`` by ``platform``'s exact rule.

    Never raises for any string (a bad platform name raises :class:`UsageError`).

    Args:
        text: The post, counted as given (X normalises it to NFC first, as X does).
        platform: A platform name from :data:`PLATFORM_NAMES`.
        limit: A limit other than the platform's, e.g. a Mastodon server's 1000. For
            SMS it is how many parts are acceptable (default 1).
        content_warning: Mastodon's content warning, which counts towards the limit.

    Returns:
        A :class:`LengthCheck`.

    Raises:
        UsageError: ``platform`` is unknown, or ``limit`` is not positive.
    """
    chosen = get_platform(platform)
    if limit is not None and limit < 1:
        raise UsageError(f"the limit must be a positive number, not {limit}")
    default = 1 if chosen.counting == "sms" else chosen.limit
    return _COUNTERS[chosen.counting](
        text, chosen, default if limit is None else limit, content_warning
    )
