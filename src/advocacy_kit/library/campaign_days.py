"""A campaign's days against the key messages: the messages each day links to, the
edition a pack is made of, and what ``check`` finds wanting in a campaign."""

from __future__ import annotations

from msgspec import Struct

from advocacy_kit.errors import UsageError, did_you_mean
from advocacy_kit.model import Campaign, CampaignDay, Edition, Library, Message


class CampaignProblem(Struct, frozen=True):
    """Something in a valid campaign file that is still wanting, with where it is."""

    path: str
    line: int
    column: int
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}\nhint: {self.hint}"


def message_tags(library: Library) -> set[str]:
    """Every tag the key messages (and the definition) of ``library`` carry."""
    tags = {tag for message in library.messages for tag in message.tags}
    if library.definition is not None:
        tags.update(library.definition.tags)
    return tags


def campaign_problems(campaign: Campaign, library: Library) -> tuple[CampaignProblem, ...]:
    """Find what is valid but wanting in ``campaign`` against the key messages of ``library``.

    Checks that every day has a topic, that each of its ``tags`` is carried by at least
    one key message, and that at least one key message is linked to it.

    Args:
        campaign: A loaded campaign.
        library: The message library its tags should point into.

    Returns:
        The problems found, in file order (empty when the campaign is clean).
    """
    known = message_tags(library)
    problems: list[CampaignProblem] = []
    for edition in campaign.editions:
        for day in edition.days:
            where = day.origin or campaign.origin
            label = f"day {day.day} of the {edition.year} edition"
            if day.topic is None:
                problems.append(
                    CampaignProblem(
                        where.path,
                        where.line,
                        where.column,
                        f"{label} has no topic",
                        "add a 'topic:' line; the e-mail and posts of the day are built on it",
                    )
                )
            for tag in day.tags:
                if tag not in known:
                    guess = did_you_mean(tag, sorted(known))
                    problems.append(
                        CampaignProblem(
                            where.path,
                            where.line,
                            where.column,
                            f"{label}: no key message has the tag '{tag}'",
                            (f"did you mean '{guess}'? " if guess else "")
                            + "use a tag from the key messages; `advocacy-kit list` shows them",
                        )
                    )
            if not linked_messages(day, library):
                problems.append(
                    CampaignProblem(
                        where.path,
                        where.line,
                        where.column,
                        f"{label} links to no key message",
                        "add 'tags:' naming tags of the key messages that fit its topic",
                    )
                )
    return tuple(problems)


def linked_messages(day: CampaignDay, library: Library, *, limit: int = 3) -> tuple[Message, ...]:
    """The key messages that fit a day: those sharing most of its ``tags``, at most ``limit``.

    Messages sharing more of the day's tags come first; ties keep the order the day
    gives its tags, then library order. The workforce introduction is left out (it leads
    into the other workforce messages and does not stand alone).

    Args:
        day: The campaign day.
        library: The resolved message library (a regional variant's, where one is used).
        limit: How many messages at most.

    Returns:
        The chosen messages, best first.
    """
    if not day.tags:
        return ()
    candidates = [m for m in library.messages if m.role != "introduction"]
    if library.definition is not None:
        candidates.append(library.definition)
    scored = []
    for order, message in enumerate(candidates):
        shared = [day.tags.index(t) for t in message.tags if t in day.tags]
        if shared:
            scored.append((-len(shared), min(shared), order, message))
    scored.sort(key=lambda item: item[:3])
    return tuple(item[3] for item in scored[:limit])


def find_edition(campaign: Campaign, year: int | None = None) -> Edition:
    """The edition of ``year``, or the latest edition that has days.

    Raises:
        UsageError: no edition of that year, or it has no daily topics to make a pack of.
    """
    with_days = [e for e in campaign.editions if e.days]
    years = ", ".join(str(e.year) for e in sorted(with_days, key=lambda e: e.year))
    if year is None:
        if not with_days:
            raise UsageError(
                f"the campaign '{campaign.id}' has no edition with days",
                hint="add 'days:' to an edition in its campaign file "
                "(see README, 'Writing your own campaign file')",
            )
        return max(with_days, key=lambda e: e.year)
    for edition in campaign.editions:
        if edition.year == year:
            if not edition.days:
                raise UsageError(
                    f"the {year} edition of '{campaign.id}' has no daily topics",
                    hint=f"years with daily topics: {years}" if years else "add 'days:' to it",
                )
            return edition
    raise UsageError(
        f"the campaign '{campaign.id}' has no {year} edition",
        hint=f"years with daily topics: {years}" if years else "add an edition for it",
    )
