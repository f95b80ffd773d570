"""One letter per recipient: the core of ``advocacy-kit merge`` (issue 6).

A campaign lead keeps a spreadsheet of officials; ``merge`` writes one letter per row into
an output folder. The work happens in two steps, so that nothing is written unless
everything is right:

1. :func:`plan_merge` reads the recipients file (CSV in UTF-8, with or without Excel's
   byte-order mark, its delimiter sniffed among ``,`` ``;`` and tab; or an Excel
   ``.xlsx`` sheet), checks every row, works out a safe file name for each letter and
   renders every letter in memory. Every problem found is collected and raised at once
   as a :class:`RecipientsError` listing ``recipients.csv:LINE: ...``.
2. :func:`run_merge` writes the letters that are not there yet, each one atomically
   (:func:`advocacy_kit.files.write_atomic`), then ``manifest.csv``. A run stopped
   half-way leaves only whole letters; running it again writes the missing ones.

Letters are composed once per distinct audience (and region and language, where the
library has variants) and rendered once per row with the row's columns as template
fields, which is what makes 10,000 letters fast.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advocacy_kit.errors import (
    AdvocacyKitError,
    ExitCode,
    OutputError,
    UsageError,
    choice_hint,
)
from advocacy_kit.files import write_atomic
from advocacy_kit.model import Draft, Library, Piece, get_audience
from advocacy_kit.output import documents

#: Letter formats ``merge`` writes, by the name ``--format`` takes, and their extension.
FORMAT_EXTENSIONS = {
    "md": ".md",
    "markdown": ".md",
    "txt": ".txt",
    "text": ".txt",
    "html": ".html",
    "pdf": ".pdf",
    "docx": ".docx",
}

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

#: The file ``merge`` writes beside the letters, mapping each row to its letter.
MANIFEST_NAME = "manifest.csv"
MANIFEST_HEADER = ("line", "file", "status")

#: Columns with a meaning of their own (after normalising the header: lower case,
#: spaces and hyphens as ``_``). Every column is also a template field.
NAME_COLUMNS = ("first_name", "last_name")
ORGANISATION_COLUMNS = ("organisation", "organization")
SENDER_ORGANISATION_COLUMNS = ("sender_organisation", "sender_organization")
LANG_COLUMNS = ("lang", "language")

#: File names Windows refuses whatever the extension (``CON.md`` included).
RESERVED_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)

#: Longest file name stem, in characters and in UTF-8 bytes: room is left for the
#: extension and write_atomic's temporary name within the usual 255-byte limit.
MAX_STEM_CHARS = 100
MAX_STEM_BYTES = 200

#: How many problems an error lists before saying how many more there are.
MAX_LISTED_PROBLEMS = 50

_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"-{2,}")
_HEADER_SEPARATORS = re.compile(r"[\s\-]+")
_TEMP_FILE = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")

ProgressCallback = Callable[[str, int, int], None]


# --- records -----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the recipients file, at a line (or sheet row)."""

    line: int | None
    message: str


class RecipientsError(AdvocacyKitError):
    """The recipients file has problems; nothing was written.

    Its text lists every problem as ``FILE:LINE: what is wrong``, one a line.
    """

    def __init__(self, label: str, problems: Sequence[Problem], *, hint: str) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: p.line or 0))
        count = len(self.problems)
        lines = [
            f"{label}:{p.line}: {p.message}" if p.line else f"{label}: {p.message}"
            for p in self.problems[:MAX_LISTED_PROBLEMS]
        ]
        if count > MAX_LISTED_PROBLEMS:
            lines.append(f"... and {count - MAX_LISTED_PROBLEMS} more problems")
        noun = "problem" if count == 1 else "problems"
        message = f"{count} {noun} found, no letter was written\n" + "\n".join(lines)
        super().__init__(message, path=label, hint=hint)


class MergeInterrupted(AdvocacyKitError):
    """The run was stopped (Ctrl-C, kill) after writing some letters."""

    exit_code = ExitCode.INTERRUPTED


@dataclass(frozen=True)
class RecipientRow:
    """One data row of the recipients file."""

    line: int
    number: int
    values: tuple[str, ...]


