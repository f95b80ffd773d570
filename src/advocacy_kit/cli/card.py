"""``advocacy-kit card``: key messages as share images, each with its alt text."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.options import (
    FontPathOption,
    LibraryOption,
    RegionOption,
    StrictOption,
    TemplatesOption,
    warn_if_stale,
)
from advocacy_kit.cli.output import note, print_json

if TYPE_CHECKING:
    from advocacy_kit.output.card_files import CardSet


#: The options of ``card``; those it shares with other commands are in cli/options.py.
CardAudienceOption = Annotated[
    str,
    typer.Option(
        "--audience",
        "-a",
        help="Who the messages are for: donors, media or workforce.",
        metavar="AUDIENCE",
    ),
]

CardOutOption = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        help="The folder to write the cards into (created if missing).",
        metavar="DIR",
    ),
]

CardMessageOption = Annotated[
    list[str] | None,
    typer.Option(
        "--message",
        "-m",
        help="Make a card of this message id only (repeatable).",
        metavar="ID",
    ),
]

CardSizeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--size",
        "-s",
        help="landscape (1200×675: X, Bluesky, LinkedIn, Facebook), square (1080×1080), "
        "portrait (1080×1350: Instagram feed), story (1080×1920), or all. Repeatable; "
        "default: landscape and square.",
        metavar="SIZE",
    ),
]

CardOrganisationOption = Annotated[
    str | None,
    typer.Option(
        "--organization",
        "--organisation",
        help="The name on the cards (default: your profile's, else the campaign's).",
        metavar="NAME",
    ),
]

CardColorsOption = Annotated[
    str | None,
    typer.Option(
        "--colors",
        "--colours",
        help='Background and text colour, e.g. "#1b4f72 #ffffff"; refused below a 4.5:1 contrast.',
        metavar='"BACKGROUND TEXT"',
    ),
]

CardLogoOption = Annotated[
    Path | None,
    typer.Option("--logo", help="Your logo, a PNG or SVG file, beside your name.", metavar="FILE"),
]

CardForceOption = Annotated[
    bool, typer.Option("--force", help="Replace cards that exist in the folder.")
]

CardJsonOption = Annotated[
    bool, typer.Option("--json", help="Print the cards and their alt text as JSON.")
]


@command_boundary
def card(
    audience: CardAudienceOption,
    out: CardOutOption,
    message: CardMessageOption = None,
    size: CardSizeOption = None,
    region: RegionOption = None,
    strict: StrictOption = False,
    organization: CardOrganisationOption = None,
    colors: CardColorsOption = None,
    logo: CardLogoOption = None,
    font_path: FontPathOption = None,
    library: LibraryOption = None,
    templates: TemplatesOption = None,
    force: CardForceOption = False,
    json_output: CardJsonOption = False,
) -> None:
    """Make share images of the key messages, each with its alt text.

    One PNG per message and size, with the message (its official text where it fits at
    a size a phone shows clearly, else a short version), the source of its figures, the
    campaign hashtag and your organisation's name. Beside each image, NAME.alt.txt holds
    its alt text: paste it into the image description when you post.

    Examples:

      advocacy-kit card --audience media --out cards/

      advocacy-kit card -a donors -m donors-sdg-targets --size all --out cards/

      advocacy-kit card -a workforce --region fr --colors "#7a1f3d #ffffff" --out cartes/

    Keep your colours and logo in your profile, for every card:

      advocacy-kit profile set card.colors "#7a1f3d #ffffff"

      advocacy-kit profile set card.logo logo.png
    """
    from advocacy_kit.library.loader import load_region
    from advocacy_kit.output.card_files import make_cards
    from advocacy_kit.profile.brand import card_brand
    from advocacy_kit.profile.regions import region_in_force
    from advocacy_kit.profile.store import load_profile

    profile = load_profile()
    brand = card_brand(profile, colors=colors, logo=logo)  # flags over the profile (issue 7)
    with region_in_force(profile, region=region) as chosen:
        resolution = load_region(library=library or (), region=chosen)
    warn_if_stale(resolution, strict=strict)
    result = make_cards(
        library=resolution.library,
        audience=audience,
        out=out,
        message=message or (),
        size=size or (),
        organisation=organization or profile.organisation,
        lang=resolution.lang,
        colors=brand.palette,
        logo=brand.logo,
        templates=templates or (),
        font_path=font_path or (),
        force=force,
        warn=lambda text: note(f"warning: {text}"),
    )
    _report(result, out, json_output=json_output)


def _report(result: CardSet, out: Path, *, json_output: bool) -> None:
    """Warn of alt texts over a platform's limit; list the cards (or print JSON)."""
    for made in result.cards:
        for check in made.alt_checks:
            if not check.fits:
                note(
                    f"warning: the alt text of {made.name} is {check.length} {check.unit}, "
                    f"over {check.platform}'s limit of {check.limit}"
                )
    if json_output:
        print_json(result.to_json())
        return
    for made in result.cards:
        note(f"wrote {out / made.name}.png ({made.version} text at {made.font_size:g} px)")
    note(f"wrote {len(result.cards)} card(s) with their alt text (.alt.txt) in {out}")
