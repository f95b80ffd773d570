"""Library folders read and layered into one :class:`Library`, and into the set of
variants resolved over it.

Two kinds of file live in a library folder: message files
(:mod:`advocacy_kit.library.message_file`) and variant files
(:mod:`advocacy_kit.library.variant_file`). Folders layer in order: built-in, then
``./messages``, then ``$ADVOCACY_KIT_LIBRARY``, then each ``--library``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field

from advocacy_kit import cache
from advocacy_kit.errors import LibraryError
from advocacy_kit.library.message_file import MessageFile
from advocacy_kit.library.resolve import UnknownRegion, VariantSet
from advocacy_kit.library.variant_index import (
    Candidate,
    GuessContradicted,
    LazyVariants,
    defined_twice,
    guess_variant_name,
)
from advocacy_kit.library.variants import GLOBAL, Resolution, Variant, VariantProblem
from advocacy_kit.library.yamlio import read_text
from advocacy_kit.model import Campaign, Library, Message, Origin
from advocacy_kit.resources import builtin_messages_dir

if TYPE_CHECKING:
    from advocacy_kit.library.yamlio import yaml

#: The environment variable naming extra library folders (a path list, like PATH).
LIBRARY_ENV = "ADVOCACY_KIT_LIBRARY"


class LibraryFolder(Struct, frozen=True):
    """One folder of message files and the name it goes by in provenance."""

    path: Path
    label: str


def _build(path: Path, text: str, label: str) -> MessageFile | Variant:
    # Imported here: PyYAML loads only when a file is not in the cache (issue 17).
    from advocacy_kit.library.yamlio import parse_yaml

    return records_of(parse_yaml(text, path), path, text, label)


def records_of(node: yaml.Node, path: Path, text: str, label: str) -> MessageFile | Variant:
    """The records of a parsed file: a variant file's or a message file's.

    Raises:
        LibraryError: the file is not of the expected shape.
    """
    from advocacy_kit.library.message_file import build_file
    from advocacy_kit.library.variant_file import build_variant, is_variant_node

    if is_variant_node(node):
        return build_variant(node, path, text, label=label)
    return build_file(node, path, label=label, source=text)


#: How a file is parsed when it is not in the cache: ``parse(path, text, label)``.
Parse = Callable[[Path, str, str], MessageFile | Variant]


class FolderCache:
    """The files of one library folder as parsed by an earlier run, from the user's
    cache (issue 17): a file is parsed again only when its content differs. ``check``
    shares it (:mod:`advocacy_kit.library.lint`)."""

    def __init__(self, folder: LibraryFolder) -> None:
        self._name = cache.entry_name("library", str(folder.path.resolve()), folder.label)
        stored = cache.load(self._name)
        self._stored: dict[str, object] = stored if isinstance(stored, dict) else {}
        self._now: dict[str, tuple[bytes, MessageFile | Variant]] = {}
        self._changed = False

    def _cached(self, path: Path, digest: bytes) -> MessageFile | Variant | None:
        """The file as an earlier run parsed it, when its content is the same (kept
        for this run's :meth:`save`); None otherwise."""
        entry = self._stored.get(str(path))
        if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == digest):
            return None
        loaded = entry[1]
        if not isinstance(loaded, (MessageFile, Variant)):
            return None
        self._now[str(path)] = (digest, loaded)
        return loaded

    def build(
        self, path: Path, text: str, label: str, parse: Parse = _build
    ) -> MessageFile | Variant:
        """The file parsed: from the cache when its content is the one cached, else by
        ``parse`` (whose errors go to the caller, and nothing is kept)."""
        digest = cache.content_digest(text)
        loaded = self._cached(path, digest)
        if loaded is None:
            loaded = parse(path, text, label)
            self._changed = True
            self._now[str(path)] = (digest, loaded)
        return loaded

    def keep(self, path: Path, text: str) -> None:
        """Keep the cached parse of a file this run does not need (yet)."""
        self._cached(path, cache.content_digest(text))

    def save(self) -> None:
        """Store the files of this run when they differ from what was cached."""
        if self._changed or self._now.keys() != self._stored.keys():
            cache.store(self._name, self._now)


def _read_variant(
    path: Path, text: str, label: str, build: Callable[[Path, str, str], MessageFile | Variant]
) -> Variant:
    """A file indexed as a variant, parsed now that a chain needs it."""
    loaded = build(path, text, label)
    if not isinstance(loaded, Variant):
        raise GuessContradicted(str(path))
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


