"""The core of ``advocacy-kit merge`` (issue 6): reading recipients, checking everything
before writing, safe names, resuming, the manifest."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from advocacy_kit.batch.filenames import safe_file_stem
from advocacy_kit.batch.manifest import MANIFEST_NAME, neutralise_cell
from advocacy_kit.batch.merge import MergeInterrupted, run_merge
from advocacy_kit.batch.plan import plan_merge
from advocacy_kit.batch.problems import RecipientsError
from advocacy_kit.batch.recipients import read_recipients
from advocacy_kit.batch.tables import sniff_delimiter
from advocacy_kit.compose import drafts as compose
from advocacy_kit.compose.drafts import compose_draft
from advocacy_kit.errors import ExitCode, OutputError, UsageError
from advocacy_kit.library.loader import load_library
from advocacy_kit.model import Library
from advocacy_kit.output.documents import render_draft

DATE = dt.date(2026, 10, 19)
SENDER = "Amina Diallo"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (hidden ones included) with its bytes."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def write(path: Path, text: str, *, bom: bool = False, encoding: str = "utf-8") -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def letter_for(library: Library, to: str | None, kind: str = "md", **row: str) -> str:
    """The letter ``draft`` writes for one recipient: what merge must write too."""
    draft = compose_draft(
        library=library, audience="donors", format="letter", to=to, sender=SENDER, date=DATE
    )
    return render_draft(draft, kind)


def do_merge(library: Library, recipients: Path, out: Path, **options: Any) -> Any:
    options.setdefault("audience", "donors")
    plan = plan_merge(
        library=library, recipients=recipients, out=out, sender=SENDER, date=DATE, **options
    )
    return run_merge(plan)


def refused(root: Path, call: Callable[[], object], error: type[Exception]) -> Exception:
    """Run ``call``, which must raise ``error``, and check no file changed under ``root``."""
    before = snapshot(root)
    with pytest.raises(error) as caught:
        call()
    assert snapshot(root) == before
    return caught.value


# --- reading -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("title,name\nHon.,Jane Otieno\n", ","),
        ("title;name\nHon.;Jane Otieno\n", ";"),
        ("title\tname\nHon.\tJane Otieno\n", "\t"),
        ('name;organisation\n"Otieno, Jane";"Ministry, Gender"\n', ";"),
        ('name,organisation\n"Otieno; Jane","Ministry; Gender"\n', ","),
        ("name\nJane\n", ","),
    ],
)
def test_delimiter_is_sniffed(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


@pytest.mark.parametrize("bom", [False, True])
def test_csv_with_or_without_bom_gives_the_same_rows(tmp_path: Path, bom: bool) -> None:
    path = write(
        tmp_path / "r.csv", "Title;Last Name\r\nHon.;Otieno\r\n\r\n;\r\nDr;Mensah\r\n", bom=bom
    )
    table, problems = read_recipients(path)
    assert problems == []
    assert table.headers == ("Title", "Last Name")
    assert table.keys == ("title", "last_name")
    assert [(r.line, r.number, r.values) for r in table.rows] == [
        (2, 1, ("Hon.", "Otieno")),
        (5, 2, ("Dr", "Mensah")),
    ]
    assert table.delimiter == ";"


def test_line_numbers_count_quoted_line_breaks(tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", 'name,address\nA,"1 Main St\nNairobi"\nB,x\n')
    table, _ = read_recipients(path)
    assert [(r.line, r.values) for r in table.rows] == [
        (2, ("A", "1 Main St\nNairobi")),
        (4, ("B", "x")),
    ]


def test_forced_delimiter(tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", "name\nOtieno, Jane\n")
    _, problems = read_recipients(path)
    assert [p.line for p in problems] == [2]  # sniffed ',' splits the name
    table, problems = read_recipients(path, delimiter=";")
    assert problems == []
    assert table.rows[0].values == ("Otieno, Jane",)
    with pytest.raises(UsageError):
        read_recipients(path, delimiter="|")


def test_xlsx_is_read_with_sheet_rows_as_lines(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Officials"
    sheet.append(["Title", "Name", "Seats", "Since"])
    sheet.append(["Hon.", "Jane Otieno", 12, dt.datetime(2024, 3, 1)])
    sheet.append([None, None, None, None])
    sheet.append(["Dr", "Ama Mensah", 3.5, None])
    workbook.create_sheet("Other").append(["x"])
    path = tmp_path / "officials.xlsx"
    workbook.save(path)
    table, problems = read_recipients(path)
    assert problems == []
    assert table.keys == ("title", "name", "seats", "since")
    assert [(r.line, r.values) for r in table.rows] == [
        (2, ("Hon.", "Jane Otieno", "12", "2024-03-01")),
        (4, ("Dr", "Ama Mensah", "3.5", "")),
    ]
    other, _ = read_recipients(path, sheet="Other")
    assert other.headers == ("x",)
    error = refused(tmp_path, lambda: read_recipients(path, sheet="Officals"), UsageError)
    assert "did you mean 'Officials'?" in str(error)


def test_xlsx_letters_and_errors_by_sheet_row(library: Library, tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Title", "Name"])
    sheet.append(["Hon.", "Jane Otieno"])
    sheet.append(["Dr", None])
    path = tmp_path / "officials.xlsx"
    workbook.save(path)
    error = refused(
        tmp_path,
        lambda: do_merge(library, path, tmp_path / "out", name="{name}"),
        RecipientsError,
    )
    assert str(error).splitlines()[1] == f"{path}:3: the 'Name' cell is empty"
    sheet["B3"] = "Ama Mensah"
    workbook.save(path)
    do_merge(library, path, tmp_path / "out")
    assert (tmp_path / "out" / "Jane-Otieno.md").read_text() == letter_for(
        library, "Hon. Jane Otieno"
    )


# --- letters -------------------------------------------------------------------------


def test_each_letter_is_the_letter_draft_writes(library: Library, tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", "title,name\nHon.,Jane Otieno\n,Ama Mensah\n", bom=True)
    for kind in ("md", "txt", "html"):
        out = tmp_path / kind
        result = do_merge(library, path, out, format=kind)
        assert (result.written, result.kept, result.replaced) == (2, 0, 0)
        assert sorted(p.name for p in out.iterdir()) == [
            f"Ama-Mensah.{kind}",
            f"Jane-Otieno.{kind}",
            MANIFEST_NAME,
        ]
        assert (out / f"Jane-Otieno.{kind}").read_text() == letter_for(
            library, "Hon. Jane Otieno", kind
        )
        assert (out / f"Ama-Mensah.{kind}").read_text() == letter_for(library, "Ama Mensah", kind)


def test_address_salutation_and_sender_columns(library: Library, tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.csv",
        "title,first name,last name,organisation,country,salutation,sender\n"
        'Hon.,Jane,Otieno,Ministry of Gender,Kenya,"Dear Minister,",\n'
        ",,,Ministry of Labour,,,Kofi Boateng\n",
    )
    do_merge(library, path, tmp_path / "out", name="{row}")
    plain = letter_for(library, "Hon. Jane Otieno")
    assert (tmp_path / "out" / "1.md").read_text() == plain.replace(
        "Hon. Jane Otieno\n\nDear Hon. Otieno,",
        "Hon. Jane Otieno  \nMinistry of Gender  \nKenya\n\nDear Minister,",
    )
    second = (tmp_path / "out" / "2.md").read_text()
    assert second == letter_for(library, None).replace(
        "\nDear Sir or Madam,", "\nMinistry of Labour\n\nDear Sir or Madam,"
    ).replace(SENDER, "Kofi Boateng")
    html = plan_merge(
        library=library,
        recipients=path,
        out=tmp_path / "h",
        audience="donors",
        format="html",
        date=DATE,
        name="{row}",
    ).contents[0]
    assert (
        '<div class="block recipient"><p>Hon. Jane Otieno</p><p>Ministry of Gender</p>'
        "<p>Kenya</p></div>\n<p>Dear Minister,</p>"
    ) in html


def test_html_letters_escape_the_data(library: Library, tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", 'name,organisation\n"<script>x</script>","A & B"\n')
    do_merge(library, path, tmp_path / "out", format="html", name="letter")
    html = (tmp_path / "out" / "letter.html").read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<p>A &amp; B</p>" in html


def test_any_column_is_a_template_field(library: Library, build_tree: Any, tmp_path: Path) -> None:
    folder = build_tree(
        {
            "tpl/letter.md.j2": """\
                To {{ to }} of {{ constituency }}
                ({{ fields.constituency }}, {{ fields["first_name"] }})
                {{ subject }}
                """
        }
    )
    path = write(tmp_path / "r.csv", "first name,name,constituency\nJane,Jane Otieno,Kisumu\n")
    do_merge(library, path, tmp_path / "out", templates=[folder / "tpl"])
    assert (tmp_path / "out" / "Jane-Otieno.md").read_text() == (
        "To Jane Otieno of Kisumu\n(Kisumu, Jane)\nInvesting in the social service workforce\n"
    )


def test_audience_column_and_one_composition_per_audience(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = compose.compose_draft

    def counting(**options: Any) -> Any:
        calls.append(options["audience"])
        return real(**options)

    monkeypatch.setattr(compose, "compose_draft", counting)
    rows = "".join(f"Person {i},{('public', 'donors', '')[i % 3]}\n" for i in range(30))
    path = write(tmp_path / "r.csv", "name,audience\n" + rows)
    do_merge(library, path, tmp_path / "out", audience="workforce")
    assert sorted(calls) == ["donors", "media", "workforce"]
    manifest = list(
        csv.DictReader(io.StringIO((tmp_path / "out" / MANIFEST_NAME).read_text("utf-8-sig")))
    )
    assert [row["audience"] for row in manifest[:3]] == ["public", "donors", ""]
    assert (
        "Re: Investing in the social service workforce"
        in (tmp_path / "out" / "Person-1.md").read_text()
    )
    assert (
        "Re: The social service workforce in our communities"
        in (tmp_path / "out" / "Person-0.md").read_text()
    )
    assert "Re: Champions of our profession" in (tmp_path / "out" / "Person-2.md").read_text()


def test_region_column_picks_the_variant(library: Library, tmp_path: Path) -> None:
    from advocacy_kit.library.loader import load_variants

    variants = load_variants()
    path = write(
        tmp_path / "recipients.csv",
        "name,region\nJane Otieno,east-southern-africa\nMarie Dubois,fr\nAma Mensah,\n",
    )
    do_merge(library, path, tmp_path / "out", variants=variants)
    for name, region in [
        ("Jane Otieno", "east-southern-africa"),
        ("Marie Dubois", "fr"),
        ("Ama Mensah", "global"),
    ]:
        resolution = variants.resolve(region)
        draft = compose_draft(
            library=resolution.library,
            lang=resolution.lang,
            audience="donors",
            format="letter",
            to=name,
            sender=SENDER,
            date=DATE,
        )
        letter = (tmp_path / "out" / (name.replace(" ", "-") + ".md")).read_text()
        assert letter == render_draft(draft, "md"), region
    # A French salutation never carries the name; without a title it is "Madame, Monsieur".
    assert letter_words_greeting("fr", "Marie Dubois") == "Madame, Monsieur"
    assert letter_words_greeting("fr", "Mme Marie Dubois") == "Madame"
    assert (
        letter_words_greeting("fr", "Marie Dubois")
        in (tmp_path / "out" / "Marie-Dubois.md").read_text()
    )

    bad = write(
        tmp_path / "bad.csv", "name,region\nA,east-southern-afrika\nB,east-southern-afrika\n"
    )
    error = refused(
        tmp_path,
        lambda: do_merge(library, bad, tmp_path / "out2", variants=variants),
        RecipientsError,
    )
    assert (
        str(error)
        .splitlines()[1]
        .startswith(
            f"{bad}:2: no variant called 'east-southern-afrika' (and 1 more rows like it); "
        )
    )


def letter_words_greeting(lang: str, to: str) -> str:
    from advocacy_kit.languages import letter_words

    return str(letter_words(lang, to=to)["greeting"])


def test_region_column_without_variants_is_a_field(library: Library, tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", "name,region\nJane,\nAma,\n")
    plan = plan_merge(
        library=library, recipients=path, out=tmp_path / "out", audience="donors", date=DATE
    )
    assert plan.notes == (
        "the 'region' column is a template field only: no regional variants were loaded",
    )


# --- checking before writing -----------------------------------------------------------


def test_every_problem_is_listed_and_nothing_written(library: Library, tmp_path: Path) -> None:
    path = write(
        tmp_path / "recipients.csv",
        "name,organisation,audience\n"
        "Jane Otieno,Ministry,donors\n"  # 2 fine
        ",Treasury,donors\n"  # 3 empty name
        "Ama Mensah,Health\n"  # 4 short
        "Kofi,Labour,donors,extra\n"  # 5 long
        "JANE OTIENO,Other,donors\n"  # 6 same name as line 2
        "Zoe,X,donnors\n",  # 7 unknown audience
    )
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.md").write_text("mine")
    error = refused(
        tmp_path,
        lambda: do_merge(library, path, tmp_path / "out", audience=None, name="{name}"),
        RecipientsError,
    )
    assert error.exit_code == ExitCode.BAD_INPUT
    assert str(error) == (
        f"{path}: 6 problems found, no letter was written\n"
        f"{path}:3: the 'name' cell is empty\n"
        f"{path}:4: row has 2 cells but the header has 3: is a ',' missing?\n"
        f"{path}:4: the 'audience' cell is empty\n"
        f"{path}:5: row has 4 cells but the header has 3: is there a ',' inside a value? "
        "put that value in double quotes\n"
        f"{path}:6: the letter's file name 'JANE-OTIENO.md' is the same as line 2's (names "
        "are compared ignoring case): add a column to --name to tell them apart\n"
        f"{path}:7: unknown audience 'donnors'; did you mean 'donors'? valid audiences: "
        "donors (government, governments, multilateral, donor); media (public, "
        "general-public); workforce (members, workers)\n"
        "hint: fix these lines, or use --name with more columns, e.g. "
        '--name "{name}-{organisation}"'
    )


def test_undecodable_bytes_are_located(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "recipients.csv"
    path.write_bytes("name\nJosé\n".encode() + "Zoë\nRené\n".encode("cp1252"))
    error = refused(tmp_path, lambda: do_merge(library, path, tmp_path / "out"), RecipientsError)
    assert str(error) == (
        f"{path}: 2 problems found, no letter was written\n"
        f"{path}:3: byte 0xeb (at byte 3 of the line) is not UTF-8 text\n"
        f"{path}:4: byte 0xe9 (at byte 4 of the line) is not UTF-8 text\n"
        "hint: save the file as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8), then fix "
        "the other lines and run again"
    )


def test_names_equal_after_case_folding_and_normalisation(library: Library, tmp_path: Path) -> None:
    composed = unicodedata.normalize("NFC", "José")
    decomposed = unicodedata.normalize("NFD", "José")
    assert composed != decomposed
    path = write(tmp_path / "r.csv", f"name\n{composed}\n{decomposed.upper()}\nStraße\nSTRASSE\n")
    error = refused(tmp_path, lambda: do_merge(library, path, tmp_path / "out"), RecipientsError)
    assert [p.line for p in error.problems] == [3, 5]  # type: ignore[attr-defined]


def test_template_fields_must_be_columns(library: Library, build_tree: Any, tmp_path: Path) -> None:
    folder = build_tree(
        {
            "tpl/letter.md.j2": """\
                {% for item in messages %}{{ item.text }}{% endfor %}
                {% set greeting = "Dear" %}
                {{ greeting }} {{ to }},
                You represent {{ constituency }}.
                {{ fields.party }}
                """
        }
    )
    path = write(tmp_path / "recipients.csv", "name,constituancy\nJane,Kisumu\n")
    error = refused(
        tmp_path,
        lambda: do_merge(library, path, tmp_path / "out", templates=[folder / "tpl"]),
        RecipientsError,
    )
    template = folder / "tpl" / "letter.md.j2"
    assert str(error).splitlines()[1:3] == [
        f"{path}:1: no column 'constituency', which {template}:4 uses (did you mean "
        "'constituancy'?)",
        f"{path}:1: no column 'party', which {template}:5 uses",
    ]


def test_a_template_failing_on_one_row_stops_before_writing(
    library: Library, build_tree: Any, tmp_path: Path
) -> None:
    folder = build_tree({"tpl/letter.md.j2": "{{ to }}: {{ 100 // (seats | int) }} per seat\n"})
    path = write(tmp_path / "recipients.csv", "name,seats\nJane,4\nAma,5\nKofi,0\nZoe,2\n")
    error = refused(
        tmp_path,
        lambda: do_merge(library, path, tmp_path / "out", templates=[folder / "tpl"]),
        RecipientsError,
    )
    assert str(error).splitlines()[:2] == [
        f"{path}: 1 problem found, no letter was written",
        f"{path}:4: the letter cannot be made: {folder / 'tpl' / 'letter.md.j2'}:1: "
        "the template failed: ZeroDivisionError: integer division or modulo by zero",
    ]
    Path(path).write_text("name,seats\nJane,4\nAma,5\nKofi,1\nZoe,2\n")
    do_merge(library, path, tmp_path / "out", templates=[folder / "tpl"])
    assert (tmp_path / "out" / "Kofi.md").read_text() == "Kofi: 100 per seat\n"


def test_name_pattern_and_required_columns(library: Library, tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.csv",
        "First Name,Last Name,Organisation,Email\nJane,Otieno,Ministry of Gender,\n"
        "Ama,Mensah,,ama@example.org\n",
    )
    error = refused(
        tmp_path,
        lambda: do_merge(
            library, path, tmp_path / "out", name="{last_name}-{organisaton}", require=["email"]
        ),
        RecipientsError,
    )
    assert [str(p.line) + ": " + p.message for p in error.problems] == [  # type: ignore[attr-defined]
        "1: no column 'organisaton', which --name uses (did you mean 'organisation'?)",
        "2: the 'Email' cell is empty",
    ]
    error = refused(
        tmp_path,
        lambda: do_merge(library, path, tmp_path / "out", name="{last_name}-{organisation}"),
        RecipientsError,
    )
    assert [p.line for p in error.problems] == [3]  # type: ignore[attr-defined]
    do_merge(library, path, tmp_path / "out", name="{last_name}-{row:03d}")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "Mensah-002.md",
        "Otieno-001.md",
        MANIFEST_NAME,
    ]


@pytest.mark.parametrize("pattern", ["{name.__class__}", "{0}", "{name!r}", "{name", "{name:>>}x{"])
def test_bad_name_patterns(library: Library, tmp_path: Path, pattern: str) -> None:
    path = write(tmp_path / "r.csv", "name\nJane\n")
    refused(tmp_path, lambda: do_merge(library, path, tmp_path / "out", name=pattern), UsageError)


def test_usage_errors_write_nothing(library: Library, tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", "name\nJane\n")
    out = tmp_path / "out"
    for options in (
        {"audience": None},
        {"audience": "donnors"},
        {"format": "rtf"},
        {"sheet": "Sheet1"},
    ):
        refused(tmp_path, lambda o=options: do_merge(library, path, out, **o), UsageError)
    refused(tmp_path, lambda: do_merge(library, tmp_path / "missing.csv", out), UsageError)
    header_only = write(tmp_path / "h.csv", "name\n")
    refused(tmp_path, lambda: do_merge(library, header_only, out), UsageError)
    (tmp_path / "file").write_text("x")
    refused(tmp_path, lambda: do_merge(library, path, tmp_path / "file"), OutputError)


# --- safe names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wanted", "stem"),
    [
        ("../../etc/x", "etc-x"),
        ("/etc/passwd", "etc-passwd"),
        ("..", "fallback"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("Lpt1", "_Lpt1"),
        ("COM¹", "_COM¹"),
        ('a\\b:c*d?e"f<g>h|i', "a-b-c-d-e-f-g-h-i"),
        ("  Jane \t Otieno\n", "Jane-Otieno"),
        ("name.", "name"),
        ("\x1b[31mred", "[31mred"),
        ("Kéré", "Kéré"),
    ],
)
def test_safe_file_stem(wanted: str, stem: str) -> None:
    assert safe_file_stem(wanted, fallback="fallback") == stem


def test_long_names_are_cut_and_kept_apart() -> None:
    first = safe_file_stem("a" * 299 + "1", fallback="x")
    second = safe_file_stem("a" * 299 + "2", fallback="x")
    assert first != second
    assert len(first) <= 100 and len(second) <= 100
    wide = safe_file_stem("ü" * 300, fallback="x")
    assert len(wide.encode()) <= 200


def test_names_from_data_stay_in_the_folder(library: Library, tmp_path: Path) -> None:
    long = "Otieno" * 50
    path = write(tmp_path / "r.csv", f"name\n../../etc/x\n/etc/passwd\nCON\n{long}\n..\n")
    root = tmp_path / "root"
    out = root / "letters"
    do_merge(library, path, out)
    assert sorted(snapshot(root)) == sorted(
        f"letters/{name}"
        for name in [
            "etc-x.md",
            "etc-passwd.md",
            "_CON.md",
            safe_file_stem(long, fallback="") + ".md",
            "letter-0005.md",
            MANIFEST_NAME,
        ]
    )
    assert all(len(name.encode()) < 255 for name in (p.name for p in out.iterdir()))


# --- writing, resuming ---------------------------------------------------------------


def rows_csv(tmp_path: Path, count: int) -> Path:
    lines = "".join(f"Hon.,Person {i:03d},Ministry {i % 7}\n" for i in range(count))
    return write(tmp_path / "r.csv", "title,name,organisation\n" + lines)


@pytest.mark.parametrize("k", [1, 7, 20])
def test_interrupted_run_is_resumed(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, k: int
) -> None:
    path = rows_csv(tmp_path, 20)
    reference = tmp_path / "reference"
    do_merge(library, path, reference)
    real = os.link
    calls = {"n": 0}

    def failing(source: Any, target: Any, **options: Any) -> None:
        # Ctrl-C at the k-th letter, inside write_atomic: its temporary file is written.
        calls["n"] += 1
        if calls["n"] == k:
            assert Path(source).read_bytes()
            raise KeyboardInterrupt
        real(source, target, **options)

    out = tmp_path / "out"
    monkeypatch.setattr(os, "link", failing)
    with pytest.raises(MergeInterrupted) as caught:
        do_merge(library, path, out)
    monkeypatch.setattr(os, "link", real)
    assert caught.value.exit_code == ExitCode.INTERRUPTED
    assert str(caught.value) == (
        f"{out}: stopped after writing {k - 1} of 20 letters; the letters written are whole "
        f"and {out / MANIFEST_NAME} lists them\n"
        "hint: run the same command again to write the rest"
    )
    partial = snapshot(out)
    listed = partial.pop(MANIFEST_NAME)  # issue 14: the manifest of what was written
    assert len(partial) == k - 1  # no temporary file
    rows = list(csv.DictReader(io.StringIO(listed.decode("utf-8-sig"))))
    assert sorted(row["file"] for row in rows) == sorted(partial)
    reference_files = snapshot(reference)
    assert all(reference_files[name] == data for name, data in partial.items())

    result = do_merge(library, path, out)
    assert (result.written, result.kept, result.replaced, result.kept_different) == (
        21 - k,
        k - 1,
        0,
        0,
    )
    final = snapshot(out)
    manifest = final.pop(MANIFEST_NAME)
    assert final == {n: d for n, d in reference_files.items() if n != MANIFEST_NAME}
    statuses = [row["status"] for row in csv.DictReader(io.StringIO(manifest.decode("utf-8-sig")))]
    assert statuses == ["kept"] * (k - 1) + ["written"] * (21 - k)


def test_temporary_files_of_a_killed_run_are_removed(library: Library, tmp_path: Path) -> None:
    path = rows_csv(tmp_path, 3)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".Person-001.md.abc123_z.tmp").write_text("half a lett")
    (out / ".notes.md.abc123_z.tmp").write_text("not ours")
    result = do_merge(library, path, out)
    assert result.removed_temp_files == 1
    assert sorted(p.name for p in out.iterdir()) == [
        ".notes.md.abc123_z.tmp",
        "Person-000.md",
        "Person-001.md",
        "Person-002.md",
        MANIFEST_NAME,
    ]


def test_existing_letters_are_kept_unless_forced(library: Library, tmp_path: Path) -> None:
    path = rows_csv(tmp_path, 3)
    out = tmp_path / "out"
    do_merge(library, path, out)
    (out / "Person-001.md").write_text("edited by hand")
    again = do_merge(library, path, out)
    assert (again.written, again.kept, again.kept_different) == (0, 3, 1)
    assert (out / "Person-001.md").read_text() == "edited by hand"
    forced = do_merge(library, path, out, force=True)
    assert (forced.written, forced.replaced, forced.kept) == (0, 3, 0)
    assert (out / "Person-001.md").read_text() == letter_for(library, "Hon. Person 001").replace(
        "Hon. Person 001\n\n", "Hon. Person 001  \nMinistry 1\n\n"
    )


def test_a_foreign_manifest_is_not_replaced(library: Library, tmp_path: Path) -> None:
    path = rows_csv(tmp_path, 2)
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST_NAME).write_text("budget,amount\n")
    error = refused(tmp_path, lambda: do_merge(library, path, out), OutputError)
    assert error.hint is not None and "--force" in error.hint  # type: ignore[attr-defined]


def test_a_folder_in_the_way_is_a_problem(library: Library, tmp_path: Path) -> None:
    path = rows_csv(tmp_path, 2)
    out = tmp_path / "out"
    (out / "Person-001.md").mkdir(parents=True)
    error = refused(tmp_path, lambda: do_merge(library, path, out), RecipientsError)
    assert [p.line for p in error.problems] == [3]  # type: ignore[attr-defined]


# --- manifest --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Jane", "Jane"),
        ("", ""),
    ],
)
def test_neutralise_cell(cell: str, safe: str) -> None:
    assert neutralise_cell(cell) == safe


def test_manifest_maps_rows_to_files(library: Library, tmp_path: Path) -> None:
    path = write(
        tmp_path / "r.csv",
        'name,phone,=cmd\n"=HYPERLINK(""http://evil"")",+254 700,@x\nAma,-1,ok\n',
    )
    out = tmp_path / "out"
    do_merge(library, path, out)
    data = (out / MANIFEST_NAME).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        ["line", "file", "status", "name", "phone", "'=cmd"],
        [
            "2",
            "'=HYPERLINK(-http-evil-).md",
            "written",
            '\'=HYPERLINK("http://evil")',
            "'+254 700",
            "'@x",
        ],
        ["3", "Ama.md", "written", "Ama", "'-1", "ok"],
    ]


def test_batch_writer_writes_whole_files_and_never_replaces(tmp_path: Path) -> None:
    from advocacy_kit.batch.writing import BatchWriter

    (tmp_path / "kept.md").write_text("mine")
    with BatchWriter(tmp_path) as writer:
        writer.write("new.md", "Dear Ann,\n")
        writer.write("bytes.docx", b"PK\x03\x04")
        with pytest.raises(OutputError) as caught:
            writer.write("kept.md", "theirs")
        writer.write("replaced.md", "one")
        writer.write("replaced.md", "two", replace=True)
    assert caught.value.hint == "run again with --force to replace it"
    assert snapshot(tmp_path) == {
        "bytes.docx": b"PK\x03\x04",
        "kept.md": b"mine",
        "new.md": b"Dear Ann,\n",
        "replaced.md": b"two",
    }
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o644  # as write_atomic's
