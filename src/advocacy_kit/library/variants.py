"""Regional and national variants: layering child -> parent -> global, with provenance
and staleness.

A variant file (``messages/variants/<name>.yaml``) names itself, its ``parent`` (another
variant, or ``global``: the layered built-in and user libraries) and optionally its
``lang``, hashtags and handles. Per message id it can replace the parent's text, amplify
it (add to it), change its title, short versions, ask or evidence, or add new messages;
it can also amplify or replace the definition (seed 004: "this definition may be
amplified at national and/or regional levels").

Every resolved message keeps its chain of origins (:class:`Step`, one per layer that
defined or changed it, each with file and line). Every change a variant makes records
``based_on``, a short hash of the parent text it was written against; when the parent's
text changes later, the change is *stale* (the way translation tools flag a fuzzy
translation) until ``advocacy-kit variant refresh`` marks it reviewed. The tooling also
keeps the parent text it was reviewed against as ``#|`` comment lines above
``based_on``, so a stale change can show, word by word, what changed in the parent.

This module knows nothing of files beyond the line edits of :func:`refresh_text`;
:mod:`advocacy_kit.library.loader` reads variant files into the records defined here.
"""

from __future__ import annotations

import difflib
import hashlib
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from advocacy_kit.errors import LibraryError, UsageError, choice_hint
from advocacy_kit.model import Evidence, Library, Message, Origin

#: The name of the root of every chain: the layered built-in and user libraries.
GLOBAL = "global"
#: The language of the global library.
GLOBAL_LANG = "en"
#: How many hex digits of the SHA-256 ``based_on`` keeps: short enough to read, long
#: enough that an edit is never mistaken for the text reviewed.
HASH_LENGTH = 8
#: The comment marker of the parent text a change was reviewed against (as gettext's
#: ``#|`` previous-msgid lines).
PREVIOUS_MARK = "#|"

#: What a variant entry does to its parent's message.
ACTIONS = ("replace", "amplify", "change", "add")


class VariantProblem(LibraryError):
    """A variant that cannot be layered as written; ``rule`` names the kind of problem
    (``unknown-parent``, ``parent-cycle``, ``unknown-id``, ``duplicate-id``), the name
    ``advocacy-kit check`` reports it under."""

    def __init__(self, message: str, *, rule: str, **where: Any) -> None:
        super().__init__(message, **where)
        self.rule = rule


#: Called with each problem when resolving leniently (``check``); None raises it.
OnProblem = Callable[[LibraryError], None] | None


def content_hash(text: str) -> str:
    """The short content hash ``based_on`` records: SHA-256 of the text with its
    whitespace collapsed (re-wrapping a paragraph does not make a variant stale)."""
    normal = " ".join(text.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:HASH_LENGTH]


@dataclass(frozen=True)
class VariantEntry:
    """One change a variant makes: to a parent message, the definition, or a new message.

    Attributes:
        id: The message id (``definition`` for the definition).
        action: ``replace``, ``amplify``, ``change`` (only title, short, ask, evidence
            or tags) or ``add`` (a new message, in ``message``).
        origin: Where the entry starts in the variant file.
        text: The replacing or amplifying text.
        title: A new title, if given.
        short: New short versions (None: keep or drop by the action's rule).
        evidence: Evidence given by the entry (None when not given).
        ask: A new ask, if given.
        tags: Tags added.
        note: A note for editors, if given.
        based_on: The hash of the parent text the entry was written against.
        based_on_line: The 1-based line of ``based_on:``, if present.
        previous: The parent text recorded in ``#|`` lines above ``based_on``.
        message: For ``add``: the new message.
        insert_line: The 1-based line before which tooling inserts ``based_on:`` when the
            entry has none (the line of its second key, or of its only key).
        indent: The column (0-based) of the entry's keys.
    """

    id: str
    action: str
    origin: Origin
    text: str | None = None
    title: str | None = None
    short: tuple[str, ...] | None = None
    evidence: tuple[Evidence, ...] | None = None
    ask: str | None = None
    tags: tuple[str, ...] = ()
    note: str | None = None
    based_on: str | None = None
    based_on_line: int | None = None
    previous: str | None = None
    message: Message | None = None
    insert_line: int | None = None
    indent: int = 0


