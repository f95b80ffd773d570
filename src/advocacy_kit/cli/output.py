"""Printing results: plain text, rich tables with user text escaped, and JSON."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rich is imported when a table is printed, not at start-up
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text


def console(*, stderr: bool = False) -> Console:
    """A rich console; user text must reach it as :class:`Text` or escaped."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def cell(value: object) -> Text:
    """A table cell holding ``value`` literally: no markup, no ANSI codes."""
    from rich.text import Text

    return Text(strip_control(str(value)))


def strip_control(text: str) -> str:
    """Remove control characters (escape sequences) other than newline and tab."""
    return "".join(ch for ch in text if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127))


def print_text(text: str) -> None:
    """Print a document as it is, with no markup interpreted."""
    out = strip_control(text)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    sys.stdout.flush()


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON (UTF-8, not ASCII-escaped)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def print_table(table: Table) -> None:
    """Print a rich table on standard output."""
    console().print(table)


def note(message: str) -> None:
    """A short status line for the user, on standard error."""
    sys.stderr.write(strip_control(message) + "\n")
