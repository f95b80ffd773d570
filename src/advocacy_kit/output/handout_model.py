"""The handout record: talking points, one section per audience, and its fixed words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from msgspec import Struct, field

#: The title when ``--title`` is not given.
DEFAULT_TITLE = "Advocating for the social service workforce"

#: The title when ``--title`` is not given, by language.
DEFAULT_TITLES: dict[str, str] = {
    "en": DEFAULT_TITLE,
    "fr": "Plaider pour le personnel des services sociaux",
}

#: Questions for any group, asked after the audience's own question, by language. Prose
#: of our own: they state no fact.
GROUP_QUESTIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "Which of these talking points will you use first, with whom, and on what occasion?",
        "What example from your own work, or figure from a source you can name, would make "
        "these messages stronger where you work?",
    ),
    "fr": (
        "Lequel de ces points utiliserez-vous en premier, auprès de qui et à quelle occasion ?",
        "Quel exemple tiré de votre travail, ou quel chiffre dont vous pouvez citer la source, "
        "renforcerait ces messages là où vous travaillez ?",
    ),
}

#: The fixed words of a handout, by language and role; templates print these, never
#: words of their own. ``colon`` follows a label: French puts a (no-break) space before.
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "for": "For",
        "points": "Talking points",
        "evidence": "Evidence",
        "source": "Source",
        "ask": "The ask",
        "discussion": "For discussion",
        "notes": "Notes",
        "colon": ":",
    },
    "fr": {
        "for": "Pour",
        "points": "Points clés",
        "evidence": "Donnée",
        "source": "Source",
        "ask": "Notre demande",
        "discussion": "Pour la discussion",
        "notes": "Notes",
        "colon": "\u00a0:",
    },
}


def _primary(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


def labels_for(lang: str) -> dict[str, str]:
    """The handout's fixed words in ``lang`` (its primary subtag), English otherwise."""
    return dict(LABELS.get(_primary(lang), LABELS["en"]))


def group_questions(lang: str) -> tuple[str, ...]:
    """The questions for any group in ``lang``, English otherwise."""
    return GROUP_QUESTIONS.get(_primary(lang), GROUP_QUESTIONS["en"])


def default_title(lang: str) -> str:
    """The handout's title when none is given, in ``lang``, English otherwise."""
    return DEFAULT_TITLES.get(_primary(lang), DEFAULT_TITLE)


class TalkingPoint(Struct, frozen=True):
    """One key message on a handout, with its evidence and ask."""

    title: str
    text: str
    evidence: tuple[Mapping[str, str | None], ...] = ()
    ask: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain data for templates."""
        return {
            "title": self.title,
            "text": self.text,
            "evidence": [dict(e) for e in self.evidence],
            "ask": self.ask,
        }


class HandoutSection(Struct, frozen=True):
    """The part of a handout for one audience."""

    audience: str
    label: str
    headline: str
    introductions: tuple[str, ...]
    points: tuple[TalkingPoint, ...]
    asks: tuple[str, ...]
    questions: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """Plain data for templates."""
        return {
            "audience": self.audience,
            "label": self.label,
            "title": self.headline,
            "introductions": list(self.introductions),
            "points": [p.to_json() for p in self.points],
            "asks": list(self.asks),
            "questions": list(self.questions),
        }


class Handout(Struct, frozen=True):
    """A whole handout: its title, paper size and one section per audience."""

    title: str
    sections: tuple[HandoutSection, ...]
    paper: str = "a4"
    lang: str = "en"
    labels: Mapping[str, str] = field(default_factory=lambda: labels_for("en"))

    def to_json(self) -> dict[str, Any]:
        """The data every handout template (Typst, Jinja2) receives."""
        colon = self.labels.get("colon", ":")
        return {
            "title": self.title,
            "author": "advocacy-kit",
            "paper": self.paper,
            "lang": self.lang,
            "labels": {"colon": ":", **self.labels},
            "sections": [
                {**s.to_json(), "subtitle": f"{self.labels['for']}{colon} {s.label}"}
                for s in self.sections
            ],
        }


def section_from_context(context: Mapping[str, Any], *, lang: str = "en") -> HandoutSection:
    """A handout section from the data :func:`compose.document_context` gives.

    Talking-point drafts written as PDF or Word use this too.
    """
    audience = context["audience"]
    return HandoutSection(
        audience=audience["name"],
        label=audience["label"],
        headline=context["headline"],
        introductions=tuple(item["text"] for item in context["introductions"]),
        points=tuple(
            TalkingPoint(
                title=item["title"],
                text=item["text"],
                evidence=tuple(item["evidence"]),
                ask=item["ask"],
            )
            for item in context["messages"]
        ),
        asks=tuple(context["asks"]),
        questions=(context["question"], *group_questions(lang)),
    )
