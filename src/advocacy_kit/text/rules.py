"""The platform table as data (limits and counting rules), and the LengthCheck record."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from msgspec import Struct

from advocacy_kit.errors import UsageError, choice_hint


class Platform(Struct, frozen=True):
    """How one platform counts a post, and its limit.

    Attributes:
        name: What users type (``x``, ``bluesky``, ...).
        label: How the platform calls itself.
        limit: The default limit, in ``unit``; for SMS the characters of one message.
        unit: What is counted, in plain words.
        description: The counting rule in one sentence, for help and tables.
        counting: Which counting rule applies (a key of the counters in ``text.count``).
        max_bytes: A second limit in UTF-8 bytes, if any.
        max_links: At most this many links, if limited.
        link_length: Every link counts this many, or None when links count in full.
        limit_configurable: Whether a server may set its own limit (Mastodon).
        alt_limit: The most an image's alt text may hold, if the limit is known.
        alt_unit: What ``alt_limit`` counts: ``characters`` (code points) or
            ``graphemes``.
        alt_source: Where ``alt_limit`` was read.
        fit_clauses: Whether fitting tries parts of a sentence cut at a colon,
            semicolon or dash (SMS: every segment costs, issue 18).
    """

    name: str
    label: str
    limit: int
    unit: str
    description: str
    counting: str
    max_bytes: int | None = None
    max_links: int | None = None
    link_length: int | None = None
    limit_configurable: bool = False
    alt_limit: int | None = None
    alt_unit: str = "characters"
    alt_source: str | None = None
    fit_clauses: bool = False


#: Every platform, in the order tables show them.
PLATFORMS: Mapping[str, Platform] = MappingProxyType(
    {
        p.name: p
        for p in (
            Platform(
                name="x",
                label="X",
                limit=280,
                unit="weighted characters",
                description=(
                    "twitter-text v3: Latin and common punctuation weigh 1, other "
                    "characters 2, every emoji 2, every link 23"
                ),
                counting="x-weighted",
                link_length=23,
                # "Must be <= 1000 chars": X's developer documentation of the endpoint
                # that sets an image's alt text.
                alt_limit=1000,
                alt_source="X developer documentation, POST media/metadata/create",
            ),
            Platform(
                name="bluesky",
                label="Bluesky",
                limit=300,
                unit="graphemes",
                description="300 grapheme clusters and 3000 UTF-8 bytes; links count in full",
                counting="graphemes",
                max_bytes=3000,
                # The Bluesky app's MAX_ALT_TEXT, raised from 1000 to 2000 in October
                # 2024; the app counts grapheme clusters, as for posts.
                alt_limit=2000,
                alt_unit="graphemes",
                alt_source="bluesky-social/social-app #5611 (MAX_ALT_TEXT)",
            ),
            Platform(
                name="mastodon",
                label="Mastodon",
                limit=500,
                unit="graphemes",
                description=(
                    "grapheme clusters, content warning included; every http(s) link "
                    "counts 23 and @user@server counts as @user; servers may set their "
                    "own limit"
                ),
                counting="mastodon",
                link_length=23,
                limit_configurable=True,
                # MediaAttachment::MAX_DESCRIPTION_LENGTH = 1_500, checked with Ruby's
                # String#length (code points); other fediverse servers may differ.
                alt_limit=1500,
                alt_source=(
                    "mastodon/mastodon app/models/media_attachment.rb (MAX_DESCRIPTION_LENGTH)"
                ),
            ),
            Platform(
                name="threads",
                label="Threads",
                limit=500,
                unit="characters",
                description="characters, each emoji counting its UTF-8 bytes; at most 5 links",
                counting="threads",
                max_links=5,
            ),
            Platform(
                name="linkedin",
                label="LinkedIn",
                limit=3000,
                unit="characters",
                description=(
                    "characters as its composer counts them (UTF-16 code units: most emoji count 2)"
                ),
                counting="utf16",
            ),
            Platform(
                name="facebook",
                label="Facebook",
                limit=5000,
                unit="characters",
                description=(
                    "characters as its composer counts them (UTF-16 code units); 5000 is "
                    "safe for schedulers, 63,206 natively"
                ),
                counting="utf16",
            ),
            Platform(
                name="sms",
                label="SMS",
                limit=160,
                unit="septets or UTF-16 units",
                description=(
                    "GSM-7: 160 in one message, 153 per part; ^ { } \\ [ ~ ] | € cost 2; any "
                    "other character makes it UCS-2: 70 in one, 67 per part"
                ),
                counting="sms",
                fit_clauses=True,
            ),
        )
    }
)

#: Platform names in display order.
PLATFORM_NAMES: tuple[str, ...] = tuple(PLATFORMS)

#: Other names users type for a platform.
PLATFORM_ALIASES: Mapping[str, str] = MappingProxyType({"twitter": "x", "text": "sms"})


def get_platform(name: str) -> Platform:
    """Return the platform called ``name`` (case-insensitive; ``twitter`` means ``x``).

    Args:
        name: A platform name or alias.

    Returns:
        The :class:`Platform`.

    Raises:
        UsageError: ``name`` is not a platform; the hint lists them.
    """
    if name in PLATFORMS:  # the common case, first
        return PLATFORMS[name]
    key = name.strip().lower()
    key = PLATFORM_ALIASES.get(key, key)
    try:
        return PLATFORMS[key]
    except KeyError:
        raise UsageError(
            f"unknown platform '{name}'",
            hint=choice_hint(key, PLATFORM_NAMES, what="platforms"),
        ) from None


# A NamedTuple rather than a frozen dataclass: as immutable, and made four times
# faster, which counts when one post is counted on every platform (issue 17).
class LengthCheck(NamedTuple):
    """A text measured by one platform's rule.

    Attributes:
        platform: The platform's name.
        length: The length by the platform's rule (for SMS: septets in GSM-7, UTF-16
            units in UCS-2).
        limit: The limit it is measured against (for SMS: what the allowed number of
            parts holds in the text's encoding).
        fits: Whether the text may be posted as it is.
        over: How far over the limit, 0 when it fits. When the length is within the
            limit but a second rule fails, this is how far that rule is exceeded (bytes
            for Bluesky, links for Threads, units for SMS) and ``notes`` says which.
        encoding: ``GSM-7`` or ``UCS-2`` for SMS, else None.
        segments: How many SMS parts the text takes, else None.
        forced_ucs2: The characters that made an SMS UCS-2, in order of appearance.
        notes: Plain-language remarks, e.g. ``3001 bytes, at most 3000``.
    """

    platform: str
    length: int
    limit: int
    fits: bool
    over: int = 0
    encoding: str | None = None
    segments: int | None = None
    forced_ucs2: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The check as JSON-ready data: platform, length, limit, fits (+ SMS details)."""
        data: dict[str, object] = {
            "platform": self.platform,
            "length": self.length,
            "limit": self.limit,
            "fits": self.fits,
        }
        if self.encoding is not None:
            data["encoding"] = self.encoding
            data["segments"] = self.segments
        return data
