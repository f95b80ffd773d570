"""The words a letter is built from, per language: salutation, opening, closing, date.

Message text comes from the library (a variant with ``lang: fr`` translates it); the
boilerplate around it comes from here, so a French variant gives a French letter. English
is the default and is written exactly as the templates always wrote it. Dates in other
languages come from Babel (imported only when needed).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

#: Per language: the fixed words of a letter. ``{organization}`` is filled in.
LETTER_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "dear": "Dear {to}",
        "sir_or_madam": "Sir or Madam",
        "subject_prefix": "Re:",
        "opening": "I am writing to ask for your support for the social service workforce.",
        "opening_for": (
            "I am writing on behalf {of_organization} to ask for your support for the "
            "social service workforce."
        ),
        "thanks": (
            "Thank you for your attention to the social service workforce. I would welcome "
            "the opportunity to discuss how we can work together."
        ),
        "closing": "Yours sincerely,",
        "your_name": "[Your name]",
        "sources": "Sources",
        "colon": ":",
        "talking_points_for": "Talking points for:",
        "evidence": "Evidence:",
        "source": "source:",
        "the_ask": "The ask:",
        "for_discussion": "For discussion:",
    },
    "fr": {
        "dear": "{to}",
        "sir_or_madam": "Madame, Monsieur",
        "subject_prefix": "Objet\u00a0:",
        "opening": (
            "Je me permets de vous écrire pour solliciter votre soutien au personnel des "
            "services sociaux."
        ),
        "opening_for": (
            "Je me permets de vous écrire au nom {of_organization} pour solliciter votre "
            "soutien au personnel des services sociaux."
        ),
        "thanks": (
            "Je vous remercie de l'attention que vous porterez au personnel des services "
            "sociaux et reste à votre disposition pour échanger sur la manière dont nous "
            "pouvons travailler ensemble."
        ),
        "closing": ("Je vous prie d'agréer, {salutation}, l'expression de ma haute considération."),
        "your_name": "[Votre nom]",
        "sources": "Sources",
        "colon": "\u00a0:",
        "talking_points_for": "Points de discussion pour\u00a0:",
        "evidence": "Données\u00a0:",
        "source": "source\u00a0:",
        "the_ask": "Notre demande\u00a0:",
        "for_discussion": "Pour la discussion\u00a0:",
    },
}

#: Per language other than English: subject, headline, discussion question and the
#: audience's label per audience (English: :data:`advocacy_kit.compose.drafts.AUDIENCE_TEXT`,
#: and the label from :data:`advocacy_kit.model.AUDIENCES`).
AUDIENCE_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "fr": {
        "donors": {
            "label": "Donateurs, gouvernements et agences multilatérales",
            "subject": "Investir dans le personnel des services sociaux",
            "headline": "Pourquoi investir dans le personnel des services sociaux",
            "question": (
                "Lequel de ces messages répond le mieux aux priorités des donateurs et des "
                "agences avec lesquels vous travaillez, et que leur demanderiez-vous\u00a0?"
            ),
        },
        "media": {
            "label": "Médias et grand public",
            "subject": "Le personnel des services sociaux dans nos communautés",
            "headline": "Ce que le personnel des services sociaux fait pour nous tous",
            "question": (
                "Quelle histoire tirée de votre propre travail montrerait au public ce que "
                "fait le personnel des services sociaux\u00a0?"
            ),
        },
        "workforce": {
            "label": "Membres du personnel des services sociaux",
            "subject": "Champions de notre profession",
            "headline": "Champions du personnel des services sociaux",
            "question": (
                "Pourquoi pensez-vous que le personnel des services sociaux est un élément "
                "essentiel au bon fonctionnement du système des services sociaux et aux "
                "meilleurs résultats pour les enfants et les familles vulnérables\u00a0?"
            ),
        },
    },
}


#: Per language and audience: how a letter opens and thanks, where it differs from
#: :data:`LETTER_WORDS` (a letter to the workforce does not ask it to support itself).
#: ``{of_organization}`` is "of the X" / "de l'X", as :func:`of_organization` writes it.
LETTER_OPENINGS: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "media": {
            "opening": (
                "I am writing to tell you about the work of the social service workforce in "
                "our communities."
            ),
            "opening_for": (
                "I am writing on behalf {of_organization} to tell you about the work of the "
                "social service workforce in our communities."
            ),
        },
        "workforce": {
            "opening": (
                "I am writing to invite you, as a member of the social service workforce, to "
                "join in advocating for your profession."
            ),
            "opening_for": (
                "I am writing on behalf {of_organization} to invite you, as a member of the "
                "social service workforce, to join in advocating for your profession."
            ),
            "thanks": (
                "Thank you for the work you do. I would welcome the opportunity to discuss "
                "how we can work together."
            ),
        },
    },
    "fr": {
        "media": {
            "opening": (
                "Je me permets de vous écrire pour vous présenter le travail du personnel des "
                "services sociaux dans nos communautés."
            ),
            "opening_for": (
                "Je me permets de vous écrire au nom {of_organization} pour vous présenter le "
                "travail du personnel des services sociaux dans nos communautés."
            ),
        },
        "workforce": {
            "opening": (
                "Je me permets de vous écrire pour vous inviter, en tant que membre du "
                "personnel des services sociaux, à vous joindre au plaidoyer pour votre "
                "profession."
            ),
            "opening_for": (
                "Je me permets de vous écrire au nom {of_organization} pour vous inviter, en "
                "tant que membre du personnel des services sociaux, à vous joindre au "
                "plaidoyer pour votre profession."
            ),
            "thanks": (
                "Je vous remercie de votre engagement et reste à votre disposition pour "
                "échanger sur la manière dont nous pouvons travailler ensemble."
            ),
            # Between colleagues, not the formal closing a minister is owed.
            "closing": "Bien cordialement,",
        },
    },
}


def base_language(lang: str | None) -> str:
    """The language of ``lang`` that has letter words (``fr-CA`` gives ``fr``); English
    when there are none."""
    root = (lang or "en").split("-")[0].split("_")[0].lower()
    return root if root in LETTER_WORDS else "en"


def long_date(date: dt.date, lang: str | None = None) -> str:
    """A letter's date written out: ``19 October 2026``, ``19 octobre 2026``."""
    if base_language(lang) == "en":
        return f"{date.day} {date:%B %Y}"
    from babel.dates import format_date

    return str(format_date(date, format="long", locale=(lang or "en").replace("-", "_")))


