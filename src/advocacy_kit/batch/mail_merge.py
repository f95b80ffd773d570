"""E-mail merges: each row's letter as an e-mail to the address in its ``email`` column
(issue 15). Every address is checked, and every message made, before a file is written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from advocacy_kit.batch.recipients import Recipients
from advocacy_kit.errors import UsageError
from advocacy_kit.output.eml import (
    Attachment,
    LetterMail,
    Mailbox,
    build_email,
    check_address,
    eml_bytes,
    one_line,
)

#: The columns an e-mail merge takes the address from (headers normalised: ``E-mail``
#: is ``e_mail``).
EMAIL_COLUMNS = ("email", "e_mail", "mail")


class MergeMail(Struct, frozen=True):
    """What every row's e-mail shares, and the column each row's address is in."""

    mail: LetterMail
    column: str


def check_mail(mail: LetterMail) -> None:
    """Refuse an e-mail merge that cannot make a message: no From, an empty subject.

    Raises:
        UsageError: what is missing, and how to give it.
    """
    if mail.sender is None or not mail.sender.address:
        raise UsageError(
            "an e-mail needs your address to come from",
            hint="set it once: advocacy-kit profile set email you@example.org",
        )
    mail.sender.header(what="your e-mail address (profile: email)")
    if mail.reply_to is not None:
        mail.reply_to.header(what="the Reply-To address (profile: reply-to)")
    if mail.subject is not None and not one_line(mail.subject):
        raise UsageError("the subject is empty", hint="give one with --subject, or leave it out")


def merge_mail(table: Recipients, mail: LetterMail | None) -> MergeMail:
    """Check an e-mail merge can be made: a From address, and an ``email`` column.

    Raises:
        UsageError: no From address, or no e-mail column.
    """
    chosen = mail or LetterMail(sender=None)
    check_mail(chosen)
    column = next((name for name in EMAIL_COLUMNS if table.column(name) is not None), None)
    if column is None:
        raise UsageError(
            "the recipients file has no 'email' column, which --format eml needs",
            path=table.label,
            line=table.header_line,
            hint="add a column 'email' with each recipient's address",
        )
    return MergeMail(chosen, column)


def row_email(
    merge: MergeMail,
    context: Mapping[str, Any],
    text: str,
    *,
    file_name: str,
    templates: Sequence[Path],
) -> tuple[bytes, list[str]]:
    """One row's e-mail: To the row's address, the letter as text and as HTML, and the
    letter attached as PDF or Word when asked.

    Returns:
        The ``.eml`` file's bytes, and warnings (characters a PDF's fonts cannot show).

    Raises:
        UsageError: the row has no address, or not a valid one.
        TemplateError: the HTML or Typst template fails on this row.
    """
    from advocacy_kit.batch.typeset import build_document
    from advocacy_kit.output.render import render

    address = str(context["fields"].get(merge.column) or "")
    if not address:
        raise UsageError(f"no e-mail address in the '{merge.column}' column")
    check_address(address, what="the e-mail address")
    mail = replace(merge.mail, to=(Mailbox(address, str(context.get("to") or "")),))
    files: list[Attachment] = []
    warnings: list[str] = []
    if mail.attach:
        data, warnings = build_document(context, mail.attach, templates=templates)
        files.append(Attachment(f"{Path(file_name).stem}.{mail.attach}", data, mail.attach))
    message = build_email(
        sender=mail.sender,
        to=mail.to,
        reply_to=mail.reply_to,
        subject=mail.subject or str(context.get("subject") or ""),
        text=text,
        html=render("letter.html.j2", dict(context), kind="html", templates=templates),
        attachments=files,
    )
    return eml_bytes(message), warnings
