"""Campaign packs: a ready-to-share kit for every day of a campaign week.

The Alliance launched each day of Social Service Workforce Week "with an e-mail to our
members and mailing list" that included "a blog, links and sample tweets" (seed 003).
:func:`build_pack` makes that whole kit from a campaign file and the key messages: per
day the members' e-mail, ready-to-copy posts for each platform (several variants, every
one fitted by the platform's exact rule), and talking points; for the week an
``index.html`` with a copy button per post and a ``README.md`` for members.
:func:`advocacy_kit.batch.pack_write.write_pack` writes it atomically and never over
existing files without ``force``.

Nothing here prints or prompts: the ``pack`` command renders the returned :class:`Pack`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from advocacy_kit.batch.pack_cards import CardLook, card_files, day_cards
from advocacy_kit.batch.pack_days import PackDay, build_day, day_context, group_context
from advocacy_kit.batch.pack_posts import LeftOut
from advocacy_kit.batch.pack_text import one_line
from advocacy_kit.library.campaign_days import find_edition
from advocacy_kit.library.campaigns import load_campaign_file
from advocacy_kit.model import Campaign, Edition, Library
from advocacy_kit.output.card_render import CardRenderer
from advocacy_kit.output.clean_html import with_script
from advocacy_kit.output.eml import LetterMail
from advocacy_kit.output.render import render

#: What the copy buttons say, from the kit's words (``pack_words``).
COPY_WORDS = ("copied_status", "copy_failed", "copied", "copy_see_box")

#: Platforms a pack has posts for when none is asked for: every one but SMS, whose
#: 160 characters suit few of the day's posts.
DEFAULT_PLATFORMS = ("x", "bluesky", "mastodon", "threads", "linkedin", "facebook")


class Pack(Struct, frozen=True):
    """A campaign pack: its days and the files that make it, not yet written."""

    campaign: Campaign
    edition: Edition
    platforms: tuple[str, ...]
    days: tuple[PackDay, ...]
    files: tuple[tuple[str, str | bytes], ...]
    left_out: tuple[LeftOut, ...] = ()
    region: str | None = None

    @property
    def empty_platform_days(self) -> tuple[tuple[int, str], ...]:
        """(day, platform) pairs for which not a single post fits."""
        return tuple(
            (day.number, group.platform)
            for day in self.days
            for group in day.platforms
            if not group.posts
        )

    def to_json(self) -> dict[str, Any]:
        """The pack as ``--json`` prints it."""
        return {
            "campaign": self.campaign.id,
            "year": self.edition.year,
            "region": self.region,
            "platforms": list(self.platforms),
            "days": [day.to_json() for day in self.days],
            "files": [name for name, _text in self.files],
            "left_out": [
                {"day": x.day, "platform": x.platform, "kind": x.kind, "over": x.over}
                for x in self.left_out
            ],
        }


def resolve_campaign(library: Library, campaign: str) -> Campaign:
    """The campaign named ``campaign``: an id in the library, or a campaign file's path.

    Raises:
        UsageError: no campaign has that id.
        LibraryError: the file is invalid (with its line and column).
    """
    path = Path(campaign)
    if path.suffix.lower() in (".yaml", ".yml") or path.is_file():
        return load_campaign_file(path, label="command line")
    return library.campaign(campaign)


def build_pack(
    *,
    library: Library,
    campaign: str | Campaign,
    year: int | None = None,
    platform: Sequence[str] = (),
    region: str | None = None,
    hashtags: Sequence[str] = (),
    templates: Sequence[Path] = (),
    lang: str | None = None,
    sender: str | None = None,
    organization: str | None = None,
    handles: Sequence[tuple[str, str]] = (),
    mail: LetterMail | None = None,
    cards: bool = True,
    card_look: CardLook | None = None,
) -> Pack:
    """Build the campaign pack of one edition, in memory.

    Args:
        library: The resolved message library (a regional variant's when ``region``).
        campaign: A campaign id, a campaign file's path, or a loaded :class:`Campaign`.
        year: The edition (default: the latest one with daily topics).
        platform: Platforms to write posts for (default :data:`DEFAULT_PLATFORMS`).
        region: The regional variant the library was resolved for, shown in the kit.
        hashtags: A regional variant's own hashtags, after the campaign's, when they fit.
        templates: The user's template folders, before the built-in ones.
        lang: The language of the kit's fixed words (a variant's ``lang``).
        sender, organization: The member who signs the e-mails, and their organisation
            (placeholders when None): a kit never speaks as the Alliance.
        handles: (platform, handle) pairs from the profile, each for its platform only.
        mail: From and Reply-To of each day's ``email.eml`` (the profile's), or None.
        cards, card_look: Add a square and a landscape share card to each day, and
            their organisation, colours, logo and language.

    Returns:
        The :class:`Pack`, with the text of every file it will write.

    Raises:
        UsageError, LibraryError, TemplateError: an unknown campaign, year or platform;
            an invalid campaign file; a template that fails.
    """
    from advocacy_kit.text import rules

    chosen = campaign if isinstance(campaign, Campaign) else resolve_campaign(library, campaign)
    edition = find_edition(chosen, year)
    names = tuple(dict.fromkeys(rules.get_platform(p).name for p in platform)) or DEFAULT_PLATFORMS
    days: list[PackDay] = []
    left_out: list[LeftOut] = []
    if cards:  # one Typst compiler for every card of the pack
        look = card_look or CardLook()
        card_look = look if look.renderer else replace(look, renderer=CardRenderer())
    for index, day in enumerate(edition.days):
        pack_day, missing = build_day(
            day,
            index=index,
            library=library,
            campaign=chosen,
            edition=edition,
            platforms=names,
            hashtags=hashtags,
            lang=lang,
            handles=handles,
        )
        if cards:
            pack_day, missing = _with_cards(pack_day, missing, chosen, card_look)
        days.append(pack_day)
        left_out.extend(missing)
    base = _base_context(chosen, edition, names, region, lang=lang)
    base["member"] = {"name": sender, "organisation": organization}
    finished, files = _render_files(base, days, left_out, templates, mail)
    return Pack(
        campaign=chosen,
        edition=edition,
        platforms=names,
        days=tuple(finished),
        files=tuple(files),
        left_out=tuple(left_out),
        region=region,
    )


def _with_cards(
    pack_day: PackDay, missing: list[LeftOut], campaign: Campaign, look: CardLook | None
) -> tuple[PackDay, list[LeftOut]]:
    """``pack_day`` with its share cards, and what was left out, cards included."""
    look = look or CardLook()
    found, refused = day_cards(
        day=pack_day.number,
        slug=pack_day.slug,
        messages=pack_day.messages,
        hashtag=campaign.hashtag,
        organisation=look.organisation or campaign.organisation or campaign.name,
        look=look,
    )
    return replace(pack_day, cards=found), [*missing, *refused]


def _render_files(
    base: dict[str, Any],
    days: Sequence[PackDay],
    left_out: Sequence[LeftOut],
    templates: Sequence[Path],
    mail: LetterMail | None,
) -> tuple[list[PackDay], list[tuple[str, str | bytes]]]:
    """Each day's e-mail, posts and talking points, then the week's README.md and
    index.html: (the days with their e-mail and talking points, the files in order)."""
    finished = []
    files: list[tuple[str, str | bytes]] = []
    from advocacy_kit.batch.pack_words import unit_words

    for pack_day in days:
        context = {**base, "day": day_context(pack_day)}
        for group in context["day"]["platforms"]:
            group["unit"] = unit_words(group["unit"], base["lang"])
        email = render("pack/email.txt.j2", context, kind="txt", templates=templates)
        points = render("pack/talking-points.txt.j2", context, kind="txt", templates=templates)
        pack_day = replace(pack_day, email=email, talking_points=points)
        finished.append(pack_day)
        files.append((f"{pack_day.slug}/email.txt", email))
        files.append((f"{pack_day.slug}/email.eml", day_email(pack_day.subject, email, mail)))
        for group in pack_day.platforms:
            posts_context = {**context, "group": group_context(group)}
            posts_context["group"]["unit"] = unit_words(group.unit, base["lang"])
            files.append(
                (
                    f"{pack_day.slug}/posts-{group.platform}.txt",
                    render("pack/posts.txt.j2", posts_context, kind="txt", templates=templates),
                )
            )
        files.append((f"{pack_day.slug}/talking-points.txt", points))
        files.extend(card_files(pack_day.cards))
    week = {
        **base,
        "days": [
            {**day_context(d), "email": d.email, "talking_points": d.talking_points}
            for d in finished
        ],
        "left_out": [
            {"day": x.day, "platform": x.platform, "kind": x.kind, "what": x.what, "over": x.over}
            for x in left_out
        ],
    }
    files.insert(
        0, ("README.md", render("pack/README.md.j2", week, kind="md", templates=templates))
    )
    files.insert(
        1,
        (
            "index.html",
            with_copy_buttons(
                render("pack/index.html.j2", week, kind="html", templates=templates), week["w"]
            ),
        ),
    )
    return finished, files


def with_copy_buttons(index: str, words: Mapping[str, str]) -> str:
    """The kit's page with the copy buttons' script, which belongs to advocacy-kit and is
    added after the page is cleaned of every script a template wrote (issue 13); what
    the buttons say comes from the kit's words, in the kit's language."""
    import json
    from importlib.resources import files

    said = {key: str(words[key]) for key in COPY_WORDS}
    # As JSON inside <script>: "<" written as \u003c, so no text can end the element.
    data = json.dumps(said, ensure_ascii=False).replace("<", "\\u003c")
    script = files("advocacy_kit.batch").joinpath("pack_copy.js").read_text(encoding="utf-8")
    script = script.replace("WORDS_FROM_THE_KIT", data)
    return with_script(index, script)


def day_email(subject: str, text: str, mail: LetterMail | None) -> str:
    """The day's members' e-mail as an ``.eml`` draft (no To: the members' list is the
    sender's): opened in a mail program, it is ready to address and send (issue 15)."""
    from advocacy_kit.output.eml import LetterMail, build_email, eml_bytes

    mail = mail or LetterMail(sender=None)
    first, _, rest = text.partition("\n")
    body = rest.lstrip("\n") if first.startswith("Subject:") else text
    message = build_email(
        sender=mail.sender, reply_to=mail.reply_to, subject=subject, text=body, unsent=True
    )
    return eml_bytes(message).decode("ascii")


def _base_context(
    campaign: Campaign,
    edition: Edition,
    platforms: Sequence[str],
    region: str | None,
    *,
    lang: str | None = None,
) -> dict[str, Any]:
    from advocacy_kit.batch.pack_words import date_words, kit_language, kit_words, unit_words
    from advocacy_kit.text import rules

    return {
        "lang": kit_language(lang),
        "w": kit_words(lang),
        "campaign": {
            "id": campaign.id,
            "name": campaign.name,
            "organisation": campaign.organisation,
            "hashtag": campaign.hashtag,
            "handle": campaign.handle,
            "about": one_line(campaign.about) if campaign.about else None,
            "actions": [one_line(a) for a in campaign.actions],
            "before_week": [one_line(a) for a in campaign.before_week],
            "handles": [
                {"platform": rules.get_platform(p).label, "handle": campaign.handle_for(p)}
                for p in platforms
                if campaign.handle_for(p)
            ],
        },
        "edition": {
            "year": edition.year,
            "name": edition.edition or f"{campaign.name} {edition.year}",
            "start": date_words(edition.start, lang),
            "end": date_words(edition.end, lang),
            "theme": one_line(edition.theme) if edition.theme else None,
        },
        "platforms": [
            {
                "name": p,
                "label": rules.get_platform(p).label,
                "limit": rules.get_platform(p).limit,
                "unit": unit_words(rules.get_platform(p).unit, lang),
            }
            for p in platforms
        ],
        "region": region,
    }
