"""Posts for a platform: what each message may say, its extras, fitted or threaded."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from advocacy_kit.model import Draft, Library, Message, Piece

#: The campaign whose hashtag and handle posts carry by default.
DEFAULT_CAMPAIGN = "sswweek"


def post_candidates(message: Message, *, clauses: bool = False) -> list[str]:
    """What a post for ``message`` may say, most preferred first.

    The official text word for word wherever it fits (LinkedIn, Facebook, and X for a
    short message: issue 12), then the hand-written short versions, then the message's
    leading sentences, longest first; with ``clauses`` (SMS), then their parts cut at a
    colon, semicolon or dash, longest first (issue 18).
    """
    from advocacy_kit.text.sentences import clause_runs
    from advocacy_kit.text.sentences import sentences as split_sentences

    text = re.sub(r"[ \t\n\r\f\v]+", " ", message.text).strip()  # keeps no-break spaces
    candidates = [text, *(s for s in message.short if s != text)]
    sentences = split_sentences(message.text)
    for end in range(len(sentences), 0, -1):
        candidate = " ".join(sentences[:end])
        if candidate not in candidates:
            candidates.append(candidate)
    if clauses:  # figures keep their qualifiers and sources: evidence is kept whole
        keep = [text for e in message.evidence for text in (e.claim, e.source)]
        runs = clause_runs(*message.short, message.text, keep=keep)
        candidates.extend(run for run in runs if run not in candidates)
    return candidates


def post_extras(
    library: Library,
    *,
    hashtags: Sequence[str] = (),
    link: str | None = None,
    platform: str = "x",
    handles: Sequence[tuple[str, str]] = (),
) -> list[str]:
    """The optional pieces a post carries when they fit: hashtags, handles, link.

    A handle is added only on its own platform (issue 12): the campaign's (``@SSWAlliance``
    is X's) and those of ``handles``, given as (platform, handle).
    """
    extras: list[str] = list(hashtags)
    campaign = next((c for c in library.campaigns if c.id == DEFAULT_CAMPAIGN), None)
    if campaign is not None:
        if campaign.hashtag and campaign.hashtag not in extras:
            extras.insert(0, campaign.hashtag)
        handle = campaign.handle_for(platform)
        if handle:
            extras.append(handle)
    extras.extend(h for p, h in handles if p == platform and h not in extras)
    if link:
        extras.append(link)
    return extras


#: What ``--platform all`` means for posts: every social platform. SMS is left out
#: (a text message of one part holds 160 characters at most); ask for it by name.
ALL_POST_PLATFORMS = ("x", "bluesky", "mastodon", "threads", "linkedin", "facebook")


def post_platforms(platform: str | Sequence[str]) -> tuple[str, ...]:
    """The canonical platform names asked for (``all`` expanded), each once, in order.

    Raises:
        UsageError: an unknown platform name.
    """
    from advocacy_kit.text.rules import get_platform

    asked = [platform] if isinstance(platform, str) else list(platform)
    names: list[str] = []
    for name in asked or ["x"]:
        expanded = ALL_POST_PLATFORMS if name.strip().lower() == "all" else (name,)
        for each in expanded:
            canonical = get_platform(each).name
            if canonical not in names:
                names.append(canonical)
    return tuple(names)


def compose_posts(
    *,
    library: Library,
    messages: Sequence[Message],
    platform: str = "x",
    limit: int | None = None,
    hashtags: Sequence[str] = (),
    link: str | None = None,
    thread: bool = False,
    handles: Sequence[tuple[str, str]] = (),
) -> tuple[Piece, ...]:
    """One post per message, fitted to ``platform`` by its exact counting rule.

    With ``thread``, a message that no post can hold becomes a numbered thread whose
    every part fits; without it, the shortest attempt is returned marked as not fitting.

    Raises:
        ContentWanting: with ``thread``, a single word or link longer than the limit.
    """
    from advocacy_kit.text.count import count
    from advocacy_kit.text.fit import fit_post
    from advocacy_kit.text.rules import get_platform

    chosen = get_platform(platform)
    name = chosen.name
    extras = post_extras(library, hashtags=hashtags, link=link, platform=name, handles=handles)
    pieces = []
    for message in messages:
        fit = fit_post(
            candidates=post_candidates(message, clauses=chosen.fit_clauses),
            extras=extras,
            platform=name,
            limit=limit,
        )
        if fit.check.fits or not thread:
            pieces.append(
                Piece(
                    message_ids=(message.id,),
                    text=fit.text,
                    length=fit.check.length,
                    limit=fit.check.limit,
                    fits=fit.check.fits,
                    notes=fit.check.notes,
                    platform=name,
                )
            )
            continue
        from advocacy_kit.text.thread import split_thread  # only for --thread (issue 17)

        parts = split_thread(message.text, platform=name, limit=limit, extras=extras)
        for number, part in enumerate(parts, start=1):
            check = count(part, name, limit=limit)
            pieces.append(
                Piece(
                    message_ids=(message.id,),
                    text=part,
                    length=check.length,
                    limit=check.limit,
                    fits=check.fits,
                    notes=check.notes,
                    platform=name,
                    part=(number, len(parts)),
                )
            )
    return tuple(pieces)


def posts_for_platforms(
    library: Library,
    messages: Sequence[Message],
    names: Sequence[str],
    *,
    limit: int | None,
    hashtags: Sequence[str],
    link: str | None,
    thread: bool,
    handles: Sequence[tuple[str, str]] = (),
    sms_parts: int = 1,
) -> tuple[Piece, ...]:
    """The posts of every message for each platform, platform by platform; ``limit``
    applies to Mastodon, or to the one platform asked for; SMS takes ``sms_parts``; each
    platform's posts carry only that platform's handles."""
    return tuple(
        piece
        for name in names
        for piece in compose_posts(
            library=library,
            messages=messages,
            platform=name,
            limit=_limit_for(name, names, limit=limit, sms_parts=sms_parts),
            hashtags=hashtags,
            link=link,
            thread=thread,
            handles=handles,
        )
    )


def _limit_for(name: str, names: Sequence[str], *, limit: int | None, sms_parts: int) -> int | None:
    """The limit ``compose_posts`` gets for platform ``name``: SMS its parts, Mastodon (or
    the only platform asked for) ``--mastodon-limit``, the others their own."""
    if name == "sms":
        return sms_parts
    return limit if name == "mastodon" or len(names) == 1 else None


def post_draft(
    library: Library,
    audience: str,
    messages: Sequence[Message],
    *,
    platform: str | Sequence[str],
    limit: int | None,
    hashtags: Sequence[str],
    link: str | None,
    thread: bool,
    sms_parts: int,
    handles: Sequence[tuple[str, str]] = (),
    templates: Sequence[Path] = (),
) -> Draft:
    """The posts draft of ``messages`` for every platform asked for (``all`` expanded)."""
    names = post_platforms(platform)
    return Draft(
        audience=audience,
        format="post",
        pieces=posts_for_platforms(
            library,
            messages,
            names,
            limit=limit,
            hashtags=hashtags,
            link=link,
            thread=thread,
            handles=handles,
            sms_parts=sms_parts,
        ),
        platform=names[0] if len(names) == 1 else None,
        platforms=names,
        extras={"templates": tuple(templates)},
    )
