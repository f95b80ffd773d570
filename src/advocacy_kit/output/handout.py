"""Printable talking-point handouts for trainers and workshops.

A :class:`Handout` holds one section per audience: a title, the audience's key messages
as talking points (each with its evidence and source), the ask, questions for the group
to discuss, and an area for the participant's notes. :func:`write_handout` writes it as
PDF (Typst), Word (python-docx), self-contained HTML, Markdown or plain text, chosen by
the output file's extension.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advocacy_kit.compose import Letterhead, document_context, select_messages
from advocacy_kit.errors import OutputError, UsageError
from advocacy_kit.model import AUDIENCES, Library, get_audience
from advocacy_kit.output.pdf import Warn

#: Handout file kinds by extension.
HANDOUT_EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
}

#: Paper sizes a handout can be printed on.
PAPER_SIZES = ("a4", "letter")

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


@dataclass(frozen=True)
class TalkingPoint:
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


@dataclass(frozen=True)
class HandoutSection:
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


@dataclass(frozen=True)
class Handout:
    """A whole handout: its title, paper size and one section per audience."""

    title: str
    sections: tuple[HandoutSection, ...]
    paper: str = "a4"
    lang: str = "en"
    labels: Mapping[str, str] = field(default_factory=lambda: labels_for("en"))

    @property
    def messages(self) -> tuple[str, ...]:
        """The text of every talking point and introduction, in order."""
        texts: list[str] = []
        for section in self.sections:
            texts.extend(section.introductions)
            texts.extend(p.text for p in section.points)
        return tuple(texts)

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


def normalise_paper(paper: str) -> str:
    """``a4`` or ``letter``, from what the user typed.

    Raises:
        UsageError: any other paper size.
    """
    wanted = paper.strip().lower()
    wanted = {"us-letter": "letter", "usletter": "letter"}.get(wanted, wanted)
    if wanted not in PAPER_SIZES:
        raise UsageError(f"unknown paper size '{paper}'", hint="use --paper a4 or --paper letter")
    return wanted


def compose_handout(
    *,
    library: Library,
    audience: str,
    title: str | None = None,
    paper: str = "a4",
    lang: str = "en",
) -> Handout:
    """Compose a handout for one audience, or for every audience with ``"all"``.

    Args:
        library: The loaded (and, for a region, resolved) message library.
        audience: An audience name or alias, or ``all`` for one section per audience.
        title: The handout's title (default :func:`default_title` of ``lang``).
        paper: ``a4`` or ``letter``.
        lang: The language of the text (BCP 47): the headings, headline, audience
            label and discussion questions are written in it (English when there are
            none in that language), and PDF hyphenation follows it.

    Returns:
        The :class:`Handout`.

    Raises:
        UsageError: unknown audience or paper size, or no messages to print.
    """
    chosen_paper = normalise_paper(paper)
    if audience.strip().lower() == "all":
        audiences = [a for a in AUDIENCES if library.for_audience(a.name)]
        if not audiences:
            raise UsageError(
                "the library has no messages for any audience",
                hint="add messages with an 'audience:' to your library",
            )
    else:
        try:
            audiences = [get_audience(audience)]
        except UsageError as error:
            raise UsageError(
                error.message, hint=f"{error.hint}; or all, for every audience"
            ) from None
    sections = []
    for chosen in audiences:
        context = document_context(
            library=library,
            audience=chosen,
            messages=select_messages(library, chosen),
            letterhead=Letterhead(),
            lang=lang,
        )
        sections.append(section_from_context(context, lang=lang))
    return Handout(
        title=(title or "").strip() or default_title(lang),
        sections=tuple(sections),
        paper=chosen_paper,
        lang=lang,
        labels=labels_for(lang),
    )


def handout_kind(path: Path) -> str:
    """The handout file kind ``path``'s extension asks for.

    Raises:
        OutputError: an extension handouts are not written as.
    """
    kind = HANDOUT_EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        raise OutputError(
            f"cannot write a handout as '{path.suffix or path.name}'",
            path=path,
            hint="end the file name in .pdf, .docx, .html, .md or .txt",
        )
    return kind


def render_handout(
    handout: Handout,
    kind: str,
    *,
    templates: Sequence[Path] = (),
    font_paths: Sequence[Path] = (),
    warn: Warn | None = None,
) -> bytes | str:
    """The handout as ``kind``: PDF or Word bytes, or HTML, Markdown or text.

    Args:
        handout: The composed handout.
        kind: ``pdf``, ``docx``, ``html``, ``md`` or ``txt``.
        templates: The user's template folders, before the built-in one.
        font_paths: Extra font folders for PDF.
        warn: Called with each warning (characters the PDF fonts cannot show).

    Raises:
        TemplateError: a template fails.
    """
    if kind == "pdf":
        from advocacy_kit.output import pdf

        result = pdf.render_pdf(
            "handout.typ",
            {**handout.to_json(), "paper": pdf.paper_name(handout.paper)},
            templates=templates,
            font_paths=font_paths,
        )
        pdf.report(result, warn)
        return result.data
    if kind == "docx":
        from advocacy_kit.output.docx import handout_docx

        return handout_docx(handout)
    from advocacy_kit.output.render import render

    return render(f"handout.{kind}.j2", handout.to_json(), kind=kind, templates=templates)


def write_handout(
    handout: Handout,
    path: Path,
    *,
    force: bool = False,
    templates: Sequence[Path] = (),
    font_paths: Sequence[Path] = (),
    warn: Warn | None = None,
) -> str:
    """Write ``handout`` to ``path`` in the format its extension names, atomically.

    Returns:
        The kind written (``pdf``, ``docx``, ``html``, ``md`` or ``txt``).

    Raises:
        OutputError: unknown extension, or the file exists and ``force`` is false.
        TemplateError: a template fails.
    """
    from advocacy_kit.files import write_atomic

    kind = handout_kind(path)
    if path.exists() and not force:  # say so before the work of typesetting
        raise OutputError(
            "the file exists already",
            path=path,
            hint="run again with --force to replace it, or choose another name with -o",
        )
    data = render_handout(handout, kind, templates=templates, font_paths=font_paths, warn=warn)
    write_atomic(path, data, force=force)
    return kind
