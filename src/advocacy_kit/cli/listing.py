"""``advocacy-kit list``: every message with its id, audience, title and length."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.options import LibraryOption
from advocacy_kit.cli.output import cell, print_json, print_table


@command_boundary
def list_messages(
    audience: Annotated[
        str | None,
        typer.Option("--audience", "-a", help="Only this audience's messages."),
    ] = None,
    library: LibraryOption = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            help="The messages of a regional or national variant, with where each came from.",
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")] = False,
) -> None:
    """List the key messages: id, audience, title and length.

    With --region, the messages of that variant, and for each the variant, file and
    line it came from.

    Use an id with `advocacy-kit draft --message ID`.

    Example:

      advocacy-kit list --audience donors

      advocacy-kit list --region east-southern-africa
    """
    from advocacy_kit.library.loader import load_region
    from advocacy_kit.model import get_audience

    resolution = load_region(library=library or (), region=region)
    messages = list(resolution.library.messages)
    if audience is not None:
        wanted = get_audience(audience).name
        messages = [m for m in messages if m.audience == wanted]
    rows: list[dict[str, Any]] = [
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
    if region is not None:
        from advocacy_kit.library.report import display_path

        for row, m in zip(rows, messages, strict=True):
            last = resolution.chain(m.id)[-1]
            row["from"] = last.variant
            row["action"] = last.action
            row["where"] = f"{display_path(last.origin.path)}:{last.origin.line}"
            row["chain"] = [step.to_json() for step in resolution.chain(m.id)]
    if json_output:
        print_json(rows)
        return
    from rich.table import Table

    table = Table(title="Key messages", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("audience")
    table.add_column("title")
    table.add_column("length", justify="right")
    if region is not None:  # where each came from instead of title and length
        table = Table(title=f"Key messages: {resolution.name}", title_justify="left")
        table.add_column("id", no_wrap=True)
        table.add_column("audience")
        table.add_column("from")
        table.add_column("where", overflow="fold")
    for row in rows:
        if region is not None:
            from_ = f"{row['from']} ({row['action']})"
            table.add_row(cell(row["id"]), cell(row["audience"]), cell(from_), cell(row["where"]))
        else:
            table.add_row(
                cell(row["id"]), cell(row["audience"]), cell(row["title"]), cell(row["length"])
            )
    print_table(table)