@dataclass(frozen=True)
class Recipients:
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
    """

    path: Path
    label: str
    headers: tuple[str, ...]
    keys: tuple[str, ...]
    rows: tuple[RecipientRow, ...]
    header_line: int
    delimiter: str | None

    def column(self, *names: str) -> int | None:
        """The index of the first of ``names`` that is a column, or None."""
        for name in names:
            if name in self.keys:
                return self.keys.index(name)
        return None


@dataclass(frozen=True)
class Letter:
    """One letter to write: its row, file name and whether it is there already."""

    row: RecipientRow
    file: str
    audience: str
    exists: bool
    same: bool | None = None  # for an existing file: whether it holds this very letter


@dataclass(frozen=True)
class MergePlan:
    """Everything checked and rendered, nothing written yet (see :func:`plan_merge`)."""

    recipients: Recipients
    out: Path
    format: str
    extension: str
    letters: tuple[Letter, ...]
    force: bool
    notes: tuple[str, ...] = ()
    contents: tuple[str, ...] = field(default=(), repr=False, compare=False)
    drafts: tuple[Draft, ...] = field(default=(), repr=False, compare=False)
    previews: tuple[str, ...] = field(default=(), repr=False, compare=False)
    stale_temp_files: tuple[str, ...] = ()

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


@dataclass(frozen=True)
class MergeResult:
    """What a merge run did.

    Attributes:
        out: The output folder.
        written: Letters written that were not there before.
        replaced: Letters replaced (only with ``force``).
        kept: Letters that were there already and left as they were.
        kept_different: Of ``kept``, those whose text differs from this run's letter.
        manifest: The manifest file written.
        removed_temp_files: Unfinished temporary files of an earlier stopped run,
            removed.
        notes: Remarks for the user.
    """

    out: Path
    written: int
    replaced: int
    kept: int
    kept_different: int
    manifest: Path
    removed_temp_files: int = 0
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        """Letters in the folder for this recipients file."""
        return self.written + self.replaced + self.kept

    def to_json(self) -> dict[str, Any]:
        """The result as ``merge --json`` prints it."""
        return {
            "out": str(self.out),
            "written": self.written,
            "replaced": self.replaced,
            "kept": self.kept,
            "kept_different": self.kept_different,
            "manifest": str(self.manifest),
            "removed_temp_files": self.removed_temp_files,
            "notes": list(self.notes),
        }


def _planned_status(letter: Letter, *, force: bool) -> str:
    if not letter.exists:
        return "new"
    return "replace" if force else "keep"


# --- reading the recipients file ---------------------------------------------------


def normalise_column(header: str) -> str:
    """The name a column goes by in templates and ``--name``: ``Last Name`` -> ``last_name``."""
    text = unicodedata.normalize("NFC", header).strip().lower()
    return _HEADER_SEPARATORS.sub("_", text).strip("_")


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
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        lines, problems = _read_workbook(path, sheet=sheet)
        used = None
    else:
        if sheet is not None:
            raise UsageError(
                "--sheet is for Excel workbooks", hint="leave --sheet out for a CSV file"
            )
        text, problems = _decode(path)
        used = parse_delimiter(delimiter) if delimiter is not None else sniff_delimiter(text)
        lines, csv_problems = _read_csv(text, used)
        problems += csv_problems
    return _recipients_from_lines(path, label, lines, used, problems)


def _decode(path: Path) -> tuple[str, list[Problem]]:
    """The file's text, with a problem for each line holding bytes that are not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            f"cannot read the recipients file: {exc.strerror}",
            path=str(path),
            hint="check the file's permissions",
        ) from None
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
    except csv.Error:
        return


