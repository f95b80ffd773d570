"""The merge problems users met (issue 14, items 3, 5, 6 and 12; issue 13, items 1, 2 and
7 for merge), each through the real command line with its output read back."""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app

runner = CliRunner()
DATE = "2026-10-19"
SENDER = "Amina Diallo"
COMMON = ["--audience", "donors", "--sender", SENDER, "--date", DATE]
FORMATS = ["txt", "md", "html", "pdf", "docx"]


def templates_folder() -> str:
    """A templates folder in this test's own folder, named in full: the templates of
    one folder name are cached for the process, and every test has a folder 'tpl'."""
    folder = Path.cwd() / "tpl"
    folder.mkdir()
    return str(folder)


def merge(*args: str) -> object:
    return runner.invoke(app, ["merge", *COMMON, *args])


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """``advocacy-kit merge`` in a real process, so Python's own warnings show too."""
    return subprocess.run(
        [sys.executable, "-m", "advocacy_kit", "merge", *COMMON, *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def letter_text(path: Path) -> str:
    """What a reader sees in a letter of any format: PDF and Word read back as text."""
    if path.suffix == ".pdf":
        import pypdf

        return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    if path.suffix == ".docx":
        import docx

        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return path.read_text(encoding="utf-8")


# --- issue 14, item 3: a user's letter.txt.j2 that uses a column ----------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_user_text_template_reads_a_column_in_every_format(fmt: str) -> None:
    tpl = templates_folder()
    Path("tpl/letter.txt.j2").write_text(
        "For {{ name }} at {{ organisation }}: {{ messages|length }} messages.\n"
    )
    Path("r.csv").write_text("title,name,organisation\nHon.,Jane Otieno,Ministry of Gender\n")
    result = merge("-r", "r.csv", "-o", "out", "--format", fmt, "--templates", tpl)
    assert (result.exit_code, result.stderr) == (0, "")
    text = letter_text(Path(f"out/Jane-Otieno.{fmt}"))
    if fmt == "txt":
        assert text == "For Jane Otieno at Ministry of Gender: 3 messages.\n"
    else:  # the other formats have templates of their own: the built-in ones here
        assert "Dear Hon. Otieno," in text
        assert "Ministry of Gender" in text
    preview = merge("-r", "r.csv", "-o", "again", "-f", fmt, "--templates", tpl, "--dry-run")
    assert preview.exit_code == 0, preview.stderr
    # A dry run shows Markdown letters as they are, the others as the text template has them.
    shown = "Dear Hon. Otieno," if fmt == "md" else "For Jane Otieno at Ministry of Gender"
    assert f"\n{shown}" in preview.stdout


# --- issue 14, item 5: a name the PDF's fonts lack ------------------------------------------


def test_pdf_warns_cleanly_naming_the_row_and_leaves_no_stray_space() -> None:
    Path("r.csv").write_text(
        "title,name,organisation\nHon.,Jane Otieno,Ministry A\nDr,Mei Chen 陈,Ministry B\n"
    )
    result = run("-r", "r.csv", "-o", "out", "--format", "pdf")
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "warning: r.csv:3: the PDF's fonts cannot show 1 character(s), which are left out: "
        "陈 (U+9648); --format docx keeps them\n"
    )
    text = letter_text(Path("out/Mei-Chen-陈.pdf"))
    assert "Dear Dr Chen," in text
    assert "Chen ," not in text and "\x00" not in text
    assert "Dear Hon. Otieno," in letter_text(Path("out/Jane-Otieno.pdf"))


# --- issue 14, item 6: hints that name real columns, and the sheet read ----------------------


def test_file_name_hint_suggests_only_columns_that_exist() -> None:
    Path("r.csv").write_text("First Name,Last Name,Email\nJane,Doe,a@x.org\nJane,Doe,b@x.org\n")
    result = merge("-r", "r.csv", "-o", "out")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: r.csv: 1 problem found, no letter was written\n"
        "r.csv:3: the letter's file name 'Doe-Jane.md' is the same as line 2's (names are "
        "compared ignoring case): add a column to --name to tell them apart\n"
        "hint: fix these lines, or use --name with more columns, e.g. --name "
        '"{last_name}-{first_name}-{email}"\n',
    )
    assert not Path("out").exists()


def test_malformed_name_pattern_hint_uses_real_columns() -> None:
    Path("r.csv").write_text("First Name,Last Name\nJane,Doe\n")
    result = merge("-r", "r.csv", "-o", "out", "--name", "{last_name")
    assert result.exit_code == 2
    hint = result.stderr.splitlines()[-1]
    assert hint == 'hint: write column names in braces, e.g. --name "{last_name}-{first_name}"'


def test_workbook_whose_first_sheet_has_no_recipients_names_it() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Read me"
    book.active.append(["This workbook lists the officials to write to."])
    officials = book.create_sheet("Officials")
    officials.append(["title", "name"])
    officials.append(["Hon.", "Jane Otieno"])
    book.save("book.xlsx")
    result = merge("-r", "book.xlsx", "-o", "out")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: book.xlsx: the sheet 'Read me' (the first of 2) has a header row but no "
        "recipients\n"
        "hint: choose the sheet that lists the recipients with --sheet, e.g. --sheet "
        '"Officials"\n',
    )
    assert not Path("out").exists()
    result = merge("-r", "book.xlsx", "-o", "out", "--sheet", "Officials")
    assert result.exit_code == 0, result.stderr
    assert "Dear Hon. Otieno," in letter_text(Path("out/Jane-Otieno.md"))


# --- issue 14, item 12: the manifest after Ctrl-C, in the input's delimiter --------------------