@dataclass(frozen=True)
class Variant:
    """A regional or national variant, as read from its file.

    Attributes:
        name: Its name, used with ``--region``.
        parent: The variant it layers over, or ``global``.
        origin: Where the ``variant:`` header is.
        lang: Its language (BCP 47), or None to keep the parent's.
        title: A readable name (``East and Southern Africa``).
        hashtags: Hashtags its posts carry.
        handles: Handles its posts carry.
        definition: Its change to the definition, if any.
        entries: Its changes and new messages, in file order.
        parent_line: The line of ``parent:``, for errors.
        lang_line: The line of ``lang:``, for errors.
    """

    name: str
    parent: str
    origin: Origin
    lang: str | None = None
    title: str | None = None
    hashtags: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    definition: VariantEntry | None = None
    entries: tuple[VariantEntry, ...] = ()
    parent_line: int | None = None
    lang_line: int | None = None

    @property
    def path(self) -> str:
        """The variant's file."""
        return self.origin.path

    def all_entries(self) -> tuple[VariantEntry, ...]:
        """The definition entry (if any) and then the message entries."""
        return ((self.definition,) if self.definition else ()) + self.entries


@dataclass(frozen=True)
class Step:
    """One layer of a resolved message's chain of origins.

    Attributes:
        variant: The layer's name (``global`` for the libraries).
        action: ``defined``, ``replace``, ``amplify``, ``change`` or ``add``.
        origin: Where the layer defines or changes the message.
        lang: The layer's language.
        based_on: The parent-text hash the change recorded (None for ``defined``/``add``).
        parent_hash: The hash of the parent's text now.
        previous: The parent text the change recorded in ``#|`` lines, if any.
        parent_text: The parent's text now.
    """

    variant: str
    action: str
    origin: Origin
    lang: str
    based_on: str | None = None
    parent_hash: str | None = None
    previous: str | None = None
    parent_text: str | None = None

    @property
    def tracked(self) -> bool:
        """Whether this step changes a parent message (and so can become stale)."""
        return self.action in ("replace", "amplify", "change")

    @property
    def stale(self) -> bool:
        """True when the parent's text is not the one the change was reviewed against
        (or no review was ever recorded)."""
        return self.tracked and self.based_on != self.parent_hash

    @property
    def status(self) -> str:
        """``up to date``, ``stale``, ``not reviewed`` or empty for non-changes."""
        if not self.tracked:
            return ""
        if self.based_on is None:
            return "not reviewed"
        return "stale" if self.stale else "up to date"

    def to_json(self) -> dict[str, Any]:
        """The step as JSON-ready data."""
        return {
            "variant": self.variant,
            "action": self.action,
            "path": self.origin.path,
            "line": self.origin.line,
            "library": self.origin.library,
            "lang": self.lang,
            "based_on": self.based_on,
            "parent_hash": self.parent_hash,
            "status": self.status or None,
        }


@dataclass(frozen=True)
class Resolution:
    """The messages of one region (a variant, or ``global``), fully resolved.

    Attributes:
        name: The variant's name, or ``global``.
        lang: The language its texts are in.
        library: The resolved messages, ready for :func:`advocacy_kit.compose.compose_draft`.
        chains: Per message id (and ``definition``): the layers it came through,
            global first.
        lineage: The names from this variant up to ``global``.
        hashtags: Hashtags its posts carry (its parents' first).
        handles: Handles its posts carry (its parents' first).
        variant: The variant itself (None for ``global``).
    """

    name: str
    lang: str
    library: Library
    chains: Mapping[str, tuple[Step, ...]]
    lineage: tuple[str, ...] = (GLOBAL,)
    hashtags: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    variant: Variant | None = None

    def chain(self, message_id: str) -> tuple[Step, ...]:
        """The chain of origins of one message, global first."""
        return self.chains.get(message_id, ())

    def message(self, message_id: str) -> Message:
        """The resolved message (or definition) with ``message_id``.

        Raises:
            UsageError: no such message in this region.
        """
        return self.library.by_id(message_id)

    def text_lang(self, message_id: str) -> str:
        """The language a message's text is in: that of the last layer that wrote it
        whole (amplifying adds to a text without translating it)."""
        lang = self.lang
        for step in self.chain(message_id):
            if step.action in ("defined", "add", "replace"):
                lang = step.lang
        return lang


