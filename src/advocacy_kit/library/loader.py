"""Message files (YAML) into immutable records, with every error pinned to file:line:col,
and library folders layered into one :class:`Library`.

Two kinds of file live in a library folder: message files (``definition:``,
``messages:``, ``campaign:``) and variant files (``variant:`` plus changes, see
:mod:`advocacy_kit.library.variants`). This module reads both; the layering of variants over
their parents is :mod:`advocacy_kit.library.variants`'s.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from advocacy_kit.errors import LibraryError
from advocacy_kit.library.campaigns import CampaignReader
from advocacy_kit.library.variants import (
    GLOBAL,
    PREVIOUS_MARK,
    Resolution,
    Variant,
    VariantEntry,
    VariantSet,
)
from advocacy_kit.library.yamlio import TAG_NULL, NodeReader, parse_yaml, read_text
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
_VARIANT_TOP_FIELDS = ("variant", "definition", "messages")
_VARIANT_FIELDS = ("name", "parent", "lang", "title", "hashtags", "handles", "note")
_CHANGE_FIELDS = (
    "id",
    "replace",
    "amplify",
    "based_on",
    "title",
    "short",
    "evidence",
    "ask",
    "tags",
    "note",
)
_DEFINITION_CHANGE_FIELDS = ("replace", "amplify", "based_on", "title", "short", "note")
#: A language tag as BCP 47 writes it: ``fr``, ``pt-BR``, ``sw-KE``.
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_HASH_PATTERN = re.compile(r"^[0-9a-f]{4,64}$")


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


class _VariantLoader(_FileLoader):
    """Builds the :class:`Variant` of one variant file."""

    def __init__(self, path: Path, label: str, lines: list[str]) -> None:
        super().__init__(path, label)
        self.lines = lines

    def variant(self, node: yaml.Node) -> Variant:
        top = self.fields(node, what="a variant file", allowed=_VARIANT_TOP_FIELDS)
        head_node = top["variant"]
        head = self.fields(
            head_node, what="the variant header", allowed=_VARIANT_FIELDS, required=("name",)
        )
        name = self.identifier(head["name"], what="variant name")
        if name == GLOBAL:
            raise self.error(
                head["name"],
                f"a variant cannot be called '{GLOBAL}'",
                hint=f"'{GLOBAL}' is the name of the library every variant starts from",
            )
        parent = self.identifier(head["parent"], what="parent") if "parent" in head else GLOBAL
        lang = self.optional_text(head, "lang", what="lang")
        if lang is not None and not LANG_PATTERN.match(lang):
            raise self.error(
                head["lang"],
                f"lang '{lang}' is not a language tag",
                hint="write a BCP 47 language tag in lower case, e.g. fr, pt or sw-KE",
            )
        hashtags = self.texts(head.get("hashtags"), what="hashtag")
        handles = self.texts(head.get("handles"), what="handle")
        self._marked(head.get("hashtags"), hashtags, "#", "hashtag")
        self._marked(head.get("handles"), handles, "@", "handle")
        definition = None
        if "definition" in top and not _is_null(top["definition"]):
            definition = self.change(top["definition"], definition=True)
        entries: tuple[VariantEntry, ...] = ()
        if "messages" in top and not _is_null(top["messages"]):
            entries = tuple(
                self.entry(item) for item in self.sequence(top["messages"], what="messages")
            )
        return Variant(
            name=name,
            parent=parent,
            origin=self.origin(head_node),
            lang=lang,
            title=self.optional_text(head, "title", what="title"),
            hashtags=hashtags,
            handles=handles,
            definition=definition,
            entries=entries,
            parent_line=head["parent"].start_mark.line + 1 if "parent" in head else None,
            lang_line=head["lang"].start_mark.line + 1 if "lang" in head else None,
        )

    def _marked(
        self, node: yaml.Node | None, values: tuple[str, ...], mark: str, what: str
    ) -> None:
        for value in values:
            if not value.startswith(mark) or len(value) < 2 or " " in value:
                assert node is not None
                raise self.error(
                    node,
                    f"{what} '{value}' must start with '{mark}' and have no spaces",
                    hint=f'write it in quotes, e.g. "{mark}SSWWeek"'
                    if mark == "#"
                    else f'write it in quotes, e.g. "{mark}SSWAlliance"',
                )

    def entry(self, node: yaml.Node) -> VariantEntry:
        if isinstance(node, yaml.MappingNode) and any(
            isinstance(k, yaml.ScalarNode) and k.value == "text" for k, _ in node.value
        ):
            message = self.message(node)
            return VariantEntry(id=message.id, action="add", origin=message.origin, message=message)
        return self.change(node, definition=False)

    def change(self, node: yaml.Node, *, definition: bool) -> VariantEntry:
        what = "the definition change" if definition else "a message change"
        fields = self.fields(
            node,
            what=what,
            allowed=_DEFINITION_CHANGE_FIELDS if definition else _CHANGE_FIELDS,
            required=() if definition else ("id",),
        )
        if "replace" in fields and "amplify" in fields:
            raise self.error(
                fields["amplify"],
                f"{what} has both 'replace:' and 'amplify:'",
                hint="replace the parent's text, or add to it, not both",
            )
        action = next((a for a in ("replace", "amplify") if a in fields), "change")
        changes = set(fields) - {"id", "based_on", "note"}
        if not changes:
            hint = (
                "add 'amplify:' (text added to the parent's) or 'replace:' (a new text); "
                "a new message needs audience, title and text"
            )
            raise self.error(node, f"{what} changes nothing", hint=hint)
        based_on = None
        based_on_line = None
        previous = None
        if "based_on" in fields:
            based_node = fields["based_on"]
            based_on = str(getattr(based_node, "value", "")).strip().lower()
            if not isinstance(based_node, yaml.ScalarNode) or not _HASH_PATTERN.match(based_on):
                raise self.error(
                    based_node,
                    "based_on must be the short hash the tooling wrote",
                    hint="remove the line and run `advocacy-kit variant refresh NAME` to "
                    "write it again",
                )
            based_on_line = based_node.start_mark.line + 1
            previous = self._previous(based_node.start_mark.line)
        keys = [k.start_mark.line + 1 for k, _ in node.value]
        evidence = (
            self.records(fields["evidence"], self.evidence, what="evidence")
            if "evidence" in fields
            else None
        )
        return VariantEntry(
            id="definition" if definition else self.identifier(fields["id"]),
            action=action,
            origin=self.origin(node),
            text=self.text(fields[action], what=action) if action != "change" else None,
            title=self.optional_text(fields, "title", what="title"),
            short=self.texts(fields["short"], what="short version") if "short" in fields else None,
            evidence=evidence,
            ask=self.optional_text(fields, "ask", what="ask"),
            tags=self.texts(fields.get("tags"), what="tag"),
            note=self.optional_text(fields, "note", what="note"),
            based_on=based_on,
            based_on_line=based_on_line,
            previous=previous,
            insert_line=keys[1] if len(keys) > 1 else keys[0],
            indent=node.start_mark.column,
        )

    def _previous(self, index: int) -> str | None:
        """The ``#|`` lines right above line ``index`` (0-based), joined."""
        found: list[str] = []
        at = index - 1
        while at >= 0 and self.lines[at].strip().startswith(PREVIOUS_MARK):
            found.insert(0, self.lines[at].strip()[len(PREVIOUS_MARK) :].strip())
            at -= 1
        return " ".join(found) if found else None


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == TAG_NULL


