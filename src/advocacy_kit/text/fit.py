"""fit_post(): the most preferred version of a post, with its extras, that fits."""

from __future__ import annotations

import re
from collections.abc import Sequence

from msgspec import Struct

from advocacy_kit.text.count import count
from advocacy_kit.text.rules import LengthCheck


class Fit(Struct, frozen=True):
    """The post :func:`fit_post` chose.

    Attributes:
        text: The post.
        check: Its measure on the platform.
        candidate_index: Which candidate it was made from.
        dropped_extras: The extras left out so that it fits.
        fits: Whether it fits (False when nothing did: then it is the shortest try).
    """

    text: str
    check: LengthCheck
    candidate_index: int
    dropped_extras: tuple[str, ...]
    fits: bool


def _present(extra: str, text: str) -> bool:
    """Whether ``extra`` (a hashtag, handle or link) is already in ``text``."""
    pattern = r"(?<![\w#@])" + re.escape(extra.strip()) + r"(?![\w])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def with_extras(candidate: str, extras: Sequence[str]) -> str:
    """``candidate`` followed by those ``extras`` it does not already contain."""
    text = candidate.strip()
    for extra in extras:
        extra = extra.strip()
        if extra and not _present(extra, text):
            text = f"{text} {extra}" if text else extra
    return text


def fit_post(
    *,
    candidates: Sequence[str],
    extras: Sequence[str] = (),
    platform: str = "x",
    limit: int | None = None,
) -> Fit:
    """Choose the most preferred version of a post that fits ``platform``.

    Every candidate is tried with all ``extras`` appended (space-separated; an extra the
    text already holds is not added twice); then the extras are dropped one at a time
    from the end and every candidate is tried again. Nothing is ever cut: no word and
    no link is shortened.

    Args:
        candidates: Versions of the post, most preferred first (hand-written short
            versions, then leading sentences, longest first).
        extras: Optional trailing pieces, most wanted first: hashtags, a handle, a link.
        platform: The platform to fit.
        limit: A limit other than the platform's.

    Returns:
        The first :class:`Fit` that fits; if none does, the shortest attempt, with
        ``fits`` False and ``check.over`` saying how far over it is.

    Raises:
        ValueError: ``candidates`` is empty.
        UsageError: unknown platform.
    """
    if not candidates:
        raise ValueError("fit_post needs at least one candidate")
    best: Fit | None = None
    for kept in range(len(extras), -1, -1):
        dropped = tuple(extras[kept:])
        for index, candidate in enumerate(candidates):
            text = with_extras(candidate, extras[:kept])
            check = count(text, platform, limit=limit)
            attempt = Fit(text, check, index, dropped, check.fits)
            if check.fits:
                return attempt
            if best is None or (check.over, check.length) < (best.check.over, best.check.length):
                best = attempt
    assert best is not None
    return best
