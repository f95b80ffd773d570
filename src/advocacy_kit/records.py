"""What the records (msgspec ``Struct`` classes) need beyond msgspec itself.

The records were frozen dataclasses; Python writes and compiles five or six methods for
each dataclass when its module is imported, about 1 ms a class, and a post draft
imports 27 of them before it prints a word. A ``Struct`` class is made in C in a few
microseconds (issue 17, goal 1). Two things dataclasses gave field by field are kept
here: fields left out of ``==`` and ``hash`` (``field(compare=False)``), and fields left
out of the repr (``field(repr=False)``), so that a password is never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def compare_without(*ignored: str) -> Callable[[type[T]], type[T]]:
    """A class decorator: the record's ``==`` and ``hash`` leave out the fields
    ``ignored`` (as dataclasses' ``field(compare=False)`` did)."""

    def decorate(cls: type[T]) -> type[T]:
        fields: tuple[str, ...] = cls.__struct_fields__  # type: ignore[attr-defined]
        kept = tuple(name for name in fields if name not in ignored)

        def key(record: Any) -> tuple[Any, ...]:
            return tuple(getattr(record, name) for name in kept)

        def __eq__(self: Any, other: object) -> bool:
            if type(other) is not type(self):
                return NotImplemented
            return key(self) == key(other)

        def __hash__(self: Any) -> int:
            return hash(key(self))

        cls.__eq__ = __eq__  # type: ignore[method-assign]
        cls.__hash__ = __hash__  # type: ignore[method-assign]
        return cls

    return decorate


def repr_without(*hidden: str) -> Callable[[type[T]], type[T]]:
    """A class decorator: the record's repr leaves out the fields ``hidden`` (as
    dataclasses' ``field(repr=False)`` did)."""

    def decorate(cls: type[T]) -> type[T]:
        fields: tuple[str, ...] = cls.__struct_fields__  # type: ignore[attr-defined]
        shown = tuple(name for name in fields if name not in hidden)

        def __repr__(self: Any) -> str:
            inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
            return f"{type(self).__qualname__}({inner})"

        cls.__repr__ = __repr__  # type: ignore[method-assign]
        return cls

    return decorate
