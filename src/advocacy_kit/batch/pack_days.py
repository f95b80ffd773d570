"""One day of a campaign pack: its topic, messages, asks, posts, and template data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from msgspec import Struct

from advocacy_kit.batch.pack_cards import DayCard
from advocacy_kit.batch.pack_posts import (
    LeftOut,
    PackPost,
    PlatformPosts,
    fit_day_posts,
    post_drafts,
)
from advocacy_kit.batch.pack_text import email_subject, one_line
from advocacy_kit.compose.drafts import message_context
from advocacy_kit.library.campaign_days import linked_messages
from advocacy_kit.model import Campaign, CampaignDay, Edition, Library, Message, Webinar
from advocacy_kit.records import compare_without

#: How many linked key messages a day carries.
MESSAGES_PER_DAY = 3

#: How many of the campaign's calls to action each day's e-mail carries.
ACTIONS_PER_DAY = 3


@compare_without("email", "talking_points", "cards")
class PackDay(Struct, frozen=True):
    """Everything a member needs on one day of the campaign."""

    number: int
    slug: str
    date: str | None
    date_label: str | None
    topic: str
    by: str | None
    also: tuple[tuple[str, str | None], ...]
    events: tuple[str, ...]
    webinars: tuple[Webinar, ...]
    link: str | None
    messages: tuple[Message, ...]
    subject: str
    asks: tuple[str, ...]
    actions: tuple[str, ...]
    question: str
    platforms: tuple[PlatformPosts, ...]
    guest_blog: tuple[str, str] | None = None
    email: str = ""
    talking_points: str = ""
    cards: tuple[DayCard, ...] = ()

    def posts(self, platform: str) -> tuple[PackPost, ...]:
        """The day's posts for ``platform`` (empty when the pack has none for it)."""
        for group in self.platforms:
            if group.platform == platform:
                return group.posts
        return ()

    def to_json(self) -> dict[str, Any]:
        """The day as ``--json`` prints it."""
        return {
            "day": self.number,
            "folder": self.slug,
            "date": self.date,
            "topic": self.topic,
            "by": self.by,
            "subject": self.subject,
            "message_ids": [m.id for m in self.messages],
            "cards": [card.to_json() for card in self.cards],
            "posts": {
                group.platform: [post.to_json() for post in group.posts] for group in self.platforms
            },
        }


def member_commitments(library: Library) -> tuple[str, ...]:
    """The workforce's commitments (seed 004), each as a sentence a member can act on."""
    return tuple(
        one_line(m.text).rstrip(" ;.") + "."
        for m in library.for_audience("workforce")
        if m.role != "introduction"
    )


def _day_actions(
    day: CampaignDay, actions: Sequence[str], commitments: Sequence[str], index: int
) -> tuple[str, ...]:
    """What a member can do on the ``index``-th day (issue 12): the day's own ask, one of
    the workforce's commitments and the campaign's ways to get involved, in turn, so
    that each morning's e-mail asks something different. Never a donor's ask."""
    chosen: list[str] = [one_line(day.ask)] if day.ask else []
    if commitments:
        chosen.append(commitments[index % len(commitments)])
    count = min(ACTIONS_PER_DAY - 1, len(actions))
    chosen += [one_line(actions[(index + i) % len(actions)]) for i in range(count)]
    return tuple(dict.fromkeys(chosen))


def _question(day: CampaignDay, topic: str, words: Mapping[str, str]) -> str:
    if day.question:
        return one_line(day.question)
    # Our own prose: it asks, it states no fact.
    return words["question"].format(topic=one_line(topic))


def build_day(
    day: CampaignDay,
    *,
    index: int,
    library: Library,
    campaign: Campaign,
    edition: Edition,
    platforms: Sequence[str],
    hashtags: Sequence[str],
    lang: str | None = None,
    handles: Sequence[tuple[str, str]] = (),
) -> tuple[PackDay, list[LeftOut]]:
    """The ``index``-th day of the pack, with the posts that fit no platform left out.

    ``handles`` (platform, handle) go on their own platform's posts only; ``lang`` is
    the language of the pack's fixed words.
    """
    from advocacy_kit.batch.pack_words import date_words, kit_words

    words = kit_words(lang)
    topic = one_line(day.topic or edition.theme or campaign.name)
    slug = f"day-{day.day}" + (f"-{day.date}" if day.date else "")
    messages = linked_messages(day, library, limit=MESSAGES_PER_DAY)
    webinars = tuple(w for w in edition.webinars if day.date and w.date == day.date)
    link = day.link or edition.link or campaign.link
    drafts = post_drafts(
        campaign=campaign,
        edition=edition,
        day=day,
        topic=topic,
        messages=messages,
        webinars=webinars,
        link=link,
        hashtags=hashtags,
        words=words,
    )
    groups, missing = fit_day_posts(
        drafts, day=day.day, slug=slug, platforms=platforms, campaign=campaign, handles=handles
    )
    asks = tuple(dict.fromkeys(one_line(a) for a in (day.ask, *(m.ask for m in messages)) if a))
    pack_day = PackDay(
        number=day.day,
        slug=slug,
        date=day.date,
        date_label=date_words(day.date, lang),
        topic=topic,
        by=one_line(day.by) if day.by else None,
        also=day.also,
        events=day.events,
        webinars=webinars,
        link=link,
        messages=messages,
        subject=email_subject(
            campaign=campaign,
            year=edition.year,
            day=day.day,
            topic=topic,
            pattern=words["subject_pattern"],
        ),
        asks=asks,
        actions=_day_actions(day, campaign.actions, member_commitments(library), index),
        question=_question(day, topic, words),
        guest_blog=day.guest_blog,
        platforms=groups,
    )
    return pack_day, missing


def group_context(group: PlatformPosts) -> dict[str, Any]:
    """One platform's posts of a day, as templates see them."""
    return {
        "platform": group.platform,
        "label": group.label,
        "limit": group.limit,
        "unit": group.unit,
        "posts": [post.to_json() for post in group.posts],
    }


def day_context(day: PackDay) -> dict[str, Any]:
    """A day of the pack, as templates see it."""
    return {
        "number": day.number,
        "slug": day.slug,
        "date": day.date,
        "date_label": day.date_label,
        "topic": day.topic,
        "by": day.by,
        "also": [{"topic": one_line(t), "by": b} for t, b in day.also],
        "events": list(day.events),
        "webinars": [{"title": w.title, "with": w.with_} for w in day.webinars],
        "link": day.link,
        "messages": [message_context(m) for m in day.messages],
        "subject": day.subject,
        "asks": list(day.asks),
        "actions": list(day.actions),
        "question": day.question,
        "platforms": [group_context(g) for g in day.platforms],
        "guest_blog": (
            {"title": day.guest_blog[0], "by": day.guest_blog[1]} if day.guest_blog else None
        ),
        "cards": [card.to_json() for card in day.cards],
    }
