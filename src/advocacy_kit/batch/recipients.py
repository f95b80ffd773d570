"""A recipients file (CSV or xlsx) read into checked rows with named columns."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from msgspec import Struct

from advocacy_kit.batch.problems import Problem
from advocacy_kit.batch.tables import (
    Records,
    SheetRead,
    decode,
    parse_delimiter,
    read_csv,
    read_workbook,
    sniff_delimiter,
)
from advocacy_kit.errors import UsageError

#: Columns with a meaning of their own (after normalising the header: lower case,
#: spaces and hyphens as ``_``). Every column is also a template field.
NAME_COLUMNS = ("first_name", "last_name")
ORGANISATION_COLUMNS = ("organisation", "organization")
SENDER_ORGANISATION_COLUMNS = ("sender_organisation", "sender_organization")
LANG_COLUMNS = ("lang", "language")

_HEADER_SEPARATORS = re.compile(r"[\s\-]+")

#: C0 and C1 control characters but tab and line breaks, and the code points that are
#: not characters at all (U+FFFE, U+FFFF, lone surrogates): nothing a letter can show,
#: and some (NUL, VT, U+FFFE) cannot be put in a Word file at all (issue 13).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class RecipientRow(Struct, frozen=True):
    """One data row of the recipients file."""

    line: int
    number: int
    values: tuple[str, ...]


class Recipients(Struct, frozen=True):
    """A recipients file read into rows, with its columns.

    Attributes:
        path: The file.
        label: The file as the user named it, for messages.
        headers: The header cells as written.
        keys: The column names templates and ``--name`` use: lower case, spaces and
            hyphens as ``_`` (``Last Name`` -> ``last_name``).
        rows: The data rows (blank rows left out).
        header_line: The line (or sheet row) of the header.
        delimiter: The CSV delimiter used, or None for a spreadsheet.
        sheet: For a workbook, the sheet read and the workbook's sheets.
    """

    path: Path
    label: str
    headers: tuple[str, ...]
    keys: tuple[str, ...]
    rows: tuple[RecipientRow, ...]
    header_line: int
    delimiter: str | None
    sheet: SheetRead | None = None

    def column(self, *names: str) -> int | None:
        """The index of the first of ``names`` that is a column, or None."""
        for name in names:
            if name in self.keys:
                return self.keys.index(name)
        return None

    def header(self, key: str) -> str:
        """The header cell, as written, of the column called ``key``."""
        return self.headers[self.keys.index(key)]


def normalise_column(header: str) -> str:
    """The name a column goes by in templates and ``--name``: ``Last Name`` -> ``last_name``."""
    text = unicodedata.normalize("NFC", header).strip().lower()
    return _HEADER_SEPARATORS.sub("_", text).strip("_")


def read_recipients(
    path: Path, *, delimiter: str | None = None, sheet: str | None = None
) -> tuple[Recipients, list[Problem]]:
    """Read a recipients file (``.csv`` or ``.xlsx``) into rows, collecting problems.

    Args:
        path: The file; ``.xlsx`` is read as an Excel workbook, anything else as CSV.
        delimiter: The CSV delimiter (``,`` ``;`` ``tab``); sniffed when None.
        sheet: For a workbook, the sheet to read (default the first).

    Returns:
        The recipients and the problems found while reading them (undecodable bytes,
        rows too short or too long, header cells missing or repeated). Blank rows are
        left out.

    Raises:
        UsageError: the file cannot be read at all, or has no header row.
    """
    label = str(path)
    if not path.is_file():
        raise UsageError(
            "the recipients file does not exist" if not path.exists() else "not a file",
            path=label,
            hint="check the path given with --recipients",
        )
    read: SheetRead | None = None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        lines, problems, read = read_workbook(path, sheet=sheet)
        used = None
    else:
        if sheet is not None:
            raise UsageError(
                "--sheet is for Excel workbooks", hint="leave --sheet out for a CSV file"
            )
        text, problems = decode(path)
        used = parse_delimiter(delimiter) if delimiter is not None else sniff_delimiter(text)
        lines, csv_problems = read_csv(text, used)
        problems += csv_problems
    return _recipients_from_lines(path, label, lines, used, problems, read)


def _cells(count: int) -> str:
    return f"{count} cell" + ("" if count == 1 else "s")


def _recipients_from_lines(
    path: Path,
    label: str,
    records: Records,
    delimiter: str | None,
    problems: list[Problem],
    sheet: SheetRead | None,
) -> tuple[Recipients, list[Problem]]:
    if not records:
        raise UsageError(
            f"{sheet.described} is empty" if sheet else "the recipients file is empty",
            path=label,
            hint=sheet_hint(sheet)
            or "its first row names the columns (e.g. title,name,organisation), "
            "then one row per recipient",
        )
    header_line, header = records[0]
    header = [unicodedata.normalize("NFC", cell).strip() for cell in header]
    while header and not header[-1]:
        header.pop()
    keys = [normalise_column(cell) for cell in header]
    problems += _header_problems(header_line, header, keys)
    rows = []
    for number, (line, cells) in enumerate(records[1:], start=1):
        fitted = _fit_row(line, cells, len(header), delimiter, problems)
        values = tuple(unicodedata.normalize("NFC", cell).strip() for cell in fitted)
        if _CONTROL.search("".join(values)):
            problems.append(_control_problem(line, fitted, values, header))
        rows.append(RecipientRow(line=line, number=number, values=values))
    recipients = Recipients(
        path=path,
        label=label,
        headers=tuple(header),
        keys=tuple(keys),
        rows=tuple(rows),
        header_line=header_line,
        delimiter=delimiter,
        sheet=sheet,
    )
    return recipients, problems


def sheet_hint(sheet: SheetRead | None) -> str | None:
    """A hint to choose another sheet with ``--sheet``, when the workbook has others."""
    if sheet is None:
        return None
    others = [name for name in sheet.names if name != sheet.name]
    if not others:
        return None
    return f'choose the sheet that lists the recipients with --sheet, e.g. --sheet "{others[0]}"'


def _control_problem(
    line: int, cells: Sequence[str], values: Sequence[str], header: Sequence[str]
) -> Problem:
    """The first control character in a row's cells, at its own line and column."""
    for index, value in enumerate(values):
        found = _CONTROL.search(value)
        if found is None:
            continue
        char = found.group()
        raw = cells[index]
        before = sum(cell.count("\n") for cell in cells[:index]) + raw[: raw.find(char)].count("\n")
        name = header[index] if index < len(header) else ""
        return Problem(
            line + before,
            f"the '{name}' cell (column {index + 1}) holds "
            f"{'a control character' if ord(char) < 0xA0 else 'a code point that is no character'} "
            f"(U+{ord(char):04X}), which no letter can show: remove it",
        )
    raise AssertionError("no control character")  # pragma: no cover - searched before


