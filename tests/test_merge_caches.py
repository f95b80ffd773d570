"""What a merge keeps between letters for speed (issue 17) never carries one letter into
the next: the parsed Word template, and the data a group of letters shares."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.compose.drafts import compose_draft
from advocacy_kit.library.loader import load_library
from advocacy_kit.output.documents import letter_parts
from advocacy_kit.output.docx import WordLetters, letter_docx


def parts_for(to: str, *, audience: str = "donors") -> dict[str, object]:
    draft = compose_draft(
        library=load_library(),
        audience=audience,
        format="letter",
        to=to,
        sender="Amina Diallo",
        date=dt.date(2026, 10, 19),
    )
    return letter_parts(draft.extras["context"])


def word_xml(data: bytes) -> dict[str, bytes]:
    """The parts of a Word file that hold its text, lists and properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: archive.read(name)
            for name in ("word/document.xml", "word/numbering.xml", "docProps/core.xml")
        }


def test_word_letters_made_in_turn_equal_letters_made_alone() -> None:
    pytest.importorskip("docx")
    first = parts_for("Hon. Ann Long-Name-For-A-Minister")
    second = parts_for("Dr Bo", audience="workforce")  # other paragraphs, other lists
    writer = WordLetters(paper="a4")
    writer.letter(first)
    assert word_xml(writer.letter(second)) == word_xml(letter_docx(second))
    assert word_xml(writer.letter(first)) == word_xml(letter_docx(first))


def test_merged_word_letters_hold_only_their_own_recipient() -> None:
    docx = pytest.importorskip("docx")
    Path("r.csv").write_text("title,name\nHon.,Ann\nDr,Bob\n")
    result = CliRunner().invoke(
        app, ["merge", "-a", "donors", "-r", "r.csv", "-o", "out", "--format", "docx"]
    )
    assert result.exit_code == 0, result.stderr
    for name, other in (("Ann", "Bob"), ("Bob", "Ann")):
        text = "\n".join(p.text for p in docx.Document(f"out/{name}.docx").paragraphs)
        assert f" {name}," in text and other not in text
        numbering = docx.Document(f"out/{name}.docx").part.numbering_part.element
        assert len(numbering.xpath("./w:num")) == 10  # the template's 9 and this letter's


def test_text_letters_share_their_data_but_cannot_change_it(build_tree: object) -> None:
    """Text letters read the group's lists without a copy each: a template changing one
    is refused, and a template that only reads them sees the same data in every letter."""
    folder = build_tree(  # type: ignore[operator]
        {
            "bad/letter.md.j2": "{{ messages.append(1) }}{{ to }}\n",
            "good/letter.md.j2": "{{ to }}: {{ messages | length }} {{ asks | length }}\n",
        }
    )
    Path("r.csv").write_text("name\nAnn\nBob\nCy\n")
    merge = ["merge", "-a", "donors", "-r", "r.csv"]
    refused = CliRunner().invoke(app, [*merge, "-o", "bad", "--templates", f"{folder}/bad"])
    assert refused.exit_code == 2 and not Path("bad").exists()
    result = CliRunner().invoke(app, [*merge, "-o", "out", "--templates", f"{folder}/good"])
    assert result.exit_code == 0, result.stderr
    texts = {Path(f"out/{name}.md").read_text() for name in ("Ann", "Bob", "Cy")}
    assert {text.split(":")[1] for text in texts} == {" 3 3\n"}


def test_letter_words_shared_by_letters_follow_the_sender_and_asks() -> None:
    """The words kept for a group of letters are kept per organisation, asks, audience
    and language: changing any one gives that one's words, and no row's words leak."""
    from advocacy_kit.languages import letter_words

    first = letter_words("en", to="Hon. Ann Bore", organization="KASW", asks=["Fund it."])
    first["greeting"] = "changed by a caller"
    again = letter_words("en", to="Dr Bo Li", organization="KASW", asks=["Fund it."])
    assert again["greeting"] == "Dear Dr Li" and again["recipient"] == ["Dr Bo Li"]
    assert "of KASW" in again["opening"] and "fund it" in again["request"]
    other = letter_words("en", to="Dr Bo Li", organization="UNICEF", asks=["Train them."])
    assert "of UNICEF" in other["opening"] and "train them" in other["request"]
    assert letter_words("en", to="Dr Bo Li")["organization"] is None
    assert letter_words("fr", to="Mme Awa Diop")["greeting"] == "Madame"