def _read_csv(text: str, delimiter: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """The non-blank records of a CSV text, each with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(reader.line_num, f"cannot read this row: {exc}"))
            break
        if any(cell.strip() for cell in row):
            records.append((start, row))
        start = reader.line_num + 1
    return records, problems


def _read_workbook(
    path: Path, *, sheet: str | None
) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """The non-blank rows of one sheet of an Excel workbook, each with its row number."""
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
            if any(value is not None and str(value).strip() for value in values)
        ]
    finally:
        workbook.close()
    # Sheets pad every row to the widest one: cut the padding past the header.
    return records, []


def _cells(count: int) -> str:
    return f"{count} cell" + ("" if count == 1 else "s")


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


def _recipients_from_lines(
    path: Path,
    label: str,
    records: list[tuple[int, list[str]]],
    delimiter: str | None,
    problems: list[Problem],
) -> tuple[Recipients, list[Problem]]:
    if not records:
        raise UsageError(
            "the recipients file is empty",
            path=label,
            hint="its first row names the columns (e.g. title,name,organisation), "
            "then one row per recipient",
        )
    header_line, header = records[0]
    header = [unicodedata.normalize("NFC", cell).strip() for cell in header]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    keys = [normalise_column(cell) for cell in header]
    seen: dict[str, int] = {}
    for index, key in enumerate(keys):
        if not key:
            problems.append(
                Problem(header_line, f"column {index + 1} has no name in the header row")
            )
        elif key in seen:
            problems.append(
                Problem(
                    header_line,
                    f"column '{header[index]}' appears twice (columns {seen[key] + 1} and "
                    f"{index + 1})",
                )
            )
        else:
            seen[key] = index
    sep = {",": "','", ";": "';'", "\t": "tab"}.get(delimiter or "", "")
    rows = []
    for number, (line, cells) in enumerate(records[1:], start=1):
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
            cells = cells[:width]
        elif len(cells) < width:
            problems.append(
                Problem(
                    line,
                    f"row has {_cells(len(cells))} but the header has {width}: is a {sep} missing?",
                )
            )
            cells = cells + [""] * (width - len(cells))
        values = tuple(unicodedata.normalize("NFC", cell).strip() for cell in cells)
        rows.append(RecipientRow(line=line, number=number, values=values))
    recipients = Recipients(
        path=path,
        label=label,
        headers=tuple(header),
        keys=tuple(keys),
        rows=tuple(rows),
        header_line=header_line,
        delimiter=delimiter,
    )
    return recipients, problems


# --- file names ----------------------------------------------------------------------


def safe_file_stem(text: str, *, fallback: str) -> str:
    """A file name stem from data that is safe on every common system.

    Path separators, characters Windows forbids, control characters and leading dots
    go (so ``../../etc/x`` becomes ``etc-x``); spaces become ``-``; Windows' reserved
    device names (``CON``, ``NUL``, ``COM1``, ...) get a leading ``_``; a name longer
    than :data:`MAX_STEM_CHARS` characters or :data:`MAX_STEM_BYTES` UTF-8 bytes is cut
    and ends in a short hash of the whole, so two long names stay apart.

    Args:
        text: The name wanted.
        fallback: The stem to use when nothing of ``text`` is left.
    """
    stem = unicodedata.normalize("NFC", text)
    if not stem.isprintable():  # control, format and separator characters become spaces
        stem = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in stem)
    stem = _UNSAFE_CHARS.sub("-", stem)
    stem = _SPACES.sub("-", stem.strip())
    stem = _DASHES.sub("-", stem).strip("-._ ")
    if not stem:
        stem = fallback
    if len(stem) > MAX_STEM_CHARS or len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
        cut = stem[: MAX_STEM_CHARS - 9]
        while len(cut.encode("utf-8")) > MAX_STEM_BYTES - 9:
            cut = cut[:-1]
        stem = f"{cut.rstrip('-._ ')}-{digest}"
    if stem.split(".")[0].upper() in RESERVED_NAMES:
        stem = "_" + stem
    return stem


def name_key(file_name: str) -> str:
    """What two file names are compared by: case folded, Unicode NFC."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", file_name).casefold())


def pattern_fields(pattern: str) -> list[str]:
    """The column names a ``--name`` pattern uses (``{last_name}-{organisation}``).

    Raises:
        UsageError: the pattern is malformed or uses more than plain names.
    """
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise UsageError(
            f"--name pattern '{pattern}' is malformed: {exc}",
            hint='write column names in braces, e.g. --name "{last_name}-{organisation}"',
        ) from None
    names = []
    for _, name, _, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or conversion is not None:
            raise UsageError(
                f"--name pattern '{pattern}' uses '{{{name}}}'",
                hint="only column names go in braces, e.g. {last_name} or {row:04d}",
            )
        names.append(name)
    return names


def _default_pattern(recipients: Recipients) -> str:
    keys = set(recipients.keys)
    if "name" in keys:
        return "{name}"
    if set(NAME_COLUMNS) <= keys:
        return "{last_name}-{first_name}"
    for key in ("last_name", *ORGANISATION_COLUMNS, "email"):
        if key in keys:
            return "{" + key + "}"
    return "letter-{row:04d}"


# --- checking templates --------------------------------------------------------------


def template_fields(env: Any, name: str, known: set[str]) -> list[tuple[str, str, int]]:
    """The fields template ``name`` (and templates it extends or includes) reads that
    are not in ``known``: ``(field, template file, line)``, first use of each.

    Both ``{{ constituency }}`` and ``{{ fields.constituency }}`` count.
    """
    from jinja2 import meta, nodes

    found: dict[str, tuple[str, str, int]] = {}
    pending, done = [name], set()
    while pending:
        current = pending.pop()
        if current in done:
            continue
        done.add(current)
        source, filename, _ = env.loader.get_source(env, current)
        tree = env.parse(source)
        undeclared = meta.find_undeclared_variables(tree) - _optional_names(tree)
        shown = _display_path(filename or current)
        for node in tree.find_all(nodes.Name):
            if (
                node.ctx == "load"
                and node.name in undeclared
                and node.name not in known
                and node.name not in env.globals
            ):
                found.setdefault(node.name, (node.name, shown, node.lineno))
        for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
            target = node.node
            if isinstance(target, nodes.Name) and target.name == "fields":
                key = node.attr if isinstance(node, nodes.Getattr) else None
                if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
                    key = str(node.arg.value)
                if key is not None:
                    found.setdefault("fields." + key, (key, shown, node.lineno))
        pending.extend(n for n in meta.find_referenced_templates(tree) if n)
    return list(found.values())


