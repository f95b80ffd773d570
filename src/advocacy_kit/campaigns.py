"""Campaign files: recurring campaigns such as Social Service Workforce Week.

A campaign file (``messages/campaigns/*.yaml``) has one top-level ``campaign:`` mapping:
its name, hashtag and handle, and its yearly editions with their days and webinars.
"""

from __future__ import annotations

import yaml

from advocacy_kit.model import Campaign, CampaignDay, Edition, Webinar
from advocacy_kit.yamlio import NodeReader

_CAMPAIGN_FIELDS = (
    "id",
    "name",
    "organisation",
    "hashtag",
    "handle",
    "about",
    "editions",
    "posts",
)
_EDITION_FIELDS = ("year", "edition", "start", "end", "theme", "days", "webinars")
_DAY_FIELDS = ("day", "date", "topic", "by", "also", "events", "tags")
_WEBINAR_FIELDS = ("date", "title", "with")


class CampaignReader(NodeReader):
    """Builds a :class:`Campaign` from its YAML node."""

    def day(self, node: yaml.Node) -> CampaignDay:
        fields = self.fields(node, what="a campaign day", allowed=_DAY_FIELDS, required=("day",))
        also = []
        for item in self.sequence(fields["also"], what="also") if "also" in fields else []:
            extra = self.fields(item, what="an extra topic", allowed=("topic", "by"))
            also.append(
                (
                    self.text(extra["topic"], what="topic"),
                    self.optional_text(extra, "by", what="by"),
                )
            )
        return CampaignDay(
            day=self.integer(fields["day"], what="day"),
            date=self.optional_text(fields, "date", what="date"),
            topic=self.optional_text(fields, "topic", what="topic"),
            by=self.optional_text(fields, "by", what="by"),
            also=tuple(also),
            events=self.texts(fields.get("events"), what="event"),
            tags=self.texts(fields.get("tags"), what="tag"),
        )

    def webinar(self, node: yaml.Node) -> Webinar:
        fields = self.fields(node, what="a webinar", allowed=_WEBINAR_FIELDS, required=("title",))
        return Webinar(
            date=self.optional_text(fields, "date", what="date"),
            title=self.text(fields["title"], what="title"),
            with_=self.optional_text(fields, "with", what="with"),
        )

    def edition(self, node: yaml.Node) -> Edition:
        fields = self.fields(
            node, what="a campaign edition", allowed=_EDITION_FIELDS, required=("year",)
        )
        return Edition(
            year=self.integer(fields["year"], what="year"),
            edition=self.optional_text(fields, "edition", what="edition"),
            start=self.optional_text(fields, "start", what="start"),
            end=self.optional_text(fields, "end", what="end"),
            theme=self.optional_text(fields, "theme", what="theme"),
            days=self.records(fields.get("days"), self.day, what="days"),
            webinars=self.records(fields.get("webinars"), self.webinar, what="webinars"),
        )

    def post(self, node: yaml.Node) -> str:
        fields = self.fields(node, what="a post", allowed=("text",), required=("text",))
        return self.text(fields["text"], what="post text")

    def campaign(self, node: yaml.Node) -> Campaign:
        fields = self.fields(
            node, what="the campaign", allowed=_CAMPAIGN_FIELDS, required=("id", "name")
        )
        return Campaign(
            id=self.identifier(fields["id"]),
            name=self.text(fields["name"], what="name"),
            origin=self.origin(node),
            organisation=self.optional_text(fields, "organisation", what="organisation"),
            hashtag=self.optional_text(fields, "hashtag", what="hashtag"),
            handle=self.optional_text(fields, "handle", what="handle"),
            about=self.optional_text(fields, "about", what="about"),
            editions=self.records(fields.get("editions"), self.edition, what="editions"),
            posts=self.records(fields.get("posts"), self.post, what="posts"),
        )
