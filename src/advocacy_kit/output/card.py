"""Share cards: key messages as PNG images for social media, each with its alt text.

:func:`compose_cards` decides what each card says (:class:`CardSpec`): the official text
and, after it, the hand-written short versions that pass the short-version rules; the
sources of its figures; the campaign hashtag; the organisation's name. The Typst
template ``card.typ`` sets the first of those texts that fits the card at a readable
size and reports what it chose (:mod:`advocacy_kit.output.card_render`). A text that
fits at no readable size is refused, never clipped. :mod:`advocacy_kit.output.card_files`
writes each card as ``MESSAGE-SIZE.png`` with its alt text beside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from msgspec import Struct, field

from advocacy_kit.compose.drafts import select_messages
from advocacy_kit.compose.posts import DEFAULT_CAMPAIGN
from advocacy_kit.errors import ContentWanting, UsageError, choice_hint
from advocacy_kit.languages import base_language
from advocacy_kit.model import Library, Message, get_audience
from advocacy_kit.text.alt_text import AltTextCheck


class CardSize(Struct, frozen=True):
    """One card format: its size in pixels and where it is shown.

    ``top`` and ``bottom`` are the margins as a share of the height: a story keeps its
    text out of the bands where the app draws its own buttons and captions.
    """

    name: str
    width: int
    height: int
    use: str
    top: float = 0.075
    bottom: float = 0.075

    @property
    def min_size(self) -> int:
        """The smallest readable message size, in pixels: 12 pixels on a phone that
        shows the card 360 pixels wide (a card is width/360 times larger)."""
        return round(self.width / 30)

    @property
    def max_size(self) -> int:
        """The largest message size, for the shortest texts."""
        return round(self.width / 12)

    @property
    def small_size(self) -> int:
        """The size of the hashtag, source and organisation (about 10.5 pixels on that
        phone)."""
        return round(self.width / 34)


#: Every card size, in the order ``--size`` lists them.
CARD_SIZES: dict[str, CardSize] = {
    size.name: size
    for size in (
        CardSize("landscape", 1200, 675, "X, Bluesky, LinkedIn, Facebook"),
        CardSize("square", 1080, 1080, "Instagram, Facebook"),
        CardSize("portrait", 1080, 1350, "Instagram feed"),
        # Instagram and Facebook stories draw the account name at the top and the reply
        # box at the bottom: about 250 and 340 pixels of 1920.
        CardSize("story", 1080, 1920, "stories", top=0.14, bottom=0.18),
    )
}

#: The sizes made when none is asked for.
DEFAULT_SIZES = ("landscape", "square")

#: The words a card and its alt text use, by language; a card in another language
#: uses English ones. ``colon`` follows a label: French puts a no-break space before it.
CARD_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "source": "Source",
        "sources": "Sources",
        "colon": ":",
        "card": "Card with the text",
        "open": "\u201c",
        "close": "\u201d",
        "logo": "With the logo of",
    },
    "fr": {
        "source": "Source",
        "sources": "Sources",
        "colon": "\u00a0:",
        "card": "Carte avec le texte",
        "open": "«\u00a0",
        "close": "\u00a0»",
        "logo": "Avec le logo de",
    },
}


def card_words(lang: str) -> dict[str, str]:
    """The card's fixed words in ``lang`` (its primary subtag), English otherwise."""
    return CARD_WORDS.get(base_language(lang), CARD_WORDS["en"])


def card_sizes(names: Sequence[str] = ()) -> tuple[CardSize, ...]:
    """The sizes asked for (``all`` for every one), each once, in the order given.

    Raises:
        UsageError: an unknown size name.
    """
    chosen: dict[str, CardSize] = {}
    for name in names or DEFAULT_SIZES:
        wanted = name.strip().lower()
        for each in CARD_SIZES if wanted == "all" else (wanted,):
            if each not in CARD_SIZES:
                raise UsageError(
                    f"unknown card size '{name}'",
                    hint=choice_hint(each, [*CARD_SIZES, "all"], what="sizes"),
                )
            chosen.setdefault(each, CARD_SIZES[each])
    return tuple(chosen.values())


