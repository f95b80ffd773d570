"""``advocacy-kit draft``: a letter, talking points or posts for one audience."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.options import (
    AttachOption,
    AudienceOption,
    DraftDateOption,
    DraftJsonOption,
    DraftOutputOption,
    DraftPaperOption,
    DraftRegionOption,
    EmailOption,
    FontPathOption,
    ForceFileOption,
    FormatOption,
    HashtagOption,
    LibraryOption,
    LinkOption,
    MastodonLimitOption,
    MessageOption,
    OrganizationOption,
    PlatformOption,
    SalutationOption,
    SenderOption,
    SmsPartsOption,
    StrictOption,
    SubjectOption,
    TemplatesOption,
    ThreadOption,
    ToOption,
    warn_if_stale,
)
from advocacy_kit.cli.output import cell, note, print_json, print_table, print_text
from advocacy_kit.cli.values import at_least, parse_date, parse_hashtags, parse_link
from advocacy_kit.errors import ContentWanting, UsageError
from advocacy_kit.model import Draft, Piece


@command_boundary
def draft(
    audience: AudienceOption = None,
    format: FormatOption = None,
    message: MessageOption = None,
    to: ToOption = None,
    salutation: SalutationOption = None,
    sender: SenderOption = None,
    organization: OrganizationOption = None,
    date: DraftDateOption = None,
    platform: PlatformOption = None,
    thread: ThreadOption = False,
    mastodon_limit: MastodonLimitOption = None,
    sms_parts: SmsPartsOption = 1,
    hashtag: HashtagOption = None,
    link: LinkOption = None,
    library: LibraryOption = None,
    region: DraftRegionOption = None,
    strict: StrictOption = False,
    templates: TemplatesOption = None,
    output: DraftOutputOption = None,
    paper: DraftPaperOption = "a4",
    font_path: FontPathOption = None,
    force: ForceFileOption = False,
    json_output: DraftJsonOption = False,
    email: EmailOption = None,
    subject: SubjectOption = None,
    attach: AttachOption = None,
) -> None:
    """Draft a letter, talking points or posts from the key messages.

    Examples:

    \b
      advocacy-kit draft --audience donors --to "Hon. Minister of Social Welfare"

    \b
      advocacy-kit draft -a donors -o letter.eml --email jane@example.org

    \b
      advocacy-kit draft --audience media --format post

    \b
      advocacy-kit draft --audience workforce -o talking-points.md
    """
    given = dict(locals())  # the options as typed, before any other name is bound
    if audience is None:  # guided on a terminal, else exit 2 naming --audience (issue 7)
        from advocacy_kit.cli import guided

        guided.run(given, command=draft)
        return
    result = _as_email(_compose(given), given)
    if output is not None:
        from advocacy_kit.output.documents import write_draft

        write_draft(
            result,
            output,
            force=force,
            paper=paper,
            font_paths=font_path or (),
            warn=lambda text: note(f"warning: {text}"),
        )
        note(f"wrote {output}")
    elif json_output:
        print_json(result.to_json())
    else:
        if len(result.platforms) > 1:
            _print_side_by_side(result)
        print_text(_screen_text(result))
    if "sms" in result.platforms and sms_parts > 1:
        _note_sms_cost(result)
    _require_fit(result)


def _compose(options: dict[str, Any]) -> Draft:
    """The draft the options ask for, the profile filling what they leave out (issue 7)."""
    from advocacy_kit.compose.drafts import compose_draft
    from advocacy_kit.library.loader import load_region
    from advocacy_kit.output.documents import with_text
    from advocacy_kit.profile.regions import region_in_force
    from advocacy_kit.profile.store import load_profile

    profile = load_profile()  # flags override the profile (issue 7)
    sender = options["sender"]
    letter_fields = profile.letter_fields(same_sender=sender in (None, profile.sender))
    hashtag = parse_hashtags(options["hashtag"]) or list(profile.hashtags)
    with region_in_force(profile, region=options["region"]) as chosen:
        messages = load_region(library=options["library"] or (), region=chosen)
    warn_if_stale(messages, strict=options["strict"])
    hashtag = list(dict.fromkeys([*hashtag, *messages.hashtags]))
    # A variant's handles name no platform: like the campaign's, they are X accounts.
    handles = [*(("x", h) for h in messages.handles), *profile.handles]
    templates: tuple[Path, ...] = tuple(options["templates"] or ())
    result = compose_draft(
        library=messages.library,
        lang=messages.lang,
        audience=options["audience"],
        format=options["format"],
        message=options["message"] or (),
        to=options["to"],
        sender=sender or profile.sender,
        organization=options["organization"] or profile.organisation,
        date=parse_date(options["date"]),
        platform=options["platform"] or ["x"],
        limit=at_least(options["mastodon_limit"], 1, "--mastodon-limit"),
        thread=options["thread"],
        sms_parts=at_least(options["sms_parts"], 1, "--sms-parts"),
        hashtags=hashtag or (),
        link=parse_link(options["link"]),
        templates=templates,
        extra_fields=letter_fields,
        salutation=options["salutation"],
        handles=handles,
    )
    return with_text(result)


def _screen_text(result: Draft) -> str:
    """The draft as text on the screen: a letter's or talking points' text is the one
    :func:`~advocacy_kit.output.documents.with_text` rendered into its pieces (not
    rendered a second time); posts are laid out by
    :func:`~advocacy_kit.output.documents.render_draft`."""
    if result.format != "post" and result.pieces:
        return result.pieces[0].text
    from advocacy_kit.output.documents import render_draft

    return render_draft(result, "txt")


def _as_email(result: Draft, options: dict[str, Any]) -> Draft:
    """The draft, with the e-mail it is written as when ``-o`` names an ``.eml`` file.

    Raises:
        UsageError: --email, --subject or --attach without an ``.eml`` file.
    """
    output = options["output"]
    if output is not None and Path(output).suffix.lower() == ".eml":
        return _with_mail(result, options)
    if any(options[flag] is not None for flag in ("email", "subject", "attach")):
        raise UsageError(
            "--email, --subject and --attach are for an e-mail",
            hint="write it to an .eml file: -o letter.eml",
        )
    return result


def _with_mail(result: Draft, options: dict[str, Any]) -> Draft:
    """The draft with the e-mail it is written as (issue 15): To from --email, From and
    Reply-To from the profile; without --email a draft for a mail program to address."""
    from msgspec.structs import replace

    from advocacy_kit.output.eml import Mailbox, check_address, letter_mail
    from advocacy_kit.profile.store import load_profile

    profile = load_profile()
    address = options["email"]
    to: tuple[Mailbox, ...] = ()
    if address:
        check_address(address, what="--email")
        to = (Mailbox(address, options["to"] or ""),)
    mail = letter_mail(
        sender_name=options["sender"] or profile.sender,
        sender_email=profile.email,
        reply_to=profile.reply_to,
        subject=options["subject"],
        attach=options["attach"],
        to=to,
        unsent=not address,
    )
    if address and mail.sender is None:
        raise UsageError(
            "an e-mail needs your address to come from",
            hint="set it once: advocacy-kit profile set email you@example.org",
        )
    mail = replace(mail, attachment_name=Path(options["output"]).stem)
    return replace(result, extras={**result.extras, "email": mail})


def _require_fit(result: Draft) -> None:
    """Raise ContentWanting (exit 1) naming every post over its limit."""
    if result.fits:
        return
    over = [p for p in result.pieces if p.fits is False]
    details = ", ".join(
        f"{', '.join(p.message_ids)} on {p.platform} ({(p.length or 0) - (p.limit or 0)} over)"
        for p in over
    )
    raise ContentWanting(
        f"{len(over)} post(s) do not fit: {details}",
        hint="shorten the message's 'short' version, or use --thread to split it"
        + _sms_parts_hint(over),
    )


def _sms_parts(pieces: list[Piece]) -> list[int]:
    """How many parts each SMS among ``pieces`` takes."""
    from advocacy_kit.text.count import count

    return [count(p.text, "sms").segments or 1 for p in pieces if p.platform == "sms"]


def _sms_parts_hint(over: list[Piece]) -> str:
    """The end of the hint for SMS that do not fit: the --sms-parts that holds them."""
    parts = _sms_parts(over)
    return f", or allow longer texts with --sms-parts {max(parts)}" if parts else ""


def _note_sms_cost(result: Draft) -> None:
    """On standard error, what the SMS cost: parts for each message, and in all."""
    parts = _sms_parts(list(result.pieces))
    each = ", ".join(str(n) for n in parts)
    note(
        f"SMS: {len(parts)} messages take {sum(parts)} parts in all ({each}); "
        "each part is charged as one SMS, per recipient"
    )


def _print_side_by_side(result: Draft) -> None:
    """A table: one row per message, one column per platform, each cell the post's
    length against the limit (a thread shows its number of posts)."""
    from rich.table import Table

    table = Table(title="Posts by platform", title_justify="left")
    table.add_column("message", overflow="fold")
    for name in result.platforms:
        table.add_column(name, justify="right", no_wrap=True)
    ids = list(dict.fromkeys(p.message_ids for p in result.pieces))
    for message_ids in ids:
        row = [cell(", ".join(message_ids))]
        for name in result.platforms:
            pieces = [
                p for p in result.pieces if p.platform == name and p.message_ids == message_ids
            ]
            first = pieces[0]
            if first.part is not None:
                text = f"thread of {first.part[1]}"
            else:
                text = f"{first.length}/{first.limit}" + ("" if first.fits else " over")
            row.append(cell(text))
        table.add_row(*row)
    print_table(table)
