"""count() and count_all(): a text measured by each platform's exact rule."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TypeVar

from advocacy_kit.errors import UsageError
from advocacy_kit.text.graphemes import (
    always_breaks,
    emoji_spans,
    grapheme_count,
    utf8_len,
    utf16_len,
    visible_char,
)
from advocacy_kit.text.links import find_links
from advocacy_kit.text.rules import PLATFORM_NAMES, LengthCheck, Platform, get_platform
from advocacy_kit.text.sms import sms_capacity, sms_measure
from advocacy_kit.text.x import x_refused, x_weight

_T = TypeVar("_T")


@functools.cache
def _mastodon_mention() -> re.Pattern[str]:
    """A mention, local or remote (group 1 its local part); compiled on first need."""
    return re.compile(
        r"(?<![=/\w])@([a-z0-9_]+(?:[.\-]+[a-z0-9_]+)*)(?:@[\w.\-]*\w)?", re.IGNORECASE
    )


def _plural(n: int, word: str) -> str:
    """``n word`` or ``n words``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _listed(
    items: Sequence[_T], show: Callable[[_T], str], *, sep: str = ", ", most: int = 10
) -> str:
    """At most ``most`` of ``items`` shown and joined by ``sep``, then how many more
    there are (only those shown are formatted: a long text may hold hundreds)."""
    more = len(items) - most
    return sep.join(map(show, items[:most])) + (f" and {more} more" if more > 0 else "")


def _check(
    platform: Platform,
    length: int,
    limit: int,
    *,
    extra_over: int = 0,
    notes: Sequence[str] = (),
) -> LengthCheck:
    """Build a :class:`LengthCheck`; ``extra_over`` is a second rule's excess."""
    if length <= limit and not extra_over and not notes:  # the common case, quickly
        return LengthCheck(platform.name, length, limit, True)
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