def _optional_names(tree: Any) -> set[str]:
    """Names a template guards itself: ``x is defined`` or ``x | default(...)``."""
    from jinja2 import nodes

    optional = set()
    for node in tree.find_all((nodes.Test, nodes.Filter)):
        guards = ("defined", "undefined") if isinstance(node, nodes.Test) else ("default", "d")
        if node.name in guards and isinstance(node.node, nodes.Name):
            optional.add(node.node.name)
    return optional


def _display_path(filename: str) -> str:
    path = Path(filename)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- planning ------------------------------------------------------------------------


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
) -> MergePlan:
    """Read and check the recipients, name and render every letter; write nothing.

    Args:
        library: The loaded message library.
        recipients: The recipients file (``.csv`` or ``.xlsx``).
        out: The folder the letters go in (need not exist yet).
        audience: The audience of every letter; a row's ``audience`` cell, when the file
            has that column and the cell is filled, wins.
        format: ``md``, ``txt``, ``html`` (and ``pdf``, ``docx`` when the installed
            version writes them).
        name: The file-name pattern, e.g. ``{last_name}-{organisation}``; by default the
            ``name`` column (or last and first name, or organisation).
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
        variants: The regional variants (a :class:`advocacy_kit.library.variants.VariantSet`);
            a row's ``region`` cell (or ``region``) picks the messages and language.
            Without it every letter uses ``library``.
        region: The variant for rows whose ``region`` cell is empty.
        extra_fields: More template fields for every letter (the profile's).

    Returns:
        The :class:`MergePlan` for :func:`run_merge`.

    Raises:
        RecipientsError: problems in the recipients file, all of them listed.
        UsageError: a flag does not make sense (unknown format or audience, ...).
        TemplateError: a template is missing or broken.
        OutputError: ``out`` is a file, or holds a ``manifest.csv`` not written by merge.
    """
    fmt, extension, kind = _letter_format(format)
    default_audience = get_audience(audience).name if audience else None
    if out.exists() and not out.is_dir():
        raise OutputError(
            "the output folder is a file", path=out, hint="give --out a folder's name"
        )
    table, problems = read_recipients(recipients, delimiter=delimiter, sheet=sheet)
    if not table.rows:
        raise UsageError(
            "the recipients file has a header row but no recipients",
            path=table.label,
            hint="add one row per recipient under the header",
        )
    pattern = name if name is not None else _default_pattern(table)
    in_name = _checked_pattern(pattern)
    required = _required_columns(
        table, in_name, require, needs_audience=default_audience is None, problems=problems
    )
    rows = _RowPlan.of(
        table,
        default_audience=default_audience,
        region=region,
        required=required,
        pattern=pattern,
        in_name=in_name,
        extension=extension,
        problems=problems,
    )
    notes = []
    if table.column("region") is not None and variants is None:
        notes.append(
            "the 'region' column is a template field only: no regional variants were loaded"
        )
    problems += _duplicate_names(table, rows.names)
    existing, stale = _scan_folder(out, rows.names, force=force, table=table, problems=problems)
    groups = _compose_groups(
        rows.groups,
        table,
        library=library,
        variants=variants,
        problems=problems,
        sender=sender,
        organization=organization,
        date=date,
        templates=templates,
        extra_fields=extra_fields,
    )
    if problems:
        raise RecipientsError(table.label, problems, hint=_hint_for(problems))

    rendered_here = kind in ("md", "txt", "html")
    template_kind = kind if rendered_here else "txt"
    template_name = f"letter.{template_kind}.j2"
    problems += _missing_template_fields(table, groups, template_name, template_kind, templates)
    if problems:
        raise RecipientsError(table.label, problems, hint=_hint_for(problems))

    # Every letter is made now, so that a template failing on some row stops the run
    # before anything is written.
    from advocacy_kit.output.render import environment, render

    template = environment(template_kind, templates=templates).get_template(template_name)
    fields_of = _FieldMapper(table)
    from advocacy_kit.languages import letter_words

    contents: list[str] = []
    drafts: list[Draft] = []
    previews: list[str] = []
    letters: list[Letter] = []
    total = len(table.rows)
    for position, row in enumerate(table.rows):
        group = groups[rows.groups_of[position]]
        context = fields_of.context(row, group.context)
        if "words" in group.context:
            # The greeting and closing name the row's recipient (issue 4's languages).
            context["words"] = letter_words(
                group.lang,
                to=context["to"],
                organization=context["organization"],
                audience=context["audience"]["name"],
                salutation=context.get("salutation"),
                asks=context["asks"],
            )
        try:
            text = template.render(context)
        except Exception:  # render() below names the template and line
            problem = _render_problem(template_name, template_kind, context, templates)
            problems.append(Problem(row.line, problem))
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
                same=_same_content(out / there, text) if there and rendered_here else None,
            )
        )
        if progress is not None and (position % 64 == 63 or position + 1 == total):
            progress("checking", position + 1, total)
    if problems:
        raise RecipientsError(table.label, problems, hint=_hint_for(problems))
    return MergePlan(
        recipients=table,
        out=out,
        format=fmt,
        extension=extension,
        letters=tuple(letters),
        force=force,
        notes=tuple(notes),
        contents=tuple(contents),
        drafts=tuple(drafts),
        previews=tuple(previews),
        stale_temp_files=tuple(stale),
    )


