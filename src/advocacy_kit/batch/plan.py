"""Planning a merge: every row checked, named and rendered in memory, nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct

from advocacy_kit.batch.fields import missing_template_fields
from advocacy_kit.batch.filenames import (
    checked_pattern,
    default_pattern,
    duplicate_names,
    example_pattern,
)
from advocacy_kit.batch.letters import RENDERED_HERE, Letter, ProgressCallback, make_letters
from advocacy_kit.batch.manifest import MANIFEST_NAME, scan_folder
from advocacy_kit.batch.problems import Problem, stop_on
from advocacy_kit.batch.recipients import Recipients, read_recipients, sheet_hint
from advocacy_kit.batch.rows import Group, GroupKey, RowPlan, compose_groups, required_columns
from advocacy_kit.errors import OutputError, UsageError, choice_hint
from advocacy_kit.model import Library, get_audience
from advocacy_kit.output import documents
from advocacy_kit.records import compare_without, repr_without

#: Letter formats ``merge`` writes, by the name ``--format`` takes, and their extension.
FORMAT_EXTENSIONS = {
    "md": ".md",
    "markdown": ".md",
    "txt": ".txt",
    "text": ".txt",
    "html": ".html",
    "pdf": ".pdf",
    "docx": ".docx",
    "eml": ".eml",
    "email": ".eml",
}


@compare_without("contents", "previews")
@repr_without("contents", "previews")
class MergePlan(Struct, frozen=True):
    """Everything checked and rendered, nothing written yet (see :func:`plan_merge`)."""

    recipients: Recipients
    out: Path
    format: str
    extension: str
    letters: tuple[Letter, ...]
    force: bool
    notes: tuple[str, ...] = ()
    contents: tuple[str | bytes, ...] = ()
    previews: tuple[str, ...] = ()
    stale_temp_files: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def missing(self) -> int:
        """How many letters are not in the folder yet."""
        return sum(1 for letter in self.letters if not letter.exists)

    @property
    def existing(self) -> int:
        """How many letters are in the folder already."""
        return len(self.letters) - self.missing

    @property
    def manifest(self) -> Path:
        """Where ``manifest.csv`` goes."""
        return self.out / MANIFEST_NAME

    def to_json(self) -> dict[str, Any]:
        """The plan as ``merge --dry-run --json`` prints it."""
        return {
            "recipients": self.recipients.label,
            "out": str(self.out),
            "format": self.format,
            "letters": [
                {
                    "line": letter.row.line,
                    "file": letter.file,
                    "audience": letter.audience,
                    "status": _planned_status(letter, force=self.force),
                }
                for letter in self.letters
            ],
            "notes": list(self.notes),
        }


def _planned_status(letter: Letter, *, force: bool) -> str:
    if not letter.exists:
        return "new"
    return "replace" if force else "keep"


class _Settings(Struct, frozen=True):
    """The keyword arguments of :func:`plan_merge`, shared by the steps of planning."""

    library: Library
    recipients: Path
    out: Path
    audience: str | None
    format: str
    name: str | None
    delimiter: str | None
    sheet: str | None
    sender: str | None
    organization: str | None
    date: dt.date | None
    templates: Sequence[Path]
    force: bool
    require: Sequence[str]
    preview: int
    progress: ProgressCallback | None
    variants: Any | None
    region: str | None
    extra_fields: Mapping[str, str] | None
    email: Any | None


def plan_merge(
    *,
    library: Library,
    recipients: Path,
    out: Path,
    audience: str | None = None,
    format: str = "md",
    name: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    sender: str | None = None,
    organization: str | None = None,
    date: dt.date | None = None,
    templates: Sequence[Path] = (),
    force: bool = False,
    require: Sequence[str] = (),
    preview: int = 1,
    progress: ProgressCallback | None = None,
    variants: Any | None = None,
    region: str | None = None,
    extra_fields: Mapping[str, str] | None = None,
    email: Any | None = None,
) -> MergePlan:
    """Read and check the recipients, name and render every letter into the
    :class:`MergePlan` :func:`advocacy_kit.batch.merge.run_merge` writes; write nothing.

    Args:
        library: The loaded message library.
        recipients: The recipients file (``.csv`` or ``.xlsx``).
        out: The folder the letters go in (need not exist yet).
        audience: The audience of every letter; a row's filled ``audience`` cell wins.
        format: ``md``, ``txt``, ``html``, ``pdf``, ``docx`` or ``eml`` (e-mail).
        name: The file-name pattern, e.g. ``{last_name}-{organisation}`` (default: ``{name}``).
        delimiter: Force the CSV delimiter (``,`` ``;`` ``tab``).
        sheet: The sheet of an Excel workbook (default the first).
        sender: Your name, signing every letter (a ``sender`` column wins).
        organization: Your organisation (a ``sender_organisation`` column wins).
        date: The letters' date (default today).
        templates: The user's template folders, searched before the built-in one.
        force: Plan to replace letters already in ``out``.
        require: Columns that must be filled in every row.
        preview: How many letters to keep as plain text for a dry run's preview.
        progress: Called as ``progress("checking", done, total)`` while rendering.
        variants: The regional variants (a ``VariantSet``) a row's ``region`` cell picks from.
        region: The variant for rows whose ``region`` cell is empty.
        extra_fields: More template fields for every letter (the profile's).
        email: For ``format="eml"``: a :class:`advocacy_kit.output.eml.LetterMail` with
            From, Reply-To, the subject (None: each letter's own) and ``attach``; each
            row's To comes from its ``email`` column.

    Raises:
        RecipientsError: problems in the recipients file, all of them listed.
        UsageError: a flag does not make sense (unknown format or audience, ...).
        TemplateError: a template is missing or broken.
        OutputError: ``out`` is a file, or holds a ``manifest.csv`` not written by merge.
    """
    return _plan(_Settings(**locals()))  # locals() holds the arguments only, here


def _plan(settings: _Settings) -> MergePlan:
    """The steps of :func:`plan_merge`, in order."""
    fmt, extension, kind = letter_format(settings.format)
    audience = settings.audience
    default_audience = get_audience(audience).name if audience else None
    table, problems = _read_table(settings)
    checked = _check_rows(settings, table, default_audience, extension, problems)
    groups = _letter_groups(settings, table, checked, kind, problems)
    mail = None
    if kind == "eml":
        from advocacy_kit.batch.mail_merge import merge_mail

        mail = merge_mail(table, settings.email)
    made = make_letters(
        table,
        checked.rows,
        groups,
        checked.existing,
        kind=kind,
        out=settings.out,
        templates=settings.templates,
        preview=settings.preview,
        progress=settings.progress,
        mail=mail,
    )
    return MergePlan(
        recipients=table,
        out=settings.out,
        format=fmt,
        extension=extension,
        letters=tuple(made.letters),
        force=settings.force,
        notes=tuple(checked.notes),
        contents=tuple(made.contents),
        previews=tuple(made.previews),
        warnings=tuple(made.warnings),
        stale_temp_files=tuple(checked.stale),
    )


def _letter_groups(
    settings: _Settings, table: Recipients, checked: _Checked, kind: str, problems: list[Problem]
) -> dict[GroupKey, Group]:
    """The letter composed once per group of rows, once every row and the template's
    fields are known to be right.

    Raises:
        RecipientsError: every problem found so far.
    """
    # Composed with the built-in templates: only the data is kept, and a user's own
    # letter.txt.j2 may read columns a group's data does not have (issue 14).
    groups = compose_groups(
        checked.rows.groups,
        table,
        library=settings.library,
        variants=settings.variants,
        problems=problems,
        sender=settings.sender,
        organization=settings.organization,
        date=settings.date,
        extra_fields=settings.extra_fields,
    )
    stop_on(table.label, problems, name_example=checked.name_example)
    template_kind = kind if kind in RENDERED_HERE else "txt"
    some_context = next(iter(groups.values())).context if groups else {}
    problems += missing_template_fields(
        table, some_context, f"letter.{template_kind}.j2", template_kind, settings.templates
    )
    stop_on(table.label, problems)
    return groups


def letter_format(format: str) -> tuple[str, str, str]:
    """``--format`` as (format, extension, output kind).

    Raises:
        UsageError: unknown, or not written by this version.
    """
    fmt = format.strip().lower().lstrip(".")
    if fmt not in FORMAT_EXTENSIONS:
        raise UsageError(
            f"unknown format '{format}'",
            hint=choice_hint(fmt, ["md", "txt", "html", "pdf", "docx", "eml"], what="formats"),
        )
    extension = FORMAT_EXTENSIONS[fmt]
    return fmt, extension, documents.EXTENSIONS[extension]


def _read_table(settings: _Settings) -> tuple[Recipients, list[Problem]]:
    """The recipients file read, after checking ``out`` is not a file."""
    out = settings.out
    if out.exists() and not out.is_dir():
        raise OutputError(
            "the output folder is a file", path=out, hint="give --out a folder's name"
        )
    table, problems = read_recipients(
        settings.recipients, delimiter=settings.delimiter, sheet=settings.sheet
    )
    if not table.rows:
        stop_on(table.label, problems)  # a broken quote can leave no rows: say so first
        sheet = table.sheet
        raise UsageError(
            f"{sheet.described if sheet else 'the recipients file'} has a header row but "
            "no recipients",
            path=table.label,
            hint=sheet_hint(sheet) or "add one row per recipient under the header",
        )
    return table, problems


def _check_rows(
    settings: _Settings,
    table: Recipients,
    default_audience: str | None,
    extension: str,
    problems: list[Problem],
) -> _Checked:
    """Every row's audience, group and file name; the folder's entries and stale
    temporary files; notes for the user."""
    pattern = settings.name if settings.name is not None else default_pattern(table)
    in_name = checked_pattern(pattern, table)
    required = required_columns(
        table,
        in_name,
        settings.require,
        needs_audience=default_audience is None,
        problems=problems,
    )
    rows = RowPlan.of(
        table,
        default_audience=default_audience,
        region=settings.region,
        required=required,
        pattern=pattern,
        in_name=in_name,
        extension=extension,
        problems=problems,
    )
    notes = []
    if table.column("region") is not None and settings.variants is None:
        notes.append(
            "the 'region' column is a template field only: no regional variants were loaded"
        )
    clashes = duplicate_names(table, rows.names)
    problems += clashes
    existing, stale = scan_folder(
        settings.out, rows.names, force=settings.force, table=table, problems=problems
    )
    example = example_pattern(table, pattern) if clashes else None
    return _Checked(rows, existing, stale, notes, example)


class _Checked(Struct, frozen=True):
    """What :func:`_check_rows` found: the rows' plan, the output folder's entries (by
    name key) and stale temporary files, notes, and a ``--name`` example for clashes."""

    rows: RowPlan
    existing: dict[str, str]
    stale: list[str]
    notes: list[str]
    name_example: str | None
