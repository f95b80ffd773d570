"""Regional and national variants as records: what a variant file says, and the
provenance of every resolved message.

A variant file (``messages/variants/<name>.yaml``) names itself, its ``parent`` (another
variant, or ``global``: the layered built-in and user libraries) and optionally its
``lang``, hashtags and handles. Per message id it can replace the parent's text, amplify
it (add to it), change its title, short versions, ask or evidence, or add new messages;
it can also amplify or replace the definition (seed 004: "this definition may be
amplified at national and/or regional levels").

Every resolved message keeps its chain of origins (:class:`Step`, one per layer that
defined or changed it, each with file and line). Every change a variant makes records
``based_on``, a short hash of the parent text it was written against; when the parent's
text changes later, the change is *stale* (see :mod:`advocacy_kit.library.staleness`).

:mod:`advocacy_kit.library.variant_file` reads variant files into these records;
:mod:`advocacy_kit.library.resolve` layers them over their parents.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from msgspec import Struct

from advocacy_kit.errors import LibraryError
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


class VariantEntry(Struct, frozen=True):
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


class Variant(Struct, frozen=True):
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


class Step(Struct, frozen=True):
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


class Resolution(Struct, frozen=True):
    """The messages of one region (a variant, or ``global``), fully resolved.

    Attributes:
        name: The variant's name, or ``global``.
        lang: The language its texts are in.
        library: The resolved messages, ready for :func:`advocacy_kit.compose.drafts.compose_draft`.
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