def _letter_format(format: str) -> tuple[str, str, str]:
    """``--format`` as (format, extension, output kind).

    Raises:
        UsageError: unknown, or not written by this version.
    """
    fmt = format.strip().lower().lstrip(".")
    if fmt not in FORMAT_EXTENSIONS:
        raise UsageError(
            f"unknown format '{format}'",
            hint=choice_hint(fmt, ["md", "txt", "html", "pdf", "docx"], what="formats"),
        )
    extension = FORMAT_EXTENSIONS[fmt]
    return fmt, extension, documents.EXTENSIONS[extension]


def _checked_pattern(pattern: str) -> list[str]:
    """The fields of a ``--name`` pattern, after trying it out.

    Raises:
        UsageError: the pattern cannot be used.
    """
    fields = pattern_fields(pattern)
    try:
        string.Formatter().vformat(pattern, (), dict.fromkeys(fields, "") | {"row": 1, "line": 1})
    except ValueError as exc:
        raise UsageError(
            f"--name pattern '{pattern}' cannot be used: {exc}",
            hint='e.g. --name "{last_name}-{organisation}" or --name "{row:04d}-{name}"',
        ) from None
    return fields


def _required_columns(
    table: Recipients,
    in_name: Sequence[str],
    require: Sequence[str],
    *,
    needs_audience: bool,
    problems: list[Problem],
) -> list[str]:
    """The columns every row must fill: ``--name``'s, ``--require``'s, and ``audience``
    when there is no ``--audience``. Columns that do not exist are problems."""
    index = set(table.keys)
    for key in in_name:
        if key not in index and key not in ("row", "line"):
            problems.append(
                Problem(
                    table.header_line,
                    f"no column '{key}', which --name uses" + _close(key, index),
                )
            )
    required = [key for key in in_name if key in index]
    for column in require:
        key = normalise_column(column)
        if key not in index:
            problems.append(
                Problem(
                    table.header_line,
                    f"no column '{column}', which --require names" + _close(key, index),
                )
            )
        elif key not in required:
            required.append(key)
    if needs_audience:
        if table.column("audience") is None:
            raise UsageError(
                "which audience are the letters for?",
                hint="give --audience (donors, media or workforce), or add an 'audience' "
                "column to the recipients file",
            )
        if "audience" not in required:
            required.append("audience")
    return required


#: A group of letters composed once: (audience, region, lang).
GroupKey = tuple[str, str, str]


@dataclass
class _RowPlan:
    """Per row: its audience, its group and its file name."""

    audiences: list[str]
    groups_of: list[GroupKey]
    names: list[str]
    groups: dict[GroupKey, list[int]]

    @classmethod
    def of(
        cls,
        table: Recipients,
        *,
        default_audience: str | None,
        region: str | None,
        required: Sequence[str],
        pattern: str,
        in_name: Sequence[str],
        extension: str,
        problems: list[Problem],
    ) -> _RowPlan:
        index = {key: position for position, key in enumerate(table.keys) if key}
        audience_at = table.column("audience")
        region_at = table.column("region")
        lang_at = table.column(*LANG_COLUMNS)
        formatter = string.Formatter()
        plan = cls(audiences=[], groups_of=[], names=[], groups={})
        for row in table.rows:
            values = row.values
            for key in required:
                if not values[index[key]]:
                    problems.append(Problem(row.line, f"the '{_header(table, key)}' cell is empty"))
            chosen = default_audience or ""
            if audience_at is not None and values[audience_at]:
                try:
                    chosen = get_audience(values[audience_at]).name
                except UsageError as exc:
                    problems.append(Problem(row.line, f"{exc.message}; {exc.hint}"))
            group = (
                chosen,
                (values[region_at] if region_at is not None else "") or region or "",
                values[lang_at] if lang_at is not None else "",
            )
            if chosen:
                plan.groups.setdefault(group, []).append(len(plan.names))
            plan.audiences.append(chosen)
            plan.groups_of.append(group)
            mapping: dict[str, object] = {"row": row.number, "line": row.line}
            for key in in_name:
                if key in index:
                    mapping[key] = safe_file_stem(values[index[key]], fallback="")
            try:
                wanted = formatter.vformat(pattern, (), mapping)
            except (KeyError, ValueError, IndexError):
                wanted = ""  # a missing column is a problem already
            fallback = f"letter-{row.number:04d}"
            plan.names.append(safe_file_stem(wanted, fallback=fallback) + extension)
        return plan


