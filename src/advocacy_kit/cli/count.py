"""``advocacy-kit count``: how long a text is on every platform, by each one's exact rule."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.options import JsonOption
from advocacy_kit.cli.output import cell, print_json, print_table
from advocacy_kit.cli.values import at_least
from advocacy_kit.errors import ExitCode, UsageError

if TYPE_CHECKING:  # platforms (emoji data, link patterns) is imported when a text is counted
    from advocacy_kit.text.rules import LengthCheck


def _read_text(text: str | None) -> str:
    """The text to count: the argument, or standard input for ``-`` or no argument."""
    if text is not None and text != "-":
        return text
    if text is None and sys.stdin.isatty():
        raise UsageError(
            "no text to count",
            hint='give it as an argument, advocacy-kit count "Your post", '
            "or pipe it in: advocacy-kit count - < post.txt",
        )
    read = sys.stdin.read()
    # A file or `echo` ends with a newline that is not part of the post.
    if read.endswith("\r\n"):
        return read[:-2]
    return read.removesuffix("\n")


TextArgument = Annotated[
    str | None,
    typer.Argument(
        help="The text to count. Use - (or leave it out) to read it from standard input.",
        show_default=False,
        metavar="TEXT",
    ),
]

CountPlatformOption = Annotated[
    list[str] | None,
    typer.Option(
        "--platform",
        "-p",
        help="Only this platform (repeatable): x, bluesky, mastodon, threads, linkedin, "
        "facebook, sms. The command fails (exit 1) when the text does not fit one.",
        metavar="PLATFORM",
    ),
]

CountMastodonOption = Annotated[
    int | None,
    typer.Option(
        "--mastodon-limit",
        help="Your Mastodon server's limit (default 500).",
        metavar="N",
    ),
]

ContentWarningOption = Annotated[
    str,
    typer.Option(
        "--content-warning",
        "--cw",
        help="A Mastodon content warning: it counts too.",
        metavar="TEXT",
    ),
]

SmsPartsOption = Annotated[
    int,
    typer.Option(
        "--sms-parts",
        help="How many SMS parts are acceptable (default 1).",
        metavar="N",
        show_default=False,
    ),
]


@command_boundary
def count(
    text: TextArgument = None,
    platform: CountPlatformOption = None,
    mastodon_limit: CountMastodonOption = None,
    content_warning: ContentWarningOption = "",
    sms_parts: SmsPartsOption = 1,
    json_output: JsonOption = False,
) -> None:
    """Count a post as each platform counts it, and say where it fits.

    X weighs links, emoji and accents its own way, Bluesky counts characters as you see
    them and bytes too, an SMS switches to a shorter format when it holds one
    character outside the basic alphabet. This shows the exact length on each.

    Examples:

    \b
      advocacy-kit count "Social service workers protect children. #SSWWeek"

    \b
      advocacy-kit count --platform x --platform bluesky - < post.txt
    """
    from advocacy_kit.text.count import count_all
    from advocacy_kit.text.rules import PLATFORM_NAMES, get_platform

    limits: dict[str, int | None] = {
        "mastodon": at_least(mastodon_limit, 1, "--mastodon-limit"),
        "sms": at_least(sms_parts, 1, "--sms-parts"),
    }
    body = _read_text(text)
    asked = [get_platform(name).name for name in platform or ()]
    names = list(dict.fromkeys(asked)) or list(PLATFORM_NAMES)
    # Links are found once for every platform (issue 17).
    checks = count_all(
        body,
        names,
        limits=limits,
        content_warning=content_warning,
    )
    if json_output:
        print_json([check.to_json() for check in checks])
    else:
        _print_checks(checks)
    if any(not check.fits for check in checks if check.platform in asked):
        raise typer.Exit(int(ExitCode.WANTING))


def _print_checks(checks: list[LengthCheck]) -> None:
    """A table: platform, length, limit, whether it fits, and notes."""
    from rich.table import Table

    from advocacy_kit.text.rules import PLATFORMS

    table = Table(title="Length on each platform", title_justify="left")
    table.add_column("platform", no_wrap=True)
    table.add_column("length", justify="right")
    table.add_column("limit", justify="right")
    table.add_column("fits", no_wrap=True)
    table.add_column("notes")
    for check in checks:
        fits = "yes" if check.fits else f"no, {check.over} over"
        table.add_row(
            cell(PLATFORMS[check.platform].label),
            cell(check.length),
            cell(check.limit),
            cell(fits),
            cell("; ".join(check.notes)),
        )
    print_table(table)