@dataclass
class VariantSet:
    """Every variant known, by name, over one global library; resolves them on demand."""

    base: Library
    variants: dict[str, Variant] = field(default_factory=dict)
    on_problem: OnProblem = None
    _cache: dict[str, Resolution] = field(default_factory=dict, repr=False)

    def names(self) -> tuple[str, ...]:
        """``global`` and every variant's name, sorted."""
        return (GLOBAL, *sorted(self.variants))

    def get(self, name: str) -> Variant:
        """The variant called ``name``.

        Raises:
            UsageError: no such variant; the hint lists them.
        """
        variant = self.variants.get(name)
        if variant is None:
            raise UsageError(
                f"no variant called '{name}'",
                hint=choice_hint(name, self.names(), what="regions")
                + "; `advocacy-kit variant list` shows them",
            )
        return variant

    def lineage(self, name: str) -> tuple[str, ...]:
        """``name`` and its parents up to ``global``.

        Raises:
            UsageError: ``name`` is unknown.
            LibraryError: a parent is unknown, or the parents form a cycle.
        """
        chain: list[str] = []
        current = name
        if current != GLOBAL:
            self.get(current)
        while current != GLOBAL:
            if current in chain:
                cycle = " -> ".join([*chain[chain.index(current) :], current])
                # where the cycle closes: at the variant asked for, when it is in it
                variant = self.variants[name if current == name else chain[-1]]
                raise VariantProblem(
                    f"variants form a cycle of parents: {cycle}",
                    rule="parent-cycle",
                    path=variant.path,
                    line=variant.parent_line or variant.origin.line,
                    hint="one of them must have another parent (or 'global')",
                )
            chain.append(current)
            variant = self.variants[current]
            if variant.parent != GLOBAL and variant.parent not in self.variants:
                raise VariantProblem(
                    f"variant '{variant.name}' has an unknown parent '{variant.parent}'",
                    rule="unknown-parent",
                    path=variant.path,
                    line=variant.parent_line or variant.origin.line,
                    hint=choice_hint(variant.parent, self.names(), what="parents"),
                )
            current = variant.parent
        chain.append(GLOBAL)
        return tuple(chain)

    def resolve(self, name: str = GLOBAL) -> Resolution:
        """Resolve variant ``name`` (or ``global``) over its parents.

        Raises:
            UsageError: ``name`` is unknown.
            LibraryError: an unknown parent, a cycle, or an entry that changes a message
                the parent does not have or adds one it already has.
        """
        if name in self._cache:
            return self._cache[name]
        if name == GLOBAL:
            result = global_resolution(self.base)
        else:
            lineage = self.lineage(name)
            parent = self.resolve(lineage[1])
            result = apply_variant(
                parent, self.variants[name], lineage=lineage, on_problem=self.on_problem
            )
        self._cache[name] = result
        return result


def global_resolution(base: Library) -> Resolution:
    """The ``global`` region: the layered libraries, each message defined once."""
    chains: dict[str, tuple[Step, ...]] = {}
    records = list(base.messages) + ([base.definition] if base.definition else [])
    for message in records:
        chains[message.id] = (Step(GLOBAL, "defined", message.origin, GLOBAL_LANG),)
    return Resolution(name=GLOBAL, lang=GLOBAL_LANG, library=base, chains=chains)


def _join(first: str, second: str) -> str:
    return f"{first.rstrip()} {second.strip()}"


def apply_entry(parent: Message, entry: VariantEntry) -> Message:
    """The message ``entry`` makes of its parent's ``parent`` message.

    Replacing drops the parent's short versions (they no longer say the same) unless the
    entry gives its own; amplifying keeps them. Evidence given when amplifying is added
    to the parent's; given when replacing or changing, it takes the parent's place.
    """
    text = parent.text
    short = parent.short
    evidence = parent.evidence
    if entry.action == "replace" and entry.text is not None:
        text = entry.text
        short = ()
    elif entry.action == "amplify" and entry.text is not None:
        text = _join(parent.text, entry.text)
    if entry.short is not None:
        short = entry.short
    if entry.evidence is not None:
        evidence = parent.evidence + entry.evidence if entry.action == "amplify" else entry.evidence
    return replace(
        parent,
        text=text,
        title=entry.title or parent.title,
        short=short,
        evidence=evidence,
        ask=entry.ask if entry.ask is not None else parent.ask,
        tags=tuple(dict.fromkeys(parent.tags + entry.tags)),
        note=entry.note if entry.note is not None else parent.note,
        origin=entry.origin,
    )


