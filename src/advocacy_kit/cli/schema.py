"""``advocacy-kit schema``: the JSON Schema of message and variant files, for editors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.output import note, print_json


@command_boundary
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write it to this file instead of printing it.", metavar="FILE"
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the output file if it exists.")
    ] = False,
) -> None:
    """Print the JSON Schema of message and variant files.

    Save it next to your messages folder and add this first line to a YAML file: VS Code
    (with the YAML extension) then completes and checks the file as you type.

      # yaml-language-server: $schema=../message-file.schema.json

    Example:

    \b
      advocacy-kit schema -o message-file.schema.json
    """
    import json

    from advocacy_kit.library.schema import message_file_schema

    data = message_file_schema()
    if output is None:
        print_json(data)
        return
    from advocacy_kit.files import write_atomic

    write_atomic(output, json.dumps(data, indent=2, ensure_ascii=False) + "\n", force=force)
    note(f"wrote {output}")
