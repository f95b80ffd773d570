"""Merges of recipients files as people make them (issue 19): odd headers, columns a
letter uses or a --name needs, folders left by earlier runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import msgspec
import openpyxl  # type: ignore[import-untyped]
import pytest

from advocacy_kit.batch.filenames import safe_file_stem
from advocacy_kit.batch.manifest import MANIFEST_NAME
from advocacy_kit.batch.merge import run_merge
from advocacy_kit.batch.plan import MergePlan, plan_merge
from advocacy_kit.batch.problems import MAX_LISTED_PROBLEMS, RecipientsError
from advocacy_kit.batch.recipients import read_recipients
from advocacy_kit.errors import ExitCode, OutputError, TemplateError, UsageError
from advocacy_kit.library.loader import load_library
from advocacy_kit.model import Library
from conftest import BuildTree

DATE = dt.date(2026, 10, 19)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def csv_file(folder: Path, text: str) -> Path:
    path = folder / "r.csv"
    path.write_text(text, encoding="utf-8")
    return path


def plan(library: Library, recipients: Path, out: Path, **options: Any) -> MergePlan:
    options.setdefault("audience", "donors")
    return plan_merge(
        library=library, recipients=recipients, out=out, sender="Amina", date=DATE, **options
    )


def problems_of(library: Library, recipients: Path, **options: Any) -> list[str]:
    with pytest.raises(RecipientsError) as caught:
        plan(library, recipients, recipients.parent / "out", **options)
    return [f"{p.line}: {p.message}" for p in caught.value.problems]


# --- the header row --------------------------------------------------------------------


def test_an_empty_file_or_sheet_says_what_a_recipients_file_holds(tmp_path: Path) -> None:
    empty = csv_file(tmp_path, "\n\n")
    with pytest.raises(UsageError) as caught:
        read_recipients(empty)
    assert caught.value.message == "the recipients file is empty"
    assert caught.value.hint is not None and "e.g. title,name,organisation" in caught.value.hint
    book = openpyxl.Workbook()
    book.active.title = "Contacts"
    book.save(tmp_path / "r.xlsx")
    with pytest.raises(UsageError) as caught:
        read_recipients(tmp_path / "r.xlsx")
    assert caught.value.message == "the sheet 'Contacts' is empty"  # the only sheet: no --sheet
    assert caught.value.hint is not None and "e.g. title,name,organisation" in caught.value.hint


def test_blank_cells_past_the_last_column_are_no_columns(tmp_path: Path) -> None:
    table, found = read_recipients(csv_file(tmp_path, "name,email,,\nAmina,a@example.org,,\n"))
    assert (table.headers, found) == (("name", "email"), [])
    assert table.rows[0].values == ("Amina", "a@example.org")


def test_columns_without_a_name_or_named_twice_are_problems(tmp_path: Path) -> None:
    _, found = read_recipients(csv_file(tmp_path, "name,,Email,EMAIL\nA,x,a@x.org,b@x.org\n"))
    assert [(p.line, p.message) for p in found] == [
        (1, "column 2 has no name in the header row"),
        (1, "column 'EMAIL' appears twice (columns 3 and 4)"),
    ]


def test_more_problems_than_are_listed_are_counted(library: Library, tmp_path: Path) -> None:
    rows = "".join(f"Person {n}\n" for n in range(MAX_LISTED_PROBLEMS + 3))
    path = csv_file(tmp_path, "name,organisation\n" + rows.replace("\n", ",x,y\n"))
    with pytest.raises(RecipientsError) as caught:
        plan(library, path, tmp_path / "out")
    lines = str(caught.value).splitlines()
    assert lines[0] == f"{path}: {MAX_LISTED_PROBLEMS + 3} problems found, no letter was written"
    assert lines[MAX_LISTED_PROBLEMS + 1] == "... and 3 more problems"


# --- file names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "row", "file"),
    [
        ("organisation,email", "Ministry of Gender,m@example.org", "Ministry-of-Gender.md"),
        ("email,country", "m@example.org,Kenya", "m@example.org.md"),
        ("title,country", "Hon.,Kenya", "letter-0001.md"),
    ],
)
def test_files_are_named_by_the_columns_there_are(
    library: Library, tmp_path: Path, header: str, row: str, file: str
) -> None:
    made = plan(library, csv_file(tmp_path, f"{header}\n{row}\n"), tmp_path / "out")
    assert [letter.file for letter in made.letters] == [file]


def test_a_name_pattern_python_cannot_format_is_refused(library: Library, tmp_path: Path) -> None:
    path = csv_file(tmp_path, "name,organisation\nAmina,Alliance\n")
    with pytest.raises(UsageError) as caught:
        plan(library, path, tmp_path / "out", name="{row:zz}")
    assert caught.value.message == (
        "--name pattern '{row:zz}' cannot be used: Unknown format code 'z' for object of type 'int'"
    )
    assert caught.value.hint == (
        'e.g. --name "{name}-{organisation}" or --name "{row:04d}-{name}-{organisation}"'
    )


@pytest.mark.parametrize("spec", ["{row:999999999d}", "{name:>101}", "{name:{row}}"])
def test_a_name_pattern_asking_for_a_huge_width_is_refused(
    library: Library, tmp_path: Path, spec: str
) -> None:
    """A width no file name can hold would make a huge name for each row first."""
    path = csv_file(tmp_path, "name,organisation\nAmina,Alliance\n")
    with pytest.raises(UsageError) as caught:
        plan(library, path, tmp_path / "out", name=spec)
    assert caught.value.message == f"--name pattern '{spec}' asks for '{spec}'"
    assert caught.value.hint == (
        "a file name is cut at 100 characters: give a width up to 100, e.g. {row:04d}"
    )
    made = plan(library, path, tmp_path / "out", name="{row:0100d}")
    assert made.letters[0].file == "0" * 99 + "1.md"
    made = plan(library, path, tmp_path / "out", name="{row:04d}-{name:>10}")
    assert made.letters[0].file == "0001-Amina.md"


def test_the_hint_offers_the_row_number_once(library: Library, tmp_path: Path) -> None:
    path = csv_file(tmp_path, "name\nAmina\n")
    with pytest.raises(UsageError) as caught:
        plan(library, path, tmp_path / "out", name="{row:zz}")
    assert caught.value.hint == 'e.g. --name "{name}-{row}"'


def test_a_long_name_in_a_wide_script_is_cut_to_the_byte_limit() -> None:
    stem = safe_file_stem("社会服务" * 25, fallback="letter-0001")  # 100 characters, 300 bytes
    assert len(stem.encode("utf-8")) <= 200
    assert stem.startswith("社会服务") and stem[-9] == "-" and len(stem) == 63 + 9


# --- columns the run needs -------------------------------------------------------------


def test_required_columns_are_checked_once_each(library: Library, tmp_path: Path) -> None:
    path = csv_file(tmp_path, "name,audience\nAmina,\n")
    # Name is required by --name already: listed once; Country is not in the file.
    assert problems_of(library, path, name="{name}", require=["Name", "Country"]) == [
        "1: no column 'Country', which --require names"
    ]
    # The audience column, required by --require and by the lack of --audience.
    assert problems_of(library, path, audience=None, require=["audience"]) == [
        "2: the 'audience' cell is empty"
    ]


def test_an_unknown_audience_for_every_row_is_a_usage_error(
    library: Library, tmp_path: Path
) -> None:
    with pytest.raises(UsageError) as caught:
        plan(library, csv_file(tmp_path, "name\nAmina\n"), tmp_path / "out", audience="ministers")
    assert caught.value.message == "unknown audience 'ministers'"
    assert caught.value.hint is not None and caught.value.hint.startswith("valid audiences: donors")


def test_an_audience_the_library_has_no_letter_for_stops_the_merge(
    library: Library, tmp_path: Path
) -> None:
    donors_only = msgspec.structs.replace(library, messages=library.for_audience("donors"))
    path = csv_file(tmp_path, "name,audience\nAmina,donors\nKofi,media\n")
    with pytest.raises(UsageError) as caught:
        plan(donors_only, path, tmp_path / "out", audience=None)
    assert caught.value.message == "the library has no messages for audience 'media'"


# --- what a letter shows ---------------------------------------------------------------


def test_to_organisation_and_sender_organisation_columns_fill_the_letter(
    library: Library, tmp_path: Path
) -> None:
    path = csv_file(
        tmp_path,
        "to,name,organisation,address,sender organisation\n"
        "The Honourable Minister,Jane Otieno,Ministry of Gender,"
        '"Harambee Avenue\n\nNairobi",Alliance Kenya\n',
    )
    [text] = plan(library, path, tmp_path / "out").contents
    assert isinstance(text, str)
    assert text.startswith("Amina  \nAlliance Kenya\n")  # the sender's organisation
    assert (
        "\nThe Honourable Minister  \nMinistry of Gender  \nHarambee Avenue  \nNairobi\n\n"
        "Dear Honourable Minister"
    ) in text


def test_template_fields_are_found_through_includes(
    library: Library, build_tree: BuildTree, tmp_path: Path
) -> None:
    folder = build_tree(
        {
            "tpl/letter.md.j2": """\
                {% include "part.md.j2" %}{% include "part.md.j2" %}
                {% include "missing.md.j2" ignore missing %}
                {% set key = "ward" %}{{ fields[key] }}
                """,
            "tpl/part.md.j2": "{{ constituency }}\n",
        }
    )
    path = csv_file(tmp_path, "name,ward\nAmina,Kisumu\n")
    assert problems_of(library, path, templates=[folder / "tpl"]) == [
        f"1: no column 'constituency', which {folder / 'tpl' / 'part.md.j2'}:1 uses"
    ]


# --- the folder an earlier run left ----------------------------------------------------


def test_a_letter_that_is_a_dangling_link_is_kept_as_different(
    library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "Amina.md").symlink_to(tmp_path / "moved-away.md")
    result = run_merge(plan(library, csv_file(tmp_path, "name\nAmina\n"), out))
    assert (result.kept, result.kept_different, result.written) == (1, 1, 0)


def test_a_manifest_not_in_utf8_is_not_taken_for_merge_s(library: Library, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST_NAME).write_bytes(b"line,file,status\n1,Ren\xe9e.md,written\n"[:5] + b"\xe9")
    with pytest.raises(OutputError) as caught:
        plan(library, csv_file(tmp_path, "name\nAmina\n"), out)
    assert caught.value.hint is not None and "--force" in caught.value.hint


def test_a_temporary_file_gone_before_the_run_is_passed_over(
    library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".Amina.md.abcd1234.tmp"
    stale.write_text("half a letter", encoding="utf-8")
    made = plan(library, csv_file(tmp_path, "name\nAmina\n"), out)
    assert made.stale_temp_files == (stale.name,)
    stale.unlink()  # another run tidied it meanwhile
    result = run_merge(made)
    assert (result.removed_temp_files, result.written) == (0, 1)
    assert sorted(p.name for p in out.iterdir()) == ["Amina.md", MANIFEST_NAME]


def test_a_letter_template_not_in_utf8_is_named(
    library: Library, build_tree: BuildTree, tmp_path: Path
) -> None:
    folder = build_tree({"tpl/part.md.j2": "x"})
    (folder / "tpl" / "letter.md.j2").write_bytes(b"Dear {{ to }},\n\xe9t\xe9\n")
    path = csv_file(tmp_path, "name\nAmina\n")
    with pytest.raises(TemplateError) as caught:
        plan(library, path, tmp_path / "out", templates=[folder / "tpl"])
    assert caught.value.message == "template 'letter.md.j2' is not UTF-8 text (byte 16)"
    assert caught.value.exit_code == ExitCode.BAD_INPUT
