"""Page layout (issue 14, item 14): never a page holding only a heading, a notes area
or a sources line. Handouts keep their notes with the discussion questions; a letter
with a several-line address keeps its Sources on the page with its signature."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app

runner = CliRunner()


def pages(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("audience", ["donors", "media", "workforce"])
def test_notes_stay_with_the_discussion(audience: str, paper: str) -> None:
    result = runner.invoke(app, ["handout", "-a", audience, "--paper", paper, "-o", "h.pdf"])
    assert result.exit_code == 0, result.stderr
    texts = pages(Path("h.pdf"))
    (with_notes,) = [t for t in texts if "\nNotes" in t or t.startswith("Notes")]
    assert "For discussion" in with_notes


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_long_address_keeps_the_sources_with_the_letter(paper: str) -> None:
    to = "Hon. Jane Otieno\nMinistry of Gender\nSocial Protection Department\nNairobi"
    result = runner.invoke(
        app, ["draft", "-a", "donors", "--to", to, "--paper", paper, "-o", "l.pdf"]
    )
    assert result.exit_code == 0, result.stderr
    texts = pages(Path("l.pdf"))
    last = texts[-1]
    assert "Sources" in last
    assert "Yours" in last or len(texts) == 1, "the Sources line stands alone on a page"
