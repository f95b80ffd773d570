"""Command options declared once as ``Annotated`` aliases, so commands read the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from advocacy_kit.library.variants import Resolution


def _complete(name: str) -> Callable[[str], list[Any]]:
    """A shell-completion callback that loads the questions module only when completing."""

    def complete(incomplete: str) -> list[Any]:
        from advocacy_kit.cli import questions

        result: list[Any] = getattr(questions, name)(incomplete)
        return result

    return complete


# -- shared by several commands --

LibraryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--library", "-L", help="A folder of your own message files (repeatable).", metavar="DIR"
    ),
]

TemplatesOption = Annotated[
    list[Path] | None,
    typer.Option("--templates", help="A folder of your own templates (repeatable).", metavar="DIR"),
]

SenderOption = Annotated[str | None, typer.Option("--sender", help="Your name.", metavar="NAME")]

OrganizationOption = Annotated[
    str | None,
    typer.Option("--organization", "--organisation", help="Your organisation.", metavar="NAME"),
]

ForceFileOption = Annotated[
    bool, typer.Option("--force", help="Replace the output file if it exists.")
]

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")]

RegionOption = Annotated[
    str | None,
    typer.Option(
        "--region", "-r", help="Use a regional or national variant's key messages.", metavar="NAME"
    ),
]

FontPathOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--font-path",
        help="For PDF files and share cards: a folder of extra fonts, for scripts the "
        "built-in fonts lack (Chinese, Arabic, emoji...). Repeatable.",
        metavar="DIR",
    ),
]

# -- draft --

AudienceOption = Annotated[
    str | None,
    typer.Option(
        "--audience",
        "-a",
        help="Who it is for: donors (or government, multilateral), media (or public), "
        "workforce (or members). Left out on a terminal: you are asked, step by step.",
        autocompletion=_complete("complete_audience"),
        metavar="AUDIENCE",
    ),
]

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="letter, talking-points or post. Default: letter for donors, "
        "talking-points otherwise.",
        autocompletion=_complete("complete_format"),
        metavar="FORMAT",
    ),
]

MessageOption = Annotated[
    list[str] | None,
    typer.Option("--message", "-m", help="Use only this message id (repeatable).", metavar="ID"),
]

ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        help="The recipient of a letter: title and name, then the rest of the address "
        "after a comma or on new lines. The salutation is built from the title and "
        'name ("Dear Hon. Bore").',
        metavar="NAME",
    ),
]
SalutationOption = Annotated[
    str | None,
    typer.Option(
        "--salutation",
        help="How the letter greets its reader, instead of the one built from --to, e.g. "
        '"Dear Cabinet Secretary".',
        metavar="TEXT",
    ),
]

DraftDateOption = Annotated[
    str | None,
    typer.Option(
        "--date", help="The letter's date, YYYY-MM-DD (default today).", metavar="YYYY-MM-DD"
    ),
]

PlatformOption = Annotated[
    list[str] | None,
    typer.Option(
        "--platform",
        "-p",
        help="For posts: the platform they must fit (default x). Repeat it for several, "
        "or say all for every social platform side by side.",
        autocompletion=_complete("complete_platform"),
        metavar="PLATFORM",
    ),
]

ThreadOption = Annotated[
    bool,
    typer.Option(
        "--thread", help="For posts: split a message too long for one post into a thread."
    ),
]

MastodonLimitOption = Annotated[
    int | None,
    typer.Option("--mastodon-limit", help="For posts: your Mastodon server's limit.", metavar="N"),
]

SmsPartsOption = Annotated[
    int,
    typer.Option(
        "--sms-parts",
        help="For SMS posts: how many parts a message may take (default 1). Each part "
        "is charged as one SMS.",
        metavar="N",
        show_default=False,
    ),
]

HashtagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--hashtag",
        help="For posts: another hashtag to add when it fits; the # may be left out.",
        metavar="TAG",
    ),
]

LinkOption = Annotated[
    str | None,
    typer.Option(
        "--link", help="For posts: a web address (https://...) to add when it fits.", metavar="URL"
    ),
]

DraftRegionOption = Annotated[
    str | None,
    typer.Option(
        "--region",
        "-r",
        help="A regional or national variant of the messages, e.g. east-southern-africa "
        "or fr (see `advocacy-kit variant list`).",
        autocompletion=_complete("complete_region"),
        metavar="NAME",
    ),
]

DraftOutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file: .md, .txt, .html, .pdf or .docx.",
        metavar="FILE",
    ),
]

DraftPaperOption = Annotated[
    str,
    typer.Option(
        "--paper",
        help="For .pdf and .docx: a4 (the default) or letter.",
        metavar="SIZE",
        show_default=False,
    ),
]


DraftJsonOption = Annotated[
    bool, typer.Option("--json", help="Print the draft as JSON, for scripts.")
]


# -- merge --


SubjectOption = Annotated[
    str | None,
    typer.Option(
        "--subject",
        help="The e-mail's subject (default: the letter's own, its 'Re:' line).",
        metavar="TEXT",
    ),
]

AttachOption = Annotated[
    str | None,
    typer.Option(
        "--attach", help="Attach the letter to the e-mail as pdf or docx.", metavar="KIND"
    ),
]


# -- pack --

CampaignArgument = Annotated[
    str,
    typer.Argument(
        help="The campaign: its id (e.g. sswweek) or the path of your own campaign file.",
        metavar="CAMPAIGN",
    ),
]

PackOutOption = Annotated[
    Path,
    typer.Option(
        "--out", "-o", help="The folder to write the kit into (created if missing).", metavar="DIR"
    ),
]

YearOption = Annotated[
    int | None,
    typer.Option(
        "--year", "-y", help="Which year's week (default: the latest with topics).", metavar="YEAR"
    ),
]

PackPlatformOption = Annotated[
    list[str] | None,
    typer.Option(
        "--platform",
        "-p",
        help="Write posts for this platform (repeatable); all but sms when left out.",
        metavar="PLATFORM",
    ),
]

ZipOption = Annotated[
    bool, typer.Option("--zip", help="Also pack the folder into one .zip file to send.")
]

NoCardsOption = Annotated[
    bool,
    typer.Option(
        "--no-cards", help="Leave out each day's share cards (square and landscape images)."
    ),
]

PackForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the files of an earlier kit.")
]

PackJsonOption = Annotated[
    bool, typer.Option("--json", help="Print what was written as JSON, for scripts.")
]


StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Fail (exit 1) instead of warning when the region has changes not reviewed "
        "against their parent's current text.",
    ),
]


def warn_if_stale(resolution: Resolution, *, strict: bool) -> None:
    """Warn in one line when the region in use is stale; with ``--strict``, fail.

    Raises:
        ContentWanting: ``strict`` and the region is stale (exit 1).
    """
    if resolution.variant is None:
        # The global messages have no variant changes to be stale; not importing
        # staleness (difflib, its records) keeps a plain draft fast (issue 17).
        return
    from advocacy_kit.cli.output import note
    from advocacy_kit.library.staleness import stale_warning

    if warning := stale_warning(resolution, strict=strict):
        note(f"warning: {warning}")


EmailOption = Annotated[
    str | None,
    typer.Option(
        "--email",
        help="With -o letter.eml: the recipient's e-mail address (without it, a draft "
        "e-mail your mail program addresses).",
        metavar="ADDRESS",
    ),
]
