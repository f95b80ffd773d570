"""Options several commands share, declared once so they read and behave the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from advocacy_kit.errors import UsageError

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
