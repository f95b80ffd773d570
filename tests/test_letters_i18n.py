"""Letters, talking points and handouts in a variant's language, and the profile's
letterhead, in every output kind (issues 4, 5 and 7 together).

Documents are read back: PDF with pypdf, Word with python-docx, HTML and text as written.
"""

from __future__ import annotations

import html
import re
from html import escape, unescape
from pathlib import Path

import docx
import pypdf
import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app

runner = CliRunner()

#: The words an English letter is built from; none may appear in a French one.
ENGLISH_WORDS = (
    "Dear",
    "Yours sincerely",
    "Re:",
    "I am writing",
    "I therefore ask",
    "Thank you for your attention",
    "[Your name]",
    "October",
)

#: A team profile, as a team shares it in its project folder.
TEAM_PROFILE = """\
organisation: Example Association of Social Workers
sender: Jane Doe
title: Programme Director
address: |
  12 Example Road
  Nairobi
email: jane@example.org
signature: Jane Doe, on behalf of the association
"""

PROFILE_LINES = (
    "Jane Doe",
    "Programme Director",
    "Example Association of Social Workers",
    "12 Example Road",
    "Nairobi",
    "jane@example.org",
    "Jane Doe, on behalf of the association",
)


def draft(*args: str) -> str:
    result = runner.invoke(app, ["draft", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def flat(text: str) -> str:
    """Text with line breaks, hyphenation points and no-break spaces made plain."""
    text = re.sub("\u00ad\\s*", "", text).replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return flat("\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages))


def docx_paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def french_letter_checks(text: str) -> None:
    text = flat(text)  # French typography: no-break spaces before ":" (issue 12)
    assert "19 octobre 2026" in text
    assert "Objet : Investir dans le personnel des services sociaux" in text
    assert "Monsieur le Ministre," in text
    assert "Je me permets de vous écrire" in text
    assert "Je vous demande donc de donner au personnel des services sociaux" in text
    assert "Je vous remercie de l'attention" in text
    assert (
        "Je vous prie d'agréer, Monsieur le Ministre, l'expression de ma haute considération."
        in text
    )
    assert "[Votre nom]" in text
    for word in ENGLISH_WORDS:
        assert word not in text, word


FRENCH_LETTER = ("-a", "donors", "--region", "fr", "--date", "2026-10-19")


def test_french_letter_as_pdf_is_french_throughout() -> None:
    draft(*FRENCH_LETTER, "--to", "Monsieur le Ministre", "-o", "lettre.pdf")
    reader = pypdf.PdfReader("lettre.pdf")
    text = pdf_text(Path("lettre.pdf"))
    french_letter_checks(text)
    assert "Sources" in text  # the same word in French
    assert "{{" not in text and "#let" not in text
    assert 1 <= len(reader.pages) <= 2


def test_french_letter_as_word_is_french_throughout() -> None:
    draft(*FRENCH_LETTER, "--to", "Monsieur le Ministre", "-o", "lettre.docx")
    paragraphs = docx_paragraphs(Path("lettre.docx"))
    french_letter_checks("\n".join(paragraphs))
    assert "Monsieur le Ministre," in paragraphs  # the salutation is a paragraph of its own
    assert docx.Document("lettre.docx").core_properties.language == "fr"


def test_french_letter_without_recipient_greets_madame_monsieur() -> None:
    draft(*FRENCH_LETTER, "-o", "lettre.docx")
    paragraphs = docx_paragraphs(Path("lettre.docx"))
    assert "Madame, Monsieur," in paragraphs
    assert (
        "Je vous prie d'agréer, Madame, Monsieur, l'expression de ma haute considération."
        in paragraphs
    )


def test_french_letter_in_every_text_kind_has_the_same_words(tmp_path: Path) -> None:
    """The PDF's and Word file's fixed words are those of the .txt letter."""
    text = flat(draft(*FRENCH_LETTER, "--to", "Monsieur le Ministre"))
    draft(*FRENCH_LETTER, "--to", "Monsieur le Ministre", "-o", "lettre.pdf")
    draft(*FRENCH_LETTER, "--to", "Monsieur le Ministre", "-o", "lettre.html")
    pdf = pdf_text(Path("lettre.pdf"))
    html = Path("lettre.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    html = unescape(html)  # the HTML cleaner writes no-break spaces as &nbsp;
    assert "Objet\u00a0: Investir" in html  # French typography (issue 12)
    html = flat(html)
    for line in (
        "Objet : Investir dans le personnel des services sociaux",
        "Je vous demande donc de donner au personnel des services sociaux",
        "l'expression de ma haute considération.",
    ):
        assert line in text and line in pdf
        assert escape(line, quote=False) in html


def test_english_letter_documents_keep_their_english_words() -> None:
    args = ("-a", "donors", "--date", "2026-10-19", "--to", "Hon. Minister")
    draft(*args, "-o", "letter.pdf")
    draft(*args, "-o", "letter.docx")
    for text in (pdf_text(Path("letter.pdf")), "\n".join(docx_paragraphs(Path("letter.docx")))):
        text = flat(text)
        assert "19 October 2026" in text
        assert "Re: Investing in the social service workforce" in text
        assert "Dear Hon. Minister," in text
        assert "I therefore ask you to give the social service workforce" in text
        assert "Yours sincerely," in text
        assert "[Your name]" in text


# -- the profile's letterhead and signature ------------------------------------------------


@pytest.fixture
def team_profile() -> None:
    Path("advocacy-kit.yaml").write_text(TEAM_PROFILE, encoding="utf-8")


def in_order(text: str, lines: tuple[str, ...]) -> bool:
    position = 0
    for line in lines:
        found = text.find(line, position)
        if found < 0:
            return False
        position = found + len(line)
    return True


LETTERHEAD = PROFILE_LINES[:6]
SIGNATURE = (
    "Jane Doe, on behalf of the association",
    "Programme Director",
    "Example Association of Social Workers",
)


@pytest.mark.usefixtures("team_profile")
def test_profile_fields_in_every_letter_kind() -> None:
    args = ("-a", "donors", "--date", "2026-10-19")
    text = draft(*args)
    assert in_order(text, (*LETTERHEAD, "19 October 2026", "Yours sincerely,", *SIGNATURE))

    draft(*args, "-o", "letter.html")
    html = Path("letter.html").read_text(encoding="utf-8")
    paragraphs = re.findall(r"<p>(.*?)</p>", html)
    letterhead = [*LETTERHEAD[:5], '<a href="mailto:jane@example.org">jane@example.org</a>']
    assert paragraphs[:6] == letterhead
    closing = paragraphs.index("Yours sincerely,")
    assert paragraphs[closing + 1 : closing + 4] == list(SIGNATURE)

    draft(*args, "-o", "letter.pdf")
    pdf = pdf_text(Path("letter.pdf"))
    assert in_order(pdf, (*LETTERHEAD, "19 October 2026", "Yours sincerely,", *SIGNATURE))

    draft(*args, "-o", "letter.docx")
    document = docx.Document("letter.docx")
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "\n".join(LETTERHEAD)  # one block, a line each
    closing = paragraphs.index("Yours sincerely,")
    assert paragraphs[closing + 1] == "\n".join(SIGNATURE)
    assert document.core_properties.author == "Jane Doe"


@pytest.mark.usefixtures("team_profile")
def test_profile_signature_in_a_french_letter() -> None:
    draft(*FRENCH_LETTER, "-o", "lettre.docx")
    paragraphs = docx_paragraphs(Path("lettre.docx"))
    assert paragraphs[0] == "\n".join(LETTERHEAD)
    closing = next(i for i, p in enumerate(paragraphs) if p.startswith("Je vous prie"))
    assert paragraphs[closing + 1] == "\n".join(SIGNATURE)
    assert "[Votre nom]" not in paragraphs


@pytest.mark.usefixtures("team_profile")
def test_another_sender_by_flag_drops_the_personal_fields() -> None:
    draft("-a", "donors", "--sender", "Awa Diallo", "-o", "letter.docx")
    text = "\n".join(docx_paragraphs(Path("letter.docx")))
    assert "Awa Diallo" in text and "12 Example Road" in text  # the address stays
    for personal in ("Programme Director", "jane@example.org", "on behalf of the association"):
        assert personal not in text


def test_profile_text_in_html_is_escaped() -> None:
    Path("advocacy-kit.yaml").write_text(
        'sender: Jane <script>x</script>\ntitle: "R&D lead"\n', encoding="utf-8"
    )
    draft("-a", "donors", "-o", "letter.html")
    html = Path("letter.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "<p>R&amp;D lead</p>" in html


# -- talking points and handouts --------------------------------------------------------

FRENCH_LABELS = (
    "Pourquoi investir dans le personnel des services sociaux",
    "Points de discussion pour : Donateurs, gouvernements et agences multilatérales",
    "Données : Le personnel des services sociaux est essentiel pour atteindre plus de 65 %",
    "(source : un rapport récent du réseau European Social Network)",
    "Notre demande",
    "Pour la discussion",
    "Lequel de ces messages répond le mieux aux priorités des donateurs",
)

ENGLISH_LABELS = (
    "Talking points for",
    "Evidence",
    "(source:",
    "The ask",
    "For discussion",
    "Donor groups",
    "Why invest",
    "Which of these messages",
)


@pytest.mark.parametrize("kind", ["txt", "md", "html"])
def test_french_talking_points_labels(kind: str) -> None:
    args = ("-a", "donors", "--region", "fr", "--format", "talking-points")
    if kind == "txt":
        text = draft(*args)
        assert text.startswith("POURQUOI INVESTIR DANS LE PERSONNEL DES SERVICES SOCIAUX\n")
    else:
        draft(*args, "-o", f"points.{kind}")
        text = Path(f"points.{kind}").read_text(encoding="utf-8")
    text = flat(html.unescape(text))  # the HTML cleaner writes &nbsp; and &#39;
    for label in FRENCH_LABELS:
        assert label.upper() in text.upper(), label
    for label in ENGLISH_LABELS:
        assert label not in text, label
    if kind != "txt":  # headings without the label's colon
        heading = "## " if kind == "md" else "<h2>"
        assert f"{heading}Notre demande" in text and f"{heading}Pour la discussion" in text


def test_french_talking_points_as_pdf_and_word() -> None:
    args = ("-a", "donors", "--region", "fr", "--format", "talking-points")
    draft(*args, "-o", "points.pdf")
    draft(*args, "-o", "points.docx")
    pdf = pdf_text(Path("points.pdf"))
    paragraphs = docx_paragraphs(Path("points.docx"))
    assert "Pourquoi investir dans le personnel des services sociaux" in paragraphs
    assert "Pour : Donateurs, gouvernements et agences multilatérales" in map(flat, paragraphs)
    for text in (pdf, flat("\n".join(paragraphs))):
        assert "Donateurs, gouvernements et agences multilatérales" in text
        assert "Lequel de ces messages répond le mieux" in text
        for label in ENGLISH_LABELS:
            assert label not in text, label


def test_french_handout_headline_label_question_and_title() -> None:
    result = runner.invoke(app, ["handout", "-a", "all", "--region", "fr", "-o", "h.txt"])
    assert result.exit_code == 0, result.output
    text = Path("h.txt").read_text(encoding="utf-8")
    assert text.startswith("Plaider pour le personnel des services sociaux\n")
    for french in (
        "POURQUOI INVESTIR DANS LE PERSONNEL DES SERVICES SOCIAUX",
        "Pour\u00a0: Donateurs, gouvernements et agences multilatérales",
        "Pour\u00a0: Médias et grand public",
        "Pour\u00a0: Membres du personnel des services sociaux",
        "Points clés\u00a0:",
        "Pour la discussion\u00a0:",
    ):
        assert french in text, french
    flat_text = flat(text)
    assert "Quelle histoire tirée de votre propre travail" in flat_text
    for english in ("Advocating for", "For:", "Donor groups", "Which story", "Why do you think"):
        assert english not in flat_text, english


def test_english_handout_subtitle_unchanged() -> None:
    result = runner.invoke(app, ["handout", "-a", "donors", "-o", "h.docx"])
    assert result.exit_code == 0, result.output
    paragraphs = docx_paragraphs(Path("h.docx"))
    assert "For: Donor groups, government and multilateral agencies" in paragraphs
    assert any(p.startswith("Evidence: ") and ". Source: " in p for p in paragraphs)
