"""Guided drafting: ask what the command line left out, draft, show the one-line command."""

from __future__ import annotations

import inspect
import shlex
import sys
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import typer

from advocacy_kit.cli.boundary import command_boundary, report
from advocacy_kit.cli.prompts import Prompter, has_terminal, require_terminal
from advocacy_kit.cli.questions import ask, region_names
from advocacy_kit.errors import ContentWanting, ExitCode, UsageError
from advocacy_kit.model import AUDIENCES

if TYPE_CHECKING:
    from advocacy_kit.model import Library
    from advocacy_kit.profile.fields import Profile

# ``advocacy-kit`` alone on a terminal (or ``draft`` without ``--audience``) asks only
# what the command line did not say (issue 7), runs the ``draft`` command with the
# answers and prints the one-line command that does the same, so the user learns it.
# The ``draft`` command is passed in (``command``), never imported: draft.py imports
# this module, and an import circle would tie the two together.

#: A ``draft`` command function: keyword arguments named like its options.
Command = Callable[..., Any]

#: Draft options whose default comes from the profile: option -> profile key.
PROFILE_DEFAULTS: dict[str, str] = {
    "sender": "sender",
    "organization": "organisation",
    "hashtag": "hashtags",
    "region": "region",
}

#: What the user must pass when there is no terminal to ask on, and an example.
MISSING_WITHOUT_TERMINAL = ("--audience",)
EXAMPLE_WITHOUT_TERMINAL = (
    "`advocacy-kit draft --audience donors` (audiences: "
    + ", ".join(a.name for a in AUDIENCES)
    + ")"
)


def draft_parameters(command: Command) -> Mapping[str, inspect.Parameter]:
    """The parameters of the ``draft`` command, with their typer options in the
    annotations."""
    return inspect.signature(command, eval_str=True).parameters


def flag_of(parameter: inspect.Parameter) -> str:
    """The long flag of a ``draft`` parameter, e.g. ``--audience``.

    Every ``draft`` option names its long flag first, which typer keeps in the
    option's ``default`` (the other names are in ``param_decls``).
    """
    option = typing.get_args(parameter.annotation)[1]
    flag: str = option.default
    return flag


def _explicit_options(given: Mapping[str, Any], command: Command) -> set[str]:
    """The options the user gave: those not at their default.

    Every option the flow asks about defaults to None, so one typed on the command
    line always differs from its default. (typer runs commands in its own copy of
    click, so click's current context cannot say which were typed.)
    """
    defaults = {name: p.default for name, p in draft_parameters(command).items()}
    return {name for name, value in given.items() if value != defaults.get(name)}


def command_line(options: Mapping[str, Any], *, profile: Profile, command: Command) -> str:
    """The one-line ``advocacy-kit draft`` command that makes the same draft.

    Options at their default, and sender, organisation, hashtags and region equal to the
    profile's, are left out: the command gives the same result where that profile is in
    force.
    """
    parts = ["advocacy-kit", "draft"]
    for name, parameter in draft_parameters(command).items():
        value = options.get(name, parameter.default)
        default = parameter.default
        if name in PROFILE_DEFAULTS:
            from_profile = profile.value(PROFILE_DEFAULTS[name])
            if from_profile and (value == from_profile or list(value or ()) == list(from_profile)):
                continue
        if value is None or value == default or value == [] or value is False:
            continue
        flag = flag_of(parameter)
        if value is True:
            parts.append(flag)
        elif isinstance(value, list | tuple):
            for item in value:
                parts += [flag, str(item)]
        else:
            parts += [flag, str(value)]
    return shlex.join(parts)


def run(
    given: Mapping[str, Any] | None = None,
    *,
    command: Command,
    prompter: Prompter | None = None,
) -> None:
    """Run the guided flow, then the draft, then show the equivalent command.

    Args:
        given: The ``draft`` keyword arguments as typed, or None for none (the bare
            ``advocacy-kit``).
        command: The ``draft`` command, called with the answers.
        prompter: Asks the questions; None means the terminal, which must be there.

    Raises:
        UsageError: there is no terminal (exit code 2, naming ``--audience``).
        KeyboardInterrupt: Ctrl-C at a question (exit code 130; nothing is written).
    """
    from advocacy_kit.cli.output import note
    from advocacy_kit.library.loader import load_library
    from advocacy_kit.profile.store import load_profile

    parameters = draft_parameters(command)
    initial = {name: p.default for name, p in parameters.items()}
    explicit: set[str] = set()
    if given is not None:
        initial.update(given)
        explicit = _explicit_options(given, command)
    if prompter is None:
        require_terminal(MISSING_WITHOUT_TERMINAL, example=EXAMPLE_WITHOUT_TERMINAL)
        prompter = Prompter()
    profile = load_profile()
    folders = initial.get("library") or ()
    regions = region_names(folders)

    def library_for(region: str | None) -> Library:
        return load_library(library=folders, region=region)

    options = ask(
        prompter,
        initial,
        explicit=explicit,
        profile=profile,
        library_for=library_for,
        regions=regions,
    )
    one_line = command_line(options, profile=profile, command=command)
    line = f"\nNext time, the same in one line:\n  {one_line}"
    try:
        # Unwrapped from its error boundary, so the draft's own errors reach this one.
        inspect.unwrap(command)(**options)
    except ContentWanting:  # the draft was made; the line makes it again, as it is
        note(line)
        raise
    # Any other failure leaves the line out: it would fail the same way (issue 14).
    note(line)


def start(ctx: typer.Context, command: Command) -> None:
    """Bare ``advocacy-kit``: the guided flow on a terminal, drafting with ``command``;
    otherwise the help on standard output, an error naming ``--audience`` on standard
    error, and exit 2."""
    if has_terminal():
        command_boundary(run)(command=command)
        return
    sys.stdout.write(ctx.get_help() + "\n")
    sys.stdout.flush()
    report(
        UsageError(
            "no command given, and no terminal to ask on",
            hint=f"to draft, pass at least --audience, e.g. {EXAMPLE_WITHOUT_TERMINAL}; "
            "or run advocacy-kit alone in a terminal to be guided",
        )
    )
    raise typer.Exit(int(ExitCode.BAD_INPUT))
