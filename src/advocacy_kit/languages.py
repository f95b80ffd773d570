"""The words a letter is built from, per language: salutation, opening, closing, date.

Message text comes from the library (a variant with ``lang: fr`` translates it); the
boilerplate around it comes from here, so a French variant gives a French letter. English
is the default and is written exactly as the templates always wrote it. Dates in other
languages come from Babel (imported only when needed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

#: Per language: the fixed words of a letter. ``{organization}`` is filled in.
LETTER_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "dear": "Dear {to}",
        "sir_or_madam": "Sir or Madam",
        "subject_prefix": "Re:",
        "opening": "I am writing to ask for your support for the social service workforce.",
        "opening_for": (
            "I am writing on behalf of {organization} to ask for your support for the "
            "social service workforce."
        ),
        "ask": "I therefore ask you to act:",
        "thanks": (
            "Thank you for your attention to the social service workforce. I would welcome "
            "the opportunity to discuss how we can work together."
        ),
        "closing": "Yours sincerely,",
        "your_name": "[Your name]",
        "sources": "Sources",
        "talking_points_for": "Talking points for:",
        "evidence": "Evidence:",
        "source": "source:",
        "the_ask": "The ask:",
        "for_discussion": "For discussion:",
    },
    "fr": {
        "dear": "{to}",
        "sir_or_madam": "Madame, Monsieur",
        "subject_prefix": "Objet :",
        "opening": (
            "Je me permets de vous écrire pour solliciter votre soutien au personnel des "
            "services sociaux."
        ),
        "opening_for": (
            "Je me permets de vous écrire au nom de {organization} pour solliciter votre "
            "soutien au personnel des services sociaux."
        ),
        "ask": "Je vous demande donc d'agir :",
        "thanks": (
            "Je vous remercie de l'attention que vous porterez au personnel des services "
            "sociaux et reste à votre disposition pour échanger sur la manière dont nous "
            "pouvons travailler ensemble."
        ),
        "closing": (
            "Je vous prie d'agréer, {to_or_madam}, l'expression de ma haute considération."
        ),
        "your_name": "[Votre nom]",
        "sources": "Sources",
        "talking_points_for": "Points de discussion pour :",
        "evidence": "Données :",
        "source": "source :",
        "the_ask": "Notre demande :",
        "for_discussion": "Pour la discussion :",
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
                "agences avec lesquels vous travaillez, et que leur demanderiez-vous ?"
            ),
        },
        "media": {
            "label": "Médias et grand public",
            "subject": "Le personnel des services sociaux dans nos communautés",
            "headline": "Ce que le personnel des services sociaux fait pour nous tous",
            "question": (
                "Quelle histoire tirée de votre propre travail montrerait au public ce que "
                "fait le personnel des services sociaux ?"
            ),
        },
        "workforce": {
            "label": "Membres du personnel des services sociaux",
            "subject": "Champions de notre profession",
            "headline": "Champions du personnel des services sociaux",
            "question": (
                "Pourquoi pensez-vous que le personnel des services sociaux est un élément "
                "essentiel au bon fonctionnement du système des services sociaux et aux "
                "meilleurs résultats pour les enfants et les familles vulnérables ?"
            ),
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
    lang: str | None, *, to: str | None = None, organization: str | None = None
) -> dict[str, Any]:
    """The fixed words of a letter in ``lang``, with the recipient and organisation in.

    Returns:
        A dict for templates: ``greeting`` (without its comma), ``subject_prefix``,
        ``opening``, ``ask``, ``thanks``, ``closing``, ``your_name``, ``sources`` and the
        talking points' labels.
    """
    words = dict(LETTER_WORDS[base_language(lang)])
    to_or_madam = to or words["sir_or_madam"]
    words["greeting"] = words["dear"].format(to=to_or_madam)
    words["closing"] = words["closing"].format(to_or_madam=to_or_madam)
    opening = words["opening_for"] if organization else words["opening"]
    words["opening"] = opening.format(organization=organization or "")
    return words


def audience_words(audience: str, lang: str | None) -> dict[str, str] | None:
    """Subject, headline, question and label of ``audience`` in ``lang``; None for English."""
    table = AUDIENCE_WORDS.get(base_language(lang))
    if table is None:
        return None
    return table.get(audience, table["media"])
