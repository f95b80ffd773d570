"""``advocacy-kit draft``: a letter, talking points or posts for one audience."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from advocacy_kit.cli import guided
from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.output import note, print_json, print_text
from advocacy_kit.errors import ContentWanting, UsageError


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"'{value}' is not a date", hint="write the date as YYYY-MM-DD, e.g. 2026-10-19"
        ) from None


@command_boundary
def draft(
    audience: Annotated[
        str | None,
        typer.Option(
            "--audience",
            "-a",
            help="Who it is for: donors (or government, multilateral), media (or public), "
            "workforce (or members). Left out on a terminal: you are asked, step by step.",
            autocompletion=guided.complete_audience,
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="letter, talking-points or post. Default: letter for donors, "
            "talking-points otherwise.",
            autocompletion=guided.complete_format,
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
        str,
        typer.Option(
            "--platform",
            "-p",
            help="For posts: the platform they must fit.",
            autocompletion=guided.complete_platform,
        ),
    ] = "x",
    hashtag: Annotated[
        list[str] | None,
        typer.Option("--hashtag", help="For posts: another hashtag to add when it fits."),
    ] = None,
    link: Annotated[
        str | None, typer.Option("--link", help="For posts: a link to add when it fits.")
    ] = None,
    library: Annotated[
        list[Path] | None,
        typer.Option("--library", "-L", help="A folder of your own message files (repeatable)."),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            help="A regional or national variant of the messages, e.g. east-southern-africa "
            "or fr (see `advocacy-kit variant list`).",
            autocompletion=guided.complete_region,
        ),
    ] = None,
    templates: Annotated[
        list[Path] | None,
        typer.Option("--templates", help="A folder of your own templates (repeatable)."),
    ] = None,
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
        guided.run(dict(locals()))
        return
    from advocacy_kit.compose import compose_draft
    from advocacy_kit.library import load_region
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
        date=_parse_date(date),
        platform=platform,
        hashtags=hashtag or (),
        link=link,
        templates=templates or (),
        extra_fields=letter_fields,
    )
    if output is not None:
        from advocacy_kit.documents import write_draft

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
        from advocacy_kit.documents import render_draft

        print_text(render_draft(result, "txt"))
    if not result.fits:
        over = [p for p in result.pieces if p.fits is False]
        details = ", ".join(
            f"{', '.join(p.message_ids)} ({(p.length or 0) - (p.limit or 0)} over)" for p in over
        )
        raise ContentWanting(
            f"{len(over)} post(s) do not fit {result.platform}: {details}",
            hint="shorten the message's 'short' version, or use --thread to split it",
        )
