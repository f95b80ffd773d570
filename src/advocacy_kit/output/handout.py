"""Printable talking-point handouts for trainers and workshops.

A :class:`Handout` holds one section per audience: a title, the audience's key messages
as talking points (each with its evidence and source), the ask, questions for the group
to discuss, and an area for the participant's notes. :func:`write_handout` writes it as
PDF (Typst), Word (python-docx), self-contained HTML, Markdown or plain text, chosen by
the output file's extension.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from advocacy_kit.compose.drafts import Letterhead, document_context, select_messages
from advocacy_kit.errors import OutputError, UsageError
from advocacy_kit.model import AUDIENCES, Library, get_audience
from advocacy_kit.output.handout_model import (
    Handout,
    default_title,
    labels_for,
    section_from_context,
)
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
    from advocacy_kit.files import refuse_existing, write_atomic

    kind = handout_kind(path)
    refuse_existing(path, force=force)  # said before the work of typesetting
    data = render_handout(handout, kind, templates=templates, font_paths=font_paths, warn=warn)
    write_atomic(path, data, force=force)
    return kind
