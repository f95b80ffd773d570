"""Choose and order messages for an audience and a format, giving a :class:`Draft`.

``compose_draft`` is what ``advocacy-kit draft`` calls: it takes keyword arguments named
like the command's flags and returns a record the CLI renders (text, table or JSON).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct

from advocacy_kit.compose.posts import post_draft
from advocacy_kit.errors import UsageError, choice_hint
from advocacy_kit.languages import audience_words, base_language, letter_words, long_date
from advocacy_kit.model import Audience, Draft, Library, Message, Piece, get_audience

#: Formats ``draft`` can make, with the aliases users type.
FORMATS = ("letter", "talking-points", "post")
FORMAT_ALIASES = {"tweet": "post", "posts": "post", "talking_points": "talking-points"}

#: Per audience: the letter's subject, the talking points' headline and a question to
#: open discussion. Prose of our own: it states no fact.
AUDIENCE_TEXT: dict[str, dict[str, str]] = {
    "donors": {
        "subject": "Investing in the social service workforce",
        "headline": "Why invest in the social service workforce",
        "question": (
            "Which of these messages speaks most to the priorities of the donors and "
            "agencies you work with, and what would you ask them for?"
        ),
    },
    "media": {
        "subject": "The social service workforce in our communities",
        "headline": "What the social service workforce does for all of us",
        "question": (
            "Which story from your own work would show the public what the social "
            "service workforce does?"
        ),
    },
    "workforce": {
        "subject": "Champions of our profession",
        "headline": "Champions of the social service workforce",
        # The discussion question of the Alliance's 2016 Social Service Workforce Week blog.
        "question": (
            "Why do you think the social service workforce is a vital component of "
            "making the social service system function and generate the best outcomes "
            "for vulnerable children and families?"
        ),
    },
}


def normalise_format(name: str) -> str:
    """The canonical name of a draft format.

    Raises:
        UsageError: unknown format, with the valid ones.
    """
    wanted = name.strip().lower()
    wanted = FORMAT_ALIASES.get(wanted, wanted)
    if wanted not in FORMATS:
        raise UsageError(
            f"unknown format '{name}'",
            hint=choice_hint(wanted, [*FORMATS, *FORMAT_ALIASES], what="formats"),
        )
    return wanted


def select_messages(
    library: Library, audience: Audience, message_ids: Sequence[str] = ()
) -> tuple[Message, ...]:
    """The messages to use: the ones asked for by id, or all of the audience's.

    Raises:
        UsageError: an id is unknown, or the audience has no messages.
    """
    if message_ids:
        return tuple(library.by_id(mid) for mid in dict.fromkeys(message_ids))
    chosen = library.for_audience(audience.name)
    if not chosen:
        raise UsageError(
            f"the library has no messages for audience '{audience.name}'",
            hint="add messages with 'audience: " + audience.name + "' to your library",
        )
    return chosen


class Letterhead(Struct, frozen=True):
    """Who a letter is from and to, and its date."""

    to: str | None = None
    sender: str | None = None
    organization: str | None = None
    date: dt.date | None = None
    salutation: str | None = None


def _evidence_list(messages: Sequence[Message]) -> list[dict[str, str | None]]:
    sources: list[dict[str, str | None]] = []
    for message in messages:
        for item in message.evidence:
            entry = {"claim": item.claim, "source": item.source, "url": item.url}
            if entry not in sources:
                sources.append(entry)
    return sources


def message_context(message: Message) -> dict[str, Any]:
    """The data templates receive for one message."""
    return {
        "id": message.id,
        "title": message.title,
        "text": message.text,
        "short": message.short[0] if message.short else message.text,
        "evidence": [
            {"claim": e.claim, "source": e.source, "url": e.url} for e in message.evidence
        ],
        "ask": message.ask,
        "role": message.role,
    }


def document_context(
    *,
    library: Library,
    audience: Audience,
    messages: Sequence[Message],
    letterhead: Letterhead,
    extra_fields: Mapping[str, str] | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """The data every letter and talking-points template receives.

    ``extra_fields`` (a recipient's spreadsheet columns, issue 6) are all under
    ``fields``, and also at the top level when the name is free, so a user's template
    can write ``{{ constituency }}``. ``salutation`` and ``address`` (lines under the
    recipient's name) stay empty unless a merge fills them.
    """
    intro = [m for m in messages if m.role == "introduction"]
    body = [m for m in messages if m.role != "introduction"]
    date = letterhead.date or dt.date.today()
    texts = audience_words(audience.name, lang) or AUDIENCE_TEXT.get(
        audience.name, AUDIENCE_TEXT["media"]
    )
    definition = library.definition
    context: dict[str, Any] = {
        "audience": {"name": audience.name, "label": texts.get("label", audience.label)},
        "to": letterhead.to,
        "sender": letterhead.sender,
        "organization": letterhead.organization,
        "date": long_date(date, lang),
        "lang": base_language(lang),
        "words": letter_words(
            lang,
            to=letterhead.to,
            organization=letterhead.organization,
            audience=audience.name,
            salutation=letterhead.salutation,
            asks=[m.ask for m in messages if m.ask],
        ),
        "date_iso": date.isoformat(),
        "subject": texts["subject"],
        "headline": texts["headline"],
        "question": texts["question"],
        "definition": definition.text if definition else None,
        "introductions": [message_context(m) for m in intro],
        "messages": [message_context(m) for m in body],
        "asks": [m.ask for m in messages if m.ask],
        "sources": _evidence_list(messages),
        "salutation": letterhead.salutation,
        "address": [],
        "fields": dict(extra_fields or {}),
    }
    for key, value in (extra_fields or {}).items():
        context.setdefault(key, value)  # by name too, unless the letter's own data has it
    return context


def compose_draft(
    *,
    library: Library,
    audience: str,
    format: str | None = None,
    message: Sequence[str] = (),
    to: str | None = None,
    sender: str | None = None,
    organization: str | None = None,
    date: dt.date | None = None,
    platform: str | Sequence[str] = "x",
    limit: int | None = None,
    hashtags: Sequence[str] = (),
    link: str | None = None,
    templates: Sequence[Path] = (),
    extra_fields: Mapping[str, str] | None = None,
    lang: str | None = None,
    thread: bool = False,
    sms_parts: int = 1,
    salutation: str | None = None,
    handles: Sequence[tuple[str, str]] = (),
) -> Draft:
    """Compose a letter, talking points or posts for one audience.

    Args:
        library: The loaded message library.
        audience: An audience name or alias (``donors``, ``government``, ...).
        format: ``letter``, ``talking-points`` or ``post``; default by audience.
        message: Message ids to use instead of all the audience's messages.
        to, sender, organization: For letters, the recipient, your name, your organisation.
        date: The letter's date (default today).
        platform: For posts, the platform(s) (or ``all``) whose rules they must fit.
        limit: For posts, a limit other than the platform's (a Mastodon server's).
        sms_parts: For SMS posts, how many parts (segments) a message may take.
        thread: For posts, split a message no post can hold into a numbered thread.
        hashtags: Extra hashtags for posts.
        lang: The language of the letter's fixed words and date (default English).
        link: A link to add to posts when it fits.
        templates: The user's template folders, kept for the output that renders it.
        extra_fields: More template fields (a merge's spreadsheet columns).
        salutation: For letters, instead of the salutation built from ``to``.
        handles: For posts, (platform, handle) pairs, each used on its platform only.

    Returns:
        The :class:`Draft`; for letters and talking points ``extras["context"]`` holds
        the templates' data (``output.documents.with_text`` renders the text).

    Raises:
        UsageError: unknown audience, format, platform or message id.
    """
    chosen_audience = get_audience(audience)
    chosen_format = normalise_format(format or chosen_audience.default_format)
    messages = select_messages(library, chosen_audience, message)
    if chosen_format == "post":
        return post_draft(
            library,
            chosen_audience.name,
            messages,
            platform=platform,
            limit=limit,
            hashtags=hashtags,
            link=link,
            thread=thread,
            sms_parts=sms_parts,
            templates=templates,
            handles=handles,
        )
    letterhead = Letterhead(
        to=to, sender=sender, organization=organization, date=date, salutation=salutation
    )
    context = document_context(
        library=library,
        audience=chosen_audience,
        messages=messages,
        letterhead=letterhead,
        extra_fields=extra_fields,
        lang=lang,
    )
    return _document_draft(chosen_audience, chosen_format, messages, context, templates)


def _document_draft(
    audience: Audience,
    format: str,
    messages: Sequence[Message],
    context: dict[str, Any],
    templates: Sequence[Path],
) -> Draft:
    """A letter or talking points: the context for the templates, the text to come."""
    return Draft(
        audience=audience.name,
        format=format,
        pieces=(Piece(message_ids=tuple(m.id for m in messages), text=""),),
        title=context["subject"] if format == "letter" else context["headline"],
        extras={"context": context, "templates": tuple(templates)},
    )
