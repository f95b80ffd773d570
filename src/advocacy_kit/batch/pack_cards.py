"""Share cards in a campaign pack: a square and a landscape card for each day.

Each day's card shows the first of its key messages that fits both sizes at a readable
size; a day none of whose messages fits is left out (and said so), never clipped. The
cards go in the day's folder as ``card-square.png`` and ``card-landscape.png``, each
with its alt text beside it (``.alt.txt``); ``index.html`` shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from msgspec import Struct

from advocacy_kit.batch.pack_posts import LeftOut
from advocacy_kit.model import Message
from advocacy_kit.output.card import CARD_SIZES, Card, CardTooLong, card_spec
from advocacy_kit.output.card_render import CardRenderer

#: The card sizes of a pack, in the order the page shows them.
PACK_CARD_SIZES = ("square", "landscape")


class CardLook(Struct, frozen=True):
    """How a pack's cards look and whose they are: the options of ``advocacy-kit card``."""

    organisation: str | None = None
    renderer: CardRenderer | None = None
    lang: str = "en"


class DayCard(Struct, frozen=True):
    """One card of one day, as the pack writes it and its page shows it."""

    file: str
    alt_file: str
    card: Card

    def to_json(self) -> dict[str, Any]:
        """Plain data for templates and ``--json``."""
        return {
            "id": self.file.replace("/", "-").removesuffix(".png"),
            "file": self.file,
            "alt_file": self.alt_file,
            "size": self.card.size.name,
            "width": self.card.size.width,
            "height": self.card.size.height,
            "message_id": self.card.spec.message_id,
            "alt_text": self.card.alt_text,
        }


def day_cards(
    *,
    day: int,
    slug: str,
    messages: Sequence[Message],
    hashtag: str | None,
    organisation: str,
    look: CardLook,
) -> tuple[tuple[DayCard, ...], list[LeftOut]]:
    """The day's cards: the first of ``messages`` that fits every size of the pack.

    Returns:
        The cards (none when the day has no message, or none fits), and what was left
        out.
    """
    renderer = look.renderer or CardRenderer()  # one for the whole pack, when given
    refused: CardTooLong | None = None
    for message in messages:
        spec = card_spec(message, organisation=organisation, hashtag=hashtag, lang=look.lang)
        try:
            cards = [renderer.render(spec, CARD_SIZES[name]) for name in PACK_CARD_SIZES]
        except CardTooLong as error:
            refused = refused or error
            continue
        return tuple(
            DayCard(f"{slug}/card-{c.size.name}.png", f"{slug}/card-{c.size.name}.alt.txt", c)
            for c in cards
        ), []
    if refused is None:
        return (), []
    where = " and ".join(PACK_CARD_SIZES) + " cards"
    what = "the share card's message"
    return (), [LeftOut(day, where, "card", refused.message, refused.over, what=what)]


def card_files(cards: Sequence[DayCard]) -> list[tuple[str, str | bytes]]:
    """The files of ``cards``: each image, then its alt text."""
    files: list[tuple[str, str | bytes]] = []
    for each in cards:
        files.append((each.file, each.card.image))
        files.append((each.alt_file, each.card.alt_text + "\n"))
    return files
