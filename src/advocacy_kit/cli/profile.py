"""``advocacy-kit profile``: your organisation's details, typed once (issue 7).

``show`` prints the profile in force and where each value comes from, ``set KEY VALUE``
changes one value, ``edit`` opens the file in your text editor. ``--team`` works on the
``advocacy-kit.yaml`` of the current folder instead of your own profile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.helptext import PlainHelp
from advocacy_kit.cli.output import note, print_json, print_records, print_text
from advocacy_kit.errors import AdvocacyKitError, UsageError

profile_app = typer.Typer(
    help=(
        "Your organisation's details, typed once, for letters and posts.\n\n"
        'Example: advocacy-kit profile set organisation "Example Association"'
    ),
    no_args_is_help=True,
)

TeamOption = Annotated[
    bool,
    typer.Option(
        "--team",
        help="Use ./advocacy-kit.yaml (shared by a team in this folder) instead of your "
        "own profile.",
    ),
]


def _path(team: bool) -> Path:
    from advocacy_kit.profile.store import team_profile_path, user_profile_path

    return team_profile_path() if team else user_profile_path()


def _complete_key(incomplete: str) -> list[tuple[str, str]]:
    from advocacy_kit.profile.fields import PROFILE_KEYS

    return [(k.name, k.label) for k in PROFILE_KEYS if k.name.startswith(incomplete.lower())]


@profile_app.command("show", cls=PlainHelp)
@command_boundary
def show(
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")] = False,
) -> None:
    """Show the profile in force and the file each value comes from.

    Your own profile is in your config folder; an advocacy-kit.yaml in the current
    folder overrides it, and flags such as --sender override both.

    Example:

    \b
      advocacy-kit profile show
    """
    from advocacy_kit.profile.fields import PROFILE_KEYS
    from advocacy_kit.profile.store import load_profile, team_profile_path

    user, team = _path(False), team_profile_path()
    profile = load_profile()
    if json_output:
        data = profile.to_json()
        data["files"] = {"user": str(user), "team": str(team)}
        print_json(data)
        return
    rows = []
    for key in PROFILE_KEYS:
        value = profile.value(key.name)
        shown = " ".join(value) if isinstance(value, tuple) else value
        rows.append((key.name, shown or "-", profile.origins.get(key.name, "") if shown else ""))
    print_records("Profile", ("key", "value", "from"), rows, prose=("value",))
    print_text(
        f"your profile: {user}{'' if user.exists() else ' (not created yet)'}\n"
        f"team profile: {team}{'' if team.exists() else ' (none in this folder)'}\n"
        "change a value with: advocacy-kit profile set KEY VALUE"
    )


@profile_app.command("set", cls=PlainHelp)
@command_boundary
def set_value(
    key: Annotated[
        str,
        typer.Argument(
            help="organisation, sender, title, address, email, signature, region or hashtags.",
            autocompletion=_complete_key,
            show_default=False,
            metavar="KEY",
        ),
    ],
    value: Annotated[
        str,
        typer.Argument(
            help='The new value; "" removes the key.', show_default=False, metavar="VALUE"
        ),
    ],
    team: TeamOption = False,
) -> None:
    """Set one value of your profile (the file is created when needed).

    Hashtags are separated by spaces or commas. Several lines (address, signature) are
    written with $'...' in bash, or with `advocacy-kit profile edit`.

    Examples:

    \b
      advocacy-kit profile set organisation "Example Association"

    \b
      advocacy-kit profile set sender "Jane Doe"

    \b
      advocacy-kit profile set hashtags "#SSWWeek #SocialWorkMatters"

    \b
      advocacy-kit profile set title ""
    """
    from advocacy_kit.profile.store import set_profile_value

    path = _path(team)
    chosen = set_profile_value(key, value, path=path)
    removed = not value.strip()
    note(f"{'removed' if removed else 'set'} {chosen.name} in {path}")


@profile_app.command("edit", cls=PlainHelp)
@command_boundary
def edit(team: TeamOption = False) -> None:
    """Open your profile in your text editor, then check it.

    The editor is $VISUAL or $EDITOR.

    A new profile starts as a commented example: remove the '# ' in front of the
    lines you want and fill them in.

    Example:

      EDITOR=nano advocacy-kit profile edit
    """
    from advocacy_kit.files import write_atomic
    from advocacy_kit.profile.store import profile_template, read_profile

    path = _path(team)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, profile_template())
        note(f"created {path}")
    import click

    try:
        click.edit(filename=str(path))
    except click.ClickException as error:  # the editor could not be started
        raise UsageError(
            f"could not open an editor: {error.format_message()}",
            path=path,
            hint="set the EDITOR variable (e.g. EDITOR=nano), or edit the file yourself",
        ) from None
    try:
        read_profile(path)
    except AdvocacyKitError as error:
        again = "advocacy-kit profile edit" + (" --team" if team else "")
        error.hint = f"{error.hint}; the file is kept as you saved it: run `{again}` to fix it"
        raise
    note(f"profile checked: {path}")