class CardSpec(Struct, frozen=True):
    """What one message's card says, before it is typeset.

    Attributes:
        message_id: The message's id; card files are named after it.
        title: The message's title (the image's document title).
        candidates: The texts the card may show, most preferred first: the official
            text, then the short versions that pass the short-version rules.
        versions: What each candidate is: ``official``, ``short 1``, ...
        sources: Where the message's figures come from.
        hashtag: The campaign hashtag, if any.
        organisation: The organisation named on the card.
        lang: The language of the text (BCP 47).
    """

    message_id: str
    title: str
    candidates: tuple[str, ...]
    versions: tuple[str, ...]
    sources: tuple[str, ...] = ()
    hashtag: str | None = None
    organisation: str = ""
    lang: str = "en"

    @property
    def sources_line(self) -> str:
        """``Source: ...`` as the card prints it ('' without sources)."""
        if not self.sources:
            return ""
        words = card_words(self.lang)
        label = words["source"] if len(self.sources) == 1 else words["sources"]
        return f"{label}{words['colon']} {'; '.join(self.sources)}"


class Card(Struct, frozen=True):
    """One typeset card.

    Attributes:
        spec: What the card says.
        size: Its format.
        index: Which of ``spec.candidates`` it shows.
        font_size: The message's size on the card, in pixels.
        image: The PNG (or, when asked, PDF) bytes.
        alt_text: The image's text alternative: every word on the card.
        alt_checks: ``alt_text`` counted against each platform's alt-text limit.
        box: The text area on the card (x, y, width, height, in pixels) and the
            height the text needs in it (``needed``).
        missing: Characters of the card that its fonts cannot show.
    """

    spec: CardSpec
    size: CardSize
    index: int
    font_size: float
    image: bytes
    alt_text: str
    alt_checks: tuple[AltTextCheck, ...]
    box: dict[str, float] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The file name without extension: ``MESSAGE-SIZE``."""
        return f"{self.spec.message_id}-{self.size.name}"

    @property
    def text(self) -> str:
        """The message text on the card."""
        return self.spec.candidates[self.index]

    @property
    def version(self) -> str:
        """``official`` or ``short N``."""
        return self.spec.versions[self.index]

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json`` (without the image)."""
        return {
            "message_id": self.spec.message_id,
            "size": self.size.name,
            "width": self.size.width,
            "height": self.size.height,
            "version": self.version,
            "text": self.text,
            "font_size": self.font_size,
            "sources": list(self.spec.sources),
            "hashtag": self.spec.hashtag,
            "organisation": self.spec.organisation,
            "alt_text": self.alt_text,
            "alt_text_limits": [check.to_json() for check in self.alt_checks],
        }


def alt_text(spec: CardSpec, index: int, *, logo: bool = False) -> str:
    """The alt text of a card showing candidate ``index``: every word on it, in the
    order it is read (the text, its source, the organisation, the hashtag)."""
    words = card_words(spec.lang)
    parts = [f"{words['card']}{words['colon']} {words['open']}{spec.candidates[index]}"]
    parts[0] += words["close"]
    if spec.sources:
        parts.append(spec.sources_line)
    # Every card names its organisation (compose_cards refuses to make one without).
    parts.append(f"{words['logo']} {spec.organisation}" if logo else spec.organisation)
    # A full stop after the source and the name, so a screen reader pauses there.
    parts = parts[:1] + [p if p.endswith(".") else p + "." for p in parts[1:]]
    if spec.hashtag:
        parts.append(spec.hashtag)
    return " ".join(parts)


def passing_shorts(message: Message) -> list[tuple[int, str]]:
    """(number, text) of each short version that passes the short-version rules of
    ``check``: it fits every post platform, and states no figure that neither the
    official text nor the evidence states."""
    from advocacy_kit.library.rules import figures, short_over

    known = set(figures(message.text)).union(*(figures(e.claim) for e in message.evidence))
    over = {number for number, _ in short_over(message)}
    return [
        (number, short)
        for number, short in enumerate(message.short, start=1)
        if number not in over and set(figures(short)) <= known
    ]


def standalone(text: str) -> str:
    """``text`` as a card sets it. A card stands alone, so the semicolon or comma that
    ends an item of the Alliance's lists (the workforce's commitments) becomes a full
    stop; and a space before ``%`` ``:`` ``;`` ``!`` ``?`` ``»`` or after ``«`` (French
    typography) becomes a no-break space, so a line never starts with one of them."""
    text = text.strip()
    if text.endswith((";", ",")):
        text = text[:-1].rstrip() + "."
    return _LOOSE_SPACE.sub("\u00a0", text)


