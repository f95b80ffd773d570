"""Campaign packs: a ready-to-share kit for every day of a campaign week.

The Alliance launched each day of Social Service Workforce Week "with an e-mail to our
members and mailing list" that included "a blog, links and sample tweets" (seed 003).
:func:`build_pack` makes that whole kit from a campaign file and the key messages: per
day the members' e-mail, ready-to-copy posts for each platform (several variants, every
one fitted by the platform's exact rule), and talking points; for the week an
``index.html`` with a copy button per post and a ``README.md`` for members.
:func:`write_pack` writes it atomically and never over existing files without ``force``.

Nothing here prints or prompts: the ``pack`` command renders the returned :class:`Pack`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from advocacy_kit.compose import message_context
from advocacy_kit.errors import OutputError
from advocacy_kit.files import write_atomic
from advocacy_kit.library.campaign_days import find_edition, linked_messages
from advocacy_kit.library.campaigns import load_campaign_file
from advocacy_kit.model import Campaign, CampaignDay, Edition, Library, Message, Webinar
from advocacy_kit.output.render import render

#: An e-mail subject longer than this is cut by many mail programs (RFC 5322's advice
#: for a line), so the day's subject is kept within it.
SUBJECT_LIMIT = 78

#: Platforms a pack has posts for when none is asked for: every one but SMS, whose
#: 160 characters suit few of the day's posts.
DEFAULT_PLATFORMS = ("x", "bluesky", "mastodon", "threads", "linkedin", "facebook")

#: How many linked key messages a day carries.
MESSAGES_PER_DAY = 3

#: How many of the campaign's calls to action each day's e-mail carries.
ACTIONS_PER_DAY = 3

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


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


@dataclass(frozen=True)
class Pack:
    """A campaign pack: its days and the files that make it, not yet written."""

    campaign: Campaign
    edition: Edition
    platforms: tuple[str, ...]
    days: tuple[PackDay, ...]
    files: tuple[tuple[str, str], ...]
    left_out: tuple[LeftOut, ...] = ()
    region: str | None = None

    @property
    def empty_platform_days(self) -> tuple[tuple[int, str], ...]:
        """(day, platform) pairs for which not a single post fits."""
        return tuple(
            (day.number, group.platform)
            for day in self.days
            for group in day.platforms
            if not group.posts
        )

    def to_json(self) -> dict[str, Any]:
        """The pack as ``--json`` prints it."""
        return {
            "campaign": self.campaign.id,
            "year": self.edition.year,
            "region": self.region,
            "platforms": list(self.platforms),
            "days": [day.to_json() for day in self.days],
            "files": [name for name, _text in self.files],
            "left_out": [
                {"day": x.day, "platform": x.platform, "kind": x.kind, "over": x.over}
                for x in self.left_out
            ],
        }


# --------------------------------------------------------------------------- words


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sentence(text: str) -> str:
    """``text`` as a sentence: one line, ending in a full stop unless it has an end."""
    text = _one_line(text)
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def date_label(value: str | None) -> str | None:
    """``2019-10-21`` as ``Monday 21 October 2019`` (``2014-04`` as ``April 2014``)."""
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 2:
        return f"{_MONTHS[parts[1] - 1]} {parts[0]}"
    day = dt.date(parts[0], parts[1], parts[2])
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _short_by(by: str) -> str:
    """The first part of a byline (the person or organisation, before the first comma)."""
    return by.split(",")[0].strip()


#: Words a cut subject should not end on ("... for Children and…").
_WEAK_ENDINGS = frozenset(
    ("a", "an", "and", "or", "of", "in", "on", "for", "to", "the", "with", "by", "at", "from")
)


def email_subject(*, campaign: Campaign, year: int, day: int, topic: str) -> str:
    """The day's e-mail subject, within :data:`SUBJECT_LIMIT` characters.

    The longest of ``<name> <year>, day <n>: <topic>``, ``<hashtag> <year>, day <n>:
    <topic>`` and ``Day <n>: <topic>`` that fits; failing all, the last cut at a word
    boundary with an ellipsis.
    """
    topic = _one_line(topic)
    short = (campaign.hashtag or "").lstrip("#") or campaign.name
    tries = [
        f"{campaign.name} {year}, day {day}: {topic}",
        f"{short} {year}, day {day}: {topic}",
        f"{short} day {day}: {topic}",
        f"Day {day}: {topic}",
    ]
    for subject in tries:
        if len(subject) <= SUBJECT_LIMIT:
            return subject
    words = tries[-1].split(" ")
    while len(words) > 2 and (
        len(" ".join(words)) + 1 > SUBJECT_LIMIT or words[-1].lower() in _WEAK_ENDINGS
    ):
        words.pop()
    subject = " ".join(words).rstrip(",;:-") + "…"
    return subject[:SUBJECT_LIMIT]


# --------------------------------------------------------------------------- posts


@dataclass(frozen=True)
class _Draft:
    kind: str
    candidates: tuple[str, ...]
    extras: tuple[str, ...]
    message_ids: tuple[str, ...] = ()


def _post_drafts(
    *,
    campaign: Campaign,
    edition: Edition,
    day: CampaignDay,
    topic: str,
    messages: Sequence[Message],
    webinars: Sequence[Webinar],
    link: str | None,
    hashtags: Sequence[str] = (),
) -> list[_Draft]:
    """What the day's posts say, before fitting: several different posts per day."""
    from advocacy_kit.compose import post_candidates

    tag = campaign.hashtag or campaign.name
    extras = tuple(
        dict.fromkeys(x for x in (campaign.hashtag, link, campaign.handle, *hashtags) if x)
    )
    drafts = [
        _Draft(
            "topic",
            (
                f"Day {day.day} of {campaign.name}: {_sentence(topic)}",
                f"Day {day.day} of {tag}: {_sentence(topic)}",
            ),
            extras,
        )
    ]
    if day.by:
        by_options = dict.fromkeys((_one_line(day.by), _short_by(day.by)))
        drafts.append(
            _Draft(
                "blog",
                tuple(f"Today's blog: “{_one_line(topic)}”, by {by}." for by in by_options),
                extras,
            )
        )
    for other, other_by in day.also:
        texts = [f"Also today: “{_one_line(other)}”."]
        if other_by:
            texts = [
                f"Also today: “{_one_line(other)}”, by {_one_line(other_by)}.",
                f"Also today: “{_one_line(other)}”, by {_short_by(other_by)}.",
                *texts,
            ]
        drafts.append(_Draft("also", tuple(dict.fromkeys(texts)), extras))
    for event in day.events:
        drafts.append(_Draft("event", (f"Today on {tag}: {_sentence(event)}",), extras))
    for webinar in webinars:
        texts = [f"Join today's webinar: “{_one_line(webinar.title)}”."]
        if webinar.with_:
            texts.insert(
                0, f"Join today's webinar: “{_one_line(webinar.title)}”, with {webinar.with_}."
            )
        drafts.append(_Draft("webinar", tuple(texts), extras))
    if day.day == min(d.day for d in edition.days) and edition.theme:
        drafts.append(
            _Draft(
                "theme",
                (
                    f"{campaign.name} {edition.year} starts today. The theme: "
                    f"{_sentence(edition.theme)}",
                    f"{campaign.name} {edition.year} starts today.",
                ),
                extras,
            )
        )
    for message in messages:
        drafts.append(
            _Draft("message", tuple(post_candidates(message)), extras, message_ids=(message.id,))
        )
    for text in day.posts:
        drafts.append(_Draft("drafted", (text,), ()))
    return drafts


