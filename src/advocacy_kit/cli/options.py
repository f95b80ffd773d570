"""Options several commands share, declared once so they read and behave the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advocacy_kit.errors import UsageError

if TYPE_CHECKING:
    from advocacy_kit.library.variants import Resolution

LibraryOption = Annotated[
    list[Path] | None,
    typer.Option("--library", "-L", help="A folder of your own message files (repeatable)."),
]

TemplatesOption = Annotated[
    list[Path] | None,
    typer.Option("--templates", help="A folder of your own templates (repeatable)."),
]


def parse_date(value: str | None) -> dt.date | None:
    """A ``--date`` value as a date (None stays None).

    Raises:
        UsageError: the value is not a YYYY-MM-DD date.
    """
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"'{value}' is not a date", hint="write the date as YYYY-MM-DD, e.g. 2026-10-19"
        ) from None


StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Fail (exit 1) instead of warning when the region has changes not reviewed "
        "against their parent's current text.",
    ),
]


def warn_if_stale(resolution: Resolution, *, strict: bool) -> None:
    """Warn in one line when the region in use is stale; with ``--strict``, fail.

    Raises:
        ContentWanting: ``strict`` and the region is stale (exit 1).
    """
    from advocacy_kit.cli.output import note
    from advocacy_kit.library.staleness import stale_warning

    if warning := stale_warning(resolution, strict=strict):
        note(f"warning: {warning}")
