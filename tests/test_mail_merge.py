"""E-mails from a spreadsheet and from ``draft`` (issue 15): merge --format eml, draft -o
letter.eml --email, read back with the email package, then sent to a real server."""

from __future__ import annotations

import email
import io
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from mailserver import StartServer

runner = CliRunner()

OFFICIALS = (
    "title,name,organisation,E-mail\n"
    "Hon.,Jane Doe,Ministry of Social Welfare,jane.doe@example.org\n"
    "Dr.,Ken Osei,Treasury,ken.osei@example.org\n"
)


def parse(path: Path) -> EmailMessage:
    parsed: Any = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return parsed  # type: ignore[no-any-return]


@pytest.fixture
def profile() -> None:
    for key, value in [
        ("sender", "Amina Diallo"),
        ("email", "amina@example.org"),
        ("reply-to", "campaign@example.org"),
    ]:
        assert runner.invoke(app, ["profile", "set", key, value]).exit_code == 0


def merge(csv_text: str, *args: str) -> Any:
    Path("officials.csv").write_text(csv_text, encoding="utf-8")
    return runner.invoke(
        app,
        ["merge", "--audience", "donors", "-r", "officials.csv", "-o", "mail", "-f", "eml", *args],
    )


@pytest.mark.usefixtures("profile")
def test_one_email_per_row_with_both_alternatives_and_the_pdf() -> None:
    result = merge(OFFICIALS, "--attach", "pdf", "--date", "2026-11-02")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in Path("mail").iterdir()) == [
        "Jane-Doe.eml",
        "Ken-Osei.eml",
        "manifest.csv",
    ]
    message = parse(Path("mail/Jane-Doe.eml"))
    assert str(message["From"]) == "Amina Diallo <amina@example.org>"
    assert str(message["To"]) == '"Hon. Jane Doe" <jane.doe@example.org>'
    assert str(message["Reply-To"]) == "campaign@example.org"
    assert str(message["Subject"]) == "Investing in the social service workforce"
    assert str(message["Message-ID"]).endswith("@example.org>")
    assert message["X-Unsent"] is None
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    text = plain.get_content()
    assert "Dear Hon. Doe,\r\n" in text and "2 November 2026" in text
    assert "<p>Dear Hon. Doe,</p>" in html.get_content()
    # The same letter: every paragraph of the text is in the HTML.
    first_message = "As an ally to national and local governments"
    assert first_message in text and first_message in html.get_content()
    [pdf] = list(message.iter_attachments())
    assert pdf.get_filename() == "Jane-Doe.pdf"
    reader = PdfReader(io.BytesIO(pdf.get_content()))
    assert "Hon. Jane Doe" in reader.pages[0].extract_text()
    other = parse(Path("mail/Ken-Osei.eml"))
    assert [a.addr_spec for a in other["To"].addresses] == ["ken.osei@example.org"]


@pytest.mark.usefixtures("profile")
def test_subject_and_word_attachment_from_flags() -> None:
    result = merge(
        OFFICIALS, "--subject", "Budget hearing\r\nBcc: x@example.net", "--attach", "docx"
    )
    assert result.exit_code == 0, result.stderr
    message = parse(Path("mail/Ken-Osei.eml"))
    assert str(message["Subject"]) == "Budget hearing Bcc: x@example.net"
    assert "Bcc" not in message
    [word] = list(message.iter_attachments())
    assert word.get_filename() == "Ken-Osei.docx"
    assert word.get_content()[:2] == b"PK"


@pytest.mark.usefixtures("profile")
def test_a_newline_in_a_csv_cell_never_adds_a_header() -> None:
    cells = (
        "name,email\n"
        '"Jane\r\nBcc: evil@example.net\r\nX-Injected: yes",jane@example.org\n'
        '"Ken\nSubject: hijacked",ken@example.org\n'
    )
    result = merge(cells)
    assert result.exit_code == 0, result.stderr
    for path in sorted(Path("mail").glob("*.eml")):
        message = parse(path)
        assert sorted(message.keys()) == [
            "Content-Type",
            "Date",
            "From",
            "MIME-Version",
            "Message-ID",
            "Reply-To",
            "Subject",
            "To",
        ]
        assert len(message["To"].addresses) == 1
        assert str(message["Subject"]) == "Investing in the social service workforce"
    jane = parse(next(Path("mail").glob("Jane*.eml")))
    assert jane["To"].addresses[0].display_name == "Jane Bcc: evil@example.net X-Injected: yes"


