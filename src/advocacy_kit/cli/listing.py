"""``advocacy-kit list``: every message with its id, audience, title and length."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.output import cell, print_json, print_table


@command_boundary
def list_messages(
    audience: Annotated[
        str | None,
        typer.Option("--audience", "-a", help="Only this audience's messages."),
    ] = None,
    library: Annotated[
        list[Path] | None,
        typer.Option("--library", "-L", help="A folder of your own message files (repeatable)."),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")] = False,
) -> None:
    """List the key messages: id, audience, title and length.

    Use an id with `advocacy-kit draft --message ID`.

    Example:

      advocacy-kit list --audience donors
    """
    from advocacy_kit.library import load_library
    from advocacy_kit.model import get_audience

    loaded = load_library(library=library or ())
    messages = list(loaded.messages)
    if audience is not None:
        wanted = get_audience(audience).name
        messages = [m for m in messages if m.audience == wanted]
    rows = [
        {
            "id": m.id,
            "audience": m.audience,
            "title": m.title,
            "length": len(m.text),
            "words": len(m.text.split()),
            "short_versions": len(m.short),
            "origin": f"{m.origin.path}:{m.origin.line}",
        }
        for m in messages
    ]
    if json_output:
        print_json(rows)
        return
    from rich.table import Table

    table = Table(title="Key messages", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("audience")
    table.add_column("title")
    table.add_column("length", justify="right")
    for row in rows:
        table.add_row(
            cell(row["id"]), cell(row["audience"]), cell(row["title"]), cell(row["length"])
        )
    print_table(table)
