"""A campaign pack's posts: what each day's posts say, fitted to every platform."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from advocacy_kit.batch.pack_text import one_line, sentence, short_by
from advocacy_kit.model import Campaign, CampaignDay, Edition, Message, Webinar


@dataclass(frozen=True)
class PackPost:
    """One ready-to-copy post of a day, fitted to one platform.

    ``kind`` says what it announces: ``topic``, ``blog``, ``also``, ``event``,
    ``webinar``, ``theme``, ``message`` (a key message) or ``drafted`` (written by hand in
    the campaign file).
    """

    id: str
    platform: str
    text: str
    length: int
    limit: int
    kind: str
    message_ids: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The post as ``--json`` prints it."""
        return {
            "id": self.id,
            "platform": self.platform,
            "kind": self.kind,
            "text": self.text,
            "length": self.length,
            "limit": self.limit,
            "message_ids": list(self.message_ids),
        }


@dataclass(frozen=True)
class LeftOut:
    """A post that fits no version of itself on a platform, so the pack leaves it out."""

    day: int
    platform: str
    kind: str
    text: str
    over: int
    what: str = "a post"


@dataclass(frozen=True)
class PlatformPosts:
    """The posts of one day for one platform."""

    platform: str
    label: str
    limit: int
    unit: str
    posts: tuple[PackPost, ...]


@dataclass(frozen=True)
class PostDraft:
    """What one post says before fitting: its versions, longest first, and extras."""

    kind: str
    candidates: tuple[str, ...]
    extras: tuple[str, ...]
    message_ids: tuple[str, ...] = ()


def post_drafts(
    *,
    campaign: Campaign,
    edition: Edition,
    day: CampaignDay,
    topic: str,
    messages: Sequence[Message],
    webinars: Sequence[Webinar],
    link: str | None,
    hashtags: Sequence[str] = (),
) -> list[PostDraft]:
    """What the day's posts say, before fitting: several different posts per day."""
    from advocacy_kit.compose.posts import post_candidates

    tag = campaign.hashtag or campaign.name
    extras = tuple(
        dict.fromkeys(x for x in (campaign.hashtag, link, campaign.handle, *hashtags) if x)
    )
    drafts = [
        PostDraft(
            "topic",
            (
                f"Day {day.day} of {campaign.name}: {sentence(topic)}",
                f"Day {day.day} of {tag}: {sentence(topic)}",
            ),
            extras,
        )
    ]
    if day.by:
        by_options = dict.fromkeys((one_line(day.by), short_by(day.by)))
        drafts.append(
            PostDraft(
                "blog",
                tuple(f"Today's blog: “{one_line(topic)}”, by {by}." for by in by_options),
                extras,
            )
        )
    for other, other_by in day.also:
        texts = [f"Also today: “{one_line(other)}”."]
        if other_by:
            texts = [
                f"Also today: “{one_line(other)}”, by {one_line(other_by)}.",
                f"Also today: “{one_line(other)}”, by {short_by(other_by)}.",
                *texts,
            ]
        drafts.append(PostDraft("also", tuple(dict.fromkeys(texts)), extras))
    for event in day.events:
        drafts.append(PostDraft("event", (f"Today on {tag}: {sentence(event)}",), extras))
    for webinar in webinars:
        texts = [f"Join today's webinar: “{one_line(webinar.title)}”."]
        if webinar.with_:
            texts.insert(
                0, f"Join today's webinar: “{one_line(webinar.title)}”, with {webinar.with_}."
            )
        drafts.append(PostDraft("webinar", tuple(texts), extras))
    if day.day == min(d.day for d in edition.days) and edition.theme:
        drafts.append(
            PostDraft(
                "theme",
                (
                    f"{campaign.name} {edition.year} starts today. The theme: "
                    f"{sentence(edition.theme)}",
                    f"{campaign.name} {edition.year} starts today.",
                ),
                extras,
            )
        )
    for message in messages:
        drafts.append(
            PostDraft("message", tuple(post_candidates(message)), extras, message_ids=(message.id,))
        )
    for text in day.posts:
        drafts.append(PostDraft("drafted", (text,), ()))
    return drafts


_KIND_WORDS = {
    "topic": "the post announcing the topic",
    "blog": "the post about the day's blog",
    "also": "the post about the day's other blog",
    "event": "the post about the day's event",
    "webinar": "the post about the day's webinar",
    "theme": "the post about the week's theme",
}


def _describe(draft: PostDraft) -> str:
    """A post's description for a note: which key message, or what it announces."""
    if draft.kind == "message":
        return f"the post of key message '{draft.message_ids[0]}'"
    if draft.kind == "drafted":
        return f"the drafted post “{draft.candidates[0][:40]}…”"
    return _KIND_WORDS.get(draft.kind, "a post")


def fit_day_posts(
    drafts: Sequence[PostDraft], *, day: int, slug: str, platforms: Sequence[str]
) -> tuple[tuple[PlatformPosts, ...], list[LeftOut]]:
    from advocacy_kit.text import rules
    from advocacy_kit.text.fit import fit_post

    groups = []
    left_out: list[LeftOut] = []
    for name in platforms:
        platform = rules.get_platform(name)
        posts: list[PackPost] = []
        seen: set[str] = set()
        for draft in drafts:
            fit = fit_post(candidates=draft.candidates, extras=draft.extras, platform=name)
            if not fit.fits:
                left_out.append(
                    LeftOut(day, name, draft.kind, fit.text, fit.check.over, _describe(draft))
                )
                continue
            if fit.text in seen:
                continue
            seen.add(fit.text)
            posts.append(
                PackPost(
                    id=f"{slug}-{name}-{len(posts) + 1}",
                    platform=name,
                    text=fit.text,
                    length=fit.check.length,
                    limit=fit.check.limit,
                    kind=draft.kind,
                    message_ids=draft.message_ids,
                )
            )
        groups.append(
            PlatformPosts(
                platform=name,
                label=platform.label,
                limit=platform.limit,
                unit=platform.unit,
                posts=tuple(posts),
            )
        )
    return tuple(groups), left_out
