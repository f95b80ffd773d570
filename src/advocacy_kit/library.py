"""Message files (YAML) into immutable records, with every error pinned to file:line:col.

The YAML is loaded safely (PyYAML's C loader when present) into a node tree, which keeps
the position of every key and value; the records are then built by walking that tree
against a small field table per record. This is what lets every error say exactly where
it is, refuse duplicate keys and unknown fields (with a did-you-mean), and refuse values
YAML silently turned into another type (``NO`` read as false).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from advocacy_kit.errors import LibraryError, did_you_mean
from advocacy_kit.model import (
    AUDIENCES,
    Campaign,
    CampaignDay,
    Edition,
    Evidence,
    Library,
    Message,
    Origin,
    Webinar,
    audience_hint,
)
from advocacy_kit.resources import builtin_messages_dir

try:  # the C loader is several times faster; fall back to pure Python where absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: The environment variable naming extra library folders (a path list, like PATH).
LIBRARY_ENV = "ADVOCACY_KIT_LIBRARY"

_TAG_STR = "tag:yaml.org,2002:str"
_TAG_INT = "tag:yaml.org,2002:int"
_TAG_FLOAT = "tag:yaml.org,2002:float"
_TAG_BOOL = "tag:yaml.org,2002:bool"
_TAG_NULL = "tag:yaml.org,2002:null"
_TAG_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ROLES = ("message", "introduction")


@dataclass(frozen=True)
class LibraryFolder:
    """One folder of message files and the name it goes by in provenance."""

    path: Path
    label: str


# --------------------------------------------------------------------------- reading


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a leading BOM is allowed).

    Raises:
        LibraryError: the file is missing, unreadable or not UTF-8 (with the line and
            column of the first bad byte).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LibraryError(
            "file not found", path=path, hint="check the path and spelling"
        ) from None
    except OSError as exc:
        raise LibraryError(
            f"cannot read the file: {exc.strerror}",
            path=path,
            hint="check that it is a readable file",
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LibraryError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)",
            path=path,
            line=line,
            column=column,
            hint="save the file as UTF-8 in your editor (in Excel or Word: 'UTF-8' encoding)",
        ) from None


def parse_yaml(text: str, path: Path) -> yaml.Node:
    """Parse YAML ``text`` into a node tree.

    Raises:
        LibraryError: empty file, invalid YAML, or more than one document.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise LibraryError(
            f"invalid YAML: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="check the indentation and that text containing ': ' or '#' is quoted",
        ) from None
    except yaml.YAMLError as exc:
        raise LibraryError(
            f"invalid YAML: {exc}", path=path, hint="check the file's YAML syntax"
        ) from None
    if node is None:
        raise LibraryError(
            "the file is empty",
            path=path,
            line=1,
            column=1,
            hint="add messages (see README, 'The message file format') or delete the file",
        )
    return node


# --------------------------------------------------------------------------- node walking


