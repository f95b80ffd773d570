"""What a short version must keep of its key message: figures with their qualifiers, sources.

A short version (for X, Bluesky, an SMS, a card) may shorten its message, never change a
claim (issue 12): every number, percentage and year of the text stays in it with the word
that qualifies it ("more than 65%", "by 2030"), the source is named as the text names it
("a recent European Social Network report"), and it adds no figure the text lacks.
:func:`claim_changes` compares a short (or a post) with the text it comes from; the
``check`` rule ``short-changes-claim`` and the tests of posts and packs use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from msgspec import Struct

from advocacy_kit.model import Message

#: Words that qualify a figure and so belong to the claim: "more than 65%" is not "65%",
#: "by 2030" is not "in 2030". English and French, longest first so that "more than"
#: wins over "more".
QUALIFIERS = tuple(
    sorted(
        (
            "more than", "less than", "fewer than", "at least", "at most", "up to", "over",
            "under", "nearly", "almost", "about", "around", "approximately", "some", "by",
            "in", "since", "until", "all", "only",
            "plus de", "moins de", "au moins", "au plus", "jusqu'à", "jusqu'en", "près de",
            "presque", "environ", "d'ici", "en", "depuis", "tous les", "toutes les",
            "seulement",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip

_QUALIFIER = "|".join(re.escape(q) for q in QUALIFIERS)
_NUMBER = r"\d+(?:[.,]\d+)*"
_PERCENT = r"(?:\s?%|\s(?:percent|per cent|pour cent)\b)"
_FIGURE = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIER})\s+)?(?P<number>{_NUMBER})(?P<percent>{_PERCENT})?",
    re.IGNORECASE,
)

#: Links, hashtags and handles: a post carries them, but their digits are not figures.
_NOT_PROSE = re.compile(r"https?://\S+|\b[\w.-]+\.[a-z]{2,}/\S*|[#@][\w.@-]+", re.IGNORECASE)


_PERCENT_WORDS = re.compile(rf"(?<=\d){_PERCENT}", re.IGNORECASE)


def _plain(text: str) -> str:
    """``text`` on one line, no-break and narrow spaces as spaces, curly quotes straight,
    and a percentage written one way (``65 %`` and ``65 percent`` as ``65%``)."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    return _PERCENT_WORDS.sub("%", " ".join(text.split()))


class Figure(Struct, frozen=True):
    """A figure as a claim states it: ``more than 65%``, ``by 2030``, ``13``."""

    number: str
    qualifier: str = ""
    percent: bool = False

    @property
    def words(self) -> str:
        """The figure as a reader must find it, e.g. ``more than 65%``."""
        core = self.number + ("%" if self.percent else "")
        return f"{self.qualifier} {core}" if self.qualifier else core


def figures_of(text: str) -> tuple[Figure, ...]:
    """Every figure written in digits in ``text``, with its qualifier and percent sign.

    Links, hashtags and handles are left out (``bit.ly/1gYsnem`` states no figure).
    """
    prose = _NOT_PROSE.sub(" ", _plain(text))
    found: list[Figure] = []
    for match in _FIGURE.finditer(prose):
        figure = Figure(
            number=match["number"],
            qualifier=(match["qualifier"] or "").lower(),
            percent=match["percent"] is not None,
        )
        if figure not in found:
            found.append(figure)
    return tuple(found)


class ClaimChanges(Struct, frozen=True):
    """How a short version (or post) changes the claims of the text it comes from.

    Attributes:
        dropped: Figures of the text the short leaves out or qualifies differently.
        added: Figures in the short that the text does not state.
        unnamed: Sources the text names that the short does not name as the text does.
    """

    dropped: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    unnamed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.dropped or self.added or self.unnamed)

    def describe(self) -> str:
        """One phrase for a report: ``drops 'by 2030'; does not name 'a ... report'``."""
        parts = []
        if self.dropped:
            parts.append("drops " + ", ".join(f"'{d}'" for d in self.dropped))
        if self.added:
            parts.append("adds " + ", ".join(f"'{a}'" for a in self.added))
        if self.unnamed:
            parts.append("does not name " + ", ".join(f"'{u}'" for u in self.unnamed))
        return "; ".join(parts)


def claim_changes(text: str, short: str, *, sources: Iterable[str] = ()) -> ClaimChanges:
    """What ``short`` drops, adds or leaves unnamed of the claims of ``text``.

    Args:
        text: The message's full text (the official words).
        short: A short version of it, or a post made from it.
        sources: The sources of the message's evidence; each one the text names must be
            named in ``short`` too, in the same words.

    Returns:
        The :class:`ClaimChanges`; false when the short keeps every claim.
    """
    plain_short = _plain(short).lower()
    prose_short = _NOT_PROSE.sub(" ", _plain(short)).lower()
    in_text = figures_of(text)
    numbers_in_text = {f.number for f in in_text}
    dropped = tuple(
        f.words
        for f in in_text
        if not re.search(rf"(?<![\w.,]){re.escape(f.words.lower())}(?![\d])", prose_short)
    )
    added = tuple(f.words for f in figures_of(short) if f.number not in numbers_in_text)
    plain_text = _plain(text).lower()
    unnamed = tuple(
        source
        for source in dict.fromkeys(_plain(s) for s in sources)
        if source and source.lower() in plain_text and source.lower() not in plain_short
    )
    return ClaimChanges(dropped=dropped, added=added, unnamed=unnamed)


def short_problems(
    message: Message, *, parent_text: str | None = None
) -> list[tuple[int, ClaimChanges]]:
    """(number, changes) for each short version of ``message`` that changes a claim.

    Args:
        message: The message, with its text, short versions and evidence.
        parent_text: For a message a variant amplifies, the parent's text: short
            versions kept from the parent were written for it, and are held to it.

    Returns:
        One entry per short version that drops, adds or leaves a source unnamed.
    """
    sources = [e.source for e in message.evidence]
    found: list[tuple[int, ClaimChanges]] = []
    for number, short in enumerate(message.short, start=1):
        changes = claim_changes(message.text, short, sources=sources)
        kept_from_parent = parent_text is not None and not claim_changes(
            parent_text, short, sources=sources
        )
        if changes and not kept_from_parent:
            found.append((number, changes))
    return found
