"""The ``advocacy-kit`` command: a typer app whose commands live in their own modules.

Command modules import only what their own work needs, at call time, so that
``advocacy-kit --help`` and a post draft start fast.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from advocacy_kit import __version__
from advocacy_kit.cli.boundary import DEBUG_ENV

app = typer.Typer(
    name="advocacy-kit",
    help=(
        "Letters, talking points and posts for advocating for the social service "
        "workforce, from the Global Social Service Workforce Alliance's key messages.\n\n"
        "Start with: advocacy-kit draft --audience donors, or type advocacy-kit alone "
        "in a terminal to be guided step by step."
    ),
    # Bare `advocacy-kit`: the guided flow on a terminal, else this help and exit 2.
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"advocacy-kit {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full details of internal errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """advocacy-kit: drafts for Social Service Workforce Week and every day after."""
    if debug:
        os.environ[DEBUG_ENV] = "1"
    if ctx.invoked_subcommand is None:
        from advocacy_kit.cli.guided import start

        start(ctx)


# commands
from advocacy_kit.cli import check as check_cmd  # noqa: E402
from advocacy_kit.cli import count as count_cmd  # noqa: E402
from advocacy_kit.cli import draft as draft_cmd  # noqa: E402
from advocacy_kit.cli import handout as handout_cmd  # noqa: E402
from advocacy_kit.cli import listing as listing_cmd  # noqa: E402
from advocacy_kit.cli import merge as merge_cmd  # noqa: E402
from advocacy_kit.cli import pack as pack_cmd  # noqa: E402
from advocacy_kit.cli import profile as profile_cmd  # noqa: E402
from advocacy_kit.cli import schema as schema_cmd  # noqa: E402
from advocacy_kit.cli import show as show_cmd  # noqa: E402
from advocacy_kit.cli import variant as variant_cmd  # noqa: E402

app.command("draft")(draft_cmd.draft)
app.command("count")(count_cmd.count)
app.command("list")(listing_cmd.list_messages)
app.command("merge")(merge_cmd.merge)
app.add_typer(profile_cmd.profile_app, name="profile")
app.command("pack")(pack_cmd.pack)
app.command("handout")(handout_cmd.handout)
app.command("check")(check_cmd.check)
app.command("schema")(schema_cmd.schema)
app.command("show")(show_cmd.show)
app.add_typer(variant_cmd.variant_app, name="variant")


def main() -> None:
    """Entry point of the ``advocacy-kit`` console script."""
    app(prog_name="advocacy-kit")
