"""Variant files indexed by the name they give themselves, read only when a chain needs them.

``draft --region kenya`` in a library of 200 variants needs the global messages and the
files of Kenya's chain, not the other 198 variants (issue 17). A variant file states its
name in its first block (``variant:`` then ``name: kenya``), which a regular expression
finds in its text without parsing the YAML. A file whose name is not plainly there is
parsed straight away, and a guess the file contradicts when parsed makes the caller
start again with every file parsed (:class:`GuessContradicted`), so the shortcut never
changes a result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

from advocacy_kit.errors import LibraryError
from advocacy_kit.library.variants import Variant
from advocacy_kit.model import Origin

_HEADER = re.compile(r"^variant:[ \t]*(?:#[^\n]*)?$", re.MULTILINE)
_TOP_LEVEL = re.compile(r"^[^\s#]", re.MULTILINE)
#: A top-level line other than a document marker or directive: a key before ``variant:``
#: (or a quoted text's line that starts at column 0, which PyYAML accepts).
_KEY_BEFORE = re.compile(r"^(?!---|\.\.\.|%)[^\s#]", re.MULTILINE)
_NAME = re.compile(
    r"^[ \t]+name:[ \t]*(['\"]?)([a-z0-9][a-z0-9-]*)\1[ \t]*(?:#[^\n]*)?$", re.MULTILINE
)

#: A variant file's layer (its folder's place in the layering) and how to read it.
Candidate = tuple[int, Callable[[], Variant]]


class GuessContradicted(Exception):
    """A variant file's name, read from its text, is not the one it gives when parsed.

    Not an error of the user's: the loader catches it and parses every file instead.
    """


def guess_variant_name(text: str) -> str | None:
    """The name a variant file gives itself in its ``variant:`` block, read from its text.

    Returns:
        The name, or None when the text does not open with a plain block-style
        ``variant:`` header with a ``name:`` line (a message file, or a variant written
        another way; either is parsed to find out).
    """
    header = _HEADER.search(text)
    if header is None or _KEY_BEFORE.search(text, 0, header.start()):
        # Not the file's first block: it may be a line of a message's quoted text.
        return None
    after = _TOP_LEVEL.search(text, header.end())
    block = text[header.end() : after.start() if after else len(text)]
    found = _NAME.search(block)
    return found.group(2) if found else None


def defined_twice(what: str, origin: Origin, first: Origin, key: str) -> LibraryError:
    """The error for a message id or variant name given twice in one library folder."""
    return LibraryError(
        f"{what} is defined twice in this library (first at {first})",
        path=origin.path,
        line=origin.line,
        column=origin.column,
        hint=f"give one of them another {key}",
    )


class LazyVariants(Mapping[str, Variant]):
    """Variants by name, each read the first time it is looked up.

    Within one layer a name may be given once; a later layer's variant replaces an
    earlier one of the same name (as :class:`advocacy_kit.library.loader.Layering` does).
    """

    def __init__(self, candidates: Mapping[str, list[Candidate]]) -> None:
        self._candidates = candidates
        self._read: dict[str, Variant] = {}

    def __getitem__(self, name: str) -> Variant:
        if name in self._read:
            return self._read[name]
        by_layer: dict[int, Variant] = {}
        for layer, read in self._candidates[name]:
            variant = read()
            if variant.name != name:
                raise GuessContradicted(name)
            first = by_layer.get(layer)
            if first is not None:
                what = f"variant '{name}'"
                raise defined_twice(what, variant.origin, first.origin, "name")
            by_layer[layer] = variant
        self._read[name] = by_layer[max(by_layer)]
        return self._read[name]

    def __contains__(self, name: object) -> bool:
        return name in self._candidates

    def __iter__(self) -> Iterator[str]:
        return iter(self._candidates)

    def __len__(self) -> int:
        return len(self._candidates)