def read_manifest(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.reader(text.splitlines(), delimiter=";"))


def test_manifest_after_ctrl_c_lists_what_was_written_with_semicolons() -> None:
    rows = "".join(f"Hon.;Person {i:04d};Ministry {i}\n" for i in range(4000))
    Path("r.csv").write_text("title;name;organisation\n" + rows)
    command = [sys.executable, "-m", "advocacy_kit", "merge", *COMMON, "-r", "r.csv", "-o", "out"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = Path("out")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if out.is_dir() and sum(1 for _ in out.glob("Person-*.md")) >= 20:
            break
        time.sleep(0.002)
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)
    assert process.returncode == 130
    letters = sorted(p.name for p in out.glob("Person-*.md"))
    assert 20 <= len(letters) < 4000, "the run should be stopped half-way"
    manifest = read_manifest(out / "manifest.csv")
    assert manifest[0] == ["line", "file", "status", "title", "name", "organisation"]
    assert sorted(row[1] for row in manifest[1:]) == letters
    assert {row[2] for row in manifest[1:]} == {"written"}
    assert manifest[1] == ["2", "Person-0000.md", "written", "Hon.", "Person 0000", "Ministry 0"]

    result = merge("-r", "r.csv", "-o", "out")
    assert result.exit_code == 0, result.stderr
    manifest = read_manifest(out / "manifest.csv")
    assert len(manifest) == 4001
    assert [row[2] for row in manifest[1:]].count("kept") == len(letters)


# --- issue 13, item 2: an unclosed quote ------------------------------------------------------


def hundred_rows(broken: int, *, middle: bool) -> str:
    lines = ["name,organisation,address"]
    for i in range(1, 101):
        if i == broken and middle:
            lines.append(f'Person {i},"Ministry {i},Street {i}')
        elif i == broken:
            lines.append(f'Person {i},Ministry {i},"Street {i}')
        else:
            lines.append(f"Person {i},Ministry {i},Street {i}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("middle", [False, True], ids=["last-column", "middle-column"])
def test_unclosed_quote_names_its_line_and_drops_nobody(middle: bool) -> None:
    Path("r.csv").write_text(hundred_rows(57, middle=middle))
    result = merge("-r", "r.csv", "-o", "out")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        "error: r.csv: 1 problem found, no letter was written",
        "r.csv:58: a double quote opens a value here and is never closed, so the lines "
        "after it were read into that value: add the closing quote, or remove this one",
    ]
    assert "Traceback" not in result.stderr
    assert not Path("out").exists()


def test_text_after_a_closing_quote_names_the_quote() -> None:
    Path("r.csv").write_text('name,organisation\n"Jane" Otieno,Ministry\nAma,Other\n')
    result = merge("-r", "r.csv", "-o", "out")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1] == (
        "r.csv:2: a value in double quotes has more text after its closing quote: put "
        'the whole value in quotes, writing each quote inside it twice ("")'
    )


# --- issue 13, item 7: everything built before the first letter is written -----------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1b", "\x9b"])
def test_control_character_in_a_cell_is_a_clean_error(fmt: str, char: str) -> None:
    Path("r.csv").write_text(
        f"title,name,organisation\nHon.,Ann,A\nHon.,Bob,B\nHon.,Cat{char}Dee,C\nHon.,Dan,D\n",
        encoding="utf-8",
    )
    Path("out").mkdir()
    Path("out/notes.txt").write_text("mine")
    before = snapshot(Path.cwd())
    result = merge("-r", "r.csv", "-o", "out", "--format", fmt)
    code = f"U+{ord(char):04X}"
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[1] == (
        f"r.csv:4: the 'name' cell (column 2) holds a control character ({code}), which no "
        "letter can show: remove it"
    )
    assert snapshot(Path.cwd()) == before


def test_a_pdf_failing_on_one_row_stops_the_batch_before_any_is_written() -> None:
    tpl = templates_folder()
    builtin = Path(__file__).resolve().parent.parent / "templates" / "letter.typ"
    Path("tpl/letter.typ").write_text(
        builtin.read_text(encoding="utf-8")
        + '\n#if data.recipient.first() == "Hon. Bob" { panic("not Bob") }\n',
        encoding="utf-8",
    )
    Path("r.csv").write_text("title,name\nHon.,Ann\nHon.,Bob\nHon.,Cat\n")
    result = merge("-r", "r.csv", "-o", "out", "--format", "pdf", "--templates", tpl)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1].startswith("r.csv:3: the letter cannot be made: ")
    assert "not Bob" in result.stderr
    assert not Path("out").exists()


# --- issue 13, item 1: a fresh context per letter ---------------------------------------------


def test_a_template_changing_its_data_does_not_reach_the_next_letter() -> None:
    tpl = templates_folder()
    Path("tpl/letter.md.j2").write_text(
        "{% set _ = messages.append(messages[0]) %}{{ name }} sees {{ messages|length }}\n"
    )
    Path("r.csv").write_text("name\nAnn\nBob\nCat\nDan\n")
    result = merge("-r", "r.csv", "-o", "out", "--templates", tpl)
    if result.exit_code == 0:  # a mutable sandbox: each letter changes its own copy
        texts = [Path(f"out/{n}.md").read_text() for n in ("Ann", "Bob", "Cat", "Dan")]
        assert texts == [f"{n} sees 4\n" for n in ("Ann", "Bob", "Cat", "Dan")]
    else:  # an immutable sandbox refuses the change: cleanly, and nothing is written
        assert result.exit_code == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert not Path("out").exists()
