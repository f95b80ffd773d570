"""Campaign files: recurring campaigns such as Social Service Workforce Week.

A campaign file (``messages/campaigns/*.yaml``) has one top-level ``campaign:`` mapping:
its name, hashtag and handle, calls to action, and its yearly editions with their days
and webinars. Each day names the ``tags`` of the key messages that fit its topic, so a
campaign pack can put the right key messages in front of members that morning. The
format is described for contributors in the README, 'Writing your own campaign file'.

:func:`load_campaign_file` reads and validates one file (what ``advocacy-kit check``
calls); :mod:`advocacy_kit.library.campaign_days` finds what is valid YAML but still
wanting, such as a day's tag that no key message carries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from advocacy_kit.library.nodes import NodeReader
from advocacy_kit.library.yamlio import parse_yaml, read_text, yaml
from advocacy_kit.model import Campaign, CampaignDay, Edition, Webinar

_CAMPAIGN_FIELDS = (
    "id",
    "name",
    "organisation",
    "hashtag",
    "handle",
    "about",
    "link",
    "actions",
    "before_week",
    "editions",
    "posts",
    "handles",
    "base_url",
)
_EDITION_FIELDS = ("year", "edition", "start", "end", "theme", "link", "days", "webinars")
_DAY_FIELDS = (
    "day",
    "date",
    "topic",
    "by",
    "also",
    "events",
    "tags",
    "posts",
    "link",
    "ask",
    "question",
    "guest_blog",
)
_WEBINAR_FIELDS = ("date", "title", "with")

#: A full date (2019-10-21) or a month (2014-04), as campaign files write them.
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_HASHTAG = re.compile(r"^#\w+$")
#: An account: @name, @name.bsky.social or @name@server (as a profile's handles).
_HANDLE = re.compile(r"^@[\w.-]+(?:@[\w.-]+)?$")
_LINK = re.compile(r"^https?://\S+$")


class CampaignReader(NodeReader):
    """Builds a :class:`Campaign` from its YAML node."""

    def date(
        self, fields: dict[str, yaml.Node], key: str, *, year: int | None = None
    ) -> str | None:
        """An optional ``YYYY-MM-DD`` (or ``YYYY-MM``) date, checked to be a real one."""
        value = self.optional_text(fields, key, what=key)
        if value is None:
            return None
        node = fields[key]
        match = _DATE.match(value)
        if match is None:
            raise self.error(
                node,
                f"{key} '{value}' is not a date",
                hint='write dates as "YYYY-MM-DD" in quotes, e.g. "2019-10-21" (or "2014-04")',
            )
        try:
            dt.date(int(match[1]), int(match[2]), int(match[3] or 1))
        except ValueError:
            raise self.error(
                node,
                f"{key} '{value}' is not a real date",
                hint="check the month and the day",
            ) from None
        if year is not None and int(match[1]) != year:
            raise self.error(
                node,
                f"{key} '{value}' is not in the edition's year {year}",
                hint="check the year of the date, or the edition's 'year:'",
            )
        return value

    def link(self, fields: dict[str, yaml.Node], key: str = "link") -> str | None:
        """An optional link: a full http(s) address, or a path on the campaign's site."""
        value = self.optional_text(fields, key, what=key)
        if value is not None and not _LINK.match(value):
            raise self.error(
                fields[key],
                f"link '{value}' is not a web address",
                hint="write the full address, starting with https://",
            )
        return value

    def day(self, node: yaml.Node, *, year: int | None = None) -> CampaignDay:
        """One day of an edition."""
        fields = self.fields(node, what="a campaign day", allowed=_DAY_FIELDS, required=("day",))
        number = self.integer(fields["day"], what="day")
        if number < 1:
            raise self.error(
                fields["day"], f"day {number} is not a day of the week", hint="days count from 1"
            )
        also = []
        for item in self.sequence(fields["also"], what="also") if "also" in fields else []:
            extra = self.fields(
                item, what="an extra topic", allowed=("topic", "by"), required=("topic",)
            )
            also.append(
                (
                    self.text(extra["topic"], what="topic"),
                    self.optional_text(extra, "by", what="by"),
                )
            )
        return CampaignDay(
            day=number,
            date=self.date(fields, "date", year=year),
            topic=self.optional_text(fields, "topic", what="topic"),
            by=self.optional_text(fields, "by", what="by"),
            also=tuple(also),
            events=self.texts(fields.get("events"), what="event"),
            tags=self.tags(fields.get("tags")),
            posts=self.records(fields.get("posts"), self.post, what="posts"),
            link=self.link(fields),
            ask=self.optional_text(fields, "ask", what="ask"),
            question=self.optional_text(fields, "question", what="question"),
            origin=self.origin(node),
            guest_blog=self.guest_blog(fields.get("guest_blog")),
        )

    def guest_blog(self, node: yaml.Node | None) -> tuple[str, str] | None:
        """``guest_blog:`` with the blog's ``title`` and whose it is (``by``)."""
        if node is None:
            return None
        fields = self.fields(
            node, what="a guest blog", allowed=("title", "by"), required=("title", "by")
        )
        return (self.text(fields["title"], what="title"), self.text(fields["by"], what="by"))

    def tags(self, node: yaml.Node | None) -> tuple[str, ...]:
        """Tags: ids of lower-case words, as the key messages' ``tags`` write them."""
        if node is None:
            return ()
        items: list[yaml.Node]
        if isinstance(node, yaml.ScalarNode):
            items = [node] if node.tag != "tag:yaml.org,2002:null" else []
        else:
            items = self.sequence(node, what="tags")
        return tuple(self.identifier(item, what="tag") for item in items)

    def webinar(self, node: yaml.Node, *, year: int | None = None) -> Webinar:
        """A webinar of an edition."""
        fields = self.fields(node, what="a webinar", allowed=_WEBINAR_FIELDS, required=("title",))
        return Webinar(
            date=self.date(fields, "date", year=year),
            title=self.text(fields["title"], what="title"),
            with_=self.optional_text(fields, "with", what="with"),
        )

    def edition(self, node: yaml.Node) -> Edition:
        """One year's edition, with its days in order and no day given twice."""
        fields = self.fields(
            node, what="a campaign edition", allowed=_EDITION_FIELDS, required=("year",)
        )
        year = self.integer(fields["year"], what="year")
        days = self.records(fields.get("days"), lambda n: self.day(n, year=year), what="days")
        self._refuse_twice(
            [day.day for day in days],
            fields.get("days"),
            lambda number, first: (
                f"day {number} is given twice in the {year} edition (first on line {first})"
            ),
            hint="give each day its own number",
        )
        return Edition(
            year=year,
            edition=self.optional_text(fields, "edition", what="edition"),
            start=self.date(fields, "start", year=year),
            end=self.date(fields, "end", year=year),
            theme=self.optional_text(fields, "theme", what="theme"),
            days=tuple(sorted(days, key=lambda d: d.day)),
            webinars=self.records(
                fields.get("webinars"), lambda n: self.webinar(n, year=year), what="webinars"
            ),
            link=self.link(fields),
            origin=self.origin(node),
        )

    def _refuse_twice(
        self,
        numbers: list[int],
        node: yaml.Node | None,
        message: Callable[[int, int], str],
        *,
        hint: str,
    ) -> None:
        """Refuse a number (a day, a year) given to two items of the list ``node``, at
        the second, naming the line of the first."""
        items = [] if node is None else self.sequence(node, what="list")
        seen: dict[int, int] = {}
        for number, item in zip(numbers, items, strict=True):
            if number in seen:
                raise self.error(item, message(number, seen[number]), hint=hint)
            seen[number] = item.start_mark.line + 1

    def post(self, node: yaml.Node) -> str:
        """A ready-written post: ``- text: ...``."""
        fields = self.fields(node, what="a post", allowed=("text",), required=("text",))
        return " ".join(self.text(fields["text"], what="post text").split())

    def campaign(self, node: yaml.Node) -> Campaign:
        """The whole campaign mapping."""
        fields = self.fields(
            node, what="the campaign", allowed=_CAMPAIGN_FIELDS, required=("id", "name")
        )
        hashtag = self.optional_text(fields, "hashtag", what="hashtag")
        if hashtag is not None and not _HASHTAG.match(hashtag):
            raise self.error(
                fields["hashtag"],
                f"hashtag '{hashtag}' is not a hashtag",
                hint='write it with its # and in quotes, e.g. "#SSWWeek"',
            )
        handle = self.optional_text(fields, "handle", what="handle")
        if handle is not None and not _HANDLE.match(handle):
            raise self.error(
                fields["handle"],
                f"handle '{handle}' is not an account name",
                hint='write it with its @ and in quotes, e.g. "@SSWAlliance"',
            )
        editions = self.records(fields.get("editions"), self.edition, what="editions")
        self._refuse_twice(
            [edition.year for edition in editions],
            fields.get("editions"),
            lambda year, first: f"the {year} edition is given twice (first on line {first})",
            hint="merge the two, or correct the year of one",
        )
        return Campaign(
            id=self.identifier(fields["id"]),
            name=self.text(fields["name"], what="name"),
            origin=self.origin(node),
            organisation=self.optional_text(fields, "organisation", what="organisation"),
            hashtag=hashtag,
            handle=handle,
            about=self.optional_text(fields, "about", what="about"),
            editions=editions,
            posts=self.records(fields.get("posts"), self.post, what="posts"),
            link=self.link(fields),
            actions=self.texts(fields.get("actions"), what="action"),
            handles=self.platform_handles(fields.get("handles")),
            base_url=self.link(fields, "base_url"),
            before_week=self.texts(fields.get("before_week"), what="line"),
        )

    def platform_handles(self, node: yaml.Node | None) -> tuple[tuple[str, str], ...]:
        """``handles:``, one per platform: ``bluesky: "@name.bsky.social"``."""
        if node is None:
            return ()
        from advocacy_kit.text.rules import PLATFORM_NAMES

        fields = self.fields(node, what="handles", allowed=PLATFORM_NAMES)
        handles = []
        for platform, value in fields.items():
            handle = self.text(value, what="handle")
            if not _HANDLE.match(handle):
                raise self.error(
                    value,
                    f"handle '{handle}' is not an account name",
                    hint='write it with its @ and in quotes, e.g. "@SSWAlliance"',
                )
            handles.append((platform, handle))
        return tuple(handles)


def load_campaign_file(path: Path, *, label: str = "built-in") -> Campaign:
    """Load and validate one campaign file (a YAML file whose only key is ``campaign:``).

    This is what ``advocacy-kit check`` and ``advocacy-kit pack`` use, so a campaign file
    written by an interest group is checked the same way everywhere.

    Args:
        path: The YAML file.
        label: The name of the library it belongs to, kept in provenance.

    Returns:
        The validated :class:`Campaign`.

    Raises:
        LibraryError: the file is unreadable, not YAML, or not a valid campaign, with the
            file, line and column and a hint.
    """
    text = read_text(path)
    node = parse_yaml(text, path)
    reader = CampaignReader(path, label, text)
    top = reader.fields(node, what="a campaign file", allowed=("campaign",), required=("campaign",))
    return reader.campaign(top["campaign"])
