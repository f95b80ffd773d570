"""Staleness: word diffs between a parent's text and the one a change was reviewed
against, and ``variant refresh``, which marks changes reviewed in place.

The tooling keeps the parent text a change was reviewed against as ``#|`` comment lines
above its ``based_on:`` (as gettext keeps a fuzzy entry's previous msgid), so a stale
change can show, word by word, what changed in the parent.
"""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct

from advocacy_kit.errors import ContentWanting, LibraryError, UsageError, choice_hint
from advocacy_kit.files import write_atomic
from advocacy_kit.library.loader import load_variants
from advocacy_kit.library.variant_file import build_variant
from advocacy_kit.library.variants import (
    PREVIOUS_MARK,
    Resolution,
    Variant,
    VariantEntry,
    content_hash,
)
from advocacy_kit.library.yamlio import parse_yaml, read_text
from advocacy_kit.model import Origin


class DiffPart(Struct, frozen=True):
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


class Refresh(Struct, frozen=True):
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
        # Resolving the variant gave each of its changes a step with the parent's text
        # (a change to a message the parent lacks is refused there).
        chain = resolution.chain(_chain_id(entry, resolution))
        step = next(s for s in chain if s.origin == entry.origin)
        assert step.parent_text is not None and step.parent_hash is not None
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


class RefreshResult(Struct, frozen=True):
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

    variants = load_variants(library=library, cwd=cwd)
    variant = variants.get(name)
    resolution = variants.resolve(name)
    known = [e.id for e in variant.all_entries() if e.action != "add"]
    for wanted in message:
        if wanted not in known:
            raise UsageError(
                f"variant '{name}' does not change a message '{wanted}'",
                hint=choice_hint(wanted, known, what="changed ids")
                if known
                else f"it changes no message yet: uncomment one in {variant.path} first",
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


class MessageDiff(Struct, frozen=True):
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


def stale_warning(resolution: Resolution, *, strict: bool = False) -> str | None:
    """The one-line warning ``draft``, ``handout``, ``merge`` and ``pack`` give when the
    region they use has changes not reviewed against their parent's current text.

    Args:
        resolution: The region in use.
        strict: Raise instead of warning (``--strict``).

    Returns:
        The warning, or None when every change in the region's chain is up to date.

    Raises:
        ContentWanting: with ``strict``, when the region is stale.
    """
    stale = [
        (message_id, step)
        for message_id, chain in resolution.chains.items()
        for step in chain
        if step.stale
    ]
    if not stale:
        return None
    stale.sort(key=lambda item: (item[1].origin.path, item[1].origin.line))
    named = ", ".join(f"{message_id} ({step.variant})" for message_id, step in stale[:3])
    more = f" and {len(stale) - 3} more" if len(stale) > 3 else ""
    text = (
        f"region '{resolution.name}' has {len(stale)} change(s) not reviewed against "
        f"their parent's current text: {named}{more}; `advocacy-kit check` shows them"
    )
    if strict:
        raise ContentWanting(
            text.partition("; ")[0],
            path=stale[0][1].origin.path,
            line=stale[0][1].origin.line,
            hint="review them (`advocacy-kit check` shows what changed), then run "
            f"`advocacy-kit variant refresh {stale[0][1].variant}`",
        )
    return text
