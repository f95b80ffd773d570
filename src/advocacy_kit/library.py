"""Message files (YAML) into immutable records, with every error pinned to file:line:col,
and library folders layered into one :class:`Library`."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from advocacy_kit.campaigns import CampaignReader
from advocacy_kit.errors import LibraryError
from advocacy_kit.model import (
    AUDIENCES,
    Campaign,
    Evidence,
    Library,
    Message,
    Origin,
    audience_hint,
)
from advocacy_kit.resources import builtin_messages_dir
from advocacy_kit.yamlio import NodeReader, parse_yaml, read_text

#: The environment variable naming extra library folders (a path list, like PATH).
LIBRARY_ENV = "ADVOCACY_KIT_LIBRARY"

_ROLES = ("message", "introduction")


@dataclass(frozen=True)
class LibraryFolder:
    """One folder of message files and the name it goes by in provenance."""

    path: Path
    label: str


_MESSAGE_FIELDS = (
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
_DEFINITION_FIELDS = ("id", "title", "text", "note", "short", "evidence", "tags")
_EVIDENCE_FIELDS = ("claim", "source", "url")
_TOP_FIELDS = ("definition", "messages", "campaign")


class _FileLoader(NodeReader):
    """Builds the records of one message file."""

    def evidence(self, node: yaml.Node) -> Evidence:
        fields = self.fields(
            node, what="evidence", allowed=_EVIDENCE_FIELDS, required=("claim", "source")
        )
        return Evidence(
            claim=self.text(fields["claim"], what="evidence claim"),
            source=self.text(fields["source"], what="evidence source"),
            url=self.optional_text(fields, "url", what="evidence url"),
        )

    def message(self, node: yaml.Node) -> Message:
        fields = self.fields(
            node,
            what="a message",
            allowed=_MESSAGE_FIELDS,
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
            node, what="the definition", allowed=_DEFINITION_FIELDS, required=("text",)
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


@dataclass(frozen=True)
class MessageFile:
    """The records defined in one message file."""

    path: Path
    definition: Message | None
    messages: tuple[Message, ...]
    campaign: Campaign | None


def load_file(path: Path, *, label: str = "built-in") -> MessageFile:
    """Load and validate one message file.

    Args:
        path: The YAML file.
        label: The name of the library it belongs to, kept in provenance.

    Returns:
        The definition, messages and campaign the file defines.

    Raises:
        LibraryError: the file is unreadable, invalid YAML or of the wrong shape.
    """
    node = parse_yaml(read_text(path), path)
    reader = _FileLoader(path, label)
    top = reader.fields(node, what="a message file", allowed=_TOP_FIELDS)
    if not top:
        raise reader.error(
            node,
            "the file defines nothing",
            hint="start it with 'messages:' (see README, 'The message file format')",
        )
    definition = reader.definition(top["definition"]) if "definition" in top else None
    messages = reader.records(top.get("messages"), reader.message, what="messages")
    campaign = CampaignReader(path, label).campaign(top["campaign"]) if "campaign" in top else None
    return MessageFile(path, definition, messages, campaign)


# --------------------------------------------------------------------------- libraries


def message_files(folder: Path) -> list[Path]:
    """The YAML files of a library folder, recursively, in a stable order."""
    found = [p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def library_folders(
    *, library: Iterable[str | Path] = (), cwd: Path | None = None
) -> list[LibraryFolder]:
    """The library folders in layering order, later ones over earlier ones.

    Built-in first, then ``./messages`` when the current folder has one, then the folders
    of ``ADVOCACY_KIT_LIBRARY``, then each ``--library`` folder.

    Raises:
        LibraryError: a folder named by the user does not exist.
    """
    builtin = builtin_messages_dir()
    folders = [LibraryFolder(builtin, "built-in")]
    here = (cwd or Path.cwd()) / "messages"
    if here.is_dir():
        folders.append(LibraryFolder(here, "./messages"))
    for entry in os.environ.get(LIBRARY_ENV, "").split(os.pathsep):
        if entry.strip():
            folders.append(LibraryFolder(Path(entry), f"${LIBRARY_ENV}"))
    folders.extend(LibraryFolder(Path(p), str(p)) for p in library)
    unique: list[LibraryFolder] = []
    seen: set[Path] = set()
    for folder in folders:
        if not folder.path.is_dir():
            raise LibraryError(
                "library folder not found",
                path=folder.path,
                hint="give a folder that contains your .yaml message files",
            )
        resolved = folder.path.resolve()
        if resolved not in seen:
            seen.add(resolved)
            unique.append(folder)
    return unique


def load_library(*, library: Iterable[str | Path] = (), cwd: Path | None = None) -> Library:
    """Load the built-in library with the user's folders layered over it.

    Within one folder an id may be defined once; a later folder replaces a message of
    the same id from an earlier one (keeping its place in the order) or adds new ones.

    Args:
        library: Extra library folders (``--library``), later ones winning.
        cwd: The folder to look for ``./messages`` in (default: the current folder).

    Returns:
        The resolved :class:`Library`.

    Raises:
        LibraryError: any file is invalid, or an id is defined twice in one folder.
    """
    messages: dict[str, Message] = {}
    definition: Message | None = None
    campaigns: dict[str, Campaign] = {}
    sources: list[str] = []
    for folder in library_folders(library=library, cwd=cwd):
        sources.append(str(folder.path))
        seen_here: dict[str, Origin] = {}
        for path in message_files(folder.path):
            loaded = load_file(path, label=folder.label)
            records = list(loaded.messages)
            if loaded.definition is not None:
                records.append(loaded.definition)
            for record in records:
                if record.id in seen_here:
                    first = seen_here[record.id]
                    raise LibraryError(
                        f"message id '{record.id}' is defined twice in this library "
                        f"(first at {first})",
                        path=record.origin.path,
                        line=record.origin.line,
                        column=record.origin.column,
                        hint="give one of them another id",
                    )
                seen_here[record.id] = record.origin
            if loaded.definition is not None:
                definition = loaded.definition
            for message in loaded.messages:
                messages[message.id] = message
            if loaded.campaign is not None:
                campaigns[loaded.campaign.id] = loaded.campaign
    return Library(
        messages=tuple(messages.values()),
        definition=definition,
        campaigns=tuple(campaigns.values()),
        sources=tuple(sources),
    )