def _unknown_id(variant: Variant, entry: VariantEntry, parent: Resolution) -> LibraryError:
    ids = [m.id for m in parent.library.messages]
    return VariantProblem(
        rule="unknown-id",
        message=f"variant '{variant.name}' changes message '{entry.id}', which its parent "
        f"'{parent.name}' does not have",
        path=entry.origin.path,
        line=entry.origin.line,
        column=entry.origin.column,
        hint=choice_hint(entry.id, ids, what="ids")
        + "; to add a new message give it audience, title and text instead",
    )


def _already_defined(entry: VariantEntry, first: Origin, parent: str) -> LibraryError:
    return VariantProblem(
        f"message id '{entry.id}' is defined twice: here and at {first} (in '{parent}')",
        rule="duplicate-id",
        path=entry.origin.path,
        line=entry.origin.line,
        column=entry.origin.column,
        hint="to change the parent's message use 'replace:' or 'amplify:' instead of "
        "'text:'; to add a new one give it another id",
    )


def apply_variant(
    parent: Resolution,
    variant: Variant,
    *,
    lineage: Sequence[str],
    on_problem: OnProblem = None,
) -> Resolution:
    """Layer ``variant`` over its resolved ``parent``.

    With ``on_problem``, an entry that cannot be applied is reported to it and skipped
    instead of raised (``advocacy-kit check`` lists every problem at once).

    Raises:
        LibraryError: an entry changes a message the parent does not have, adds one it
            already has, or changes a definition the parent lacks.
    """
    lang = variant.lang or parent.lang
    messages = {m.id: m for m in parent.library.messages}
    chains = dict(parent.chains)
    definition = parent.library.definition
    if variant.definition is not None:
        entry = variant.definition
        if definition is None:
            raise LibraryError(
                f"variant '{variant.name}' changes the definition, but '{parent.name}' has none",
                path=entry.origin.path,
                line=entry.origin.line,
                hint="add the definition to the library, or remove 'definition:' here",
            )
        step = _step(variant, entry, lang, definition)
        definition = apply_entry(definition, entry)
        chains[definition.id] = (*chains.get(definition.id, ()), step)
    for entry in variant.entries:
        if entry.action == "add":
            assert entry.message is not None
            existing = messages.get(entry.id)
            if existing is not None or (definition is not None and definition.id == entry.id):
                first = existing.origin if existing else definition.origin  # type: ignore[union-attr]
                _report(on_problem, _already_defined(entry, first, parent.name))
                continue
            messages[entry.id] = entry.message
            chains[entry.id] = (Step(variant.name, "add", entry.origin, lang),)
            continue
        target = messages.get(entry.id)
        if target is None:
            _report(on_problem, _unknown_id(variant, entry, parent))
            continue
        chains[entry.id] = (*chains.get(entry.id, ()), _step(variant, entry, lang, target))
        messages[entry.id] = apply_entry(target, entry)
    library = Library(
        messages=tuple(messages.values()),
        definition=definition,
        campaigns=parent.library.campaigns,
        sources=(*parent.library.sources, variant.path),
    )
    return Resolution(
        name=variant.name,
        lang=lang,
        library=library,
        chains=chains,
        lineage=tuple(lineage),
        hashtags=tuple(dict.fromkeys(parent.hashtags + variant.hashtags)),
        handles=tuple(dict.fromkeys(parent.handles + variant.handles)),
        variant=variant,
    )


def _report(on_problem: OnProblem, error: LibraryError) -> None:
    if on_problem is None:
        raise error
    on_problem(error)


def _step(variant: Variant, entry: VariantEntry, lang: str, parent: Message) -> Step:
    return Step(
        variant=variant.name,
        action=entry.action,
        origin=entry.origin,
        lang=lang,
        based_on=entry.based_on,
        parent_hash=content_hash(parent.text),
        previous=entry.previous,
        parent_text=parent.text,
    )


# ------------------------------------------------------------------------------ diffs


@dataclass(frozen=True)
class DiffPart:
    """A run of words a word-level diff keeps (``equal``), removes or adds."""

    op: str
    text: str


