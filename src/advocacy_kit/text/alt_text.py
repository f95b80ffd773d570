"""How long an image's alt text may be on each platform, and counting a text against it.

Each limit says where it was read (checked November 2026):

- X: 1000 characters. X's media metadata endpoint (``POST media/metadata/create``,
  developer documentation) says the ``alt_text.text`` "Must be <= 1000 chars".
- Bluesky: 2000 graphemes. The Bluesky app's ``MAX_ALT_TEXT`` went from 1000 to 2000
  in October 2024 (bluesky-social/social-app pull request #5611); the app counts
  grapheme clusters, as it does for posts.
- Mastodon: 1500 characters. ``MediaAttachment::MAX_DESCRIPTION_LENGTH = 1_500`` in
  Mastodon's ``app/models/media_attachment.rb``, checked with Ruby's ``String#length``,
  which counts code points. Other servers of the fediverse may set their own.

The limits will join the platform table (:mod:`advocacy_kit.text.platforms`) once the
modules being split settle (issue 16).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class AltTextLimit:
    """One platform's alt-text limit and how it counts.

    Attributes:
        platform: The platform's name, as ``draft --platform`` takes it.
        limit: The most the alt text may hold, in ``unit``.
        unit: ``graphemes`` (user-perceived characters) or ``characters`` (code points).
        source: Where the limit was read.
    """

    platform: str
    limit: int
    unit: str
    source: str


#: Alt-text limits, in the order tables show them.
ALT_TEXT_LIMITS: Mapping[str, AltTextLimit] = MappingProxyType(
    {
        limit.platform: limit
        for limit in (
            AltTextLimit(
                "x", 1000, "characters", "X developer documentation, POST media/metadata/create"
            ),
            AltTextLimit(
                "bluesky", 2000, "graphemes", "bluesky-social/social-app #5611 (MAX_ALT_TEXT)"
            ),
            AltTextLimit(
                "mastodon",
                1500,
                "characters",
                "mastodon/mastodon app/models/media_attachment.rb (MAX_DESCRIPTION_LENGTH)",
            ),
        )
    }
)


@dataclass(frozen=True)
class AltTextCheck:
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


def check_alt_text(text: str) -> tuple[AltTextCheck, ...]:
    """``text`` counted against every platform's alt-text limit."""
    from advocacy_kit.text.platforms import _graphemes  # the posts' grapheme counter

    checks = []
    for limit in ALT_TEXT_LIMITS.values():
        length = _graphemes(text) if limit.unit == "graphemes" else len(text)
        checks.append(AltTextCheck(limit.platform, length, limit.limit, limit.unit))
    return tuple(checks)
