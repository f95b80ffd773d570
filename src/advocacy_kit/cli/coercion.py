"""Option values coerced as typer does, without its start-up cost for the usual ones.

Typer 0.29 checks each option's value with a pydantic ``TypeAdapter`` that it builds
the first time the option is processed, and every option is processed on every run,
given or not: importing pydantic and building the adapters took about 60 ms of a
post draft's start-up, for two dozen options mostly left out (issue 17, goal 1).

The values an advocate gives or leaves are answered here directly, with the result
typer's adapter would give: ``None`` (``[]`` for an option that may be repeated) for
one left out, the text itself for text, a whole number written in ASCII digits for a
number, and a path checked by typer's own path check. Anything else (a negative or
malformed number, an option with a parser or bounds of its own, a type not listed
here) goes to the adapter typer builds, on first need, so an unusual value is checked,
and its error worded, exactly as typer does. ``tests/test_coercion.py`` holds every
option of every command to typer's own answers.

When typer's parameters do not look as expected (another typer version), nothing is
changed and typer does all the work itself, only slower.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from typer import core

try:
    from typer._coercion import build_runtime_param
    from typer._param_types import coerce_cli_path
except ImportError:  # pragma: no cover - another typer: it does the work itself
    build_runtime_param = None  # type: ignore[assignment]

#: Typer's parameter class, whose coercion is built on first use.
_PARAMETER: Any = getattr(core, "_TyperParameter", None)

#: What a leaf answers when typer's own adapter must decide.
_TYPER = object()

#: The longest number read here; pydantic reads longer ones, up to its own limit.
_DIGITS = 18


def _leaf(annotation: Any, value: Any, param: Any, ctx: Any) -> Any:
    """One value of ``annotation`` as typer's adapter gives it, or ``_TYPER``."""
    if type(value) is not str:
        # A default given in code: the adapter gives back a str, int or float as is.
        return value if type(value) is annotation in (str, int, float) else _TYPER
    if annotation is str:
        return value
    if annotation is int and len(value) <= _DIGITS and value.isascii() and value.isdigit():
        return int(value)
    if annotation is Path and param.type_descriptor.parameter_info.path_type is None:
        # What the adapter does, from the text made a Path as pydantic makes it.
        info = param.type_descriptor.parameter_info
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    return _TYPER


def _direct(value: Any, param: Any, ctx: Any) -> Any:
    """``param``'s ``value`` as typer would coerce it, or ``_TYPER``."""
    annotation = param.type_descriptor.annotation
    info = param.type_descriptor.parameter_info
    if info.parser is not None or info.min is not None or info.max is not None:
        return _TYPER
    if not (param.multiple or param.nargs == -1):
        return _leaf(annotation, value, param, ctx)
    if typing.get_origin(annotation) is not list or type(value) not in (tuple, list):
        return _TYPER
    (item_type,) = typing.get_args(annotation)
    items = [_leaf(item_type, item, param, ctx) for item in value]
    return _TYPER if _TYPER in items else items


class _Deferred:
    """The coercion of a parameter: the usual answers here, the rest from typer."""

    __slots__ = ()

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        """Coerce ``param``'s ``value`` as typer's runtime parameter would."""
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        direct = _direct(value, param, ctx)
        if direct is not _TYPER:
            return direct
        built = build_runtime_param(param.type_descriptor)
        param._runtime_param = built
        return built.coerce(value, param=param, ctx=ctx)


_DEFERRED = _Deferred()


def defer(params: Iterable[Any]) -> None:
    """Give each of typer's ``params`` whose coercion is not built yet a deferred one."""
    if _PARAMETER is None or build_runtime_param is None:  # pragma: no cover
        return
    for param in params:
        if isinstance(param, _PARAMETER) and param._runtime_param is None:
            param._runtime_param = _DEFERRED
