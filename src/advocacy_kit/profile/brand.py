"""An organisation's look on its share cards: two colours, checked for contrast, and a logo.

The contrast ratio is WCAG 2's: each colour's relative luminance from its sRGB
channels, then ``(lighter + 0.05) / (darker + 0.05)``. Cards carry text at sizes a phone
shows small, so the rule for normal text applies: at least 4.5:1 (WCAG 2.x, success
criterion 1.4.3, level AA), whatever the font size.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from msgspec import Struct

from advocacy_kit.errors import UsageError

#: The least contrast a card's text may have against its background (WCAG AA).
MIN_CONTRAST = 4.5

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


class Palette(Struct, frozen=True):
    """A card's colours as ``#rrggbb``: the background and the text on it."""

    background: str
    text: str

    @property
    def contrast(self) -> float:
        """The WCAG contrast ratio of the text against the background (1 to 21)."""
        return contrast_ratio(self.background, self.text)


#: The colours of a card when the profile names none: the dark blue and white of the
#: issue's example (contrast 8.7:1).
DEFAULT_PALETTE = Palette(background="#1b4f72", text="#ffffff")


def parse_color(value: str) -> str:
    """``value`` (``#1b4f72``, ``1b4f72`` or ``#fff``) as lower-case ``#rrggbb``.

    Raises:
        UsageError: not a hexadecimal colour.
    """
    match = _HEX.match(value.strip())
    if match is None:
        raise UsageError(
            f"'{value}' is not a colour",
            hint="write colours as hexadecimal RGB, e.g. #1b4f72 or #fff",
        )
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return f"#{digits}"


def relative_luminance(color: str) -> float:
    """WCAG 2's relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    digits = parse_color(color)[1:]
    channels = []
    for start in (0, 2, 4):
        value = int(digits[start : start + 2], 16) / 255
        # sRGB to linear light, as WCAG 2 defines it.
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours: 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def parse_palette(value: str) -> Palette:
    """A palette from ``"BACKGROUND TEXT"`` (e.g. ``"#1b4f72 #ffffff"``), checked.

    Raises:
        UsageError: not two colours, or their contrast is below :data:`MIN_CONTRAST`.
    """
    parts = value.replace(",", " ").split()
    if len(parts) != 2:
        raise UsageError(
            f"'{value}' is not a background and a text colour",
            hint='give two colours, background first: "#1b4f72 #ffffff"',
        )
    return check_palette(Palette(background=parse_color(parts[0]), text=parse_color(parts[1])))


def check_palette(palette: Palette) -> Palette:
    """``palette`` itself, when its text is readable on its background.

    Raises:
        UsageError: the contrast ratio is below :data:`MIN_CONTRAST`, giving the ratio.
    """
    ratio = palette.contrast
    if ratio < MIN_CONTRAST:
        raise UsageError(
            f"text in {palette.text} on {palette.background} has a contrast of "
            f"{_ratio(ratio)}:1, below the {MIN_CONTRAST:g}:1 that WCAG AA asks for",
            hint="choose a darker background or a lighter text colour (or the reverse); "
            f"the default {DEFAULT_PALETTE.background} with {DEFAULT_PALETTE.text} "
            f"has {_ratio(DEFAULT_PALETTE.contrast)}:1",
        )
    return palette


def _ratio(value: float) -> str:
    """A ratio rounded down to two decimals, so 4.497 never shows as a passing 4.5."""
    return f"{int(value * 100) / 100:.2f}"


def check_logo(path: Path) -> Path:
    """``path``, when it is a PNG or SVG image file.

    Raises:
        UsageError: missing, unreadable, or not PNG or SVG.
    """
    hint = "give a PNG or SVG image file for the logo"
    try:
        head = Path(path).read_bytes()[:4096]
    except OSError as exc:
        raise UsageError(f"cannot read the logo: {exc.strerror}", path=path, hint=hint) from None
    if head.startswith(b"\x89PNG\r\n\x1a\n") or b"<svg" in head.lower():
        return Path(path)
    raise UsageError("the logo is not a PNG or SVG image", path=path, hint=hint)


class CardBrand(Struct, frozen=True):
    """How an organisation's cards look: their colours and the logo beside its name."""

    palette: Palette
    logo: Path | None = None


class BrandedProfile(Protocol):
    """What :func:`card_brand` reads of a profile (a :class:`~.fields.Profile`, whose
    module imports this one)."""

    @property
    def card_colors(self) -> str | None:
        """The profile's ``card.colors``, as ``"BACKGROUND TEXT"``."""

    @property
    def card_logo(self) -> str | None:
        """The profile's ``card.logo``, a relative one already from its file's folder."""


def card_brand(
    profile: BrandedProfile, *, colors: str | None = None, logo: Path | None = None
) -> CardBrand:
    """The cards' colours and logo, for ``card`` and ``pack`` alike: flags over the
    profile's, :data:`DEFAULT_PALETTE` when neither names colours.

    A relative logo in a profile file was taken from that file's folder when it was
    read (a team file names the logo beside it); a logo starting with ``~`` is in the
    user's home folder.

    Args:
        profile: The profile in force.
        colors: ``"BACKGROUND TEXT"`` from the command line, over the profile's.
        logo: A logo file from the command line, over the profile's.

    Raises:
        UsageError: the colours are not two colours, or their contrast is too low.
    """
    colors = colors or profile.card_colors
    if logo is None and profile.card_logo:
        logo = Path(profile.card_logo).expanduser()
    return CardBrand(palette=parse_palette(colors) if colors else DEFAULT_PALETTE, logo=logo)
