"""Making every row's letter in memory, so that nothing is written unless all are right."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advocacy_kit.batch.fields import FieldMapper
from advocacy_kit.batch.filenames import name_key
from advocacy_kit.batch.manifest import same_content
from advocacy_kit.batch.problems import Problem, stop_on
from advocacy_kit.batch.recipients import RecipientRow, Recipients
from advocacy_kit.batch.rows import Group, GroupKey, RowPlan
from advocacy_kit.errors import TemplateError
from advocacy_kit.model import Draft, Piece

#: Output kinds whose letter is the rendered template itself; the others (PDF, Word)
#: are written from a draft holding the text.
RENDERED_HERE = ("md", "txt", "html")

ProgressCallback = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Letter:
    """One letter to write: its row, file name and whether it is there already."""

    row: RecipientRow
    file: str
    audience: str
    exists: bool
    same: bool | None = None  # for an existing file: whether it holds this very letter


@dataclass(frozen=True)
class MadeLetters:
    """Every row's letter: the texts (or, for PDF and Word, drafts), previews, records."""

    contents: list[str]
    drafts: list[Draft]
    previews: list[str]
    letters: list[Letter]


def make_letters(
    table: Recipients,
    rows: RowPlan,
    groups: Mapping[GroupKey, Group],
    existing: Mapping[str, str],
    *,
    kind: str,
    out: Path,
    templates: Sequence[Path],
    preview: int,
    progress: ProgressCallback | None,
) -> MadeLetters:
    """Every letter made now, so that a template failing on some row stops the run
    before anything is written.

    Args:
        table: The recipients.
        rows: Each row's audience, group and file name.
        groups: The letter composed once per group.
        existing: The output folder's entries, by :func:`name_key`.
        kind: The output kind (``md``, ``txt``, ``html``, ``pdf``, ``docx``).
        out: The output folder.
        templates: The user's template folders.
        preview: How many letters to keep as plain text for a preview.
        progress: Called as ``progress("checking", done, total)``.

    Raises:
        RecipientsError: the template fails on some rows.
    """
    from advocacy_kit.output.render import Template, render

    rendered_here = kind in RENDERED_HERE
    template_kind = kind if rendered_here else "txt"
    template = Template(f"letter.{template_kind}.j2", kind=template_kind, templates=templates)
    fields_of = FieldMapper(table)
    problems: list[Problem] = []
    contents: list[str] = []
    drafts: list[Draft] = []
    previews: list[str] = []
    letters: list[Letter] = []
    total = len(table.rows)
    for position, row in enumerate(table.rows):
        context = _row_context(fields_of, row, groups[rows.groups_of[position]])
        try:
            text = template.render(context)
        except TemplateError as exc:  # the template's file and line, on this row's data
            where = f"{exc.location}: " if exc.location else ""
            problems.append(Problem(row.line, f"the letter cannot be made: {where}{exc.message}"))
            continue
        if rendered_here:
            contents.append(text)
        else:
            drafts.append(_row_draft(rows.audiences[position], context, text, templates))
        if len(previews) < preview:
            previews.append(
                text
                if kind in ("md", "txt")
                else render("letter.txt.j2", context, kind="txt", templates=templates)
            )
        there = existing.get(name_key(rows.names[position]))
        letters.append(
            Letter(
                row=row,
                file=there or rows.names[position],
                audience=rows.audiences[position],
                exists=there is not None,
                same=same_content(out / there, text) if there and rendered_here else None,
            )
        )
        if progress is not None and (position % 64 == 63 or position + 1 == total):
            progress("checking", position + 1, total)
    stop_on(table.label, problems)
    return MadeLetters(contents, drafts, previews, letters)


def _row_context(fields_of: FieldMapper, row: RecipientRow, group: Group) -> dict[str, Any]:
    """The template context of one row's letter."""
    context = fields_of.context(row, group.context)
    if "words" in group.context:
        from advocacy_kit.languages import letter_words

        # The greeting and closing name the row's recipient (issue 4's languages).
        context["words"] = letter_words(
            group.lang, to=context["to"], organization=context["organization"]
        )
    return context


def _row_draft(
    audience: str, context: dict[str, Any], text: str, templates: Sequence[Path]
) -> Draft:
    """A letter :class:`Draft` for one row, for writers that take a draft (PDF, Word)."""
    return Draft(
        audience=audience,
        format="letter",
        pieces=(Piece(message_ids=(), text=text),),
        title=context.get("subject"),
        extras={"context": context, "templates": tuple(templates)},
    )
