"""E-mail files (issue 15): RFC 5322 messages read back with the email package, and no
way for a value to add a header."""

from __future__ import annotations

import email
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy_kit.errors import UsageError
from advocacy_kit.output.eml import (
    Attachment,
    Mailbox,
    build_email,
    check_address,
    eml_bytes,
    one_line,
)

SENDER = Mailbox("amina@example.org", "Amina Diallo")
DATE = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
TEXT = "Dear Minister,\n\nThe social service workforce protects children.\n\nYours,\nAmina\n"
HTML = "<p>Dear Minister,</p><p>The social service workforce protects children.</p>"


def parse(data: bytes) -> EmailMessage:
    parsed: Any = email.message_from_bytes(data, policy=policy.default)
    return parsed  # type: ignore[no-any-return]


def test_a_letter_reads_back_with_every_header_both_alternatives_and_the_file() -> None:
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 4
    message = build_email(
        sender=SENDER,
        to=[Mailbox("jane.doe@example.org", "Hon. Jane Doe, MP")],
        reply_to=Mailbox("replies@example.org", "Campaign team"),
        subject="Re: invest in the social service workforce",
        text=TEXT,
        html=HTML,
        attachments=[Attachment("Letter to Hon. Jane Doe.pdf", pdf, "pdf")],
        date=DATE,
        message_id="<letter-1@example.org>",
    )
    data = eml_bytes(message)
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF throughout
    assert data.isascii()  # 7-bit: any server takes it
    back = parse(data)
    assert {name: str(back[name]) for name in back if name != "Content-Type"} == {
        "From": "Amina Diallo <amina@example.org>",
        "To": '"Hon. Jane Doe, MP" <jane.doe@example.org>',
        "Reply-To": "Campaign team <replies@example.org>",
        "Subject": "Re: invest in the social service workforce",
        "Date": "Mon, 02 Nov 2026 09:30:00 +0000",
        "Message-ID": "<letter-1@example.org>",
        "MIME-Version": "1.0",
    }
    assert back.get_content_type() == "multipart/mixed"
    plain = back.get_body(preferencelist=("plain",))
    html = back.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    assert plain.get_content() == TEXT.replace("\n", "\r\n")
    assert html.get_content().strip() == HTML
    [attached] = list(back.iter_attachments())
    assert attached.get_content_type() == "application/pdf"
    assert attached.get_filename() == "Letter to Hon. Jane Doe.pdf"
    assert attached.get_content() == pdf
    # Only the top header says MIME-Version (mail readers expect it once).
    assert [part["MIME-Version"] for part in back.walk()][1:] == [None] * 4


def test_without_html_or_recipient_it_is_a_plain_draft() -> None:
    back = parse(eml_bytes(build_email(sender=SENDER, subject="Draft", text="Hello\n")))
    assert back.get_content_type() == "text/plain"
    assert back["To"] is None
    assert str(back["Message-ID"]).endswith("@example.org>")  # the sender's domain


def test_non_ascii_names_and_text_are_encoded_and_come_back() -> None:
    message = build_email(
        sender=Mailbox("amina@example.org", "Amina Diallo-Ngom (Sénégal)"),
        to=[Mailbox("zoe@example.org", "Zoë Ōkubo")],
        subject="Investir dans le personnel des services sociaux — maintenant",
        text="Madame la Ministre,\n\nLe personnel protège les enfants.\n",
    )
    data = eml_bytes(message)
    assert data.isascii()
    back = parse(data)
    assert back["To"].addresses[0].display_name == "Zoë Ōkubo"
    assert str(back["Subject"]) == "Investir dans le personnel des services sociaux — maintenant"
    body = back.get_body(preferencelist=("plain",))
    assert body is not None and "protège" in body.get_content()


@pytest.mark.parametrize(
    "cell",
    [
        "Jane\r\nBcc: evil@example.net",
        "Jane\nBcc: evil@example.net",
        "Jane\rBcc: evil@example.net",
        "Jane\u2028Bcc: evil@example.net",
        "Jane\x85Bcc: evil@example.net",
        "Jane\x0bBcc: evil@example.net\x0c",
        "Jane\r\n\r\nbody injected",
    ],
)
def test_a_line_break_in_a_name_or_subject_can_never_add_a_header(cell: str) -> None:
    message = build_email(
        sender=Mailbox("amina@example.org", cell),
        to=[Mailbox("jane@example.org", cell)],
        reply_to=Mailbox("replies@example.org", cell),
        subject=cell,
        text="Hello\n",
        attachments=[Attachment(cell + ".pdf", b"%PDF", "pdf")],
    )
    back = parse(eml_bytes(message))
    assert sorted(back.keys()) == sorted(
        ["From", "To", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"]
    )
    assert [a.addr_spec for a in back["To"].addresses] == ["jane@example.org"]
    assert str(back["Subject"]) == one_line(cell)
    assert "\n" not in str(back["Subject"]) and "Bcc" not in back


@pytest.mark.parametrize(
    "address",
    ["jane@example.org\r\nBcc: evil@example.net", "jane@example.org, evil@example.net", "jane"],
)
def test_an_address_with_anything_more_is_refused(address: str) -> None:
    with pytest.raises(UsageError, match="not a valid e-mail address"):
        build_email(sender=SENDER, to=[Mailbox(address)], subject="S", text="T")


def test_check_address_normalises_the_domain_and_never_looks_it_up() -> None:
    assert check_address("Jane.Doe@Example.ORG") == "Jane.Doe@example.org"
    # A domain that cannot exist passes: only the syntax is checked, offline.
    assert check_address("jane@no-such-domain-for-advocacy-kit.org")


def test_an_empty_subject_is_refused() -> None:
    with pytest.raises(UsageError, match="no subject"):
        build_email(sender=SENDER, subject=" \r\n ", text="T")


@settings(max_examples=200, deadline=None)
@given(name=st.text(max_size=60), subject=st.text(min_size=1, max_size=120).filter(one_line))
def test_no_name_or_subject_whatever_it_holds_changes_the_headers(name: str, subject: str) -> None:
    message = build_email(
        sender=SENDER, to=[Mailbox("jane@example.org", name)], subject=subject, text="Hi\n"
    )
    back = parse(eml_bytes(message))
    assert sorted(back.keys()) == sorted(
        [
            "From",
            "To",
            "Subject",
            "Date",
            "Message-ID",
            "MIME-Version",
            "Content-Type",
            "Content-Transfer-Encoding",
        ]
    )
    assert [a.addr_spec for a in back["To"].addresses] == ["jane@example.org"]
    # Python's parser keeps the space between two encoded words of a display name, which
    # RFC 2047 (6.2) says a reader drops, as mail programs do: compare without spaces.
    shown = back["To"].addresses[0].display_name
    assert shown.replace(" ", "") == one_line(name).replace(" ", "")
    assert str(back["Subject"]) == one_line(subject)