class _Reader:
    """Turns YAML nodes of one file into Python values, raising located errors."""

    def __init__(self, path: Path, label: str) -> None:
        self.path = path
        self.label = label

    def error(self, node: yaml.Node, message: str, hint: str) -> LibraryError:
        mark = node.start_mark
        return LibraryError(
            message, path=self.path, line=mark.line + 1, column=mark.column + 1, hint=hint
        )

    def origin(self, node: yaml.Node) -> Origin:
        mark = node.start_mark
        return Origin(str(self.path), mark.line + 1, mark.column + 1, self.label)

    def fields(
        self,
        node: yaml.Node,
        *,
        what: str,
        allowed: Sequence[str],
        required: Sequence[str] = (),
    ) -> dict[str, yaml.Node]:
        """Check ``node`` is a mapping of known, unique keys; return key -> value node."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error(
                node,
                f"{what} must be a mapping of 'key: value' lines, not {_describe(node)}",
                hint=f"write {what} as indented 'key: value' lines",
            )
        result: dict[str, yaml.Node] = {}
        key_nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _TAG_STR:
                raise self.error(
                    key_node, f"unexpected key in {what}", hint="keys are plain words"
                )
            key = key_node.value
            if key in result:
                first = key_nodes[key].start_mark.line + 1
                raise self.error(
                    key_node,
                    f"duplicate key '{key}' in {what} (first given on line {first})",
                    hint="keep one of them; YAML would silently use only the last",
                )
            if key not in allowed:
                guess = did_you_mean(key, allowed)
                hint = f"did you mean '{guess}'? " if guess else ""
                raise self.error(
                    key_node,
                    f"unknown field '{key}' in {what}",
                    hint=hint + "allowed fields: " + ", ".join(allowed),
                )
            result[key] = value_node
            key_nodes[key] = key_node
        for key in required:
            if key not in result:
                raise self.error(
                    node,
                    f"{what} has no '{key}'",
                    hint=f"add a '{key}:' line to it",
                )
        return result

    def text(self, node: yaml.Node, *, what: str) -> str:
        """A non-empty string. Numbers and dates are taken as written."""
        if isinstance(node, yaml.ScalarNode):
            if node.tag in (_TAG_STR, _TAG_INT, _TAG_FLOAT, _TAG_TIMESTAMP):
                value = str(node.value).strip()
                if value:
                    return value
                raise self.error(node, f"{what} is empty", hint=f"write the {what} or remove it")
            if node.tag == _TAG_BOOL:
                raise self.error(
                    node,
                    f"{what} was read as {_bool_word(node.value)}, not text: YAML takes "
                    f"'{node.value}' as a yes/no value",
                    hint=f'put it in quotes: "{node.value}"',
                )
            if node.tag == _TAG_NULL:
                raise self.error(node, f"{what} is empty", hint=f"write the {what} or remove it")
        raise self.error(
            node,
            f"{what} must be text, not {_describe(node)}",
            hint="write it on the same line after the colon, or as an indented block after '>-'",
        )

    def optional_text(self, fields: dict[str, yaml.Node], key: str, *, what: str) -> str | None:
        node = fields.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _TAG_NULL):
            return None
        return self.text(node, what=what)

    def integer(self, node: yaml.Node, *, what: str) -> int:
        if isinstance(node, yaml.ScalarNode) and node.tag == _TAG_INT:
            return int(node.value)
        raise self.error(node, f"{what} must be a whole number", hint="write digits only, e.g. 3")

    def sequence(self, node: yaml.Node, *, what: str) -> list[yaml.Node]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        raise self.error(
            node,
            f"{what} must be a list, not {_describe(node)}",
            hint="write each item on its own line starting with '- '",
        )

    def texts(self, node: yaml.Node | None, *, what: str) -> tuple[str, ...]:
        """A list of strings; a single string is taken as a list of one."""
        if node is None:
            return ()
        if isinstance(node, yaml.ScalarNode) and node.tag != _TAG_NULL:
            return (self.text(node, what=what),)
        if isinstance(node, yaml.ScalarNode):
            return ()
        return tuple(self.text(item, what=what) for item in self.sequence(node, what=what))

    def records(
        self, node: yaml.Node | None, build: Callable[[yaml.Node], Any], *, what: str
    ) -> tuple[Any, ...]:
        if node is None:
            return ()
        return tuple(build(item) for item in self.sequence(node, what=what))


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _TAG_NULL:
        return "nothing"
    return f"'{node.value}'"


def _bool_word(value: str) -> str:
    return "true" if value.lower() in ("yes", "y", "true", "on") else "false"


# --------------------------------------------------------------------------- records

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
_TOP_FIELDS = ("definition", "messages", "campaign")


class _FileLoader(_Reader):
    """Builds the records of one message file."""

    def message_id(self, node: yaml.Node) -> str:
        value = self.text(node, what="id")
        if not _ID_PATTERN.match(value):
            raise self.error(
                node,
                f"id '{value}' is not a valid id",
                hint="use lower-case letters, digits and hyphens, e.g. donors-sdg-targets",
            )
        return value

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
            id=self.message_id(fields["id"]),
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
            id=self.message_id(fields["id"]) if "id" in fields else "definition",
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
        fields = self.fields(
            node, what="a webinar", allowed=_WEBINAR_FIELDS, required=("title",)
        )
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
            id=self.message_id(fields["id"]),
            name=self.text(fields["name"], what="name"),
            origin=self.origin(node),
            organisation=self.optional_text(fields, "organisation", what="organisation"),
            hashtag=self.optional_text(fields, "hashtag", what="hashtag"),
            handle=self.optional_text(fields, "handle", what="handle"),
            about=self.optional_text(fields, "about", what="about"),
            editions=self.records(fields.get("editions"), self.edition, what="editions"),
            posts=self.records(fields.get("posts"), self.post, what="posts"),
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
    campaign = reader.campaign(top["campaign"]) if "campaign" in top else None
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
