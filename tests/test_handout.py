"""``advocacy-kit handout``: PDF, Word, HTML, Markdown and text, read back (issue 5)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.library.loader import load_library
from advocacy_kit.model import AUDIENCES
from advocacy_kit.output.handout import compose_handout
from advocacy_kit.output.handout_model import DEFAULT_TITLE
from conftest import need_system_tool

runner = CliRunner()

#: Page sizes in PostScript points, as PDF records them.
PAGE_POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}

#: A message whose characters mean something to Typst, Markdown and HTML.
TRICKY = "Tell #SSWWeek *now* about $5 & 50% @home <script>alert(1)</script> {{ x }}"


def handout(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["handout", *args])
    return result.exit_code, result.stdout, result.stderr


def flat(text: str) -> str:
    """Text with every space and hyphen removed, so line breaks and hyphenation in the
    PDF do not hide a sentence."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def audience_texts(audience: str) -> list[str]:
    """The text of every message (introductions included) of one audience."""
    return [m.text for m in load_library().for_audience(audience)]


def tricky_library(build_tree) -> Path:  # type: ignore[no-untyped-def]
    return build_tree(
        {
            "messages/tricky.yaml": f"""
            messages:
              - id: media-tricky
                audience: media
                title: Characters that mean something
                text: "{TRICKY}"
            """
        }
    )


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("audience", [a.name for a in AUDIENCES])
def test_pdf_has_every_message_on_one_or_two_pages(audience: str, paper: str) -> None:
    code, _, stderr = handout("--audience", audience, "--paper", paper, "-o", "h.pdf")
    assert (code, stderr) == (0, "wrote h.pdf\n")
    reader = PdfReader("h.pdf")
    assert 1 <= len(reader.pages) <= 2
    for page in reader.pages:
        width, height = PAGE_POINTS[paper]
        assert float(page.mediabox.width) == pytest.approx(width, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(height, abs=0.5)
    text = "\n".join(pdf_text(Path("h.pdf")))
    for message in audience_texts(audience):
        assert flat(message) in flat(text), message
    for residue in ("{{", "{%", "#let", "sys.inputs", "data."):
        assert residue not in text
    for label in ("Talking points", "For discussion", "Notes"):
        assert label in text


def test_all_audiences_each_start_a_new_page() -> None:
    code, _, _ = handout("--audience", "all", "-o", "all.pdf", "--title", "Workshop handout")
    assert code == 0
    pages = pdf_text(Path("all.pdf"))
    assert 3 <= len(pages) <= 6
    library = load_library()
    composed = compose_handout(library=library, audience="all")
    starts = [i for i, page in enumerate(pages) if page.startswith("WORKSHOP HANDOUT\n")]
    assert len(starts) == 3
    for start, section in zip(starts, composed.sections, strict=True):
        assert pages[start].split("\n")[1] == section.headline
    # Each audience's messages are in its own pages.
    bounds = [*starts, len(pages)]
    for index, audience in enumerate(a.name for a in AUDIENCES):
        own = flat("".join(pages[bounds[index] : bounds[index + 1]]))
        for message in audience_texts(audience):
            assert flat(message) in own


def test_pdf_prints_typst_and_html_characters_as_themselves(build_tree) -> None:  # type: ignore[no-untyped-def]
    library = tricky_library(build_tree)
    code, _, stderr = handout("-a", "media", "-o", "t.pdf", "--library", str(library))
    assert (code, stderr) == (0, "wrote t.pdf\n")
    text = " ".join(" ".join(pdf_text(Path("t.pdf"))).split())
    assert TRICKY in text


def test_docx_uses_word_styles() -> None:
    code, _, _ = handout("--audience", "all", "--paper", "letter", "-o", "h.docx")
    assert code == 0
    document = docx.Document("h.docx")
    paragraphs = document.paragraphs
    styles = [p.style.name for p in paragraphs]
    assert styles[0] == "Title" and paragraphs[0].text == DEFAULT_TITLE
    headings = [p for p in paragraphs if p.style.name == "Heading 1"]
    composed = compose_handout(library=load_library(), audience="all")
    assert [h.text for h in headings] == [s.headline for s in composed.sections]
    assert [bool(h.paragraph_format.page_break_before) for h in headings] == [False, True, True]
    assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == [
        "Talking points",
        "The ask",
        "For discussion",
        "Notes",
        "Talking points",
        "For discussion",
        "Notes",
        "Talking points",
        "For discussion",
        "Notes",
    ]
    asks = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    assert asks == [m.ask for m in load_library().for_audience("donors") if m.ask]
    points = [p.text for p in paragraphs if p.style.name == "List Number"]
    for audience in ("donors", "media"):
        for message in load_library().for_audience(audience):
            assert f"{message.title}\n{message.text}" in points
    evidence = [p.text for p in paragraphs if p.style.name == "List Bullet 2"]
    assert evidence == [
        "Evidence: The social service workforce is critical to achieving more than 65% of the "
        "Sustainable Development Goal targets by 2030. Source: a recent European Social "
        "Network report"
    ]
    section = document.sections[0]
    assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == (
        8.5,
        11.0,
    )
    assert len(document.tables) == 3  # a notes box per audience


def test_docx_numbering_restarts_for_each_list() -> None:
    code, _, _ = handout("--audience", "all", "-o", "h.docx")
    assert code == 0
    document = docx.Document("h.docx")
    num_ids = []
    for paragraph in document.paragraphs:
        numpr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        if numpr is not None:
            num_ids.append(numpr.numId.val)
    # Talking points and questions of each of the 3 audiences: 6 lists of their own.
    assert len(set(num_ids)) == 6


def test_html_is_self_contained_and_escapes_a_script(build_tree) -> None:  # type: ignore[no-untyped-def]
    library = tricky_library(build_tree)
    code, _, _ = handout("-a", "media", "-o", "h.html", "--library", str(library))
    assert code == 0
    html = Path("h.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ x }}" in html  # message text is data, never a template
    assert "<link" not in html and "src=" not in html and "@import" not in html
    assert "@page { size: A4;" in html
    for message in audience_texts("media"):
        assert message.replace("'", "&#39;") in html


def test_markdown_and_text_handouts() -> None:
    assert handout("-a", "donors", "-o", "h.md")[0] == 0
    assert handout("-a", "workforce", "-o", "h.txt")[0] == 0
    markdown = Path("h.md").read_text(encoding="utf-8")
    assert markdown.startswith("*Advocating for the social service workforce*\n\n# Why invest")
    assert "## The ask" in markdown and "## For discussion" in markdown
    text = Path("h.txt").read_text(encoding="utf-8")
    for message in audience_texts("workforce"):
        assert flat(message) in flat(text)


def test_existing_file_is_not_replaced_without_force() -> None:
    Path("h.pdf").write_bytes(b"keep")
    code, _, stderr = handout("-a", "media", "-o", "h.pdf")
    assert code == 2
    assert stderr == (
        "error: h.pdf: the file exists already\n"
        "hint: run again with --force to replace it, or choose another name with -o\n"
    )
    assert Path("h.pdf").read_bytes() == b"keep"
    assert handout("-a", "media", "-o", "h.pdf", "--force")[0] == 0
    assert Path("h.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["-a", "media", "-o", "h.odt"],
            "error: h.odt: cannot write a handout as '.odt'\n"
            "hint: end the file name in .pdf, .docx, .html, .md or .txt\n",
        ),
        (
            ["-a", "media", "-o", "h.pdf", "--paper", "a5"],
            "error: unknown paper size 'a5'\nhint: use --paper a4 or --paper letter\n",
        ),
        (
            ["-a", "media", "-o", "h.pdf", "--font-path", "no-such-folder"],
            "error: no-such-folder: no such font folder\n"
            "hint: give --font-path a folder holding .ttf, .otf or .ttc font files\n",
        ),
    ],
)
def test_bad_usage_exits_2(args: list[str], stderr: str) -> None:
    assert handout(*args) == (2, "", stderr)
    assert not Path("h.pdf").exists()


