"""split_thread(): a long text as numbered posts (1/n) that each fit a platform."""

from __future__ import annotations

from collections.abc import Sequence

from advocacy_kit.errors import ContentWanting
from advocacy_kit.text.count import count
from advocacy_kit.text.fit import with_extras
from advocacy_kit.text.rules import get_platform
from advocacy_kit.text.sentences import sentences


def _numbered(text: str, index: int, total: int) -> str:
    """``text`` with its place in the thread appended."""
    return f"{text} {index}/{total}"


def _space_separated_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (single-spaced), rejoining those no space separates."""
    pieces: list[str] = []
    position = 0
    for sentence in sentences(text):
        found = text.find(sentence, position)
        if pieces and found > 0 and text[found - 1] != " ":
            pieces[-1] += sentence
        else:
            pieces.append(sentence)
        position = found + len(sentence)
    return pieces


def split_thread(
    text: str,
    *,
    platform: str = "x",
    limit: int | None = None,
    extras: Sequence[str] = (),
) -> list[str]:
    """Split ``text`` into numbered posts (``… 1/3``) that each fit ``platform``.

    Sentences are kept whole where they fit, else split between words; a word or a link
    is never cut. The numbering counts against the limit. A text that fits in one post
    is returned as it is, unnumbered. ``extras`` (hashtags, a handle, a link) not
    already in the text are added at its end, so they close the thread.

    Args:
        text: The text to post.
        platform: The platform to fit.
        limit: A limit other than the platform's.
        extras: Trailing pieces to add at the end of the thread.

    Returns:
        The posts in order; joined without their numbering they give the text's words
        (then the added extras) in order. Empty when the text is blank.

    Raises:
        ContentWanting: a single word or link is longer than the limit.
        UsageError: unknown platform.
    """
    whole = with_extras(" ".join(text.split()), extras)
    if not whole:
        return []
    if count(whole, platform, limit=limit).fits:
        return [whole]
    pieces = _space_separated_sentences(whole)
    total = 2
    parts: list[str] = []
    # The width of "k/n" depends on n: pack for a guessed n until the guess is right.
    # A wider number never gives fewer parts, so this settles within a few rounds.
    for _ in range(8):
        parts = _pack(pieces, total, platform, limit)
        if len(parts) == total:
            break
        total = max(len(parts), 2)
    return [_numbered(part, i, len(parts)) for i, part in enumerate(parts, 1)]


def _pack(pieces: Sequence[str], total: int, platform: str, limit: int | None) -> list[str]:
    """Greedily pack sentences, then words, into parts numbered ``k/total``."""
    parts: list[str] = []

    def fits(candidate: str) -> bool:
        number = len(parts) + 1
        return count(_numbered(candidate, number, total), platform, limit=limit).fits

    current = ""
    for piece in pieces:
        joined = f"{current} {piece}" if current else piece
        if fits(joined):
            current = joined
            continue
        if current:
            parts.append(current)
            current = ""
        if fits(piece):
            current = piece
            continue
        for word in piece.split():
            joined = f"{current} {word}" if current else word
            if fits(joined):
                current = joined
                continue
            if current:
                parts.append(current)
            if not fits(word):
                check = count(_numbered(word, len(parts) + 1, total), platform, limit=limit)
                shown = word if len(word) <= 40 else word[:37] + "..."
                raise ContentWanting(
                    f"'{shown}' is longer than a {get_platform(platform).label} post "
                    f"({check.length} of {check.limit} with its numbering)",
                    hint="shorten that word or link, or choose a platform with a higher limit",
                )
            current = word
    if current:
        parts.append(current)
    return parts