@pytest.mark.usefixtures("profile")
def test_an_address_cell_with_more_in_it_stops_the_merge_with_its_line() -> None:
    cells = (
        'name,email\nJane,"jane@example.org\nBcc: evil@example.net"\nKen,\nAnn,ann@example.org\n'
    )
    result = merge(cells)
    assert (result.exit_code, result.stdout) == (2, "")
    lines = result.stderr.splitlines()
    assert lines[0] == "error: officials.csv: 2 problems found, no letter was written"
    assert lines[1].startswith(
        "officials.csv:2: the letter cannot be made: the e-mail address "
        "'jane@example.org\\nBcc: evil@example.net' is not a valid e-mail address"
    )
    assert lines[2] == (
        "officials.csv:4: the letter cannot be made: no e-mail address in the 'email' column"
    )
    assert not Path("mail").exists()


def test_no_email_column_or_no_sender_address_is_bad_input(profile: None) -> None:
    result = merge("name\nJane\n")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: officials.csv:1: the recipients file has no 'email' column, which --format "
        "eml needs\nhint: add a column 'email' with each recipient's address\n",
    )
    assert runner.invoke(app, ["profile", "set", "email", ""]).exit_code == 0
    result = merge(OFFICIALS)
    assert (result.exit_code, result.stderr) == (
        2,
        "error: an e-mail needs your address to come from\n"
        "hint: set it once: advocacy-kit profile set email you@example.org\n",
    )


def test_email_flags_need_the_eml_format() -> None:
    Path("officials.csv").write_text(OFFICIALS, encoding="utf-8")
    result = runner.invoke(
        app, ["merge", "-a", "donors", "-r", "officials.csv", "-o", "x", "--attach", "pdf"]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --attach is for e-mails\nhint: add --format eml\n",
    )
    result = merge(OFFICIALS, "--attach", "odt")
    assert result.exit_code == 2
    assert "cannot attach the letter as 'odt'" in result.stderr


@pytest.mark.usefixtures("profile")
def test_merged_emails_go_through_send_to_the_server_once(smtp_server: StartServer) -> None:
    server = smtp_server()
    assert merge(OFFICIALS, "--attach", "pdf").exit_code == 0
    made = {path.name: path.read_bytes() for path in Path("mail").glob("*.eml")}
    target = ["--host", "127.0.0.1", "--port", str(server.port), "--security", "none"]
    result = runner.invoke(app, ["send", "mail", *target, "--yes"])
    assert result.exit_code == 0, result.stderr
    assert server.handler.recipients() == ["jane.doe@example.org", "ken.osei@example.org"]
    arrived = server.handler.received[0].message
    original = email.message_from_bytes(made["Jane-Doe.eml"], policy=policy.default)
    for name in ("From", "To", "Reply-To", "Subject", "Message-ID"):
        assert str(arrived[name]) == str(original[name])
    assert [p.get_filename() for p in arrived.iter_attachments()] == ["Jane-Doe.pdf"]
    again = runner.invoke(app, ["send", "mail", *target, "--yes"])
    assert again.exit_code == 0 and len(server.handler.received) == 2


@pytest.mark.usefixtures("profile")
def test_draft_writes_one_email_for_one_address() -> None:
    args = ["draft", "-a", "donors", "--to", "Hon. Jane Doe", "-o", "letter.eml"]
    result = runner.invoke(app, [*args, "--email", "jane.doe@example.org", "--attach", "pdf"])
    assert result.exit_code == 0, result.stderr
    message = parse(Path("letter.eml"))
    assert str(message["To"]) == '"Hon. Jane Doe" <jane.doe@example.org>'
    assert str(message["From"]) == "Amina Diallo <amina@example.org>"
    assert [p.get_filename() for p in message.iter_attachments()] == ["letter.pdf"]
    result = runner.invoke(app, ["draft", "-a", "donors", "-o", "draft.eml"])
    assert result.exit_code == 0, result.stderr
    unaddressed = parse(Path("draft.eml"))
    assert unaddressed["To"] is None and unaddressed["X-Unsent"] == "1"
    result = runner.invoke(app, [*args[:-1], "letter.md", "--email", "jane@example.org"])
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --email, --subject and --attach are for an e-mail\n"
        "hint: write it to an .eml file: -o letter.eml\n",
    )
