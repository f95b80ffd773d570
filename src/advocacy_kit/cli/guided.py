"""Guided drafting: ``advocacy-kit`` alone on a terminal (or ``draft`` without
``--audience``) asks a few questions and makes the draft (issue 7).

The flow asks only what the command line did not say: audience, format, platform (for
posts), region (where variants exist), which messages, recipient and sender (letters),
and where the result goes. It then runs the very ``draft`` command with those answers
and prints the one-line command that does the same, so the user learns it.

This module is imported by ``cli/draft.py`` for its shell-completion callbacks, so its
top level imports nothing heavy: questionary is loaded by :mod:`.prompts` only when a
question is asked, and the core modules only when the flow runs.
"""

from __future__ import annotations

import inspect
import shlex
import sys
import typing
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from advocacy_kit.cli.boundary import command_boundary, report
from advocacy_kit.cli.prompts import Option, Prompter, has_terminal, require_terminal
from advocacy_kit.errors import ExitCode, UsageError
from advocacy_kit.model import AUDIENCES, Audience, get_audience

if TYPE_CHECKING:
    from advocacy_kit.model import Library
    from advocacy_kit.profile.fields import Profile

#: What each format is, in a line, for the format question.
FORMAT_TEXT: dict[str, str] = {
    "letter": "a formal letter to one person or office",
    "talking-points": "a one-page list of points to speak from",
    "post": "social media posts, one per message, fitted to a platform",
}

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

#: The region name meaning "no variant: the global messages".
GLOBAL_REGION = "global"

SCREEN = "screen"
FILE = "file"


def draft_function() -> Callable[..., Any]:
    """The ``draft`` command function (imported late: draft.py imports this module)."""
    from advocacy_kit.cli.draft import draft

    return draft


def draft_parameters() -> Mapping[str, inspect.Parameter]:
    """The parameters of ``draft``, with their typer options in the annotations."""
    return inspect.signature(draft_function(), eval_str=True).parameters


def flag_of(parameter: inspect.Parameter) -> str:
    """The long flag of a ``draft`` parameter, e.g. ``--audience``."""
    for meta in typing.get_args(parameter.annotation)[1:]:
        # In Annotated form typer keeps the first flag in `default`, the others in
        # `param_decls`.
        first = getattr(meta, "default", None)
        decls = [first, *(getattr(meta, "param_decls", ()) or ())]
        long = [d for d in decls if isinstance(d, str) and d.startswith("--")]
        if long:
            return long[0]
    return "--" + parameter.name.replace("_", "-")


def _explicit_options(given: Mapping[str, Any]) -> set[str]:
    """The options the user typed on the command line (or set in the environment)."""
    import click
    from click.core import ParameterSource

    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.command.name == "draft":
        typed = (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)
        return {name for name in given if ctx.get_parameter_source(name) in typed}
    defaults = {name: p.default for name, p in draft_parameters().items()}
    return {name for name, value in given.items() if value != defaults.get(name)}


# -- region variants --


def region_names(library: Sequence[str | Path] = ()) -> list[str]:
    """The names of the regional and national variants of the libraries.

    Args:
        library: The user's library folders (``--library``).
    """
    from advocacy_kit.library.loader import load_variants

    return [name for name in load_variants(library=library).names() if name != GLOBAL_REGION]


# -- shell completion (typer's autocompletion= callbacks on the draft options) --


def complete_audience(incomplete: str) -> list[tuple[str, str]]:
    """Audience names (and aliases) starting with ``incomplete``, with their labels."""
    names = [(a.name, a.label) for a in AUDIENCES]
    names += [(alias, f"= {a.name}") for a in AUDIENCES for alias in a.aliases]
    return [(n, h) for n, h in names if n.startswith(incomplete.lower())]


def complete_format(incomplete: str) -> list[tuple[str, str]]:
    """Draft formats starting with ``incomplete``."""
    return [(n, h) for n, h in FORMAT_TEXT.items() if n.startswith(incomplete.lower())]