def _duplicate_names(table: Recipients, names: Sequence[str]) -> list[Problem]:
    """Rows whose file name another row has, compared without case and after Unicode
    normalisation."""
    problems = []
    first_with: dict[str, int] = {}
    for position, file_name in enumerate(names):
        key = name_key(file_name)
        if key in first_with:
            earlier = table.rows[first_with[key]]
            problems.append(
                Problem(
                    table.rows[position].line,
                    f"the letter's file name '{file_name}' is the same as line "
                    f"{earlier.line}'s (names are compared ignoring case): "
                    "add a column to --name to tell them apart",
                )
            )
        else:
            first_with[key] = position
    return problems


def _scan_folder(
    out: Path, names: Sequence[str], *, force: bool, table: Recipients, problems: list[Problem]
) -> tuple[dict[str, str], list[str]]:
    """What the output folder holds already: its entries by :func:`name_key`, and the
    temporary files a killed run left of the letters planned.

    Raises:
        OutputError: a ``manifest.csv`` that merge did not write (without ``force``).
    """
    existing: dict[str, str] = {}
    stale: list[str] = []
    if not out.is_dir():
        return existing, stale
    planned = {name_key(n) for n in names} | {name_key(MANIFEST_NAME)}
    with os.scandir(out) as entries:
        for entry in entries:
            existing[name_key(entry.name)] = entry.name
            temp = _TEMP_FILE.match(entry.name)
            if temp and name_key(temp.group("name")) in planned:
                stale.append(entry.name)
    manifest = existing.get(name_key(MANIFEST_NAME))
    if manifest is not None and not force:
        _check_manifest_is_ours(out / manifest)
    for position, file_name in enumerate(names):
        there = existing.get(name_key(file_name))
        if there is not None and (out / there).is_dir():
            problems.append(
                Problem(
                    table.rows[position].line,
                    f"'{out / there}' is a folder, so the letter cannot be written there",
                )
            )
    return existing, stale


@dataclass(frozen=True)
class _Group:
    """A letter composed once for a group of rows: its template data and language."""

    context: dict[str, Any]
    lang: str | None


def _compose_groups(
    groups: Mapping[GroupKey, Sequence[int]],
    table: Recipients,
    *,
    library: Library,
    variants: Any | None,
    problems: list[Problem],
    **letterhead: Any,
) -> dict[GroupKey, _Group]:
    """Compose the letter once per (audience, region, lang); an unknown region or
    language is a problem of the rows that name it."""
    from advocacy_kit.compose import compose_draft

    composed: dict[GroupKey, _Group] = {}
    for (audience, region, lang_cell), members in groups.items():
        options: dict[str, Any] = {}
        group_library = library
        lang: str | None = lang_cell or None
        try:
            if variants is not None:
                resolution = variants.resolve(region or "global")
                group_library = resolution.library
                lang = lang or resolution.lang
            if lang:
                options["lang"] = lang
            draft = compose_draft(
                library=group_library,
                audience=audience,
                format="letter",
                **letterhead,
                **options,
            )
        except UsageError as exc:
            if not (region or lang_cell):
                raise
            first = table.rows[members[0]]
            more = f" (and {len(members) - 1} more rows like it)" if len(members) > 1 else ""
            problems.append(Problem(first.line, f"{exc.message}{more}; {exc.hint}"))
            continue
        composed[(audience, region, lang_cell)] = _Group(draft.extras["context"], lang)
    return composed


def _missing_template_fields(
    table: Recipients,
    groups: Mapping[GroupKey, _Group],
    template_name: str,
    kind: str,
    templates: Sequence[Path],
) -> list[Problem]:
    """A problem for each field the letter template reads that is neither a column nor
    the letter's own data, naming the template line."""
    from advocacy_kit.output.render import environment

    env = environment(kind, templates=templates)
    some_context = next(iter(groups.values())).context if groups else {}
    columns = {key for key in table.keys if key}
    known = set(some_context) | set(ROW_FIELDS) | {k for k in columns if k.isidentifier()}
    return [
        Problem(
            table.header_line,
            f"no column '{field_name}', which {template_file}:{line} uses"
            + _close(field_name, columns),
        )
        for field_name, template_file, line in template_fields(env, template_name, known)
        if field_name not in columns
    ]


