"""``advocacy-kit handout``: a printable talking-point handout for a workshop."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.options import (
    FontPathOption,
    ForceFileOption,
    LibraryOption,
    RegionOption,
    StrictOption,
    TemplatesOption,
    warn_if_stale,
)
from advocacy_kit.cli.output import note

HandoutAudienceOption = Annotated[
    str,
    typer.Option(
        "--audience",
        "-a",
        help="Who the handout is for: donors, media, workforce, or all (one section "
        "per audience, each on a new page).",
        metavar="AUDIENCE",
    ),
]

HandoutOutputOption = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        help="The file to write: .pdf, .docx, .html, .md or .txt.",
        metavar="FILE",
    ),
]

PaperOption = Annotated[
    str,
    typer.Option(
        "--paper",
        help="Paper size for printing: a4 (the default) or letter.",
        metavar="SIZE",
        show_default=False,
    ),
]

TitleOption = Annotated[
    str | None,
    typer.Option("--title", help="The handout's title, e.g. your workshop's name.", metavar="TEXT"),
]


@command_boundary
def handout(
    audience: HandoutAudienceOption,
    output: HandoutOutputOption,
    paper: PaperOption = "a4",
    title: TitleOption = None,
    region: RegionOption = None,
    font_path: FontPathOption = None,
    library: LibraryOption = None,
    strict: StrictOption = False,
    templates: TemplatesOption = None,
    force: ForceFileOption = False,
) -> None:
    """Make a printable handout of talking points for a workshop.

    Each audience gets a title, its key messages as talking points with their evidence
    and source, the ask, questions for group discussion and space for notes. The file
    type follows the name you give with -o.

    Examples:

    \b
      advocacy-kit handout --audience workforce -o handout.pdf

    \b
      advocacy-kit handout --audience all --paper letter -o handouts.docx

    \b
      advocacy-kit handout -a donors --title "Budget hearing, 2026" -o donors.html
    """
    from advocacy_kit.library.loader import load_region
    from advocacy_kit.output.handout import compose_handout, handout_kind, write_handout
    from advocacy_kit.profile.regions import region_in_force
    from advocacy_kit.profile.store import load_profile

    handout_kind(output)  # a wrong extension is reported before any loading
    with region_in_force(load_profile(), region=region) as chosen:
        resolution = load_region(library=library or (), region=chosen)
    warn_if_stale(resolution, strict=strict)
    composed = compose_handout(
        library=resolution.library,
        audience=audience,
        title=title,
        paper=paper,
        lang=resolution.lang,
    )
    write_handout(
        composed,
        output,
        force=force,
        templates=templates or (),
        font_paths=font_path or (),
        warn=lambda text: note(f"warning: {text}"),
    )
    note(f"wrote {output}")
