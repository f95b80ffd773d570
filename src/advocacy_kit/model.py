"""Immutable records: audiences, messages, campaigns, libraries and drafts.

Everything the rest of advocacy-kit works with is built once, at load, into these
frozen records. They carry where they came from (:class:`Origin`) so every sentence of a
draft can be traced back to a file and line.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct, field

from advocacy_kit.errors import UsageError, choice_hint, did_you_mean
from advocacy_kit.records import compare_without


class Audience(Struct, frozen=True):
    """One of the three audiences of the key messages (seed 004)."""

    name: str
    label: str
    description: str
    aliases: tuple[str, ...]
    default_format: str


#: The audiences of the key messages, in the order the Alliance gives them.
AUDIENCES: tuple[Audience, ...] = (
    Audience(
        name="donors",
        label="Donor groups, government and multilateral agencies",
        description="Funders and decision makers: ministries, donors, UN and other agencies.",
        aliases=("government", "governments", "multilateral", "donor"),
        default_format="letter",
    ),
    Audience(
        name="media",
        label="Media and general public",
        description="Journalists, the public and social media followers.",
        aliases=("public", "general-public"),
        default_format="talking-points",
    ),
    Audience(
        name="workforce",
        label="Members of the social service workforce",
        description="Social workers, para professionals and everyone in the workforce.",
        aliases=("members", "workers"),
        default_format="talking-points",
    ),
)


def audience_names() -> tuple[str, ...]:
    """Every name an audience answers to: canonical names first, then aliases."""
    names = [a.name for a in AUDIENCES]
    names += [alias for a in AUDIENCES for alias in a.aliases]
    return tuple(names)


def get_audience(name: str) -> Audience:
    """Return the audience called ``name`` (or one of its aliases), case-insensitively.

    Raises:
        UsageError: no audience has that name; the hint lists the valid ones.
    """
    wanted = name.strip().lower()
    for audience in AUDIENCES:
        if wanted == audience.name or wanted in audience.aliases:
            return audience
    raise UsageError(f"unknown audience '{name}'", hint=audience_hint(wanted))


def audience_hint(word: str) -> str:
    """A hint naming the audiences (with their aliases) and the closest match."""
    guess = did_you_mean(word, audience_names())
    listing = "; ".join(
        f"{a.name} ({', '.join(a.aliases)})" if a.aliases else a.name for a in AUDIENCES
    )
    if guess is None:
        return f"valid audiences: {listing}"
    canonical = next(a.name for a in AUDIENCES if guess == a.name or guess in a.aliases)
    return f"did you mean '{canonical}'? valid audiences: {listing}"


class Origin(Struct, frozen=True):
    """Where a record was defined: file, 1-based line and column, and its library."""

    path: str
    line: int
    column: int = 1
    library: str = "built-in"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class Evidence(Struct, frozen=True):
    """A claim made in a message and the organisation or document it comes from."""

    claim: str
    source: str
    url: str | None = None


class Message(Struct, frozen=True):
    """One key message.

    ``role`` is ``message`` for an ordinary key message, ``introduction`` for text that
    leads into the audience's other messages (the workforce introduction) and
    ``definition`` for the definition of the social service workforce.
    """

    id: str
    audience: str | None
    title: str
    text: str
    origin: Origin
    short: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    ask: str | None = None
    tags: tuple[str, ...] = ()
    role: str = "message"
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A plain-data view for ``--json`` output."""
        return {
            "id": self.id,
            "audience": self.audience,
            "role": self.role,
            "title": self.title,
            "text": self.text,
            "short": list(self.short),
            "evidence": [
                {"claim": e.claim, "source": e.source, "url": e.url} for e in self.evidence
            ],
            "ask": self.ask,
            "tags": list(self.tags),
            "note": self.note,
            "origin": {"path": self.origin.path, "line": self.origin.line},
        }


@compare_without("origin")
class CampaignDay(Struct, frozen=True):
    """One day of a campaign edition."""

    day: int
    date: str | None
    topic: str | None
    by: str | None = None
    also: tuple[tuple[str, str | None], ...] = ()
    events: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    posts: tuple[str, ...] = ()
    link: str | None = None
    ask: str | None = None
    question: str | None = None
    origin: Origin | None = None
    #: A partner's guest blog of the day: (its title, whose it is).
    guest_blog: tuple[str, str] | None = None


class Webinar(Struct, frozen=True):
    """A webinar held during a campaign edition."""

    date: str | None
    title: str
    with_: str | None = None


