"""Printing results: plain text, rich tables with user text escaped, and JSON.

Everything printed passes through :func:`advocacy_kit.errors.visible` (issue 13): a
control, escape or bidi character from data or from the command line is shown as
``\x1b`` or ``<U+202E>``, never sent to the terminal.
"""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Any

from advocacy_kit.errors import visible

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

    return Text(visible(str(value)))


def print_text(text: str) -> None:
    """Print a document as it is, with no markup interpreted and hidden characters shown."""
    out = visible(text)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    sys.stdout.flush()


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON (UTF-8, not ASCII-escaped, except the characters
    :func:`visible` would show: those are written as ``\\u`` escapes, which JSON reads
    back as the same text)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    sys.stdout.write(_HIDDEN.sub(_json_escape, text) + "\n")
    sys.stdout.flush()


#: What JSON may carry raw but a terminal would act on: C1 controls, DEL, bidi and other
#: format characters, line and paragraph separators (json escapes C0 itself).
_HIDDEN = re.compile(
    "[\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f]"
)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code > 0xFFFF:  # a surrogate pair, as JSON writes characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def print_table(table: Table) -> None:
    """Print a rich table on standard output."""
    console().print(table)


def note(message: str) -> None:
    """A short status line for the user, on standard error."""
    sys.stderr.write(visible(message) + "\n")
