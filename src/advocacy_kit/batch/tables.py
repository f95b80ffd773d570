"""Raw records of a recipients file: decoding, delimiter sniffing, CSV and xlsx reading."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from msgspec import Struct

from advocacy_kit.batch.problems import Problem
from advocacy_kit.errors import UsageError, choice_hint
from advocacy_kit.files import read_at_most

#: Delimiters a CSV file may use, and the names ``--delimiter`` accepts for them.
DELIMITERS = {
    ",": ",",
    "comma": ",",
    ";": ";",
    "semicolon": ";",
    "\t": "\t",
    "\\t": "\t",
    "tab": "\t",
}

#: Bytes of a recipients file (unpacked, for a workbook); issue 13's limits.
MAX_TABLE_BYTES = 50_000_000
#: Rows of a recipients file. One cell may hold 131,072 characters (Python's csv limit).
MAX_ROWS = 100_000
_SPLIT = f"split the list into files of at most {MAX_ROWS:,} rows, and merge each"

#: A record: the line (or sheet row) it starts on, and its cells.
Records = list[tuple[int, list[str]]]


def parse_delimiter(value: str) -> str:
    """The delimiter ``--delimiter`` names (``,`` ``;`` ``tab``).

    Raises:
        UsageError: not one of them.
    """
    found = DELIMITERS.get(value) or DELIMITERS.get(value.strip().lower())
    if found is None:
        raise UsageError(
            f"unknown delimiter '{value}'",
            hint="use --delimiter ',' or --delimiter ';' or --delimiter tab",
        )
    return found


def decode(path: Path) -> tuple[str, list[Problem]]:
    """The file's text, with a problem for each line holding bytes that are not UTF-8.

    Raises:
        UsageError: the file cannot be read.
    """
    try:
        data = read_at_most(path, MAX_TABLE_BYTES)
    except OSError as exc:
        raise UsageError(
            f"cannot read the recipients file: {exc.strerror}",
            path=str(path),
            hint="check the file's permissions",
        ) from None
    if data is None:
        raise _too_big(path, "file", MAX_TABLE_BYTES, "bytes")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(
                    number,
                    f"byte 0x{raw[exc.start]:02x} (at byte {exc.start + 1} of the line) "
                    "is not UTF-8 text",
                )
            )
    return data.decode("utf-8", errors="replace"), problems


def sniff_delimiter(text: str) -> str:
    """The delimiter among ``,`` ``;`` and tab that splits the first rows most evenly.

    Each candidate splits up to 50 rows; the one giving a header of two or more columns
    that most rows match wins (``,`` on a tie or a one-column file).
    """
    sample = text[:65536]
    truncated = len(text) > len(sample)
    best, best_score = ",", 0
    for candidate in (",", ";", "\t"):
        rows = [
            row
            for row in _islice(csv.reader(io.StringIO(sample, newline=""), delimiter=candidate))
            if row
        ]
        if truncated and len(rows) > 1:
            rows = rows[:-1]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = sum(1 for row in rows if len(row) == width)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _islice(reader: Iterator[list[str]], limit: int = 50) -> Iterator[list[str]]:
    try:
        for number, row in enumerate(reader):
            if number >= limit:
                return
            yield row
    except csv.Error:  # pragma: no cover - Python 3.10 only: a NUL byte (3.11 reads it)
        return


def read_csv(text: str, delimiter: str) -> tuple[Records, list[Problem]]:
    """The non-blank records of a CSV text, each with the line it starts on.

    Quotes are read strictly: a quote never closed, or text after a closing quote, is a
    problem at the line where that quote opened, and reading stops there, so that no
    row is ever swallowed into another's value (issue 13).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: Records = []
    problems: list[Problem] = []
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_quote_problem(text, delimiter, start) or _row_problem(reader, exc))
            break
        if any(cell.strip() for cell in row):
            records.append((start, row))
            if len(records) > MAX_ROWS + 1:  # the header and MAX_ROWS rows
                problems.append(Problem(start, f"more than {MAX_ROWS:,} rows: {_SPLIT}"))
                break
        start = reader.line_num + 1
    return records, problems


