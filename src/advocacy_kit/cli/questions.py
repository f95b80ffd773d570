"""The guided flow's questions: one per draft option the command line left out."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advocacy_kit.cli.prompts import Option, Prompter
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

#: The region name meaning "no variant: the global messages".
GLOBAL_REGION = "global"

SCREEN = "screen"
FILE = "file"


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
        names = [GLOBAL_REGION]  # a broken message file hides the variants, not "global"
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


def _file_problem(value: str, format: str) -> str | None:
    """Why ``value`` cannot be the file a ``format`` draft goes to, or None."""
    from advocacy_kit.errors import OutputError
    from advocacy_kit.output.documents import draft_kind

    if not value.strip():
        return f"type a file name, e.g. {_suggested_file(format)}"
    path = Path(value.strip()).expanduser()
    try:
        draft_kind(path, format)
    except OutputError as error:
        return f"{error.message}; {error.hint}"
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    return None


def _endings(format: str) -> str:
    """The file endings a ``format`` draft can be written with, one per kind."""
    from advocacy_kit.output.documents import EXTENSIONS, kinds_for

    first: dict[str, str] = {}
    for extension, kind in EXTENSIONS.items():
        first.setdefault(kind, extension)
    return ", ".join(first[kind] for kind in kinds_for(format))


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
    options = dict(given)
    audience = _ask_audience(prompter, options)
    format = _ask_format(prompter, options, explicit, audience)
    check_given(options, explicit, format)
    if format == "post" and "platform" not in explicit:
        options["platform"] = [_ask_platform(prompter, options)]
    if regions and "region" not in explicit:
        options["region"] = _ask_region(prompter, options, profile, regions)
    library = library_for(options.get("region"))  # a bad region fails here, not later
    if "message" not in explicit:
        _ask_messages(prompter, options, library, audience)
    else:  # typed, so never empty
        from advocacy_kit.compose.drafts import select_messages

        select_messages(library, audience, options["message"])  # unknown ids fail now
    if format == "letter":
        _ask_letterhead(prompter, options, explicit, profile)
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


def check_given(options: Mapping[str, Any], explicit: set[str], format: str) -> None:
    """Check the options typed on the command line as soon as the format is known, so
    a mistake stops the flow before its questions, not after them (issue 14).

    Raises:
        AdvocacyKitError: the first option that the draft would refuse.
    """
    from advocacy_kit.cli.values import parse_date, parse_hashtags, parse_link

    if "output" in explicit and options.get("output") is not None:
        from advocacy_kit.output.documents import draft_kind

        draft_kind(Path(options["output"]), format)
    if format == "post" and "platform" in explicit and options.get("platform"):
        from advocacy_kit.compose.posts import post_platforms

        post_platforms(options["platform"])
    parse_date(options.get("date"))
    parse_hashtags(options.get("hashtag"))
    parse_link(options.get("link"))


def _ask_audience(prompter: Prompter, options: dict[str, Any]) -> Audience:
    """The audience, asked (the flow runs only when ``--audience`` is left out); its
    canonical name goes into ``options``."""
    audience = get_audience(prompter.select("Who is it for?", audience_options(), default="donors"))
    options["audience"] = audience.name
    return audience


def _ask_format(
    prompter: Prompter, options: dict[str, Any], explicit: set[str], audience: Audience
) -> str:
    """The format, typed or asked, the audience's own as the default answer."""
    from advocacy_kit.compose.drafts import normalise_format

    if "format" in explicit and options.get("format"):
        format = normalise_format(options["format"])
    else:
        format = prompter.select(
            "What would you like to write?",
            [Option(n, f"{n:<15} {t}") for n, t in FORMAT_TEXT.items()],
            default=audience.default_format,
        )
    options["format"] = format
    return format


def _ask_platform(prompter: Prompter, options: Mapping[str, Any]) -> str:
    """The platform the posts must fit."""
    from advocacy_kit.text.rules import PLATFORMS

    return prompter.select(
        "Which platform must the posts fit?",
        [
            Option(p.name, f"{p.name:<9} {p.label}: {p.limit} {p.unit}", p.description)
            for p in PLATFORMS.values()
        ],
        default=(options.get("platform") or ["x"])[0],
    )


def _ask_region(
    prompter: Prompter, options: Mapping[str, Any], profile: Profile, regions: Sequence[str]
) -> str | None:
    """The variant of the messages; None for the global ones."""
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
    return None if answer == GLOBAL_REGION and not profile.region else answer


def _ask_messages(
    prompter: Prompter, options: dict[str, Any], library: Library, audience: Audience
) -> None:
    """Which messages, all ticked to start with; all of them is said as none."""
    offered = _message_options(library, audience)
    if len(offered) > 1:
        chosen = prompter.checkbox("Which key messages?", offered, what="message")
        all_ids = [o.value for o in offered]
        options["message"] = None if chosen == all_ids else chosen


def _ask_letterhead(
    prompter: Prompter, options: dict[str, Any], explicit: set[str], profile: Profile
) -> None:
    """A letter's recipient, sender and organisation, the profile's as defaults."""
    if "to" not in explicit:
        options["to"] = (
            prompter.text(
                "Who is the letter to?",
                instruction="(a name or office; Enter alone for 'Sir or Madam')",
            )
            or None
        )
    if options.get("to") and "salutation" not in explicit:
        from advocacy_kit.addressing import salutation_for

        built = salutation_for(options["to"])
        answer = prompter.text(
            "How should the letter greet them?",
            default=built,
            instruction="(Enter keeps it; the comma is added)",
        )
        # The built one is said by --to alone: only another one needs --salutation.
        options["salutation"] = answer if answer and answer != built else None
    if "sender" not in explicit:
        options["sender"] = (
            prompter.text("Your name, to sign with:", default=profile.sender or "") or None
        )
    if "organization" not in explicit:
        options["organization"] = (
            prompter.text("Your organisation:", default=profile.organisation or "") or None
        )


def _ask_file(prompter: Prompter, format: str, options: Mapping[str, Any]) -> tuple[Path, bool]:
    suggested = _suggested_file(format)
    while True:
        name = prompter.text(
            "File name:",
            default=suggested,
            validate=lambda value: _file_problem(value, format),
            instruction=f"(the ending chooses the kind: {_endings(format)})",
        )
        path = Path(name).expanduser()
        if not path.exists() or options.get("force"):
            return path, bool(options.get("force"))
        if prompter.confirm(f"{path} exists already. Replace it?", default=False):
            return path, True
        suggested = name
