"""One message file (``definition:``, ``messages:``, ``campaign:``) read into immutable
records, with every error pinned to file:line:col."""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct

from advocacy_kit.library.campaigns import CampaignReader
from advocacy_kit.library.nodes import NodeReader
from advocacy_kit.library.yamlio import TAG_NULL, yaml
from advocacy_kit.model import (
    AUDIENCES,
    Campaign,
    Evidence,
    Message,
    audience_hint,
)

_ROLES = ("message", "introduction")

MESSAGE_FIELDS = (
    "id",
    "audience",
    "role",
    "title",
    "text",
    "short",
    "evidence",
    "ask",
    "tags",
    "note",
)
DEFINITION_FIELDS = ("id", "title", "text", "note", "short", "evidence", "tags")
_EVIDENCE_FIELDS = ("claim", "source", "url")
_TOP_FIELDS = ("definition", "messages", "campaign")


class MessageReader(NodeReader):
    """Builds the records of one message file."""

    def evidence(self, node: yaml.Node) -> Evidence:
        fields = self.fields(
            node, what="evidence", allowed=_EVIDENCE_FIELDS, required=("claim", "source")
        )
        return Evidence(
            claim=self.text(fields["claim"], what="evidence claim"),
            source=self.text(fields["source"], what="evidence source"),
            url=self.url(fields, "url", what="evidence url"),
        )

    def message(self, node: yaml.Node) -> Message:
        fields = self.fields(
            node,
            what="a message",
            allowed=MESSAGE_FIELDS,
            required=("id", "audience", "title", "text"),
        )
        audience_node = fields["audience"]
        audience_name = self.text(audience_node, what="audience").lower()
        audience = next(
            (a for a in AUDIENCES if audience_name == a.name or audience_name in a.aliases),
            None,
        )
        if audience is None:
            raise self.error(
                audience_node,
                f"unknown audience '{audience_name}'",
                hint=audience_hint(audience_name),
            )
        role = self.optional_text(fields, "role", what="role") or "message"
        if role not in _ROLES:
            raise self.error(
                fields["role"],
                f"unknown role '{role}'",
                hint="role is 'message' (the default) or 'introduction'",
            )
        return Message(
            id=self.identifier(fields["id"]),
            audience=audience.name,
            title=self.text(fields["title"], what="title"),
            text=self.text(fields["text"], what="text"),
            origin=self.origin(node),
            short=self.texts(fields.get("short"), what="short version"),
            evidence=self.records(fields.get("evidence"), self.evidence, what="evidence"),
            ask=self.optional_text(fields, "ask", what="ask"),
            tags=self.texts(fields.get("tags"), what="tag"),
            role=role,
            note=self.optional_text(fields, "note", what="note"),
        )

    def definition(self, node: yaml.Node) -> Message:
        fields = self.fields(
            node, what="the definition", allowed=DEFINITION_FIELDS, required=("text",)
        )
        return Message(
            id=self.identifier(fields["id"]) if "id" in fields else "definition",
            audience=None,
            title=self.optional_text(fields, "title", what="title")
            or "Definition of the social service workforce",
            text=self.text(fields["text"], what="text"),
            origin=self.origin(node),
            short=self.texts(fields.get("short"), what="short version"),
            evidence=self.records(fields.get("evidence"), self.evidence, what="evidence"),
            tags=self.texts(fields.get("tags"), what="tag"),
            role="definition",
            note=self.optional_text(fields, "note", what="note"),
        )


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == TAG_NULL


class MessageFile(Struct, frozen=True):
    """The records defined in one message file."""

    path: Path
    definition: Message | None
    messages: tuple[Message, ...]
    campaign: Campaign | None


def build_file(node: yaml.Node, path: Path, *, label: str = "built-in", source: str) -> MessageFile:
    """Build the records of a parsed message file.

    Raises:
        LibraryError: the file is not of the expected shape.
    """
    reader = MessageReader(path, label, source)
    top = reader.fields(node, what="a message file", allowed=_TOP_FIELDS)
    if not top:
        raise reader.error(
            node,
            "the file defines nothing",
            hint="start it with 'messages:' (see README, 'The message file format')",
        )
    definition = reader.definition(top["definition"]) if "definition" in top else None
    messages = reader.records(top.get("messages"), reader.message, what="messages")
    campaign = (
        CampaignReader(path, label, source).campaign(top["campaign"]) if "campaign" in top else None
    )
    return MessageFile(path, definition, messages, campaign)