def word_diff(old: str, new: str) -> tuple[DiffPart, ...]:
    """Compare two texts word by word.

    Returns:
        Runs of words, each ``equal``, ``delete`` (only in ``old``) or ``insert`` (only
        in ``new``); a changed run gives its deletion first.
    """
    before, after = old.split(), new.split()
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart("equal", " ".join(before[a1:a2])))
            continue
        if a2 > a1:
            parts.append(DiffPart("delete", " ".join(before[a1:a2])))
        if b2 > b1:
            parts.append(DiffPart("insert", " ".join(after[b1:b2])))
    return tuple(parts)


def format_word_diff(parts: Iterable[DiffPart], *, width: int = 0) -> str:
    """A diff as plain text, ``[-removed-]`` and ``{+added+}`` as ``git diff
    --word-diff=plain`` writes them; wrapped to ``width`` columns when given."""
    words = []
    for part in parts:
        if part.op == "delete":
            words.append(f"[-{part.text}-]")
        elif part.op == "insert":
            words.append(f"{{+{part.text}+}}")
        else:
            words.append(part.text)
    text = " ".join(words)
    if width:
        return textwrap.fill(text, width=width, break_long_words=False, break_on_hyphens=False)
    return text


def diff_changed(parts: Iterable[DiffPart]) -> bool:
    """Whether a diff has any change."""
    return any(part.op != "equal" for part in parts)


# ------------------------------------------------------------------- editing variant files


def previous_lines(text: str, indent: str, *, width: int = 88) -> list[str]:
    """The ``#|`` comment lines recording a parent ``text`` (without newlines)."""
    prefix = f"{indent}{PREVIOUS_MARK} "
    wrapped = textwrap.wrap(
        " ".join(text.split()),
        width=max(width - len(prefix), 20),
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [prefix + line for line in wrapped]


@dataclass(frozen=True)
class Refresh:
    """One change ``variant refresh`` marked reviewed."""

    id: str
    line: int
    old: str | None
    new: str


def refresh_text(
    source: str, variant: Variant, resolution: Resolution, *, only: Sequence[str] = ()
) -> tuple[str, tuple[Refresh, ...]]:
    """Mark a variant's changes reviewed against their parents' current text.

    Edits the file's lines (never re-dumps the YAML, so comments and layout stay): the
    ``based_on:`` value is set to the current parent text's hash and the ``#|`` lines
    above it to that text. An entry without ``based_on:`` gets both, below its first line.

    Args:
        source: The variant file's text.
        variant: The variant read from ``source``.
        resolution: The variant resolved (its chains give each parent's current text).
        only: Refresh only these ids (default: every change that is not up to date).

    Returns:
        The new file text and the changes refreshed.
    """
    newline = "\r\n" if "\r\n" in source else "\n"
    lines = source.splitlines()
    edits: list[tuple[int, int, list[str], Refresh]] = []
    for entry in variant.all_entries():
        if entry.action == "add" or (only and entry.id not in only):
            continue
        chain = resolution.chain(_chain_id(entry, resolution))
        step = next((s for s in chain if s.origin == entry.origin), None)
        if step is None or step.parent_text is None or step.parent_hash is None:
            continue
        recorded = entry.previous is not None and content_hash(entry.previous) == step.parent_hash
        if not step.stale and recorded:
            continue
        done = Refresh(entry.id, entry.origin.line, entry.based_on, step.parent_hash)
        if entry.based_on_line is not None:
            at = entry.based_on_line - 1
            indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
            start = at
            while start > 0 and lines[start - 1].strip().startswith(PREVIOUS_MARK):
                start -= 1
            end = at + 1
        elif entry.insert_line is not None:
            start = end = entry.insert_line - 1
            indent = " " * entry.indent
        else:  # pragma: no cover - the reader always sets one of them
            continue
        block = previous_lines(step.parent_text, indent)
        edits.append((start, end, [*block, f"{indent}based_on: {step.parent_hash}"], done))
    for start, end, new, _ in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[start:end] = new
    text = newline.join(lines) + (newline if source.endswith(("\n", "\r")) else "")
    return text, tuple(sorted((e[3] for e in edits), key=lambda r: r.line))


def _chain_id(entry: VariantEntry, resolution: Resolution) -> str:
    if entry.id == "definition" and resolution.library.definition is not None:
        return resolution.library.definition.id
    return entry.id


# ---------------------------------------------------------------- commands over files


@dataclass(frozen=True)
class RefreshResult:
    """What ``variant refresh`` did: the file it edited and the changes it marked."""

    path: str
    refreshed: tuple[Refresh, ...]


def refresh_variant(
    *,
    name: str,
    message: Sequence[str] = (),
    library: Sequence[str | Path] = (),
    cwd: Path | None = None,
) -> RefreshResult:
    """Mark a variant's changes reviewed against their parents' current texts, in place.

    Args:
        name: The variant.
        message: Only these message ids (``definition`` for the definition).
        library: Extra library folders (``--library``).
        cwd: The folder to look for ``./messages`` in.

    Returns:
        The file edited and the changes refreshed (none when all were up to date).

    Raises:
        UsageError: unknown variant or message id.
        LibraryError: the variant cannot be resolved, or the edit would break the file.
    """
    from advocacy_kit.files import write_atomic
    from advocacy_kit.library.loader import build_variant, load_variants
    from advocacy_kit.library.yamlio import parse_yaml, read_text

    variants = load_variants(library=library, cwd=cwd)
    variant = variants.get(name)
    resolution = variants.resolve(name)
    known = [e.id for e in variant.all_entries() if e.action != "add"]
    for wanted in message:
        if wanted not in known:
            raise UsageError(
                f"variant '{name}' does not change a message '{wanted}'",
                hint=choice_hint(wanted, known, what="changed ids"),
            )
    path = Path(variant.path)
    source = read_text(path)
    text, refreshed = refresh_text(source, variant, resolution, only=message)
    if not refreshed:
        return RefreshResult(str(path), ())
    try:
        build_variant(parse_yaml(text, path), path, text, label=variant.origin.library)
    except LibraryError as error:
        raise LibraryError(
            f"cannot mark it reviewed automatically: the edit would break the file "
            f"({error.message})",
            path=path,
            hint="write the based_on line by hand, below the entry's 'id:' line",
        ) from None
    write_atomic(path, text, force=True)
    return RefreshResult(str(path), refreshed)


@dataclass(frozen=True)
class MessageDiff:
    """How a variant's message differs from its parent's, word by word."""

    id: str
    action: str
    parent_text: str | None
    text: str
    parts: tuple[DiffPart, ...]
    origin: Origin
    status: str

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "id": self.id,
            "action": self.action,
            "path": self.origin.path,
            "line": self.origin.line,
            "status": self.status or None,
            "parent_text": self.parent_text,
            "text": self.text,
            "diff": [{"op": p.op, "text": p.text} for p in self.parts],
        }