def complete_platform(incomplete: str) -> list[tuple[str, str]]:
    """Platform names starting with ``incomplete``, with their limits."""
    from advocacy_kit.text.rules import PLATFORMS

    return [
        (p.name, f"{p.label}: {p.limit} {p.unit}")
        for p in PLATFORMS.values()
        if p.name.startswith(incomplete.lower())
    ]


def complete_region(incomplete: str) -> list[str]:
    """Region (variant) names starting with ``incomplete``."""
    try:
        names = [GLOBAL_REGION, *region_names()]
    except Exception:  # completion must never fail loudly while the user types
        names = []
    return [n for n in names if n.startswith(incomplete.lower())]


# -- the questions --


def audience_options() -> list[Option]:
    """One line per audience: its name and who it is."""
    width = max(len(a.name) for a in AUDIENCES)
    return [Option(a.name, f"{a.name:<{width}}  {a.label}", a.description) for a in AUDIENCES]


def _message_options(library: Library, audience: Audience) -> list[Option]:
    return [Option(m.id, m.title, _one_line(m.text)) for m in library.for_audience(audience.name)]


def _one_line(text: str, width: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rsplit(" ", 1)[0] + "…"


def _file_problem(value: str) -> str | None:
    from advocacy_kit.errors import OutputError
    from advocacy_kit.output.documents import output_kind

    if not value.strip():
        return "type a file name, e.g. letter.md"
    path = Path(value.strip()).expanduser()
    try:
        output_kind(path)
    except OutputError as error:
        return f"{error.message}; {error.hint}"
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    return None


def _endings() -> str:
    from advocacy_kit.output.documents import EXTENSIONS

    first: dict[str, str] = {}
    for extension, kind in EXTENSIONS.items():
        first.setdefault(kind, extension)
    return ", ".join(first.values())


def _suggested_file(format: str) -> str:
    from advocacy_kit.output.documents import EXTENSIONS

    stem = {"post": "posts"}.get(format, format)
    extension = ".docx" if format == "letter" and ".docx" in EXTENSIONS else ".md"
    name = stem + extension
    number = 2
    while Path(name).exists():
        name = f"{stem}-{number}{extension}"
        number += 1
    return name


def ask(
    prompter: Prompter,
    given: Mapping[str, Any],
    *,
    explicit: set[str],
    profile: Profile,
    library_for: Callable[[str | None], Library],
    regions: Sequence[str] = (),
) -> dict[str, Any]:
    """Ask for every draft option the user did not give; return them all.

    Args:
        prompter: Asks the questions.
        given: The ``draft`` keyword arguments as typed (defaults for the rest).
        explicit: The names of the options typed on the command line: not asked again.
        profile: The profile in force, whose values prefill the sender questions.
        library_for: Loads the library of a region (None: the global messages), for
            the messages question.
        regions: The regional and national variants to offer; none, no question.

    Returns:
        Keyword arguments for ``draft``.
    """
    from advocacy_kit.compose import normalise_format

    options = dict(given)
    if "audience" in explicit and options.get("audience"):
        audience = get_audience(options["audience"])
    else:
        audience = get_audience(
            prompter.select("Who is it for?", audience_options(), default="donors")
        )
    options["audience"] = audience.name

    if "format" in explicit and options.get("format"):
        format = normalise_format(options["format"])
    else:
        format = prompter.select(
            "What would you like to write?",
            [Option(n, f"{n:<15} {t}") for n, t in FORMAT_TEXT.items()],
            default=audience.default_format,
        )
    options["format"] = format

    if format == "post" and "platform" not in explicit:
        from advocacy_kit.text.rules import PLATFORMS

        platform = prompter.select(
            "Which platform must the posts fit?",
            [
                Option(p.name, f"{p.name:<9} {p.label}: {p.limit} {p.unit}", p.description)
                for p in PLATFORMS.values()
            ],
            default=(options.get("platform") or ["x"])[0],
        )
        options["platform"] = [platform]

    if regions and "region" not in explicit:
        default_region = options.get("region") or profile.region or GLOBAL_REGION
        answer = prompter.select(
            "Which version of the messages?",
            [
                Option(GLOBAL_REGION, "global    the Alliance's global key messages"),
                *(Option(r, r) for r in regions),
            ],
            default=default_region if default_region in regions else GLOBAL_REGION,
        )
        # 'global' only needs saying when the profile would choose a region otherwise.
        options["region"] = None if answer == GLOBAL_REGION and not profile.region else answer
    library = library_for(options.get("region"))

    if "message" not in explicit:
        offered = _message_options(library, audience)
        if len(offered) > 1:
            chosen = prompter.checkbox(
                "Which key messages? (all are ticked)", offered, what="message"
            )
            all_ids = [o.value for o in offered]
            options["message"] = None if chosen == all_ids else chosen

    if format == "letter":
        if "to" not in explicit:
            options["to"] = (
                prompter.text(
                    "Who is the letter to?",
                    instruction="(a name or office; Enter alone for 'Sir or Madam')",
                )
                or None
            )
        if "sender" not in explicit:
            options["sender"] = (
                prompter.text("Your name, to sign with:", default=profile.sender or "") or None
            )
        if "organization" not in explicit:
            options["organization"] = (
                prompter.text("Your organisation:", default=profile.organisation or "") or None
            )

    if "output" not in explicit and not options.get("json_output"):
        where = prompter.select(
            "Where should the draft go?",
            [
                Option(SCREEN, "show it here on the screen"),
                Option(FILE, "save it to a file"),
            ],
            default=SCREEN,
        )
        if where == FILE:
            options["output"], options["force"] = _ask_file(prompter, format, options)
    return options


def _ask_file(prompter: Prompter, format: str, options: Mapping[str, Any]) -> tuple[Path, bool]:
    suggested = _suggested_file(format)
    while True:
        name = prompter.text(
            "File name:",
            default=suggested,
            validate=_file_problem,
            instruction=f"(the ending chooses the kind: {_endings()})",
        )
        path = Path(name).expanduser()
        if not path.exists() or options.get("force"):
            return path, bool(options.get("force"))
        if prompter.confirm(f"{path} exists already. Replace it?", default=False):
            return path, True
        suggested = name


def command_line(options: Mapping[str, Any], *, profile: Profile) -> str:
    """The one-line ``advocacy-kit draft`` command that makes the same draft.

    Options at their default, and sender, organisation, hashtags and region equal to the
    profile's, are left out: the command gives the same result where that profile is in
    force.
    """
    parts = ["advocacy-kit", "draft"]
    for name, parameter in draft_parameters().items():
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


def run(given: Mapping[str, Any] | None = None, *, prompter: Prompter | None = None) -> None:
    """Run the guided flow, then the draft, then show the equivalent command.

    Args:
        given: The ``draft`` keyword arguments as typed, or None for none (the bare
            ``advocacy-kit``).
        prompter: Asks the questions; None means the terminal, which must be there.

    Raises:
        UsageError: there is no terminal (exit code 2, naming ``--audience``).
        KeyboardInterrupt: Ctrl-C at a question (exit code 130; nothing is written).
    """
    from advocacy_kit.cli.output import note
    from advocacy_kit.library.loader import load_library
    from advocacy_kit.profile.store import load_profile

    parameters = draft_parameters()
    initial = {name: p.default for name, p in parameters.items()}
    explicit: set[str] = set()
    if given is not None:
        initial.update(given)
        explicit = _explicit_options(given)
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
    line = command_line(options, profile=profile)
    try:
        draft_function()(**options)
    finally:
        note(f"\nNext time, the same in one line:\n  {line}")


def start(ctx: typer.Context) -> None:
    """Bare ``advocacy-kit``: the guided flow on a terminal; otherwise the help on
    standard output, an error naming ``--audience`` on standard error, and exit 2."""
    if has_terminal():
        command_boundary(run)()
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
