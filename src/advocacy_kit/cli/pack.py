"""``advocacy-kit pack``: the ready-to-share kit for a campaign week, day by day."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.options import (
    CampaignArgument,
    LibraryOption,
    PackForceOption,
    PackJsonOption,
    PackOutOption,
    PackPlatformOption,
    PackRegionOption,
    StrictOption,
    TemplatesOption,
    YearOption,
    ZipOption,
    warn_if_stale,
)
from advocacy_kit.cli.output import cell, note, print_json, print_table
from advocacy_kit.errors import ContentWanting

if TYPE_CHECKING:
    from advocacy_kit.batch.pack import Pack
    from advocacy_kit.model import Library


def _load_library(
    library: Sequence[Path], region: str | None, strict: bool
) -> tuple[Library, tuple[str, ...]]:
    """The message library, resolved for ``region``, and the region's own hashtags."""
    from advocacy_kit.library.loader import load_library, load_region

    if region is None:
        return load_library(library=library), ()
    resolution = load_region(library=library, region=region)
    warn_if_stale(resolution, strict=strict)
    return resolution.library, tuple(resolution.hashtags)


@command_boundary
def pack(
    campaign: CampaignArgument,
    out: PackOutOption,
    year: YearOption = None,
    region: PackRegionOption = None,
    strict: StrictOption = False,
    platform: PackPlatformOption = None,
    zip_: ZipOption = False,
    force: PackForceOption = False,
    library: LibraryOption = None,
    templates: TemplatesOption = None,
    json_output: PackJsonOption = False,
) -> None:
    """Make the kit for a campaign week: per day the members' e-mail, posts and talking points.

    It writes a folder per day, an index.html (a Copy button per post) and a README.md.

    Examples:

      advocacy-kit pack sswweek --year 2019 --out sswweek-2019

      advocacy-kit pack sswweek --platform x --platform bluesky --out kit --zip

      advocacy-kit pack my-week.yaml --out my-week
    """
    from advocacy_kit.batch.pack import build_pack
    from advocacy_kit.batch.pack_write import write_pack

    loaded, region_hashtags = _load_library(library or (), region, strict)
    result = build_pack(
        library=loaded,
        hashtags=region_hashtags,
        campaign=campaign,
        year=year,
        platform=platform or (),
        region=region,
        templates=templates or (),
    )
    written = write_pack(result, out=out, force=force, zip=zip_)
    if json_output:
        data = result.to_json()
        data["out"] = str(out)
        data["written"] = [str(p) for p in written]
        print_json(data)
    else:
        _print_days(result, out)
    for item in result.left_out:
        note(
            f"note: day {item.day}: {item.what} does not fit {item.platform} "
            f"({item.over} over) and is left out there"
        )
    note(f"wrote {len(written)} files to {out}" + (f" and {written[-1]}" if zip_ else ""))
    empty = result.empty_platform_days
    if empty:
        details = ", ".join(f"day {d} on {p}" for d, p in empty)
        raise ContentWanting(
            f"no post fits {details}",
            hint="add shorter 'short' versions to the day's key messages, or a shorter topic",
        )


def _print_days(result: Pack, out: Path) -> None:
    """A table of the kit: one row per day, with its date, topic and number of posts."""
    from rich.table import Table

    table = Table(
        title=f"{result.campaign.name} {result.edition.year}: kit in {out}",
        title_justify="left",
    )
    table.add_column("day", justify="right")
    table.add_column("date", no_wrap=True)
    table.add_column("topic")
    table.add_column("posts", justify="right")
    for day in result.days:
        posts = sum(len(group.posts) for group in day.platforms)
        table.add_row(cell(day.number), cell(day.date or ""), cell(day.topic), cell(posts))
    print_table(table)
