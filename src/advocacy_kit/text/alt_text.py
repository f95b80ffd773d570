"""An image's alt text counted against every platform's alt-text limit.

The limits, how each counts and where each figure was read are columns of the platform
table (:data:`advocacy_kit.text.rules.PLATFORMS`: ``alt_limit``, ``alt_unit``,
``alt_source``); every platform with a known limit is checked.
"""

from __future__ import annotations

from msgspec import Struct

from advocacy_kit.text.graphemes import grapheme_count
from advocacy_kit.text.rules import PLATFORMS


class AltTextCheck(Struct, frozen=True):
    """An alt text measured against one platform's limit."""

    platform: str
    length: int
    limit: int
    unit: str

    @property
    def fits(self) -> bool:
        """True when the alt text is within the limit."""
        return self.length <= self.limit

    def to_json(self) -> dict[str, str | int | bool]:
        """Plain data for ``--json``."""
        return {
            "platform": self.platform,
            "length": self.length,
            "limit": self.limit,
            "unit": self.unit,
            "fits": self.fits,
        }


def alt_text_platforms() -> tuple[str, ...]:
    """The platforms whose alt-text limit is known, in table order."""
    return tuple(name for name, p in PLATFORMS.items() if p.alt_limit is not None)


def check_alt_text(text: str) -> tuple[AltTextCheck, ...]:
    """``text`` counted against every known alt-text limit, by each platform's unit."""
    checks = []
    for name in alt_text_platforms():
        platform = PLATFORMS[name]
        assert platform.alt_limit is not None
        length = grapheme_count(text) if platform.alt_unit == "graphemes" else len(text)
        checks.append(AltTextCheck(name, length, platform.alt_limit, platform.alt_unit))
    return tuple(checks)