class Layering(Struct):
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
    _layer: int = -1
    _variant_layers: dict[str, int] = field(default_factory=dict)
    _deferred: dict[str, list[Candidate]] = field(default_factory=dict)

    def start_folder(self, folder: LibraryFolder) -> None:
        """Begin a new layer: ids may be defined again (over the earlier layers)."""
        self._folder = folder.path
        self._layer += 1
        self._ids_here = {}
        self._variants_here = {}
        self.sources.append(str(folder.path))

    def add(self, loaded: MessageFile | Variant) -> None:
        """Layer one loaded file over what is there."""
        if isinstance(loaded, Variant):
            first = self._variants_here.get(loaded.name)
            if first is not None:
                self.on_problem(
                    defined_twice(f"variant '{loaded.name}'", loaded.origin, first, "name")
                )
                return
            self._variants_here[loaded.name] = loaded.origin
            self.variants[loaded.name] = loaded
            self._variant_layers[loaded.name] = self._layer
            return
        records = list(loaded.messages)
        if loaded.definition is not None:
            records.append(loaded.definition)
        for record in records:
            first = self._ids_here.get(record.id)
            if first is not None:
                self.on_problem(
                    defined_twice(f"message id '{record.id}'", record.origin, first, "id")
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

    def defer(self, name: str, read: Callable[[], Variant]) -> None:
        """Layer a variant file indexed as ``name``, to be read only when looked up."""
        self._deferred.setdefault(name, []).append((self._layer, read))

    def variant_set(self) -> VariantSet:
        """The variants layered so far, over the global library."""
        if not self._deferred:
            return VariantSet(self.library(), dict(self.variants))
        candidates = {name: list(found) for name, found in self._deferred.items()}
        for name, variant in self.variants.items():
            layer = self._variant_layers[name]
            candidates.setdefault(name, []).append((layer, _already_read(variant)))
            candidates[name].sort(key=lambda candidate: candidate[0])
        return VariantSet(self.library(), LazyVariants(candidates))


def _already_read(variant: Variant) -> Callable[[], Variant]:
    return lambda: variant


def load_layers(*, library: Iterable[str | Path] = (), cwd: Path | None = None) -> Layering:
    """Load every file of every library folder, layered.

    Raises:
        LibraryError: any file is invalid, or an id or variant name is defined twice in
            one folder.
    """
    layering = Layering()
    for folder in library_folders(library=library, cwd=cwd):
        layering.start_folder(folder)
        parsed = FolderCache(folder)
        for path in message_files(folder.path):
            layering.add(parsed.build(path, read_text(path), folder.label))
        parsed.save()
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

    Every message file is read, but of the variant files only those of the region's
    chain: a broken variant file elsewhere does not stop a draft (``check`` finds it).

    Args:
        library: Extra library folders (``--library``), later ones winning.
        cwd: The folder to look for ``./messages`` in.
        region: The variant's name; None or ``global`` for the global messages.

    Raises:
        LibraryError: any file is invalid, a parent is unknown, parents form a cycle.
        UsageError: ``region`` is not a known variant.
    """
    try:
        return _index_variants(library, cwd).resolve(region or GLOBAL)
    except (GuessContradicted, UnknownRegion):
        # A name the index misread, or a region or parent it did not find: read every
        # file, so the result (or the error) is the one a full read gives.
        return load_variants(library=library, cwd=cwd).resolve(region or GLOBAL)
    except VariantProblem as problem:
        if problem.rule != "unknown-parent":
            raise
        return load_variants(library=library, cwd=cwd).resolve(region or GLOBAL)


def _index_variants(library: Iterable[str | Path], cwd: Path | None) -> VariantSet:
    """The layered libraries with every message file read and every variant file only
    indexed by its name (see :mod:`advocacy_kit.library.variant_index`)."""
    layering = Layering()
    for folder in library_folders(library=library, cwd=cwd):
        layering.start_folder(folder)
        parsed = FolderCache(folder)
        for path in message_files(folder.path):
            text = read_text(path)
            name = guess_variant_name(text)
            if name is None:
                layering.add(parsed.build(path, text, folder.label))
            else:
                parsed.keep(path, text)
                read = functools.partial(_read_variant, path, text, folder.label, parsed.build)
                layering.defer(name, read)
        parsed.save()
    return layering.variant_set()
