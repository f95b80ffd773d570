"""Resolving variants: each one layered over its parents, child -> parent -> global,
with every message's chain of origins."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from msgspec import Struct, field
from msgspec.structs import replace

from advocacy_kit.errors import LibraryError, UsageError, choice_hint
from advocacy_kit.library.variants import (
    GLOBAL,
    GLOBAL_LANG,
    OnProblem,
    Resolution,
    Step,
    Variant,
    VariantEntry,
    VariantProblem,
    content_hash,
)
from advocacy_kit.model import Library, Message, Origin
from advocacy_kit.records import repr_without


class UnknownRegion(UsageError):
    """A region (``--region``, a profile's ``region``) names no variant."""


@repr_without("_cache")
class VariantSet(Struct):
    """Every variant known, by name, over one global library; resolves them on demand."""

    base: Library
    variants: Mapping[str, Variant] = field(default_factory=dict)
    on_problem: OnProblem = None
    _cache: dict[str, Resolution] = field(default_factory=dict)

    def names(self) -> tuple[str, ...]:
        """``global`` and every variant's name, sorted."""
        return (GLOBAL, *sorted(self.variants))

    def get(self, name: str) -> Variant:
        """The variant called ``name``.

        Raises:
            UnknownRegion: no such variant; the hint lists them.
        """
        variant = self.variants.get(name)
        if variant is None:
            raise UnknownRegion(
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
                    # a variant cannot be its own parent: never offer it (issue 14)
                    hint=choice_hint(
                        variant.parent,
                        [n for n in self.names() if n != variant.name],
                        what="parents",
                    ),
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


def _already_defined(entry: VariantEntry, first: Origin, layer: str, variant: str) -> LibraryError:
    """A message id a variant adds that ``layer`` (the variant itself, or the layer its
    parent inherited it from) already defines at ``first``."""
    where = f"in '{layer}'" if layer != variant else "earlier in this variant"
    return VariantProblem(
        f"message id '{entry.id}' is defined twice: here and at {first} ({where})",
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
                # name the layer that defined it (its chain's first step), not the parent
                first_step = chains[existing.id if existing else definition.id][0]  # type: ignore[union-attr]
                problem = _already_defined(
                    entry, first_step.origin, first_step.variant, variant.name
                )
                _report(on_problem, problem)
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
