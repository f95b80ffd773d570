"""Recipients files as spreadsheets and editors leave them (issue 19): UTF-16 from
Excel, quotes, huge cells, unreadable or oversized files, workbook cell types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from advocacy_kit.batch.recipients import read_recipients
from advocacy_kit.batch.tables import MAX_ROWS, MAX_TABLE_BYTES, sniff_delimiter
from advocacy_kit.errors import UsageError


def problems(path: Path) -> list[tuple[int, str]]:
    _, found = read_recipients(path)
    return [(problem.line, problem.message) for problem in found]


def refused(path: Path) -> UsageError:
    with pytest.raises(UsageError) as caught:
        read_recipients(path)
    return caught.value


def test_excel_unicode_text_is_read_as_utf16(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes("name\temail\nZoë\tzoe@example.org\n".encode("utf-16"))  # with its BOM
    table, found = read_recipients(path)
    assert (found, table.headers, [row.values for row in table.rows]) == (
        [],
        ("name", "email"),
        [("Zoë", "zoe@example.org")],
    )


def test_a_utf16_mark_on_bytes_that_are_not_utf16_is_reported_as_not_utf8(
    tmp_path: Path,
) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(b"\xff\xfename,email\nZo,zo@example.org\n")  # odd length: not UTF-16
    assert problems(path) == [(1, "byte 0xff (at byte 1 of the line) is not UTF-8 text")]


def test_a_quote_written_twice_inside_a_value_does_not_hide_the_real_fault(
    tmp_path: Path,
) -> None:
    path = tmp_path / "list.csv"
    path.write_text('name,note\nA,"say ""hi"" there"now\nB,b\n', encoding="utf-8")
    assert problems(path) == [
        (
            2,
            "a value in double quotes has more text after its closing quote: put the whole "
            'value in quotes, writing each quote inside it twice ("")',
        )
    ]


def test_a_quoted_value_before_the_fault_is_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text('name,title,note\nA,"Dr, PhD","late"r\n', encoding="utf-8")
    assert [line for line, _ in problems(path)] == [2]
    assert "more text after its closing quote" in problems(path)[0][1]


def test_a_tie_between_delimiters_goes_to_the_comma() -> None:
    # ',' and ';' both make two columns of every row: the comma wins the tie.
    assert sniff_delimiter("name;title,org\nAmina;Dr,Alliance\n") == ","


def test_a_cell_beyond_what_csv_reads_is_a_problem_at_its_row(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("name,note\nA," + "x" * 200_000, encoding="utf-8")  # no newline at the end
    assert problems(path) == [(2, "cannot read this row: field larger than field limit (131072)")]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_TABLE_BYTES + 1)  # sparse: takes no room on the disk
    error = refused(path)
    assert error.message == (
        "the recipients file is over 50,000,000 bytes, far more than any campaign needs"
    )
    assert error.hint == "split the list into files of at most 100,000 rows, and merge each"


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="Linux's /proc")
def test_a_file_the_system_cannot_read_says_so(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.symlink_to("/proc/self/mem")  # opens, but reading at its start fails (EIO)
    error = refused(path)
    assert error.message == "cannot read the recipients file: Input/output error"
    assert error.hint == "check the file's permissions"


def test_a_workbook_that_is_no_zip_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    path.write_text("name,email\nA,a@example.org\n", encoding="utf-8")  # a CSV, renamed
    error = refused(path)
    assert error.message.startswith("cannot read this Excel workbook: ")
    assert error.hint == "open it in Excel and save it again as .xlsx, or save it as CSV UTF-8"


def test_a_sheet_over_the_row_limit_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["name", "email"])
    book.active.cell(row=MAX_ROWS + 2, column=1, value="one too many")
    book.save(tmp_path / "list.xlsx")
    assert refused(tmp_path / "list.xlsx").message == (
        "the recipients sheet is over 100,000 rows, far more than any campaign needs"
    )


def test_workbook_cells_read_as_the_letter_shows_them(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["member", "seats", "ratio", "since", "meeting", "at", "stamp", "budget"])
    sheet.append(
        [
            True,
            12.0,
            0.5,
            dt.date(2026, 3, 1),
            dt.datetime(2026, 3, 4, 9, 30),
            dt.time(14, 15),
            dt.datetime(2026, 3, 5),
            1e20,  # stored as 1E+20, read back as a float
        ]
    )
    sheet.append([False, 3, None, None, None, None, None, None])
    book.save(tmp_path / "list.xlsx")
    table, found = read_recipients(tmp_path / "list.xlsx")
    assert found == []
    assert [row.values for row in table.rows] == [
        (
            "TRUE",
            "12",
            "0.5",
            "2026-03-01",
            "2026-03-04 09:30:00",
            "14:15:00",
            "2026-03-05",
            "100000000000000000000",
        ),
        ("FALSE", "3", "", "", "", "", "", ""),
    ]