def _render_problem(
    template_name: str, kind: str, context: Mapping[str, Any], templates: Sequence[Path]
) -> str:
    """What went wrong rendering one row's letter, with the template's line if known."""
    from advocacy_kit.output.render import render

    try:
        render(template_name, context, kind=kind, templates=templates)
    except AdvocacyKitError as exc:
        where = f"{exc.location}: " if exc.location else ""
        return f"the letter cannot be made: {where}{exc.message}"
    except Exception as exc:  # a template's own arithmetic on this row's data
        return (
            f"the letter cannot be made: {template_name} fails on this row: "
            f"{type(exc).__name__}: {exc}"
        )
    return "the letter cannot be made"  # pragma: no cover - it failed a moment ago


#: Fields a merge fills for every row, beside the composed letter's own.
ROW_FIELDS = ("to", "address", "salutation", "fields", "sender", "organization")


class _FieldMapper:
    """Turns a row into a letter's template context (see README, 'Columns with a meaning')."""

    def __init__(self, table: Recipients) -> None:
        self.keys = [k for k in table.keys if k]
        self.positions = [i for i, k in enumerate(table.keys) if k]
        self.title = table.column("title")
        self.name = table.column("name")
        self.first = table.column("first_name")
        self.last = table.column("last_name")
        self.to = table.column("to")
        self.organisation = table.column(*ORGANISATION_COLUMNS)
        self.address = table.column("address")
        self.country = table.column("country")
        self.salutation = table.column("salutation")
        self.sender = table.column("sender")
        self.sender_organisation = table.column(*SENDER_ORGANISATION_COLUMNS)
        self._exposed: dict[int, list[tuple[int, str]]] = {}

    def _top_level(self, base: Mapping[str, Any]) -> list[tuple[int, str]]:
        found = self._exposed.get(id(base))
        if found is None:
            found = [
                (position, key)
                for position, key in zip(self.positions, self.keys, strict=True)
                if key.isidentifier() and key not in base and key not in ROW_FIELDS
            ]
            self._exposed[id(base)] = found
        return found

    def context(self, row: RecipientRow, base: Mapping[str, Any]) -> dict[str, Any]:
        values = row.values
        context = dict(base)
        for position, key in self._top_level(base):
            context[key] = values[position]
        context["fields"] = {
            key: values[p] for p, key in zip(self.positions, self.keys, strict=True)
        }
        to = values[self.to] if self.to is not None else ""
        if not to:
            if self.name is not None and values[self.name]:
                person = values[self.name]
            else:
                person = " ".join(
                    values[i] for i in (self.first, self.last) if i is not None and values[i]
                )
            title = values[self.title] if self.title is not None else ""
            to = f"{title} {person}".strip() if person else ""
        context["to"] = to or None
        address = []
        if self.organisation is not None and values[self.organisation]:
            address.append(values[self.organisation])
        if self.address is not None and values[self.address]:
            address.extend(
                line.strip() for line in values[self.address].splitlines() if line.strip()
            )
        if self.country is not None and values[self.country]:
            address.append(values[self.country])
        context["address"] = address
        salutation = values[self.salutation] if self.salutation is not None else ""
        context["salutation"] = salutation.rstrip(",:;").strip() or None
        if self.sender is not None and values[self.sender]:
            context["sender"] = values[self.sender]
        if self.sender_organisation is not None and values[self.sender_organisation]:
            context["organization"] = values[self.sender_organisation]
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


