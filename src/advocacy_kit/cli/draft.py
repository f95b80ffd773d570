"""``advocacy-kit draft``: a letter, talking points or posts for one audience."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.options import LibraryOption, TemplatesOption, parse_date
from advocacy_kit.cli.output import cell, note, print_json, print_table, print_text
from advocacy_kit.errors import ContentWanting
from advocacy_kit.model import Draft, Piece


def _complete(name: str) -> Callable[[str], list[Any]]:
    """A shell-completion callback that loads the guided module only when completing."""

    def complete(incomplete: str) -> list[Any]:
        from advocacy_kit.cli import guided

        result: list[Any] = getattr(guided, name)(incomplete)
        return result

    return complete


@command_boundary
def draft(
    audience: Annotated[
        str | None,
        typer.Option(
            "--audience",
            "-a",
            help="Who it is for: donors (or government, multilateral), media (or public), "
            "workforce (or members). Left out on a terminal: you are asked, step by step.",
            autocompletion=_complete("complete_audience"),
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="letter, talking-points or post. Default: letter for donors, "
            "talking-points otherwise.",
            autocompletion=_complete("complete_format"),
        ),
    ] = None,
    message: Annotated[
        list[str] | None,
        typer.Option("--message", "-m", help="Use only this message id (repeatable)."),
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="The recipient of a letter.")] = None,
    sender: Annotated[str | None, typer.Option("--sender", help="Your name.")] = None,
    organization: Annotated[
        str | None, typer.Option("--organization", "--organisation", help="Your organisation.")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="The letter's date, YYYY-MM-DD (default today).")
    ] = None,
    platform: Annotated[
        list[str] | None,
        typer.Option(
            "--platform",
            "-p",
            help="For posts: the platform they must fit (default x). Repeat it for several, "
            "or say all for every social platform side by side.",
            autocompletion=_complete("complete_platform"),
        ),
    ] = None,
    thread: Annotated[
        bool,
        typer.Option(
            "--thread", help="For posts: split a message too long for one post into a thread."
        ),
    ] = False,
    mastodon_limit: Annotated[
        int | None,
        typer.Option("--mastodon-limit", min=1, help="For posts: your Mastodon server's limit."),
    ] = None,
    sms_parts: Annotated[
        int,
        typer.Option(
            "--sms-parts",
            min=1,
            help="For SMS posts: how many parts a message may take (default 1). Each part "
            "is charged as one SMS.",
        ),
    ] = 1,
    hashtag: Annotated[
        list[str] | None,
        typer.Option("--hashtag", help="For posts: another hashtag to add when it fits."),
    ] = None,
    link: Annotated[
        str | None, typer.Option("--link", help="For posts: a link to add when it fits.")
    ] = None,
    library: LibraryOption = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            help="A regional or national variant of the messages, e.g. east-southern-africa "
            "or fr (see `advocacy-kit variant list`).",
            autocompletion=_complete("complete_region"),
        ),
    ] = None,
    templates: TemplatesOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file: .md, .txt, .html, .pdf or .docx."),
    ] = None,
    paper: Annotated[str, typer.Option("--paper", help="For .pdf and .docx: a4 or letter.")] = "a4",
    font_path: Annotated[
        list[Path] | None,
        typer.Option("--font-path", help="For .pdf: a folder of extra fonts (repeatable)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the output file if it exists.")
    ] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the draft as JSON, for scripts.")
    ] = False,
) -> None:
    """Draft a letter, talking points or posts from the key messages.

    Examples:

      advocacy-kit draft --audience donors --to "Hon. Minister of Social Welfare"

      advocacy-kit draft --audience media --format post

      advocacy-kit draft --audience workforce -o talking-points.md
    """
    if audience is None:  # guided on a terminal, else exit 2 naming --audience (issue 7)
        given = dict(locals())  # the options as typed, before any other name is bound
        from advocacy_kit.cli import guided

        guided.run(given)
        return
    from advocacy_kit.compose import compose_draft
    from advocacy_kit.library.loader import load_region
    from advocacy_kit.profile import load_profile

    profile = load_profile()  # flags override the profile (issue 7)
    letter_fields = profile.letter_fields(same_sender=sender in (None, profile.sender))
    sender = sender or profile.sender
    organization = organization or profile.organisation
    hashtag = hashtag or list(profile.hashtags)
    messages = load_region(library=library or (), region=region or profile.region)
    hashtag = list(dict.fromkeys([*hashtag, *messages.hashtags, *messages.handles]))

    result = compose_draft(
        library=messages.library,
        lang=messages.lang,
        audience=audience,
        format=format,
        message=message or (),
        to=to,
        sender=sender,
        organization=organization,
        date=parse_date(date),
        platform=platform or ["x"],
        limit=mastodon_limit,
        thread=thread,
        sms_parts=sms_parts,
        hashtags=hashtag or (),
        link=link,
        templates=templates or (),
        extra_fields=letter_fields,
    )
    if output is not None:
        from advocacy_kit.output.documents import write_draft

        write_draft(
            result,
            output,
            force=force,
            paper=paper,
            font_paths=font_path or (),
            warn=lambda text: note(f"warning: {text}"),
        )
        note(f"wrote {output}")
    elif json_output:
        print_json(result.to_json())
    else:
        from advocacy_kit.output.documents import render_draft

        if len(result.platforms) > 1:
            _print_side_by_side(result)
        print_text(render_draft(result, "txt"))
    if "sms" in result.platforms and sms_parts > 1:
        _note_sms_cost(result)
    if not result.fits:
        over = [p for p in result.pieces if p.fits is False]
        details = ", ".join(
            f"{', '.join(p.message_ids)} on {p.platform} ({(p.length or 0) - (p.limit or 0)} over)"
            for p in over
        )
        raise ContentWanting(
            f"{len(over)} post(s) do not fit: {details}",
            hint="shorten the message's 'short' version, or use --thread to split it"
            + _sms_parts_hint(over),
        )


def _sms_parts(pieces: list[Piece]) -> list[int]:
    """How many parts each SMS among ``pieces`` takes."""
    from advocacy_kit.text.count import count

    return [count(p.text, "sms").segments or 1 for p in pieces if p.platform == "sms"]


def _sms_parts_hint(over: list[Piece]) -> str:
    """The end of the hint for SMS that do not fit: the --sms-parts that holds them."""
    parts = _sms_parts(over)
    return f", or allow longer texts with --sms-parts {max(parts)}" if parts else ""


def _note_sms_cost(result: Draft) -> None:
    """On standard error, what the SMS cost: parts for each message, and in all."""
    parts = _sms_parts(list(result.pieces))
    each = ", ".join(str(n) for n in parts)
    note(
        f"SMS: {len(parts)} messages take {sum(parts)} parts in all ({each}); "
        "each part is charged as one SMS, per recipient"
    )


def _print_side_by_side(result: Draft) -> None:
    """A table: one row per message, one column per platform, each cell the post's
    length against the limit (a thread shows its number of posts)."""
    from rich.table import Table

    table = Table(title="Posts by platform", title_justify="left")
    table.add_column("message", overflow="fold")
    for name in result.platforms:
        table.add_column(name, justify="right", no_wrap=True)
    ids = list(dict.fromkeys(p.message_ids for p in result.pieces))
    for message_ids in ids:
        row = [cell(", ".join(message_ids))]
        for name in result.platforms:
            pieces = [
                p for p in result.pieces if p.platform == name and p.message_ids == message_ids
            ]
            first = pieces[0]
            if first.part is not None:
                text = f"thread of {first.part[1]}"
            else:
                text = f"{first.length}/{first.limit}" + ("" if first.fits else " over")
            row.append(cell(text))
        table.add_row(*row)
    print_table(table)