_KIND_WORDS = {
    "topic": "the post announcing the topic",
    "blog": "the post about the day's blog",
    "also": "the post about the day's other blog",
    "event": "the post about the day's event",
    "webinar": "the post about the day's webinar",
    "theme": "the post about the week's theme",
}


def _describe(draft: _Draft) -> str:
    """A post's description for a note: which key message, or what it announces."""
    if draft.kind == "message":
        return f"the post of key message '{draft.message_ids[0]}'"
    if draft.kind == "drafted":
        return f"the drafted post “{draft.candidates[0][:40]}…”"
    return _KIND_WORDS.get(draft.kind, "a post")


def _fit_day_posts(
    drafts: Sequence[_Draft], *, day: int, slug: str, platforms: Sequence[str]
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


# --------------------------------------------------------------------------- building


def _day_actions(actions: Sequence[str], index: int) -> tuple[str, ...]:
    """The campaign's calls to action for the ``index``-th day: a few, in turn, so that
    each morning's e-mail asks something different."""
    if not actions:
        return ()
    count = min(ACTIONS_PER_DAY, len(actions))
    return tuple(_one_line(actions[(index + i) % len(actions)]) for i in range(count))


def _question(day: CampaignDay, topic: str) -> str:
    if day.question:
        return _one_line(day.question)
    # Our own prose: it asks, it states no fact.
    return (
        f"What does “{_one_line(topic)}” look like in your own work, and what would help "
        "you and your colleagues do more of it?"
    )


def resolve_campaign(library: Library, campaign: str) -> Campaign:
    """The campaign named ``campaign``: an id in the library, or a campaign file's path.

    Raises:
        UsageError: no campaign has that id.
        LibraryError: the file is invalid (with its line and column).
    """
    path = Path(campaign)
    if path.suffix.lower() in (".yaml", ".yml") or path.is_file():
        return load_campaign_file(path, label="command line")
    return library.campaign(campaign)


def build_pack(
    *,
    library: Library,
    campaign: str | Campaign,
    year: int | None = None,
    platform: Sequence[str] = (),
    region: str | None = None,
    hashtags: Sequence[str] = (),
    templates: Sequence[Path] = (),
) -> Pack:
    """Build the campaign pack of one edition, in memory.

    Args:
        library: The resolved message library (a regional variant's when ``region``).
        campaign: A campaign id from the library, a campaign file's path, or a loaded
            :class:`Campaign`.
        year: The edition (default: the latest one with daily topics).
        platform: Platforms to write posts for (default :data:`DEFAULT_PLATFORMS`).
        region: The regional variant the library was resolved for, shown in the kit.
        hashtags: More hashtags for the posts, added after the campaign's when they fit
            (a regional variant's own hashtags).
        templates: The user's template folders, before the built-in ones.

    Returns:
        The :class:`Pack`, with the text of every file it will write.

    Raises:
        UsageError: unknown campaign, year or platform.
        LibraryError: an invalid campaign file.
        TemplateError: a template fails.
    """
    from advocacy_kit.text import rules

    chosen = campaign if isinstance(campaign, Campaign) else resolve_campaign(library, campaign)
    edition = find_edition(chosen, year)
    names = tuple(dict.fromkeys(rules.get_platform(p).name for p in platform)) or DEFAULT_PLATFORMS
    days: list[PackDay] = []
    left_out: list[LeftOut] = []
    for day in edition.days:
        topic = _one_line(day.topic or edition.theme or chosen.name)
        slug = f"day-{day.day}" + (f"-{day.date}" if day.date else "")
        messages = linked_messages(day, library, limit=MESSAGES_PER_DAY)
        webinars = tuple(w for w in edition.webinars if day.date and w.date == day.date)
        link = day.link or edition.link or chosen.link
        drafts = _post_drafts(
            campaign=chosen,
            edition=edition,
            day=day,
            topic=topic,
            messages=messages,
            webinars=webinars,
            link=link,
            hashtags=hashtags,
        )
        groups, missing = _fit_day_posts(drafts, day=day.day, slug=slug, platforms=names)
        left_out.extend(missing)
        asks = tuple(
            dict.fromkeys(_one_line(a) for a in (day.ask, *(m.ask for m in messages)) if a)
        )
        days.append(
            PackDay(
                number=day.day,
                slug=slug,
                date=day.date,
                date_label=date_label(day.date),
                topic=topic,
                by=_one_line(day.by) if day.by else None,
                also=day.also,
                events=day.events,
                webinars=webinars,
                link=link,
                messages=messages,
                subject=email_subject(campaign=chosen, year=edition.year, day=day.day, topic=topic),
                asks=asks,
                actions=_day_actions(chosen.actions, len(days)),
                question=_question(day, topic),
                platforms=groups,
            )
        )
    base = _base_context(chosen, edition, names, region)
    finished = []
    files: list[tuple[str, str]] = []
    for pack_day in days:
        context = {**base, "day": _day_context(pack_day)}
        email = render("pack/email.txt.j2", context, kind="txt", templates=templates)
        points = render("pack/talking-points.txt.j2", context, kind="txt", templates=templates)
        pack_day = replace(pack_day, email=email, talking_points=points)
        finished.append(pack_day)
        files.append((f"{pack_day.slug}/email.txt", email))
        for group in pack_day.platforms:
            posts_context = {**context, "group": _group_context(group)}
            files.append(
                (
                    f"{pack_day.slug}/posts-{group.platform}.txt",
                    render("pack/posts.txt.j2", posts_context, kind="txt", templates=templates),
                )
            )
        files.append((f"{pack_day.slug}/talking-points.txt", points))
    week = {
        **base,
        "days": [
            {**_day_context(d), "email": d.email, "talking_points": d.talking_points}
            for d in finished
        ],
        "left_out": [
            {"day": x.day, "platform": x.platform, "kind": x.kind, "what": x.what, "over": x.over}
            for x in left_out
        ],
    }
    files.insert(
        0, ("README.md", render("pack/README.md.j2", week, kind="md", templates=templates))
    )
    files.insert(
        1, ("index.html", render("pack/index.html.j2", week, kind="html", templates=templates))
    )
    return Pack(
        campaign=chosen,
        edition=edition,
        platforms=names,
        days=tuple(finished),
        files=tuple(files),
        left_out=tuple(left_out),
        region=region,
    )


def _base_context(
    campaign: Campaign, edition: Edition, platforms: Sequence[str], region: str | None
) -> dict[str, Any]:
    from advocacy_kit.text import rules

    return {
        "campaign": {
            "id": campaign.id,
            "name": campaign.name,
            "organisation": campaign.organisation,
            "hashtag": campaign.hashtag,
            "handle": campaign.handle,
            "about": _one_line(campaign.about) if campaign.about else None,
            "actions": [_one_line(a) for a in campaign.actions],
        },
        "edition": {
            "year": edition.year,
            "name": edition.edition or f"{campaign.name} {edition.year}",
            "start": date_label(edition.start),
            "end": date_label(edition.end),
            "theme": _one_line(edition.theme) if edition.theme else None,
        },
        "platforms": [
            {
                "name": p,
                "label": rules.get_platform(p).label,
                "limit": rules.get_platform(p).limit,
                "unit": rules.get_platform(p).unit,
            }
            for p in platforms
        ],
        "region": region,
    }


def _group_context(group: PlatformPosts) -> dict[str, Any]:
    return {
        "platform": group.platform,
        "label": group.label,
        "limit": group.limit,
        "unit": group.unit,
        "posts": [post.to_json() for post in group.posts],
    }


def _day_context(day: PackDay) -> dict[str, Any]:
    return {
        "number": day.number,
        "slug": day.slug,
        "date": day.date,
        "date_label": day.date_label,
        "topic": day.topic,
        "by": day.by,
        "also": [{"topic": _one_line(t), "by": b} for t, b in day.also],
        "events": list(day.events),
        "webinars": [{"title": w.title, "with": w.with_} for w in day.webinars],
        "link": day.link,
        "messages": [message_context(m) for m in day.messages],
        "subject": day.subject,
        "asks": list(day.asks),
        "actions": list(day.actions),
        "question": day.question,
        "platforms": [_group_context(g) for g in day.platforms],
    }


# --------------------------------------------------------------------------- writing


def zip_path(out: Path) -> Path:
    """Where ``--zip`` puts the pack: ``<out>.zip`` beside the folder."""
    return out.parent / f"{out.name}.zip"


def _zip_bytes(pack: Pack, folder_name: str) -> bytes:
    buffer = io.BytesIO()
    stamp = dt.datetime.now().timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in pack.files:
            info = zipfile.ZipInfo(f"{folder_name}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def write_pack(
    pack: Pack, *, out: Path, force: bool = False, zip: bool = False
) -> tuple[Path, ...]:
    """Write ``pack`` into the folder ``out`` (and ``<out>.zip`` with ``zip``).

    Every file is written atomically. When any of them exists already and ``force`` is
    false, nothing at all is written.

    Args:
        pack: The pack :func:`build_pack` made.
        out: The folder to write into; created when missing.
        force: Replace files that exist already.
        zip: Also write the whole folder as one ``.zip`` file beside it.

    Returns:
        The paths written, in order.

    Raises:
        OutputError: a file exists (without ``force``), or a folder cannot be made or
            written to.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(
            "this is a file, not a folder",
            path=out,
            hint="give --out a folder name (it is created when missing)",
        )
    folder_name = out.resolve().name or "pack"
    targets = [out / name for name, _text in pack.files]
    if zip:
        targets.append(zip_path(out))
    if not force:
        existing = [t for t in targets if t.exists()]
        if existing:
            more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
            raise OutputError(
                f"the file exists already{more}",
                path=existing[0],
                hint="run again with --force to replace the pack, or choose another --out folder",
            )
    written: list[Path] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in pack.files:
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text, force=force)
            written.append(path)
    except OSError as exc:
        raise OutputError(
            f"cannot create the folder: {exc.strerror}",
            path=exc.filename or out,
            hint="choose a folder you can write to",
        ) from None
    if zip:
        archive = zip_path(out)
        write_atomic(archive, _zip_bytes(pack, folder_name), force=force)
        written.append(archive)
    return tuple(written)
