"""Share cards on disk: each card's PNG with its alt text beside it, written safely.

:func:`make_cards` is what ``advocacy-kit card`` calls: it checks everything that needs
no typesetting first (sizes, ids, colours, logo, files already there), typesets every
card, and writes them only when all fit, each file atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct

from advocacy_kit.errors import OutputError
from advocacy_kit.files import refuse_any_existing
from advocacy_kit.model import Library
from advocacy_kit.output.card import Card, card_sizes, compose_cards
from advocacy_kit.output.card_render import CardRenderer, render_cards
from advocacy_kit.output.pdf import Warn
from advocacy_kit.profile.brand import DEFAULT_PALETTE, Palette


def card_paths(card_name: str, out: Path) -> tuple[Path, Path]:
    """The image and alt-text files of the card called ``card_name`` in ``out``."""
    return out / f"{card_name}.png", out / f"{card_name}.alt.txt"


def check_out_folder(out: Path, names: Sequence[str], *, force: bool, what: str = "--out") -> None:
    """Refuse, before any work, a missing folder or files that exist without --force.

    Raises:
        OutputError: ``out`` is not a folder, or a card's file exists without ``force``.
    """
    if out.exists() and not out.is_dir():
        raise OutputError("not a folder", path=out, hint=f"give {what} a folder for the cards")
    if force:
        return
    refuse_any_existing(
        (path for name in names for path in card_paths(name, out)),
        hint="run again with --force to replace the cards, or choose another folder",
    )


def write_cards(cards: Sequence[Card], out: Path, *, force: bool = False) -> list[Path]:
    """Write each card's PNG and alt text into ``out`` (made if missing), atomically.

    Returns:
        The files written, image then alt text, card by card.

    Raises:
        OutputError: a file exists and ``force`` is false, or ``out`` cannot be made.
    """
    from advocacy_kit.files import write_atomic

    check_out_folder(out, [card.name for card in cards], force=force)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot make the folder: {exc.strerror}", path=out, hint="choose another folder"
        ) from None
    written = []
    for card in cards:
        image, alt = card_paths(card.name, out)
        write_atomic(image, card.image, force=force)
        write_atomic(alt, card.alt_text + "\n", force=force)
        written += [image, alt]
    return written


class CardSet(Struct, frozen=True):
    """The cards written by :func:`make_cards` and the files holding them."""

    cards: tuple[Card, ...]
    files: tuple[Path, ...]
    out: Path

    def to_json(self) -> dict[str, Any]:
        """Plain data for ``--json``: each card with its image and alt-text files."""
        return {
            "out": str(self.out),
            "cards": [
                {
                    **card.to_json(),
                    "file": str(card_paths(card.name, self.out)[0]),
                    "alt_file": str(card_paths(card.name, self.out)[1]),
                }
                for card in self.cards
            ],
        }


def make_cards(
    *,
    library: Library,
    audience: str,
    out: Path,
    message: Sequence[str] = (),
    size: Sequence[str] = (),
    organisation: str | None = None,
    hashtag: str | None = None,
    lang: str = "en",
    colors: Palette | None = None,
    logo: Path | None = None,
    templates: Sequence[Path] = (),
    font_path: Sequence[Path] = (),
    force: bool = False,
    warn: Warn | None = None,
) -> CardSet:
    """Make and write one card per message and size: what ``advocacy-kit card`` does.

    Every check that needs no typesetting (sizes, ids, colours, logo, files that exist
    already) comes first; then every card is typeset, and only when all fit are they
    written, so a refused text leaves the folder as it was.

    Args:
        library: The loaded (and, for a region, resolved) message library.
        audience: An audience name or alias.
        out: The folder to write into (made if missing).
        message: Message ids to use instead of all the audience's messages.
        size: Card sizes (``landscape``, ``square``, ``portrait``, ``story``, ``all``).
        organisation: The name on the cards (default: the campaign's organisation).
        hashtag: The hashtag on the cards (default: the campaign's).
        lang: The language of the text.
        colors: Background and text colours (default :data:`DEFAULT_PALETTE`).
        logo: A PNG or SVG file shown beside the organisation's name.
        templates: The user's template folders, before the built-in one.
        font_path: Extra font folders.
        force: Replace cards that exist.
        warn: Called with each warning (characters the fonts cannot show).

    Raises:
        UsageError: a bad size, id, colour, logo or font folder.
        OutputError: a card's file exists and ``force`` is false.
        CardTooLong: a text fits its card at no readable size.
    """
    sizes = card_sizes(size)
    specs = compose_cards(
        library=library,
        audience=audience,
        message=message,
        organisation=organisation,
        hashtag=hashtag,
        lang=lang,
    )
    check_out_folder(out, [f"{s.message_id}-{z.name}" for s in specs for z in sizes], force=force)
    renderer = CardRenderer(
        palette=colors or DEFAULT_PALETTE, logo=logo, templates=templates, font_paths=font_path
    )
    cards = render_cards(specs, sizes, renderer=renderer, warn=warn)
    files = write_cards(cards, out, force=force)
    return CardSet(cards=cards, files=tuple(files), out=out)
