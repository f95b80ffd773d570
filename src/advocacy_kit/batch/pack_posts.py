"""A campaign pack's posts: what each day's posts say, fitted to every platform."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from msgspec import Struct

from advocacy_kit.batch.pack_text import one_line, sentence, short_by
from advocacy_kit.model import Campaign, CampaignDay, Edition, Message, Webinar


class PackPost(Struct, frozen=True):
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


class LeftOut(Struct, frozen=True):
    """A post that fits no version of itself on a platform, so the pack leaves it out."""

    day: int
    platform: str
    kind: str
    text: str
    over: int
    what: str = "a post"


class PlatformPosts(Struct, frozen=True):
    """The posts of one day for one platform."""

    platform: str
    label: str
    limit: int
    unit: str
    posts: tuple[PackPost, ...]


class PostDraft(Struct, frozen=True):
    """What one post says before fitting: its versions, longest first, and extras."""

    kind: str
    candidates: tuple[str, ...]
    extras: tuple[str, ...]
    message_ids: tuple[str, ...] = ()


def _blog_drafts(
    day: CampaignDay, topic: str, w: Mapping[str, str], extras: tuple[str, ...]
) -> list[PostDraft]:
    """Posts pointing to the day's blog (a guest blog by name) and its other articles."""
    drafts: list[PostDraft] = []
    if day.guest_blog:
        title, by = day.guest_blog
        drafts.append(PostDraft("blog", (w["guest_blog_post"].format(title=title, by=by),), extras))
    elif day.by:
        by_options = dict.fromkeys((one_line(day.by), short_by(day.by)))
        title = one_line(topic)
        drafts.append(
            PostDraft(
                "blog", tuple(w["blog_post"].format(title=title, by=b) for b in by_options), extras
            )
        )
    for other, other_by in day.also:
        texts = [w["also_post_plain"].format(title=one_line(other))]
        if other_by:
            texts = [
                *(
                    w["also_post"].format(title=one_line(other), by=b)
                    for b in (one_line(other_by), short_by(other_by))
                ),
                *texts,
            ]
        drafts.append(PostDraft("also", tuple(dict.fromkeys(texts)), extras))
    return drafts


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
    words: Mapping[str, str] | None = None,
) -> list[PostDraft]:
    """What the day's posts say, before fitting: several different posts per day.

    Handles are not among the extras here: :func:`fit_day_posts` adds each platform's
    own (issue 12).
    """
    from advocacy_kit.batch.pack_words import kit_words
    from advocacy_kit.compose.posts import post_candidates

    w = words or kit_words("en")
    tag = campaign.hashtag or campaign.name
    extras = tuple(dict.fromkeys(x for x in (campaign.hashtag, link, *hashtags) if x))
    said = {"n": day.day, "topic": sentence(topic)}
    drafts = [
        PostDraft(
            "topic",
            tuple(
                dict.fromkeys(
                    w["topic_post"].format(name=name, **said) for name in (campaign.name, tag)
                )
            ),
            extras,
        )
    ]
    drafts += _blog_drafts(day, topic, w, extras)
    for event in day.events:
        drafts.append(
            PostDraft("event", (w["event_post"].format(tag=tag, event=sentence(event)),), extras)
        )
    for webinar in webinars:
        texts = [w["webinar_post_plain"].format(title=one_line(webinar.title))]
        if webinar.with_:
            texts.insert(
                0, w["webinar_post"].format(title=one_line(webinar.title), with_=webinar.with_)
            )
        drafts.append(PostDraft("webinar", tuple(texts), extras))
    if day.day == min(d.day for d in edition.days) and edition.theme:
        starts = {"name": campaign.name, "year": edition.year}
        drafts.append(
            PostDraft(
                "theme",
                (
                    w["theme_post"].format(theme=sentence(edition.theme), **starts),
                    w["starts_post"].format(**starts),
                ),
                extras,
            )
        )
    for message in messages:
        drafts.append(
            PostDraft("message", tuple(post_candidates(message)), extras, message_ids=(message.id,))
        )
    for text in day.posts:
        drafts.append(PostDraft("drafted", (resolve_site_links(text, campaign.base_url),), ()))
    return drafts


#: A site-relative link in a drafted post ("/social-service-workforce-week"): dead in a
#: post unless the campaign file says which site it belongs to.
_SITE_LINK = re.compile(r"(?<!\S)/[\w./-]*[\w/]")


def resolve_site_links(text: str, base_url: str | None) -> str:
    """``text`` with each site-relative link made whole with ``base_url``, or left out
    when there is none (issue 12: no dead or made-up link)."""
    if base_url:
        return _SITE_LINK.sub(lambda m: base_url.rstrip("/") + m.group(0), text)
    return " ".join(_SITE_LINK.sub("", text).split())


def for_platform(text: str, campaign: Campaign, platform: str) -> str:
    """A drafted post for ``platform``: the campaign's X handle in its text becomes the
    platform's own handle, or the organisation's name where it has none there."""
    handle = campaign.handle
    if not handle or platform == "x" or handle not in text:
        return text
    from advocacy_kit.addressing import of_organization

    other = campaign.handle_for(platform)
    name = other or (of_organization(campaign.organisation)[3:] if campaign.organisation else "")
    if not name:
        return text
    return re.sub(rf"(?<![\w@]){re.escape(handle)}(?!\w)", name, text)


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
    drafts: Sequence[PostDraft],
    *,
    day: int,
    slug: str,
    platforms: Sequence[str],
    campaign: Campaign | None = None,
    handles: Sequence[tuple[str, str]] = (),
) -> tuple[tuple[PlatformPosts, ...], list[LeftOut]]:
    """Each draft fitted to each platform, with that platform's handles only: the
    campaign's (``@SSWAlliance`` on X) and those of ``handles`` (platform, handle)."""
    from advocacy_kit.text import rules
    from advocacy_kit.text.fit import fit_post

    groups = []
    left_out: list[LeftOut] = []
    for name in platforms:
        platform = rules.get_platform(name)
        posts: list[PackPost] = []
        seen: set[str] = set()
        own = [h for p, h in handles if p == name]
        if campaign is not None and campaign.handle_for(name):
            own.insert(0, str(campaign.handle_for(name)))
        for draft in drafts:
            candidates = draft.candidates
            extras = draft.extras
            if draft.kind == "drafted" and campaign is not None:
                candidates = tuple(for_platform(c, campaign, name) for c in candidates)
            else:
                extras = tuple(dict.fromkeys((*extras, *own)))
            fit = fit_post(candidates=candidates, extras=extras, platform=name)
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
