"""``advocacy-kit show``: one message in full, with where every part of it came from."""

from __future__ import annotations

import textwrap
from typing import Annotated

import typer

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.options import LibraryOption
from advocacy_kit.cli.output import print_json, print_text


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    return textwrap.fill(
        " ".join(text.split()),
        width=88,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


@command_boundary
def show(
    message_id: Annotated[str, typer.Argument(metavar="ID", help="The message id (see `list`).")],
    region: Annotated[
        str | None,
        typer.Option("--region", "-r", help="Show it as this variant has it.", metavar="NAME"),
    ] = None,
    library: LibraryOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")] = False,
) -> None:
    """Show one message in full and the chain of files it came from.

    With --region, the message is shown as that variant has it: its text after every
    replacement and amplification, and each file and line that made it so.

    Examples:

    \b
      advocacy-kit show donors-sdg-targets

    \b
      advocacy-kit show definition --region east-southern-africa
    """
    from advocacy_kit.library.loader import load_region
    from advocacy_kit.library.report import display_path

    resolution = load_region(library=library or (), region=region)
    message = resolution.message(message_id)
    chain = resolution.chain(message.id)
    if json_output:
        data = message.to_json()
        data["region"] = resolution.name
        data["lang"] = resolution.text_lang(message.id)
        data["chain"] = [step.to_json() for step in chain]
        print_json(data)
        return
    audience = message.audience or "definition"
    lines = [f"{message.id} ({audience}), region {resolution.name}", f"Title: {message.title}", ""]
    lines += [_wrap(message.text), ""]
    if message.short:
        lines.append("Short versions:")
        for number, short in enumerate(message.short, start=1):
            lines.append(_wrap(short, "     ", f"  {number}. "))
        lines.append("")
    if message.evidence:
        lines.append("Evidence:")
        for item in message.evidence:
            lines.append(_wrap(f"{item.claim} (source: {item.source})", "    ", "  - "))
        lines.append("")
    if message.ask:
        lines += [_wrap(f"Ask: {message.ask}"), ""]
    lines.append("Where it came from:")
    for number, step in enumerate(chain, start=1):
        where = f"{display_path(step.origin.path)}:{step.origin.line}"
        status = f" ({step.status})" if step.status else ""
        lines.append(f"  {number}. {step.variant}: {step.action} at {where}{status}")
    print_text("\n".join(lines))
