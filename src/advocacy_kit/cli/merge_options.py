"""Options of ``advocacy-kit merge``, declared as ``Annotated`` aliases like
:mod:`advocacy_kit.cli.options`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

RecipientsOption = Annotated[
    Path,
    typer.Option(
        "--recipients",
        "-r",
        help="The spreadsheet: a .csv file (comma, semicolon or tab) or an Excel .xlsx.",
        metavar="FILE",
    ),
]

MergeOutOption = Annotated[
    Path, typer.Option("--out", "-o", help="The folder to write the letters in.", metavar="DIR")
]

MergeAudienceOption = Annotated[
    str | None,
    typer.Option(
        "--audience",
        "-a",
        help="Who the letters are for: donors, media or workforce. An 'audience' "
        "column, where filled, wins.",
        metavar="AUDIENCE",
    ),
]

MergeFormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="md (the default), txt, html, pdf, docx, or eml (one e-mail each, for send).",
        metavar="FORMAT",
        show_default=False,
    ),
]

FileNameOption = Annotated[
    str | None,
    typer.Option(
        "--name",
        help='File names from columns, e.g. "{last_name}-{organisation}" '
        "(default: the name column).",
        metavar="PATTERN",
    ),
]

DelimiterOption = Annotated[
    str | None,
    typer.Option(
        "--delimiter",
        help="The CSV delimiter: ',' ';' or tab; guessed when left out.",
        metavar="CHAR",
    ),
]

SheetOption = Annotated[
    str | None,
    typer.Option("--sheet", help="The sheet of an Excel file (default: first).", metavar="NAME"),
]

MergeDateOption = Annotated[
    str | None,
    typer.Option(
        "--date", help="The letters' date, YYYY-MM-DD (default today).", metavar="YYYY-MM-DD"
    ),
]

MergeRegionOption = Annotated[
    str | None,
    typer.Option(
        "--region",
        help="A regional or national variant of the messages for rows whose 'region' "
        "cell is empty, e.g. east-southern-africa.",
        metavar="NAME",
    ),
]

RequireOption = Annotated[
    list[str] | None,
    typer.Option(
        "--require",
        help="A column that must be filled in every row (repeatable).",
        metavar="COLUMN",
    ),
]

MergeForceOption = Annotated[
    bool, typer.Option("--force", help="Replace letters that are in the folder already.")
]

DryRunOption = Annotated[
    bool,
    typer.Option(
        "--dry-run", "-n", help="Check everything and show the first letter; write nothing."
    ),
]

PreviewOption = Annotated[
    int,
    typer.Option(
        "--preview",
        help="How many letters a dry run shows (default 1).",
        metavar="N",
        show_default=False,
    ),
]

MergeJsonOption = Annotated[
    bool, typer.Option("--json", help="Print what was done (or planned) as JSON.")
]