@dataclass(frozen=True)
class MessageFile:
    """The records defined in one message file."""

    path: Path
    definition: Message | None
    messages: tuple[Message, ...]
    campaign: Campaign | None


def is_variant_node(node: yaml.Node) -> bool:
    """Whether a parsed file is a variant file (it has a top-level ``variant:``)."""
    return isinstance(node, yaml.MappingNode) and any(
        isinstance(k, yaml.ScalarNode) and k.value == "variant" for k, _ in node.value
    )


def build_file(node: yaml.Node, path: Path, *, label: str = "built-in") -> MessageFile:
    """Build the records of a parsed message file.

    Raises:
        LibraryError: the file is not of the expected shape.
    """
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


def build_variant(node: yaml.Node, path: Path, text: str, *, label: str = "built-in") -> Variant:
    """Build the :class:`Variant` of a parsed variant file (``text`` is its source, for
    the ``#|`` lines that record the parent text a change was reviewed against).

    Raises:
        LibraryError: the file is not of the expected shape.
    """
    return _VariantLoader(path, label, text.splitlines()).variant(node)


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
    return build_file(parse_yaml(read_text(path), path), path, label=label)


def load_any(path: Path, *, label: str = "built-in") -> MessageFile | Variant:
    """Load a message file or a variant file, whichever ``path`` is.

    Raises:
        LibraryError: the file is unreadable, invalid YAML or of the wrong shape.
    """
    text = read_text(path)
    node = parse_yaml(text, path)
    if is_variant_node(node):
        return build_variant(node, path, text, label=label)
    return build_file(node, path, label=label)


def load_variant(path: Path, *, label: str = "built-in") -> Variant:
    """Load one variant file.

    Raises:
        LibraryError: unreadable, invalid, or not a variant file.
    """
    loaded = load_any(path, label=label)
    if not isinstance(loaded, Variant):
        raise LibraryError(
            "this is a message file, not a variant file",
            path=path,
            line=1,
            hint="a variant file starts with 'variant:' (see `advocacy-kit variant new`)",
        )
    return loaded


# --------------------------------------------------------------------------- libraries


