"""``advocacy-kit list``: every message with its id, audience, title and length."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.options import JsonOption, LibraryOption
from advocacy_kit.cli.output import cell, print_json, print_records, print_table

if TYPE_CHECKING:
    from advocacy_kit.library.variants import Resolution
    from advocacy_kit.model import Message


@command_boundary
def list_messages(
    audience: Annotated[
        str | None,
        typer.Option("--audience", "-a", help="Only this audience's messages.", metavar="AUDIENCE"),
    ] = None,
    library: LibraryOption = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            help="The messages of a regional or national variant, with where each came from.",
            metavar="NAME",
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """List the key messages: id, audience, title and length.

    With --region, the messages of that variant, and for each the variant, file and
    line it came from.

    Use an id with `advocacy-kit draft --message ID`.

    Example:

    \b
      advocacy-kit list --audience donors

    \b
      advocacy-kit list --region east-southern-africa
    """
    from advocacy_kit.library.loader import load_region
    from advocacy_kit.model import get_audience

    resolution = load_region(library=library or (), region=region)
    messages = list(resolution.library.messages)
    if audience is not None:
        wanted = get_audience(audience).name
        messages = [m for m in messages if m.audience == wanted]
    rows = _rows(messages, resolution if region is not None else None)
    if json_output:
        print_json(rows)
    else:
        _print_rows(rows, resolution.name if region is not None else None)


def _rows(messages: Sequence[Message], resolution: Resolution | None) -> list[dict[str, Any]]:
    """One row of plain data per message; with a resolved region, where each came from."""
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
    if resolution is not None:
        from advocacy_kit.library.report import display_path

        for row, m in zip(rows, messages, strict=True):
            last = resolution.chain(m.id)[-1]
            row["from"] = last.variant
            row["action"] = last.action
            row["where"] = f"{display_path(last.origin.path)}:{last.origin.line}"
            row["chain"] = [step.to_json() for step in resolution.chain(m.id)]
    return rows


def _print_rows(rows: Sequence[dict[str, Any]], region: str | None) -> None:
    """The rows as a table: title and length, or with a region where each came from."""
    from rich.table import Table

    if region is None:
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
        return
    # Where each came from instead of title and length: a file:line is never broken.
    print_records(
        f"Key messages: {region}",
        ("id", "audience", "from", "where"),
        [
            (row["id"], row["audience"], f"{row['from']} ({row['action']})", row["where"])
            for row in rows
        ],
    )
