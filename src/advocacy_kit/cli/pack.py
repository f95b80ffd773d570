"""``advocacy-kit pack``: the ready-to-share kit for a campaign week, day by day."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.options import (
    CampaignArgument,
    FontPathOption,
    LibraryOption,
    NoCardsOption,
    PackForceOption,
    PackJsonOption,
    PackOutOption,
    PackPlatformOption,
    RegionOption,
    StrictOption,
    TemplatesOption,
    YearOption,
    ZipOption,
    warn_if_stale,
)
from advocacy_kit.cli.output import note, print_json, print_text
from advocacy_kit.errors import ContentWanting

if TYPE_CHECKING:
    from advocacy_kit.batch.pack import Pack
    from advocacy_kit.batch.pack_cards import CardLook
    from advocacy_kit.model import Library
    from advocacy_kit.profile.fields import Profile


def _load_library(
    library: Sequence[Path], region: str | None, strict: bool
) -> tuple[Library, tuple[str, ...], str | None, tuple[str, ...]]:
    """The message library resolved for ``region``, the region's own hashtags, its
    language and its handles."""
    from advocacy_kit.library.loader import load_library, load_region

    if region is None:
        return load_library(library=library), (), None, ()
    resolution = load_region(library=library, region=region)
    warn_if_stale(resolution, strict=strict)
    return (
        resolution.library,
        tuple(resolution.hashtags),
        resolution.lang,
        tuple(resolution.handles),
    )


def _card_look(
    profile: Profile, lang: str, templates: Sequence[Path], font_path: Sequence[Path]
) -> CardLook:
    """The cards' look from the profile (organisation, colours, logo), the user's
    templates (issue 16) and extra fonts."""
    from advocacy_kit.batch.pack_cards import CardLook
    from advocacy_kit.output.card_render import CardRenderer
    from advocacy_kit.profile.brand import card_brand

    brand = card_brand(profile)
    renderer = CardRenderer(
        palette=brand.palette, logo=brand.logo, templates=templates, font_paths=font_path
    )
    return CardLook(organisation=profile.organisation, renderer=renderer, lang=lang)


def _warn_missing_characters(result: Pack) -> None:
    """Say which characters the cards' fonts could not show, as ``card`` does."""
    from advocacy_kit.output.card_render import lacking_warning

    text = lacking_warning(day_card.card for day in result.days for day_card in day.cards)
    if text is not None:
        note(f"warning: {text}")


@command_boundary
def pack(
    campaign: CampaignArgument,
    out: PackOutOption,
    year: YearOption = None,
    region: RegionOption = None,
    strict: StrictOption = False,
    platform: PackPlatformOption = None,
    zip_: ZipOption = False,
    no_cards: NoCardsOption = False,
    force: PackForceOption = False,
    library: LibraryOption = None,
    templates: TemplatesOption = None,
    font_path: FontPathOption = None,
    json_output: PackJsonOption = False,
) -> None:
    """Make a campaign week's kit: e-mails, posts and talking points.

    It writes a folder per day (with a square and a landscape share card), an index.html
    (a Copy button per post and per card's alt text) and a README.md.

    Examples:

    \b
      advocacy-kit pack sswweek --year 2019 --out sswweek-2019

    \b
      advocacy-kit pack sswweek --platform x --platform bluesky --out kit --zip

    \b
      advocacy-kit pack my-week.yaml --out my-week
    """
    from advocacy_kit.batch.pack import build_pack
    from advocacy_kit.batch.pack_write import write_pack
    from advocacy_kit.output.eml import letter_mail
    from advocacy_kit.profile.regions import region_in_force
    from advocacy_kit.profile.store import load_profile

    profile = load_profile()  # the member who sends the kit signs its e-mails (issue 12)
    with region_in_force(profile, region=region) as chosen:
        loaded, region_hashtags, lang, region_handles = _load_library(library or (), chosen, strict)
    mail = letter_mail(
        sender_name=profile.sender, sender_email=profile.email, reply_to=profile.reply_to
    )
    result = build_pack(
        mail=mail,
        library=loaded,
        hashtags=region_hashtags,
        campaign=campaign,
        year=year,
        platform=platform or (),
        region=chosen,
        templates=templates or (),
        lang=lang,
        sender=profile.sender,
        organization=profile.organisation,
        # A variant's handles name no platform: like the campaign's, they are X's.
        handles=(*(("x", h) for h in region_handles), *profile.handles),
        cards=not no_cards,
        card_look=None
        if no_cards
        else _card_look(profile, lang or "en", templates or (), font_path or ()),
    )
    _warn_missing_characters(result)
    written = write_pack(result, out=out, force=force, zip=zip_)
    _report(result, out, written, zip_=zip_, json_output=json_output)


def _report(
    result: Pack, out: Path, written: Sequence[Path], *, zip_: bool, json_output: bool
) -> None:
    """Say what the kit holds and what it left out; exit 1 when a day has no post."""
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
    """The kit's days, a line each, with its date, topic and number of posts.

    Lines rather than a table: a long topic is never broken inside a narrow column, and
    printing them takes none of a table's start-up time (issue 17).
    """
    lines = [f"{result.campaign.name} {result.edition.year}: kit in {out}"]
    for day in result.days:
        posts = sum(len(group.posts) for group in day.platforms)
        when = f", {day.date}" if day.date else ""
        count = "1 post" if posts == 1 else f"{posts} posts"
        lines.append(f"  day {day.number}{when}: {day.topic} ({count})")
    print_text("\n".join(lines))