def test_unknown_audience_names_all_too() -> None:
    code, _, stderr = handout("-a", "donor-groups", "-o", "h.pdf")
    assert code == 2
    assert stderr.startswith("error: unknown audience 'donor-groups'\nhint: ")
    assert stderr.endswith("; or all, for every audience\n")


def test_region_uses_the_variants_messages_and_language() -> None:
    code, _, _ = handout("-a", "donors", "--region", "fr", "-o", "fr.docx")
    assert code == 0
    document = docx.Document("fr.docx")
    texts = [p.text for p in document.paragraphs]
    assert "Points clés" in texts and "Pour la discussion" in texts
    assert document.core_properties.language == "fr"
    french = load_library(region="fr").for_audience("donors")
    points = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert points[: len(french)] == [f"{m.title}\n{m.text}" for m in french]


# -- a page rendered to an image --------------------------------------------------------


def png_brightness(path: Path) -> list[int]:
    """The brightness (0-255) of every pixel of an 8-bit greyscale, RGB or RGBA PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    channels = {0: 1, 2: 3, 6: 4}[colour]
    assert depth == 8
    stride = width * channels
    raw = zlib.decompress(b"".join(chunks))
    brightness: list[int] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            up_left = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[x] = (line[x] + guess) & 0xFF
        for x in range(0, stride, channels):
            colours = line[x : x + min(channels, 3)]
            brightness.append(sum(colours) // len(colours))
        previous = line
    return brightness


def test_first_page_renders_to_a_png_that_is_not_blank(tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    need_system_tool(pdftoppm, "pdftoppm", "poppler-utils")
    assert handout("-a", "workforce", "-o", "h.pdf")[0] == 0
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-gray",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            "h.pdf",
            str(tmp_path / "page"),
        ],
        check=True,
    )
    pixels = png_brightness(tmp_path / "page.png")
    dark = sum(1 for value in pixels if value < 128)
    # Text and rules cover a few per cent of a printed page; a blank page has none.
    assert 0.005 < dark / len(pixels) < 0.5
