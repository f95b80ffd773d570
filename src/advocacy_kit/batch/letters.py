"""Making every row's letter in memory, so that nothing is written unless all are right."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from advocacy_kit.batch.fields import FieldMapper
from advocacy_kit.batch.filenames import name_key
from advocacy_kit.batch.halves import in_halves
from advocacy_kit.batch.manifest import same_content
from advocacy_kit.batch.problems import Problem, stop_on
from advocacy_kit.batch.recipients import RecipientRow, Recipients
from advocacy_kit.batch.rows import Group, GroupKey, RowPlan
from advocacy_kit.batch.typeset import DocumentBuilder
from advocacy_kit.errors import AdvocacyKitError, TemplateError

#: Output kinds whose letter is the rendered template itself; the others (PDF, Word)
#: are built from the row's data.
RENDERED_HERE = ("md", "txt", "html")

ProgressCallback = Callable[[str, int, int], None]

if TYPE_CHECKING:
    from advocacy_kit.batch.mail_merge import MergeMail
    from advocacy_kit.output.render import Template


class Letter(Struct, frozen=True):
    """One letter to write: its row, file name and whether it is there already."""

    row: RecipientRow
    file: str
    audience: str
    exists: bool
    same: bool | None = None  # for an existing file: whether it holds this very letter


class MadeLetters(Struct, frozen=True):
    """Every row's letter: its contents (text, or a PDF's or Word file's bytes),
    previews as plain text, records, and warnings naming rows."""

    contents: list[str | bytes]
    previews: list[str]
    letters: list[Letter]
    warnings: list[str]


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
    mail: MergeMail | None = None,
) -> MadeLetters:
    """Every letter made now, PDF and Word files included, so that a letter failing on
    some row stops the run before anything is written (issue 13).

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
        mail: For ``eml``: the e-mail's From, subject and attachment, and the column
            of each row's address (issue 15).

    Raises:
        RecipientsError: the letter cannot be made for some rows.
    """
    from advocacy_kit.output.render import Template

    template_kind = kind if kind in RENDERED_HERE else "txt"
    template = Template(f"letter.{template_kind}.j2", kind=template_kind, templates=templates)
    # Text letters are only rendered, in the immutable sandbox: their data need no copy.
    fields_of = FieldMapper(table, fresh=kind not in RENDERED_HERE)
    builder = DocumentBuilder(kind, templates=templates)
    problems: list[Problem] = []
    made = MadeLetters([], [], [], [])
    warned: dict[str, list[int]] = {}
    total = len(table.rows)
    texts = _text_letters(fields_of, table, rows, groups, template, progress, kind)
    for position, row in enumerate(table.rows):
        group = rows.groups_of[position]
        context: dict[str, Any] | None = None
        if texts is None:
            context = _row_context(fields_of, row, groups[group])
            text = _rendered(template, context)
        else:
            text = texts[position]
        if isinstance(text, TemplateError):  # the template's file and line, on this row
            where = f"{text.location}: " if text.location else ""
            problems.append(Problem(row.line, f"the letter cannot be made: {where}{text.message}"))
            continue
        try:  # a text letter is its text; a PDF, Word or e-mail file is built here
            content = (
                text
                if context is None
                else _content(
                    text, context, builder, templates, warned, row.line, mail, rows.names[position]
                )
            )
        except Exception as exc:  # a PDF or Word file failing on this row's data
            problems.append(Problem(row.line, _document_problem(exc)))
            continue
        made.contents.append(content)
        if len(made.previews) < preview:
            shown = context or _row_context(fields_of, row, groups[group])
            made.previews.append(_preview(text, shown, kind, templates))
        made.letters.append(_letter(row, position, rows, existing, out, text, kind))
        if texts is None:  # text letters reported their progress as they were rendered
            _report(progress, position, total)
    stop_on(table.label, problems)
    made.warnings.extend(_warnings(table.label, warned))
    return made


def _text_letters(
    fields_of: FieldMapper,
    table: Recipients,
    rows: RowPlan,
    groups: Mapping[GroupKey, Group],
    template: Template,
    progress: ProgressCallback | None,
    kind: str,
) -> list[str | TemplateError] | None:
    """Every row's text letter, or the error its template met on the row; None for PDF,
    Word and e-mail files, whose contexts are made in turn as each file is built.

    The rows are shared by two processes when there are many (:mod:`halves`). Each makes
    its rows' contexts and renders once what its letters of one group all say alike
    (:meth:`Template.specialised`), then each letter.
    """
    if kind not in RENDERED_HERE:
        return None
    total = len(table.rows)

    def work(start: int, stop: int, here: bool) -> list[str | TemplateError]:
        contexts = [
            _row_context(fields_of, table.rows[i], groups[rows.groups_of[i]])
            for i in range(start, stop)
        ]
        members: dict[GroupKey, list[Mapping[str, Any]]] = {}
        for position, context in enumerate(contexts, start):
            members.setdefault(rows.groups_of[position], []).append(context)
        specialised = {key: template.specialised(group) for key, group in members.items()}
        done: list[str | TemplateError] = []
        for position, context in enumerate(contexts, start):
            done.append(_rendered(specialised[rows.groups_of[position]], context))
            if here:
                _report(progress, position, total)
        return done

    texts = in_halves(work, total)
    if total:  # the rows of a copy were rendered at the same time as this process's
        _report(progress, total - 1, total)
    return texts


def _report(progress: ProgressCallback | None, position: int, total: int) -> None:
    """Progress after row ``position`` (0-based), every 64 rows and at the last."""
    if progress is not None and (position % 64 == 63 or position + 1 == total):
        progress("checking", position + 1, total)


def _letter(
    row: RecipientRow,
    position: int,
    rows: RowPlan,
    existing: Mapping[str, str],
    out: Path,
    text: str,
    kind: str,
) -> Letter:
    """The record of the letter of the row at ``position``, whose text is ``text``."""
    there = existing.get(name_key(rows.names[position]))
    return Letter(
        row=row,
        file=there or rows.names[position],
        audience=rows.audiences[position],
        exists=there is not None,
        same=same_content(out / there, text) if there and kind in RENDERED_HERE else None,
    )


def _rendered(template: Template, context: Mapping[str, Any]) -> str | TemplateError:
    """One row's text, or the error its template met."""
    try:
        return template.render(context)
    except TemplateError as exc:
        return exc


