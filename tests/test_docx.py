"""Letters and talking points as Word files, read back with python-docx (issue 5)."""

from __future__ import annotations

from pathlib import Path

import docx
from typer.testing import CliRunner

from advocacy_kit.addressing import request_sentence
from advocacy_kit.cli.app import app
from advocacy_kit.library.loader import load_library

runner = CliRunner()


def draft(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["draft", *args])
    return result.exit_code, result.stderr


def test_letter_docx_is_a_whole_letter_in_word_styles() -> None:
    code, stderr = draft(
        "-a", "donors", "-f", "letter", "--to", "Hon. Minister of Social Welfare",
        "--sender", "A. Advocate", "--organization", "Global Social Service Workforce Alliance",
        "--date", "2026-10-19", "--paper", "letter", "-o", "letter.docx",
    )  # fmt: skip
    assert (code, stderr) == (0, "wrote letter.docx\n")
    document = docx.Document("letter.docx")
    library = load_library()
    assert library.definition is not None
    messages = library.for_audience("donors")
    opening = (
        "I am writing on behalf of the Global Social Service Workforce Alliance to ask for "
        "your support for the social service workforce. " + library.definition.text
    )
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Normal", "A. Advocate\nGlobal Social Service Workforce Alliance"),
        ("Normal", "19 October 2026"),
        ("Normal", "Hon. Minister of Social Welfare"),
        ("Normal", "Re: Investing in the social service workforce"),
        ("Normal", "Dear Hon. Minister,"),
        ("Normal", opening),
        *[("Normal", m.text) for m in messages],
        ("Normal", request_sentence([m.ask for m in messages if m.ask])),
        (
            "Normal",
            "Thank you for your attention to the social service workforce. I would welcome "
            "the opportunity to discuss how we can work together.",
        ),
        ("Normal", "Yours sincerely,"),
        ("Normal", "A. Advocate\nGlobal Social Service Workforce Alliance"),
        ("Normal", "Sources"),
        (
            "List Number",
            "The social service workforce is critical to achieving more than 65% of the "
            "Sustainable Development Goal targets by 2030: a recent European Social Network "
            "report.",
        ),
    ]
    subject = document.paragraphs[3]
    assert all(run.bold for run in subject.runs)
    section = document.sections[0]
    assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == (
        8.5,
        11.0,
    )
    assert document.core_properties.title == "Investing in the social service workforce"
    assert document.core_properties.author == "A. Advocate"


def test_letter_with_an_introduction_lists_the_commitments() -> None:
    assert draft("-a", "workforce", "-f", "letter", "-o", "w.docx")[0] == 0
    document = docx.Document("w.docx")
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    commitments = [
        m.text for m in load_library().for_audience("workforce") if m.role != "introduction"
    ]
    assert bullets == commitments
    texts = [p.text for p in document.paragraphs]
    assert "Dear Sir or Madam," in texts and "[Your name]" in texts
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_talking_points_draft_as_docx() -> None:
    assert draft("-a", "media", "-o", "tp.docx")[0] == 0
    document = docx.Document("tp.docx")
    assert [p.style.name for p in document.paragraphs[:3]] == ["Title", "Heading 1", "Subtitle"]
    points = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    for message in load_library().for_audience("media"):
        assert f"{message.title}\n{message.text}" in points


def test_docx_keeps_markup_characters_as_text(build_tree) -> None:  # type: ignore[no-untyped-def]
    library = build_tree(
        {
            "messages/x.yaml": """
            messages:
              - id: donors-markup
                audience: donors
                title: Markup
                text: "<w:p> & {{ x }} #let *y*"
            """
        }
    )
    code, _ = draft("-a", "donors", "-f", "letter", "--library", str(library), "-o", "x.docx")
    assert code == 0
    texts = [p.text for p in docx.Document("x.docx").paragraphs]
    assert "<w:p> & {{ x }} #let *y*" in texts


def test_existing_docx_is_kept_without_force() -> None:
    Path("l.docx").write_bytes(b"mine")
    code, stderr = draft("-a", "donors", "-o", "l.docx")
    assert code == 2
    assert stderr.startswith("error: l.docx: the file exists already\n")
    assert Path("l.docx").read_bytes() == b"mine"