@compare_without("origin")
class Edition(Struct, frozen=True):
    """One year's edition of a campaign."""

    year: int
    edition: str | None
    start: str | None
    end: str | None
    theme: str | None
    days: tuple[CampaignDay, ...] = ()
    webinars: tuple[Webinar, ...] = ()
    link: str | None = None
    origin: Origin | None = None


class Campaign(Struct, frozen=True):
    """A recurring campaign such as Social Service Workforce Week."""

    id: str
    name: str
    origin: Origin
    organisation: str | None = None
    hashtag: str | None = None
    handle: str | None = None
    about: str | None = None
    editions: tuple[Edition, ...] = ()
    posts: tuple[str, ...] = ()
    link: str | None = None
    actions: tuple[str, ...] = ()
    #: Handles on platforms other than X, as (platform, handle); ``handle`` is X's.
    handles: tuple[tuple[str, str], ...] = ()
    #: The site that the campaign's site-relative links (``/page``) belong to.
    base_url: str | None = None
    #: Calls to action meant for the days before the week, not during it.
    before_week: tuple[str, ...] = ()

    def handle_for(self, platform: str) -> str | None:
        """The campaign's handle on ``platform``: ``handle`` on X, else only one the
        campaign file gives for that platform (issue 12: a handle tags nobody, or
        someone else, on a platform where it is not an account)."""
        given = dict(self.handles)
        if platform in given:
            return given[platform]
        return self.handle if platform == "x" else None


class Library(Struct, frozen=True):
    """The resolved message library: the definition, messages and campaigns."""

    messages: tuple[Message, ...]
    definition: Message | None = None
    campaigns: tuple[Campaign, ...] = ()
    sources: tuple[str, ...] = ()

    def by_id(self, message_id: str) -> Message:
        """Return the message with ``message_id``.

        Raises:
            UsageError: no such message; the hint suggests the closest id.
        """
        for message in self.messages:
            if message.id == message_id:
                return message
        if self.definition is not None and self.definition.id == message_id:
            return self.definition
        raise UsageError(
            f"no message with id '{message_id}'",
            hint=choice_hint(message_id, [m.id for m in self.messages], what="ids")
            + "; `advocacy-kit list` shows them all",
        )

    def for_audience(self, audience: str) -> tuple[Message, ...]:
        """The messages of one audience, in library order."""
        return tuple(m for m in self.messages if m.audience == audience)

    def campaign(self, campaign_id: str) -> Campaign:
        """Return the campaign called ``campaign_id``.

        Raises:
            UsageError: no such campaign.
        """
        for campaign in self.campaigns:
            if campaign.id == campaign_id:
                return campaign
        raise UsageError(
            f"no campaign called '{campaign_id}'",
            hint=choice_hint(campaign_id, [c.id for c in self.campaigns], what="campaigns"),
        )


class Piece(Struct, frozen=True):
    """One piece of a draft: a whole document, or one post of a set of posts.

    ``length``, ``limit`` and ``fits`` are None where no limit applies (letters).
    """

    message_ids: tuple[str, ...]
    text: str
    length: int | None = None
    limit: int | None = None
    fits: bool | None = None
    notes: tuple[str, ...] = ()
    platform: str | None = None
    part: tuple[int, int] | None = None  # (n, of) for a post of a thread

    def to_json(self, *, with_platform: bool = False) -> dict[str, Any]:
        """The piece as ``--json`` prints it (naming its platform when a draft has
        several, and its place when it is part of a thread)."""
        data: dict[str, Any] = {
            "message_ids": list(self.message_ids),
            "text": self.text,
            "length": self.length,
            "limit": self.limit,
            "fits": self.fits,
        }
        if with_platform:
            data["platform"] = self.platform
        if self.part is not None:
            data["part"] = list(self.part)
        return data


@compare_without("extras")
class Draft(Struct, frozen=True):
    """The result of composing messages for an audience in one format."""

    audience: str
    format: str
    pieces: tuple[Piece, ...]
    platform: str | None = None
    title: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    platforms: tuple[str, ...] = ()  # posts for several platforms at once

    @property
    def fits(self) -> bool:
        """False when any piece is over its limit."""
        return all(piece.fits is not False for piece in self.pieces)

    def to_json(self) -> dict[str, Any]:
        """The draft as ``--json`` prints it: ``platform`` is a list, and each piece
        names its platform, when the posts are for several platforms."""
        several = len(self.platforms) > 1
        return {
            "audience": self.audience,
            "format": self.format,
            "platform": list(self.platforms) if several else self.platform,
            "pieces": [piece.to_json(with_platform=several) for piece in self.pieces],
        }
