"""Printing results: plain text, rich tables with user text escaped, and JSON.

Everything printed passes through :func:`advocacy_kit.errors.visible` (issue 13): a
control, escape or bidi character from data or from the command line is shown as
``\x1b`` or ``<U+202E>``, never sent to the terminal.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Sequence
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
    sys.stdout.write(_hidden().sub(_json_escape, text) + "\n")
    sys.stdout.flush()


@functools.cache
def _hidden() -> re.Pattern[str]:
    """What JSON may carry raw but a terminal would act on: C1 controls, DEL, bidi and
    other format characters, line and paragraph separators (json escapes C0 itself);
    compiled on first need, for --json only."""
    return re.compile(
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


#: The narrowest a column of prose (a title, a problem) is made in a table.
PROSE_WIDTH = 24


def print_records(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    prose: Sequence[str] = (),
) -> None:
    """Rows as a table when every cell fits whole on one line, else one block per row.

    A file:line, a name or an id broken over two lines cannot be copied (issue 14):
    when the table would need that (at 80 columns, in a pipe), each row is printed as
    its first cell on a line of its own, then ``header: value`` lines under it. The
    ``prose`` columns may wrap in a table, down to :data:`PROSE_WIDTH`.
    """
    from rich.cells import cell_len
    from rich.table import Table

    cleaned = [[visible(str(value)) for value in row] for row in rows]
    widths = [
        max([cell_len(header), *(cell_len(line) for row in cleaned for line in row[i].split("\n"))])
        for i, header in enumerate(headers)
    ]
    needed = [
        min(w, PROSE_WIDTH) if h in prose else w for h, w in zip(headers, widths, strict=True)
    ]
    out = console()
    if sum(needed) + 3 * len(needed) + 1 <= out.width:
        several_lines = any("\n" in value for row in cleaned for value in row)
        table = Table(title=title, title_justify="left", show_lines=several_lines)
        for header in headers:
            table.add_column(header, no_wrap=header not in prose)
        for row in cleaned:
            table.add_row(*(cell(value) for value in row))
        out.print(table)
        return
    lines = [title]
    for first, *rest in cleaned:
        lines.append(first)
        for header, value in zip(headers[1:], rest, strict=True):
            if value:
                lines.append(f"  {header}: " + value.replace("\n", "\n    "))
    print_text("\n".join(lines))
