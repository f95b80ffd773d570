"""The output folder of a merge: what it holds already, and the manifest.csv written there."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from advocacy_kit.batch.filenames import name_key
from advocacy_kit.batch.problems import Problem
from advocacy_kit.batch.recipients import RecipientRow, Recipients
from advocacy_kit.errors import OutputError
from advocacy_kit.files import write_atomic

#: The file ``merge`` writes beside the letters, mapping each row to its letter.
MANIFEST_NAME = "manifest.csv"
MANIFEST_HEADER = ("line", "file", "status")

_TEMP_FILE = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


def scan_folder(
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
        check_manifest_is_ours(out / manifest)
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


def same_content(path: Path, text: str) -> bool:
    """Whether the file at ``path`` holds exactly ``text`` (UTF-8)."""
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def check_manifest_is_ours(path: Path) -> None:
    """Refuse a ``manifest.csv`` merge did not write, so it is never replaced unasked.

    Raises:
        OutputError: its first row is not merge's header.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
    except (OSError, UnicodeDecodeError):
        first = ""
    # Written in the recipients file's delimiter: the header starts "line" and a delimiter.
    if not any(first.startswith(d.join(MANIFEST_HEADER)) for d in (",", ";", "\t")):
        raise OutputError(
            "this manifest.csv was not written by advocacy-kit merge",
            path=path,
            hint="move it away, choose another --out folder, or run with --force to replace it",
        )


def neutralise_cell(value: str) -> str:
    """A manifest cell a spreadsheet will not run as a formula: a leading ``=`` ``+``
    ``-`` ``@`` (or tab, carriage return) gets a ``'`` in front."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def write_manifest(
    path: Path,
    headers: Sequence[str],
    entries: Iterable[tuple[RecipientRow, str, str]],
    *,
    delimiter: str = ",",
) -> Path:
    """Write ``manifest.csv``: each row's line, file, status and original cells.

    Args:
        path: Where the manifest goes.
        headers: The recipients file's header cells.
        entries: Per letter: its row, its file name and its status.
        delimiter: The recipients file's delimiter, so that a spreadsheet set to read
            it (a semicolon locale's) opens the manifest in columns too.

    Returns:
        The manifest's path.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([*MANIFEST_HEADER, *(neutralise_cell(h) for h in headers)])
    for row, file, status in entries:
        writer.writerow(
            [
                str(row.line),
                neutralise_cell(file),
                status,
                *(neutralise_cell(value) for value in row.values),
            ]
        )
    # Excel opens a UTF-8 CSV right only with the byte-order mark.
    write_atomic(path, "\ufeff" + buffer.getvalue(), force=True)
    return path