def _header_problems(line: int, header: list[str], keys: list[str]) -> list[Problem]:
    """Header cells without a name, and names given twice."""
    problems = []
    seen: dict[str, int] = {}
    for index, key in enumerate(keys):
        if not key:
            problems.append(Problem(line, f"column {index + 1} has no name in the header row"))
        elif key in seen:
            problems.append(
                Problem(
                    line,
                    f"column '{header[index]}' appears twice (columns {seen[key] + 1} and "
                    f"{index + 1})",
                )
            )
        else:
            seen[key] = index
    return problems


def _fit_row(
    line: int, cells: list[str], width: int, delimiter: str | None, problems: list[Problem]
) -> list[str]:
    """A row's cells cut or padded to the header's width; a problem when cells are lost
    or missing."""
    sep = {",": "','", ";": "';'", "\t": "tab"}.get(delimiter or "", "")
    if len(cells) > width:
        extra = cells[width:]
        if any(cell.strip() for cell in extra):
            where = "a spreadsheet column" if delimiter is None else f"a {sep}"
            problems.append(
                Problem(
                    line,
                    f"row has {_cells(len(cells))} but the header has {width}: "
                    f"is there {where} inside a value? put that value in double quotes"
                    if delimiter is not None
                    else f"row has values in {len(cells) - width} column(s) past the "
                    f"last named column: give {where} a header or clear those cells",
                )
            )
        return cells[:width]
    if len(cells) < width:
        problems.append(
            Problem(
                line,
                f"row has {_cells(len(cells))} but the header has {width}: is a {sep} missing?",
            )
        )
        return cells + [""] * (width - len(cells))
    return cells