#: A space that must not break a line: before a closing sign, after an opening one.
_LOOSE_SPACE = re.compile(r"(?<=\S) (?=[%:;!?»])|(?<=«) ")


def card_spec(
    message: Message, *, organisation: str, hashtag: str | None, lang: str = "en"
) -> CardSpec:
    """What ``message``'s card says: its official text, then its passing short versions."""
    candidates = [standalone(message.text)]
    versions = ["official"]
    for number, short in passing_shorts(message):
        short = standalone(short)
        if short not in candidates:
            candidates.append(short)
            versions.append(f"short {number}")
    sources = tuple(dict.fromkeys(e.source for e in message.evidence if e.source))
    return CardSpec(
        message_id=message.id,
        title=message.title,
        candidates=tuple(candidates),
        versions=tuple(versions),
        sources=sources,
        hashtag=hashtag,
        organisation=organisation,
        lang=lang,
    )


def campaign_defaults(library: Library) -> tuple[str | None, str | None]:
    """The default campaign's hashtag and organisation, when the library has it."""
    campaign = next((c for c in library.campaigns if c.id == DEFAULT_CAMPAIGN), None)
    if campaign is None:
        return None, None
    return campaign.hashtag, campaign.organisation


def compose_cards(
    *,
    library: Library,
    audience: str,
    message: Sequence[str] = (),
    organisation: str | None = None,
    hashtag: str | None = None,
    lang: str = "en",
) -> tuple[CardSpec, ...]:
    """One :class:`CardSpec` per message of ``audience`` (or per id in ``message``).

    Args:
        library: The loaded (and, for a region, resolved) message library.
        audience: An audience name or alias.
        message: Message ids to use instead of all the audience's messages.
        organisation: The name on the card (default: the campaign's organisation).
        hashtag: The hashtag on the card (default: the campaign's).
        lang: The language of the text.

    Raises:
        UsageError: unknown audience or message id, or no organisation to name.
    """
    chosen = select_messages(library, get_audience(audience), message)
    if not message:  # an introduction leads into the messages after it: no card alone
        chosen = tuple(m for m in chosen if m.role != "introduction") or chosen
    campaign_tag, campaign_org = campaign_defaults(library)
    name = (organisation or "").strip() or campaign_org
    if not name:
        raise UsageError(
            "a card names its organisation, and none is known",
            hint='set yours with: advocacy-kit profile set organisation "Your organisation"',
        )
    return tuple(
        card_spec(m, organisation=name, hashtag=hashtag or campaign_tag, lang=lang) for m in chosen
    )


class CardTooLong(ContentWanting):
    """A message that fits its card at no readable size (it is refused, not clipped).

    ``over`` is about how many characters too long it is.
    """

    over: int = 0


def too_long(spec: CardSpec, size: CardSize, *, needed: float, room: float) -> CardTooLong:
    """The error for a text that needs ``needed`` pixels of height where ``room`` is."""
    text = spec.candidates[-1]
    over = max(1, round(len(text) * (1 - room / needed))) if needed > 0 else len(text)
    what = "its shortest version" if len(spec.candidates) > 1 else "its text"
    error = CardTooLong(
        f"message '{spec.message_id}' does not fit the {size.name} card "
        f"({size.width}×{size.height}): {what} is about {over} characters too long at "
        f"{size.min_size} px, the smallest readable size (it needs {needed:.0f} px of "
        f"height, the card has {room:.0f} px)",
        hint="add a shorter 'short:' version to the message, or choose a taller card "
        "with --size portrait or --size story",
    )
    error.over = over
    return error


def too_wide(spec: CardSpec, size: CardSize) -> CardTooLong:
    """The error for a text with a word wider than the card at the smallest size."""
    word = max(spec.candidates[-1].split(" "), key=len)
    return CardTooLong(
        f"message '{spec.message_id}' does not fit the {size.name} card "
        f"({size.width}×{size.height}): the word '{word}' is wider than the card at "
        f"{size.min_size} px, the smallest readable size",
        hint="shorten the word (for a link, a shorter address), or leave it out of the "
        "card's 'short:' version",
    )