def _row_problem(reader: Any, exc: csv.Error) -> Problem:
    return Problem(reader.line_num, f"cannot read this row: {exc}")


def _quote_problem(text: str, delimiter: str, start: int) -> Problem | None:
    """The quote that breaks the record starting on line ``start``, at the line it
    opened on: one never closed, or one followed by more text."""
    lines = io.StringIO(text, newline="").readlines()
    line = start
    at_field_start, quoted, opened = True, False, 0
    for line, raw in enumerate(lines[start - 1 :], start=start):
        position = 0
        while position < len(raw):
            char = raw[position]
            position += 1
            if quoted:
                if char != '"':
                    continue
                if raw[position : position + 1] == '"':  # "" is a quote inside the value
                    position += 1
                    continue
                quoted = False
                following = raw[position : position + 1]
                if following not in (delimiter, "\r", "\n", ""):
                    return Problem(
                        opened,
                        "a value in double quotes has more text after its closing quote: put "
                        'the whole value in quotes, writing each quote inside it twice ("")',
                    )
            elif char == '"' and at_field_start:
                quoted, opened = True, line
            elif char in "\r\n" and not quoted:
                return None  # the record ends here, whole
            at_field_start = char == delimiter
    if quoted:
        return Problem(
            opened,
            "a double quote opens a value here and is never closed, so the lines after it "
            "were read into that value: add the closing quote, or remove this one",
        )
    return None


class SheetRead(Struct, frozen=True):
    """Which sheet of a workbook was read, and the workbook's sheets in order."""

    name: str
    names: tuple[str, ...]

    @property
    def described(self) -> str:
        """``the sheet 'Read me' (the first of 2)``, for messages."""
        first = f" (the first of {len(self.names)})" if self.name == self.names[0] else ""
        return f"the sheet '{self.name}'" + (first if len(self.names) > 1 else "")


def read_workbook(path: Path, *, sheet: str | None) -> tuple[Records, list[Problem], SheetRead]:
    """The non-blank rows of one sheet of an Excel workbook, each with its row number,
    and which sheet that was.

    Raises:
        UsageError: the workbook cannot be read, or has no sheet ``sheet``.
    """
    import zipfile

    try:
        import openpyxl  # type: ignore[import-untyped]
        from openpyxl.utils.exceptions import (  # type: ignore[import-untyped]
            InvalidFileException,
        )
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise UsageError(
            "reading .xlsx files needs openpyxl",
            path=str(path),
            hint="pip install openpyxl, or save the sheet as CSV UTF-8",
        ) from None
    _refuse_zip_bomb(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UsageError(
            f"cannot read this Excel workbook: {exc}",
            path=str(path),
            hint="open it in Excel and save it again as .xlsx, or save it as CSV UTF-8",
        ) from None
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            raise UsageError(
                f"the workbook has no sheet '{sheet}'",
                path=str(path),
                hint=choice_hint(sheet, workbook.sheetnames, what="sheets"),
            )
        records = [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
            if _row_within_limit(path, number)
            and any(value is not None and str(value).strip() for value in values)
        ]
        read = SheetRead(worksheet.title, tuple(workbook.sheetnames))
    finally:
        workbook.close()
    # Sheets pad every row to the widest one: cut the padding past the header.
    return records, [], read


def _too_big(path: Path, what: str, limit: int, unit: str) -> UsageError:
    return UsageError(
        f"the recipients {what} is over {limit:,} {unit}, far more than any campaign needs",
        path=str(path),
        hint=_SPLIT,
    )


def _refuse_zip_bomb(path: Path) -> None:
    """Refuse a workbook whose parts unpack to more than :data:`MAX_TABLE_BYTES` (an
    .xlsx is a zip file: a small one can unpack to gigabytes)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # openpyxl says what is wrong with it
    if unpacked > MAX_TABLE_BYTES:
        raise _too_big(path, "workbook (unpacked)", MAX_TABLE_BYTES, "bytes")


def _row_within_limit(path: Path, number: int) -> bool:
    """True for a sheet row within :data:`MAX_ROWS` (blank rows count too)."""
    if number > MAX_ROWS:
        raise _too_big(path, "sheet", MAX_ROWS, "rows")
    return True


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a letter shows."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)