def _content(
    text: str,
    context: Mapping[str, Any],
    builder: DocumentBuilder,
    templates: Sequence[Path],
    warned: dict[str, list[int]],
    line: int,
    mail: MergeMail | None = None,
    name: str = "",
) -> str | bytes:
    """The PDF, Word or e-mail file written for one row, built from the row's data (its
    warnings noted under the row's line)."""
    if builder.kind == "eml" and mail is not None:
        from advocacy_kit.batch.mail_merge import row_email

        data, warnings = row_email(mail, context, text, file_name=name, templates=templates)
    else:
        data, warnings = builder.build(context)  # the Word template parsed once a run
    for warning in warnings:
        warned.setdefault(warning, []).append(line)
    return data


def _document_problem(exc: Exception) -> str:
    """What went wrong building one row's PDF or Word file."""
    if isinstance(exc, AdvocacyKitError):  # a Typst template failing on this row
        where = f"{exc.location}: " if exc.location else ""
        return f"the letter cannot be made: {where}{exc.message}"
    return f"the letter cannot be made: {type(exc).__name__}: {exc}"


def _preview(text: str, context: Mapping[str, Any], kind: str, templates: Sequence[Path]) -> str:
    """A letter as plain text, for a dry run: HTML's is the text template's."""
    if kind != "html":
        return text
    from advocacy_kit.output.render import render

    return render("letter.txt.j2", context, kind="txt", templates=templates)


def _warnings(label: str, warned: Mapping[str, Sequence[int]]) -> list[str]:
    """Each warning once, at the first row it concerns (and how many more)."""
    found = []
    for warning, lines in warned.items():
        more = f" (and {len(lines) - 1} more rows)" if len(lines) > 1 else ""
        found.append(f"{label}:{lines[0]}{more}: {warning}")
    return found


def _row_context(fields_of: FieldMapper, row: RecipientRow, group: Group) -> dict[str, Any]:
    """The template context of one row's letter."""
    from advocacy_kit.languages import letter_words

    context = fields_of.context(row, group.context)
    # The greeting and closing name the row's recipient (issue 4's languages); every
    # letter's context has words, made for the letter's recipient when composed.
    context["words"] = letter_words(
        group.lang,
        to=context["to"],
        organization=context["organization"],
        audience=context["audience"]["name"],
        salutation=context.get("salutation"),
        asks=context["asks"],
    )
    return context