def _same_content(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def _check_manifest_is_ours(path: Path) -> None:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        first = []
    if tuple(first[: len(MANIFEST_HEADER)]) != MANIFEST_HEADER:
        raise OutputError(
            "this manifest.csv was not written by advocacy-kit merge",
            path=path,
            hint="move it away, choose another --out folder, or run with --force to replace it",
        )


def _header(table: Recipients, key: str) -> str:
    return table.headers[table.keys.index(key)]


def _close(word: str, choices: Iterable[str]) -> str:
    from advocacy_kit.errors import did_you_mean

    guess = did_you_mean(word, list(choices))
    return f" (did you mean '{guess}'?)" if guess else ""


def _hint_for(problems: Sequence[Problem]) -> str:
    text = " ".join(p.message for p in problems)
    if "not UTF-8" in text:
        return (
            "save the file as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8), then fix "
            "the other lines and run again"
        )
    if "file name" in text:
        return (
            'fix these lines, or use --name with more columns, e.g. --name "{name}-{organisation}"'
        )
    return "fix these lines in the recipients file and run the same command again"


# --- writing -------------------------------------------------------------------------


def run_merge(plan: MergePlan, *, progress: ProgressCallback | None = None) -> MergeResult:
    """Write the planned letters that are missing (all of them with ``force``), then
    ``manifest.csv``.

    Each letter is written atomically, so a run stopped half-way leaves whole letters
    only; running again writes the rest. Letters are flushed to disk once at the end.

    Args:
        plan: From :func:`plan_merge`.
        progress: Called as ``progress("writing", done, total)``.

    Returns:
        What was written, kept and replaced.

    Raises:
        MergeInterrupted: stopped by Ctrl-C (or a kill the CLI turns into one); the
            letters written so far stay.
        OutputError: a letter cannot be written.
    """
    out = plan.out
    out.mkdir(parents=True, exist_ok=True)
    removed = 0
    for stale in plan.stale_temp_files:
        try:
            (out / stale).unlink()
            removed += 1
        except FileNotFoundError:
            pass
    written = replaced = kept = different = 0
    statuses: list[str] = []
    total = len(plan.letters)
    writes_draft = not plan.contents and bool(plan.drafts)
    try:
        with _deferred_interrupts() as stop:
            for position, letter in enumerate(plan.letters):
                if stop:
                    raise KeyboardInterrupt
                path = out / letter.file
                if letter.exists and not plan.force:
                    kept += 1
                    if letter.same is False:
                        different += 1
                    statuses.append("kept")
                else:
                    if writes_draft:
                        documents.write_draft(plan.drafts[position], path, force=plan.force)
                    else:
                        write_atomic(path, plan.contents[position], force=plan.force, sync=False)
                    if letter.exists:
                        replaced += 1
                        statuses.append("replaced")
                    else:
                        written += 1
                        statuses.append("written")
                if progress is not None and (position % 64 == 63 or position + 1 == total):
                    progress("writing", position + 1, total)
    except KeyboardInterrupt:
        _flush()
        done = written + replaced
        # Stopped between the letter's link and the count: it is whole, so it counts.
        pending = plan.letters[len(statuses)] if len(statuses) < total else None
        if pending is not None and not pending.exists and (out / pending.file).exists():
            done += 1
        raise MergeInterrupted(
            f"stopped after writing {done} of {plan.missing if not plan.force else total} "
            "letters; the letters written are whole",
            path=out,
            hint="run the same command again to write the rest",
        ) from None
    _flush()
    write_manifest(plan, statuses)
    return MergeResult(
        out=out,
        written=written,
        replaced=replaced,
        kept=kept,
        kept_different=different,
        manifest=plan.manifest,
        removed_temp_files=removed,
        notes=plan.notes,
    )


@contextmanager
def _deferred_interrupts() -> Iterator[list[int]]:
    """Hold Ctrl-C and ``kill`` (SIGINT, SIGTERM) until the letter being written is whole.

    Yields a list that is non-empty once a signal came; the loop stops there. Outside the
    main thread (where handlers cannot be set) signals act as usual.
    """
    import signal
    import threading

    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def hold(signum: int, frame: object) -> None:
        received.append(signum)

    previous = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _flush() -> None:
    """Put every letter written on disk: one sync for the batch, not one per file."""
    if hasattr(os, "sync"):
        os.sync()


def neutralise_cell(value: str) -> str:
    """A manifest cell a spreadsheet will not run as a formula: a leading ``=`` ``+``
    ``-`` ``@`` (or tab, carriage return) gets a ``'`` in front."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def write_manifest(plan: MergePlan, statuses: Sequence[str]) -> Path:
    """Write ``manifest.csv``: each row's line, file, status and original cells.

    Returns:
        The manifest's path.
    """
    table = plan.recipients
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*MANIFEST_HEADER, *(neutralise_cell(h) for h in table.headers)])
    for letter, status in zip(plan.letters, statuses, strict=True):
        writer.writerow(
            [
                str(letter.row.line),
                neutralise_cell(letter.file),
                status,
                *(neutralise_cell(value) for value in letter.row.values),
            ]
        )
    path = plan.manifest
    # Excel opens a UTF-8 CSV right only with the byte-order mark.
    write_atomic(path, "\ufeff" + buffer.getvalue(), force=True)
    return path


def merge(**options: Any) -> MergeResult:
    """:func:`plan_merge` then :func:`run_merge`, for programs using advocacy-kit.

    Args:
        **options: The keyword arguments of :func:`plan_merge`, plus ``progress``.
    """
    progress = options.get("progress")
    return run_merge(plan_merge(**options), progress=progress)