class _Post:
    """A text being counted, with the links in it found once for every rule that needs
    them (issue 17: counting on every platform costs little more than on X alone)."""

    __slots__ = ("_emoji_between_links", "_graphemes", "_links", "_utf16", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._links: list[tuple[str, int, int]] | None = None
        self._graphemes: int | None = None
        self._utf16: int | None = None
        self._emoji_between_links: list[tuple[int, int]] | None = None

    def links(self) -> list[tuple[str, int, int]]:
        """Every link, bare domains included, as X finds them."""
        if self._links is None:
            self._links = find_links(self.text)
        return self._links

    def graphemes(self) -> int:
        """How many grapheme clusters the text holds."""
        if self._graphemes is None:
            self._graphemes = grapheme_count(self.text)
        return self._graphemes

    def emoji(self) -> list[tuple[int, int]]:
        """Where the emoji are in the text: those X found between the links, and those
        in the links, where no grapheme cluster joins a link to its neighbours (then X
        finds what a search of the whole text finds); else a search of the whole text."""
        between = self._emoji_between_links
        text = self.text
        if between is not None and all(
            always_breaks(text, start) and always_breaks(text, end)
            for _url, start, end in self.links()
        ):
            inside = [
                (start + a, start + b)
                for _url, start, end in self.links()
                for a, b in emoji_spans(text[start:end])
            ]
            return between + inside
        return emoji_spans(text)

    def share_x_emoji(self, found: list[tuple[int, int]]) -> None:
        """Keep the emoji X found between the links of this (NFC) text."""
        self._emoji_between_links = found

    def utf16(self) -> int:
        """How many UTF-16 code units the text takes."""
        if self._utf16 is None:
            self._utf16 = utf16_len(self.text)
        return self._utf16

    def protocol_links(self) -> list[tuple[str, int, int]]:
        """The links written with ``http://`` or ``https://`` (Mastodon's)."""
        return [link for link in self.links() if link[0][:8].lower().startswith(_PROTOCOLS)]


_PROTOCOLS = ("http://", "https://")
# Two @ with no space between: where a remote mention (@user@server) may be.
_MAYBE_REMOTE = re.compile(r"@[^\s@]*@")


def _count_x(post: _Post, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    """X: weighted length; a character X refuses means the post does not fit (issue 18)."""
    text = post.text
    if unicodedata.is_normalized("NFC", text):
        found: list[tuple[int, int]] = []
        length = x_weight(text, links=post.links(), emoji_found=found)
        post.share_x_emoji(found)
    else:
        length = x_weight(unicodedata.normalize("NFC", text))
    refused = x_refused(text)
    notes = []
    if refused:
        notes.append(
            "X refuses " + _listed(refused, lambda r: f"{visible_char(r[1])} at character {r[0]}")
        )
    return _check(platform, length, limit, extra_over=len(refused), notes=notes)


def _count_graphemes(post: _Post, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    """Bluesky: grapheme clusters, and UTF-8 bytes."""
    text = post.text
    length = post.graphemes()
    notes: list[str] = []
    extra = 0
    if platform.max_bytes is not None:
        size = utf8_len(text)
        if size > platform.max_bytes:
            extra = size - platform.max_bytes
            notes.append(f"{size} bytes, at most {platform.max_bytes}")
    return _check(platform, length, limit, extra_over=extra, notes=notes)


def _count_mastodon(
    post: _Post, platform: Platform, limit: int, content_warning: str
) -> LengthCheck:
    """Mastodon: grapheme clusters, http(s) links 23, remote mentions as local ones."""
    link_length = platform.link_length or 0
    links = post.protocol_links()
    length = None if content_warning else _mastodon_shortcut(post, links, link_length)
    if length is None:
        text = post.text
        mention = _mastodon_mention()
        pieces: list[str] = []
        position = 0
        for _url, start, end in links:
            pieces.append(mention.sub(r"@\1", text[position:start]))
            pieces.append("x" * link_length)
            position = end
        pieces.append(mention.sub(r"@\1", text[position:]))
        length = grapheme_count(content_warning + "".join(pieces))
    notes = ("content warning included",) if content_warning else ()
    return _check(platform, length, limit, notes=notes)


def _mastodon_shortcut(
    post: _Post, links: list[tuple[str, int, int]], link_length: int
) -> int | None:
    """Mastodon's length from the text's grapheme count (shared with Bluesky), where
    that is exact: no remote mention, and no link joined to its neighbours in a cluster.
    None where the text must be rewritten and counted again."""
    text = post.text
    if _MAYBE_REMOTE.search(text):
        return None
    length = post.graphemes()
    for _url, start, end in links:
        if not (always_breaks(text, start) and always_breaks(text, end)):
            return None
        length += link_length - grapheme_count(text[start:end])
    return length


def _count_threads(post: _Post, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    """Threads: characters, emoji as their UTF-8 bytes, and a cap on links."""
    text = post.text
    length = len(text)
    for start, end in post.emoji():
        length += utf8_len(text[start:end]) - (end - start)
    notes: list[str] = []
    extra = 0
    if platform.max_links is not None:
        links = len(post.links())
        if links > platform.max_links:
            extra = links - platform.max_links
            notes.append(f"{_plural(links, 'link')}, at most {platform.max_links}")
    return _check(platform, length, limit, extra_over=extra, notes=notes)


def _count_utf16(post: _Post, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    """LinkedIn and Facebook: UTF-16 code units."""
    return _check(platform, post.utf16(), limit)


def _count_sms(post: _Post, platform: Platform, limit: int, _cw: str) -> LengthCheck:
    """SMS: GSM-7 or UCS-2 units; ``limit`` is how many parts are acceptable."""
    parts = max(limit, 1)
    measure = sms_measure(post.text)
    capacity = sms_capacity(measure.encoding, parts)
    notes: list[str] = [f"{measure.encoding}, {_plural(measure.segments, 'part')}"]
    over = 0
    if measure.segments > parts:
        over = max(measure.units - capacity, 1)
        notes.append(f"at most {_plural(parts, 'part')}")
    if measure.forced_ucs2:
        shown = _listed(measure.forced_ucs2, visible_char, sep=" ")
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


_COUNTERS: Mapping[str, Callable[[_Post, Platform, int, str], LengthCheck]] = MappingProxyType(
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
    return _measure(_Post(text), get_platform(platform), limit, content_warning)


def _measure(post: _Post, chosen: Platform, limit: int | None, content_warning: str) -> LengthCheck:
    """``post`` measured by ``chosen``'s rule, against ``limit`` or the platform's."""
    if limit is not None and limit < 1:
        raise UsageError(f"the limit must be a positive number, not {limit}")
    default = 1 if chosen.counting == "sms" else chosen.limit
    return _COUNTERS[chosen.counting](
        post, chosen, default if limit is None else limit, content_warning
    )


def count_all(
    text: str,
    platforms: Sequence[str] = PLATFORM_NAMES,
    *,
    limits: Mapping[str, int | None] | None = None,
    content_warning: str = "",
) -> list[LengthCheck]:
    """Measure ``text`` on several platforms at once, finding its links only once.

    Args:
        text: The post.
        platforms: Platform names or aliases (default: all, in table order).
        limits: Limits other than the platforms', by canonical name (``mastodon``: a
            server's limit; ``sms``: how many parts are acceptable).
        content_warning: Mastodon's content warning, counted for Mastodon only.

    Returns:
        One :class:`LengthCheck` per platform, in the order given; each is what
        :func:`count` gives for that platform.

    Raises:
        UsageError: a platform is unknown, or a limit is not positive.
    """
    post = _Post(text)
    checks = []
    for name in platforms:
        chosen = get_platform(name)
        limit = (limits or {}).get(chosen.name)
        warning = content_warning if chosen.counting == "mastodon" else ""
        checks.append(_measure(post, chosen, limit, warning))
    return checks
