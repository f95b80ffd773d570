"""PDF with Typst: letters through ``draft -o letter.pdf``, data never read as markup,
characters the fonts cannot show reported, one compiler reused (issue 5)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.errors import TemplateError, UsageError
from advocacy_kit.library.loader import load_library
from advocacy_kit.output import pdf
from conftest import need_system_tool

runner = CliRunner()

#: Debian's fonts-dejavu-core: DejaVu Sans has Georgian, which Typst's fonts lack.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

LETTER_ARGS = [
    "draft",
    "--audience",
    "donors",
    "--format",
    "letter",
    "--to",
    "Hon. Minister of Social Welfare",
    "--sender",
    "A. Advocate",
    "--organization",
    "Global Social Service Workforce Alliance",
    "--date",
    "2026-10-19",
]


def flat(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def letter_data(**changes: object) -> dict[str, object]:
    """The smallest data ``letter.typ`` takes."""
    data: dict[str, object] = {
        "paper": "a4",
        "lang": "en",
        "author": "A. Advocate",
        "subject": "Subject",
        "subject_line": "Re: Subject",
        "sender": ["A. Advocate"],
        "date": "19 October 2026",
        "recipient": ["The Minister"],
        "salutation": "Dear Minister,",
        "body": [{"kind": "paragraph", "text": "Body."}],
        "closing": "Yours sincerely,",
        "signature": ["A. Advocate"],
        "sources_title": "Sources",
        "sources": [],
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_letter_pdf_is_a_whole_letter(paper: str) -> None:
    result = runner.invoke(app, [*LETTER_ARGS, "--paper", paper, "-o", "letter.pdf"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "wrote letter.pdf\n")
    reader = PdfReader("letter.pdf")
    assert len(reader.pages) == 1
    size = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}[paper]
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.5)
    lines = reader.pages[0].extract_text().split("\n")
    assert lines[:5] == [
        "A. Advocate",
        "Global Social Service Workforce Alliance",
        "19 October 2026",
        "Hon. Minister of Social Welfare",
        "Re: Investing in the social service workforce",
    ]
    assert lines[5] == "Dear Hon. Minister,"
    text = "\n".join(lines)
    library = load_library()
    assert library.definition is not None
    for message in [library.definition, *library.for_audience("donors")]:
        assert flat(message.text) in flat(text)
    assert flat("Yours sincerely,\nA. Advocate\nGlobal Social Service Workforce Alliance") in flat(
        text
    )
    assert flat("a recent European Social Network report.") in flat(text.split("Sources")[-1])
    for residue in ("{{", "#let", "sys.inputs"):
        assert residue not in text
    assert reader.metadata is not None
    assert reader.metadata.title == "Investing in the social service workforce"


def test_letter_pdf_for_a_long_letter_stays_within_two_pages() -> None:
    result = runner.invoke(app, ["draft", "-a", "workforce", "-f", "letter", "-o", "w.pdf"])
    assert result.exit_code == 0
    reader = PdfReader("w.pdf")
    assert 1 <= len(reader.pages) <= 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Dear Sir or Madam," in text and "[Your name]" in text
    for message in load_library().for_audience("workforce"):
        assert flat(message.text) in flat(text)


def test_talking_points_draft_as_pdf() -> None:
    result = runner.invoke(app, ["draft", "-a", "media", "-o", "tp.pdf"])
    assert result.exit_code == 0
    text = "".join(page.extract_text() for page in PdfReader("tp.pdf").pages)
    for message in load_library().for_audience("media"):
        assert flat(message.text) in flat(text)


def test_posts_cannot_be_a_pdf() -> None:
    result = runner.invoke(app, ["draft", "-a", "media", "-f", "post", "-o", "p.pdf"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: posts cannot be written as .pdf\nhint: write posts to a .txt, .md or .html file\n"
    )
    assert not Path("p.pdf").exists()


def test_user_text_is_data_not_markup() -> None:
    tricky = '#let x = 1 *a* _b_ $c$ @d <e> \\f "g" `h` // i /* j */ = k [l] {m}'
    result = pdf.PdfRenderer().render("letter.typ", letter_data(salutation=tricky))
    page = read_pdf(result.data).pages[0]
    assert tricky in page.extract_text().split("\n")
    assert result.missing == ()


def read_pdf(data: bytes) -> PdfReader:
    import io

    return PdfReader(io.BytesIO(data))


def test_characters_the_fonts_lack_are_named() -> None:
    result = pdf.PdfRenderer().render(
        "letter.typ", letter_data(body=[{"kind": "paragraph", "text": "Ⴀ 中文 😀 ök Ελλάδα"}])
    )
    assert result.missing == ("Ⴀ", "中", "文", "😀")
    assert result.messages()[0].startswith(
        "the PDF's fonts cannot show 4 character(s), which are left out: "
        "Ⴀ (U+10A0), 中 (U+4E2D), 文 (U+6587), 😀 (U+1F600); add a folder of fonts"
    )


def test_font_path_adds_fonts() -> None:
    need_system_tool(DEJAVU.is_dir(), "DejaVu fonts", "fonts-dejavu-core")
    data = letter_data(body=[{"kind": "paragraph", "text": "Ⴀ 中"}])
    result = pdf.PdfRenderer(font_paths=[DEJAVU]).render("letter.typ", data)
    assert result.missing == ("中",)


def test_cli_warns_naming_the_characters(build_tree) -> None:  # type: ignore[no-untyped-def]
    library = build_tree(
        {
            "messages/more.yaml": """
            messages:
              - id: donors-scripts
                audience: donors
                title: Scripts
                text: "Georgian Ⴀ and Chinese 中."
            """
        }
    )
    args = [*LETTER_ARGS, "--library", str(library), "-o", "l.pdf"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "warning: the PDF's fonts cannot show 2 character(s), which are left out: "
        "Ⴀ (U+10A0), 中 (U+4E2D); add a folder of fonts that have them with --font-path DIR"
    )
    assert result.stderr.endswith("\nwrote l.pdf\n")
    need_system_tool(DEJAVU.is_dir(), "DejaVu fonts", "fonts-dejavu-core")
    result = runner.invoke(app, [*args[:-1], "l2.pdf", "--font-path", str(DEJAVU)])
    assert result.exit_code == 0
    assert "(U+10A0)" not in result.stderr and "中 (U+4E2D)" in result.stderr


def test_one_compiler_per_template_is_reused() -> None:
    renderer = pdf.renderer()
    assert pdf.renderer() is renderer
    first = renderer.render("letter.typ", letter_data(salutation="Dear first,"))
    compiler = renderer._compilers[pdf.find_template("letter.typ")]
    second = renderer.render("letter.typ", letter_data(salutation="Dear second,"))
    assert renderer._compilers[pdf.find_template("letter.typ")] is compiler
    assert "Dear first," in read_pdf(first.data).pages[0].extract_text()
    assert "Dear second," in read_pdf(second.data).pages[0].extract_text()


def test_a_broken_user_template_is_reported_at_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "letter.typ").write_text(
        "#let data = json(bytes(sys.inputs.data))\n= #data.salutation\n#data.no_such_key\n",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        pdf.PdfRenderer(templates=[folder]).render("letter.typ", letter_data())
    error = caught.value
    assert (error.path, error.line, error.column) == (str(folder / "letter.typ"), 3, 6)
    assert error.message.startswith("Typst template error: dictionary does not contain key")


def test_user_template_overrides_the_built_in_one(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "letter.typ").write_text(
        "#let data = json(bytes(sys.inputs.data))\nOur letterhead. #data.salutation\n",
        encoding="utf-8",
    )
    result = pdf.PdfRenderer(templates=[folder]).render("letter.typ", letter_data())
    text = read_pdf(result.data).pages[0].extract_text()
    assert text == "Our letterhead. Dear Minister,"


def test_missing_font_folder_and_paper() -> None:
    with pytest.raises(UsageError):
        pdf.PdfRenderer(font_paths=[Path("nowhere")])
    with pytest.raises(UsageError):
        pdf.paper_name("a3")
    assert (pdf.paper_name("A4"), pdf.paper_name("letter")) == ("a4", "us-letter")


def test_printed_characters_reads_ligatures_and_soft_hyphens() -> None:
    result = pdf.PdfRenderer().render(
        "letter.typ", letter_data(body=[{"kind": "paragraph", "text": "office – fluffy"}])
    )
    shown = pdf.printed_characters(result.data)
    assert {"f", "i", "l", "–", "y"} <= shown
    assert pdf.printed_characters(b"") == set()
