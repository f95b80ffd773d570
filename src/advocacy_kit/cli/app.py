"""The ``advocacy-kit`` command: a typer app whose commands live in their own modules.

Command modules import only what their own work needs, at call time, and the console
script registers only the command it is asked for (every command for help, completion or
a name it does not know), so that a post draft starts fast.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Annotated, Any

import typer

from advocacy_kit import __version__
from advocacy_kit.cli.boundary import DEBUG_ENV
from advocacy_kit.cli.helptext import DeferredGroup, PlainHelp

#: Every command: its name, the module of ``advocacy_kit.cli`` that holds it, and the
#: function (or typer app, for a group of sub-commands) in that module.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("draft", "draft", "draft"),
    ("count", "count", "count"),
    ("list", "listing", "list_messages"),
    ("show", "show", "show"),
    ("handout", "handout", "handout"),
    ("card", "card", "card"),
    ("merge", "merge", "merge"),
    ("pack", "pack", "pack"),
    ("send", "send", "send"),
    ("check", "check", "check"),
    ("schema", "schema", "schema"),
    ("variant", "variant", "variant_app"),
    ("profile", "profile", "profile_app"),
)

_SETTINGS: dict[str, Any] = {
    "name": "advocacy-kit",
    "cls": DeferredGroup,
    "help": (
        "Letters, talking points and posts for advocating for the social service "
        "workforce, from the Global Social Service Workforce Alliance's key messages.\n\n"
        "Start with: advocacy-kit draft --audience donors, or type advocacy-kit alone "
        "in a terminal to be guided step by step."
    ),
    # Bare `advocacy-kit`: the guided flow on a terminal, else this help and exit 2.
    "no_args_is_help": False,
    "invoke_without_command": True,
    "add_completion": True,
    "pretty_exceptions_enable": False,
    # Plain click help: it wraps by words at any width and in a pipe, and keeps the
    # example lines (marked \\b in the docstrings) whole so they can be pasted.
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"advocacy-kit {__version__}\n")
        raise typer.Exit()


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
        from advocacy_kit.cli.draft import draft
        from advocacy_kit.cli.guided import start

        start(ctx, draft)


def build_app(only: str | None = None) -> typer.Typer:
    """The typer app with every command, or with only the command ``only``."""
    built = typer.Typer(**_SETTINGS)
    built.callback()(_root)
    for name, module, attribute in COMMANDS:
        if only is not None and name != only:
            continue
        target = getattr(importlib.import_module(f"advocacy_kit.cli.{module}"), attribute)
        if isinstance(target, typer.Typer):
            built.add_typer(target, name=name)
        else:
            built.command(name, cls=PlainHelp)(target)
    return built


def __getattr__(name: str) -> Any:
    """``app``, the whole command line, built on first use (tests and other programs)."""
    if name == "app":
        whole = build_app()
        globals()["app"] = whole
        return whole
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _requested_command(args: list[str]) -> str | None:
    """The command named on the command line, when it is one of ours and nothing needs
    the others (shell completion asks through an environment variable)."""
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return None
    first = next((arg for arg in args if not arg.startswith("-")), None)
    return first if first in {name for name, _, _ in COMMANDS} else None


#: New objects between two collections of the youngest generation (Python's default:
#: 700), for a run that makes many while importing and rendering and keeps most.
_GC_YOUNG = 20_000


def main() -> None:
    """Entry point of the ``advocacy-kit`` console script.

    A run is short, or a loop over rows that keeps little: garbage is collected less
    often than by default (issue 17), and what is alive at the end is left to the
    operating system rather than walked once more by the collections at exit.
    """
    gc.set_threshold(_GC_YOUNG, 10, 10)
    try:
        build_app(_requested_command(sys.argv[1:]))(prog_name="advocacy-kit")
    finally:
        gc.freeze()