def diff_variant(
    *, name: str, library: Sequence[str | Path] = (), cwd: Path | None = None
) -> tuple[MessageDiff, ...]:
    """How each message a variant changes or adds differs from its parent's.

    Raises:
        UsageError: unknown variant.
        LibraryError: the variant cannot be resolved.
    """
    from advocacy_kit.library.loader import load_variants

    variants = load_variants(library=library, cwd=cwd)
    variant = variants.get(name)
    resolution = variants.resolve(name)
    diffs = []
    for entry in variant.all_entries():
        chain_id = _chain_id(entry, resolution)
        resolved = resolution.message(chain_id)
        step = next((s for s in resolution.chain(chain_id) if s.origin == entry.origin), None)
        parent_text = step.parent_text if step else None
        diffs.append(
            MessageDiff(
                id=chain_id,
                action=entry.action,
                parent_text=parent_text,
                text=resolved.text,
                parts=word_diff(parent_text or "", resolved.text),
                origin=entry.origin,
                status=step.status if step else "",
            )
        )
    return tuple(diffs)


_STARTER_HEAD = """\
# {title}: a variant of the key messages, layered over '{parent}'.
#
# How to fill it in (then run `advocacy-kit check` before you share it):
# - Every message of '{parent}' is listed below, commented out (lines starting with '#').
#   To change one, remove the '# ' in front of its block (in most editors: select the
#   lines and press Ctrl+/), then write your text under 'amplify:' or 'replace:'.
#     amplify:  your text is ADDED after the parent's text.
#     replace:  your text REPLACES the parent's text (e.g. a translation).
#   You may also give a new 'title:', 'short:' versions for posts, an 'ask:' or
#   'evidence:' (every figure needs a source: 'claim:' and 'source:').
# - To add a message of your own, write an entry with id, audience (donors, media or
#   workforce), title and text (see the example at the end).
# - The '#|' lines and 'based_on:' are written by advocacy-kit: they record the text you
#   worked from. Leave them as they are; when the parent's text changes,
#   `advocacy-kit check` tells you, and `advocacy-kit variant refresh {name}` marks your
#   change reviewed.
# - Use only facts you can source: new wording is welcome, new figures need evidence.
# yaml-language-server: $schema={schema}
variant:
  name: {name}
  title: {title}
  parent: {parent}
{lang_line}  # hashtags: ["#SSWWeek"]
  # handles: ["@SSWAlliance"]
"""