def letter_words(
    lang: str | None,
    *,
    to: str | None = None,
    organization: str | None = None,
    audience: str | None = None,
    salutation: str | None = None,
    asks: Sequence[str] = (),
) -> dict[str, Any]:
    """The fixed words of a letter in ``lang``, with the recipient and organisation in.

    Args:
        lang: The letter's language (a variant's ``lang``).
        to: The recipient as typed (``--to``): the salutation is built from its first
            line's title and name, the whole of it goes in the address block.
        organization: The sender's organisation.
        audience: The audience, for an opening that fits it.
        salutation: A salutation that replaces the built one (``--salutation``).
        asks: The messages' asks, made into one request.

    Returns:
        A dict for templates: ``greeting`` (without its comma), ``recipient`` (the
        address lines), ``organization`` (as a letterhead shows it), ``subject_prefix``,
        ``opening``, ``request`` (empty without asks), ``thanks``, ``closing``,
        ``your_name``, ``sources`` and the talking points' labels.
    """
    from advocacy_kit.addressing import recipient_lines, salutation_for

    base = base_language(lang)
    fixed, sender = _sender_words(base, audience or "", organization or "", tuple(asks))
    words: dict[str, Any] = dict(fixed)
    greeting = " ".join((salutation or "").split()).rstrip(",") or salutation_for(to, base)
    words["greeting"] = greeting
    words["recipient"] = recipient_lines(to)
    words["closing"] = words["closing"].format(salutation=greeting)
    words.update(sender)  # after the recipient's, in the order templates always saw
    return words


@functools.lru_cache(maxsize=64)
def _sender_words(
    base: str, audience: str, organization: str, asks: tuple[str, ...]
) -> tuple[dict[str, str], dict[str, str | None]]:
    """What :func:`letter_words` says the same for every recipient (a merge's thousands
    of letters share it): the language's words with the audience's opening, and the
    opening, organisation and request made from the sender's organisation and asks.
    Callers copy the first dict; neither is changed."""
    from advocacy_kit.addressing import letterhead_name, of_organization, request_sentence

    fixed = dict(LETTER_WORDS[base])
    fixed.update(LETTER_OPENINGS.get(base, {}).get(audience, {}))
    opening = fixed["opening_for"] if organization else fixed["opening"]
    sender: dict[str, str | None] = {
        "opening": opening.format(of_organization=of_organization(organization, base)),
        "organization": letterhead_name(organization) if organization else None,
        "request": request_sentence(asks, base),
    }
    return fixed, sender


def audience_words(audience: str, lang: str | None) -> dict[str, str] | None:
    """Subject, headline, question and label of ``audience`` in ``lang``; None for English."""
    table = AUDIENCE_WORDS.get(base_language(lang))
    if table is None:
        return None
    return table.get(audience, table["media"])
