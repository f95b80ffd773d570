"""``advocacy-kit variant``: start, compare and review regional and national variants."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.helptext import PlainHelp
from advocacy_kit.cli.output import note, print_json, print_records, print_text

variant_app = typer.Typer(
    name="variant",
    help="Regional and national variants of the key messages.\n\n"
    "Commands: new, diff, refresh, list.",
    no_args_is_help=True,
)

_LIBRARY_HELP = "A folder of your own message files (repeatable)."


@variant_app.command("new", cls=PlainHelp)
@command_boundary
def new(
    name: Annotated[str, typer.Argument(help="The variant's name, e.g. kenya.", metavar="NAME")],
    parent: Annotated[
        str,
        typer.Option(
            "--parent",
            "-p",
            help="The variant it builds on, or global (the default).",
            metavar="NAME",
            show_default=False,
        ),
    ] = "global",
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="Its language, e.g. fr, when not the parent's.", metavar="LANG"
        ),
    ] = None,
    library: Annotated[
        Path | None,
        typer.Option(
            "--library",
            "-L",
            help="The library folder to write it in (default ./messages).",
            metavar="DIR",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Write a starter file for a new variant, with instructions in it.

    Every message of the parent is listed in it, commented out: uncomment the ones you
    want to change and write what your region or country adds. Then run
    `advocacy-kit check`.

    Example:

    \b
      advocacy-kit variant new kenya --parent east-southern-africa
    """
    from advocacy_kit.library.starter import new_variant

    path = new_variant(name=name, parent=parent, lang=lang, library=library, force=force)
    note(f"wrote {path}")
    note(f"next: edit it, then run `advocacy-kit check {path}`")


@variant_app.command("refresh", cls=PlainHelp)
@command_boundary
def refresh(
    name: Annotated[str, typer.Argument(help="The variant to mark reviewed.", metavar="NAME")],
    message: Annotated[
        list[str] | None,
        typer.Option("--message", "-m", help="Only this message id (repeatable).", metavar="ID"),
    ] = None,
    library: Annotated[
        list[Path] | None, typer.Option("--library", "-L", help=_LIBRARY_HELP, metavar="DIR")
    ] = None,
) -> None:
    """Mark a variant's changes reviewed against its parent's text.

    Run it after `advocacy-kit check` reported a change as stale and you have looked at
    what changed in the parent (and updated your text if needed). It rewrites only the
    'based_on' lines (and the '#|' lines above them) of the variant's file.

    Example:

    \b
      advocacy-kit variant refresh east-southern-africa
    """
    from advocacy_kit.library.staleness import refresh_variant

    result = refresh_variant(name=name, message=message or (), library=library or ())
    if not result.refreshed:
        note(f"{name}: every change is up to date; nothing to do")
        return
    for done in result.refreshed:
        was = done.old or "none"
        note(f"{result.path}:{done.line}: {done.id} marked reviewed (based_on {was} -> {done.new})")


@variant_app.command("diff", cls=PlainHelp)
@command_boundary
def diff(
    name: Annotated[
        str, typer.Argument(help="The variant to compare with its parent.", metavar="NAME")
    ],
    library: Annotated[
        list[Path] | None, typer.Option("--library", "-L", help=_LIBRARY_HELP, metavar="DIR")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")] = False,
) -> None:
    """Show, word by word, how a variant differs from its parent.

    [-words-] are the parent's words the variant removes, {+words+} the words it adds.

    Example:

    \b
      advocacy-kit variant diff east-southern-africa
    """
    from advocacy_kit.library.report import display_path
    from advocacy_kit.library.staleness import diff_variant, format_word_diff

    diffs = diff_variant(name=name, library=library or ())
    if json_output:
        print_json([d.to_json() for d in diffs])
        return
    blocks = []
    for item in diffs:
        where = f"{display_path(item.origin.path)}:{item.origin.line}"
        status = f", {item.status}" if item.status else ""
        head = f"{item.id} ({item.action}{status}) {where}"
        if item.action == "change" and not any(p.op != "equal" for p in item.parts):
            body = "  (same text; title, short versions, ask or evidence changed)"
        else:
            body = "\n".join(
                "  " + line for line in format_word_diff(item.parts, width=86).split("\n")
            )
        blocks.append(f"{head}\n{body}")
    print_text("\n\n".join(blocks) if blocks else f"{name} changes nothing")


@variant_app.command("list", cls=PlainHelp)
@command_boundary
def list_variants(
    library: Annotated[
        list[Path] | None, typer.Option("--library", "-L", help=_LIBRARY_HELP, metavar="DIR")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")] = False,
) -> None:
    """List the variants: name, parent, language, file.

    Use a name with `advocacy-kit draft --region NAME`.

    Example:

    \b
      advocacy-kit variant list
    """
    from advocacy_kit.library.loader import load_variants
    from advocacy_kit.library.report import display_path

    variants = load_variants(library=library or ())
    rows = []
    for name in sorted(variants.variants):
        variant = variants.variants[name]
        rows.append(
            {
                "name": name,
                "title": variant.title,
                "parent": variant.parent,
                "lang": variant.lang,
                "changes": len(variant.all_entries()),
                "path": display_path(variant.path),
                "line": variant.origin.line,
            }
        )
    if json_output:
        print_json(rows)
        return
    print_records(
        "Variants",
        ("name", "title", "parent", "lang", "changes", "file"),
        [
            (
                str(row["name"]),
                str(row["title"] or ""),
                str(row["parent"]),
                str(row["lang"] or ""),
                str(row["changes"]),
                f"{row['path']}:{row['line']}",
            )
            for row in rows
        ],
        prose=("title",),
    )