def starter_text(*, name: str, parent: Resolution, lang: str | None = None) -> str:
    """The commented starter file ``variant new`` writes: the header, and every parent
    message as a commented-out block ready to be uncommented and filled in."""
    title = name.replace("-", " ").title()
    lang_line = f"  lang: {lang}\n" if lang else f"  # lang: {parent.lang}\n"
    out = [
        _STARTER_HEAD.format(
            name=name,
            title=title,
            parent=parent.name,
            lang_line=lang_line,
            schema=SCHEMA_HINT,
        )
    ]
    definition = parent.library.definition
    if definition is not None:
        out.append("\n# definition:\n")
        out.extend(f"#   {line}\n" for line in previous_lines(definition.text, "", width=84))
        out.append(f"#   based_on: {content_hash(definition.text)}\n")
        out.append("#   amplify: >-\n#     Write here what your region or country adds.\n")
    out.append("\nmessages:\n")
    for message in parent.library.messages:
        out.append(f"  # {message.audience}: {message.title}\n")
        out.append(f"  # - id: {message.id}\n")
        out.extend(f"  #   {line}\n" for line in previous_lines(message.text, "", width=82))
        out.append(f"  #   based_on: {content_hash(message.text)}\n")
        out.append("  #   amplify: >-\n  #     Write here what you add to this message.\n\n")
    out.append(
        "  # A message of your own:\n"
        f"  # - id: {name}-my-message\n"
        "  #   audience: donors\n"
        "  #   title: A short title\n"
        "  #   text: >-\n"
        "  #     The whole message, in your words.\n"
    )
    return "".join(out)


#: What a variant's ``yaml-language-server`` line points at: the schema file written by
#: ``advocacy-kit schema -o message-file.schema.json``, next to the library folder.
SCHEMA_HINT = "../message-file.schema.json"


def new_variant(
    *,
    name: str,
    parent: str = GLOBAL,
    lang: str | None = None,
    library: str | Path | None = None,
    cwd: Path | None = None,
    force: bool = False,
) -> Path:
    """Write a commented starter variant file, ``<library>/variants/<name>.yaml``.

    Args:
        name: The new variant's name (lower-case letters, digits, hyphens).
        parent: The variant it layers over, or ``global``.
        lang: Its language, when not the parent's.
        library: The library folder to write into (default ``./messages``).
        cwd: The current folder.
        force: Replace the file if it exists.

    Returns:
        The file written.

    Raises:
        UsageError: a bad name or language, or an unknown parent.
        OutputError: the file exists (without ``force``).
    """
    from advocacy_kit.files import write_atomic
    from advocacy_kit.library.loader import LANG_PATTERN, load_variants
    from advocacy_kit.library.yamlio import ID_PATTERN

    if not ID_PATTERN.match(name) or name == GLOBAL:
        raise UsageError(
            f"'{name}' cannot be a variant name",
            hint="use lower-case letters, digits and hyphens, e.g. kenya or west-africa",
        )
    if lang is not None and not LANG_PATTERN.match(lang):
        raise UsageError(f"'{lang}' is not a language tag", hint="write e.g. fr, pt or sw-KE")
    base = cwd or Path.cwd()
    folder = Path(library) if library is not None else base / "messages"
    extra = [folder] if library is not None and folder.is_dir() else []
    variants = load_variants(library=extra, cwd=cwd)
    if parent != GLOBAL and parent not in variants.variants:
        raise UsageError(
            f"no variant called '{parent}' to be the parent",
            hint=choice_hint(parent, variants.names(), what="parents"),
        )
    resolution = variants.resolve(parent)
    target = folder / "variants" / f"{name}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, starter_text(name=name, parent=resolution, lang=lang), force=force)
    return target
