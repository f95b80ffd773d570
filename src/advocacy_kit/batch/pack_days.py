"""One day of a campaign pack: its topic, messages, asks, posts, and template data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from advocacy_kit.batch.pack_posts import (
    LeftOut,
    PackPost,
    PlatformPosts,
    fit_day_posts,
    post_drafts,
)
from advocacy_kit.batch.pack_text import date_label, email_subject, one_line
from advocacy_kit.compose.drafts import message_context
from advocacy_kit.library.campaign_days import linked_messages
from advocacy_kit.model import Campaign, CampaignDay, Edition, Library, Message, Webinar

#: How many linked key messages a day carries.
MESSAGES_PER_DAY = 3

#: How many of the campaign's calls to action each day's e-mail carries.
ACTIONS_PER_DAY = 3


@dataclass(frozen=True)
class PackDay:
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
    email: str = field(default="", compare=False)
    talking_points: str = field(default="", compare=False)

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
            "posts": {
                group.platform: [post.to_json() for post in group.posts] for group in self.platforms
            },
        }


def _day_actions(actions: Sequence[str], index: int) -> tuple[str, ...]:
    """The campaign's calls to action for the ``index``-th day: a few, in turn, so that
    each morning's e-mail asks something different."""
    if not actions:
        return ()
    count = min(ACTIONS_PER_DAY, len(actions))
    return tuple(one_line(actions[(index + i) % len(actions)]) for i in range(count))


def _question(day: CampaignDay, topic: str) -> str:
    if day.question:
        return one_line(day.question)
    # Our own prose: it asks, it states no fact.
    return (
        f"What does “{one_line(topic)}” look like in your own work, and what would help "
        "you and your colleagues do more of it?"
    )


def build_day(
    day: CampaignDay,
    *,
    index: int,
    library: Library,
    campaign: Campaign,
    edition: Edition,
    platforms: Sequence[str],
    hashtags: Sequence[str],
) -> tuple[PackDay, list[LeftOut]]:
    """The ``index``-th day of the pack, with the posts that fit no platform left out."""
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
    )
    groups, missing = fit_day_posts(drafts, day=day.day, slug=slug, platforms=platforms)
    asks = tuple(dict.fromkeys(one_line(a) for a in (day.ask, *(m.ask for m in messages)) if a))
    pack_day = PackDay(
        number=day.day,
        slug=slug,
        date=day.date,
        date_label=date_label(day.date),
        topic=topic,
        by=one_line(day.by) if day.by else None,
        also=day.also,
        events=day.events,
        webinars=webinars,
        link=link,
        messages=messages,
        subject=email_subject(campaign=campaign, year=edition.year, day=day.day, topic=topic),
        asks=asks,
        actions=_day_actions(campaign.actions, index),
        question=_question(day, topic),
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
    }