def message_files(folder: Path) -> list[Path]:
    """The YAML files of a library folder, recursively, in a stable order (a single
    file given as a library is its own only file)."""
    if folder.is_file():
        return [folder]
    found = [p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def library_folders(
    *, library: Iterable[str | Path] = (), cwd: Path | None = None
) -> list[LibraryFolder]:
    """The library folders in layering order, later ones over earlier ones.

    Built-in first, then ``./messages`` when the current folder has one, then the folders
    of ``ADVOCACY_KIT_LIBRARY``, then each ``--library`` folder (a single YAML file is
    accepted too).

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
        if not folder.path.is_dir() and not (
            folder.path.is_file() and folder.path.suffix in (".yaml", ".yml")
        ):
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


LoadedFile = tuple[LibraryFolder, "MessageFile | Variant"]
OnProblem = Callable[[LibraryError], None]


def _raise(error: LibraryError) -> None:
    raise error


def _defined_twice(what: str, origin: Origin, first: Origin, key: str) -> LibraryError:
    """The error for a message id or variant name given twice in one library folder."""
    return LibraryError(
        f"{what} is defined twice in this library (first at {first})",
        path=origin.path,
        line=origin.line,
        column=origin.column,
        hint=f"give one of them another {key}",
    )


@dataclass
class Layering:
    """Files layered into the global library and a set of variants.

    Within one folder a message id and a variant name may each be defined once; a later
    folder replaces a message (keeping its place in the order) or a variant of the same
    name from an earlier one, or adds new ones.
    """

    on_problem: OnProblem = _raise
    messages: dict[str, Message] = field(default_factory=dict)
    definition: Message | None = None
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    variants: dict[str, Variant] = field(default_factory=dict)
    _folder: Path | None = None
    _ids_here: dict[str, Origin] = field(default_factory=dict)
    _variants_here: dict[str, Origin] = field(default_factory=dict)

    def start_folder(self, folder: LibraryFolder) -> None:
        """Begin a new layer: ids may be defined again (over the earlier layers)."""
        self._folder = folder.path
        self._ids_here = {}
        self._variants_here = {}
        self.sources.append(str(folder.path))

    def add(self, loaded: MessageFile | Variant) -> None:
        """Layer one loaded file over what is there."""
        if isinstance(loaded, Variant):
            first = self._variants_here.get(loaded.name)
            if first is not None:
                self.on_problem(
                    _defined_twice(f"variant '{loaded.name}'", loaded.origin, first, "name")
                )
                return
            self._variants_here[loaded.name] = loaded.origin
            self.variants[loaded.name] = loaded
            return
        records = list(loaded.messages)
        if loaded.definition is not None:
            records.append(loaded.definition)
        for record in records:
            first = self._ids_here.get(record.id)
            if first is not None:
                self.on_problem(
                    _defined_twice(f"message id '{record.id}'", record.origin, first, "id")
                )
                continue
            self._ids_here[record.id] = record.origin
            if record.role == "definition":
                self.definition = record
            else:
                self.messages[record.id] = record
        if loaded.campaign is not None:
            self.campaigns[loaded.campaign.id] = loaded.campaign

    def library(self) -> Library:
        """The global library layered so far."""
        return Library(
            messages=tuple(self.messages.values()),
            definition=self.definition,
            campaigns=tuple(self.campaigns.values()),
            sources=tuple(self.sources),
        )

    def variant_set(self) -> VariantSet:
        """The variants layered so far, over the global library."""
        return VariantSet(self.library(), dict(self.variants))


def load_layers(*, library: Iterable[str | Path] = (), cwd: Path | None = None) -> Layering:
    """Load every file of every library folder, layered.

    Raises:
        LibraryError: any file is invalid, or an id or variant name is defined twice in
            one folder.
    """
    layering = Layering()
    for folder in library_folders(library=library, cwd=cwd):
        layering.start_folder(folder)
        for path in message_files(folder.path):
            layering.add(load_any(path, label=folder.label))
    return layering


def load_library(
    *, library: Iterable[str | Path] = (), cwd: Path | None = None, region: str | None = None
) -> Library:
    """Load the built-in library with the user's folders layered over it.

    Within one folder an id may be defined once; a later folder replaces a message of
    the same id from an earlier one (keeping its place in the order) or adds new ones.

    Args:
        library: Extra library folders (``--library``), later ones winning.
        cwd: The folder to look for ``./messages`` in (default: the current folder).
        region: A variant to resolve the messages of (default: the global messages).

    Returns:
        The resolved :class:`Library`.

    Raises:
        LibraryError: any file is invalid, or an id is defined twice in one folder.
        UsageError: ``region`` is not a known variant.
    """
    return load_region(library=library, cwd=cwd, region=region).library


def load_variants(*, library: Iterable[str | Path] = (), cwd: Path | None = None) -> VariantSet:
    """Every variant of the layered libraries, ready to resolve.

    Raises:
        LibraryError: any file is invalid.
    """
    return load_layers(library=library, cwd=cwd).variant_set()


def load_region(
    *, library: Iterable[str | Path] = (), cwd: Path | None = None, region: str | None = None
) -> Resolution:
    """The messages of one region (``--region``): a variant resolved over its parents,
    with every message's chain of origins, its language, hashtags and handles.

    Args:
        library: Extra library folders (``--library``), later ones winning.
        cwd: The folder to look for ``./messages`` in.
        region: The variant's name; None or ``global`` for the global messages.

    Raises:
        LibraryError: any file is invalid, a parent is unknown, parents form a cycle.
        UsageError: ``region`` is not a known variant.
    """
    return load_variants(library=library, cwd=cwd).resolve(region or GLOBAL)
