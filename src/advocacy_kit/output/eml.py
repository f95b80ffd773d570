"""E-mail messages (RFC 5322): one letter as a text and an HTML alternative, and a file.

The values come from spreadsheets and profiles, so nothing in them can add a header: line
breaks and other control characters in names and subjects fold to a space, and every
address must pass email-validator's syntax check (issue 15).
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Sequence
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage

from msgspec import Struct

from advocacy_kit.errors import AdvocacyKitError, UsageError, choice_hint

#: Every character that could end a header line or confuse a mail reader: the C0 and C1
#: controls (CR, LF, vertical tab, form feed, NEL...) and the Unicode line and paragraph
#: separators, which ``str.splitlines`` also breaks on.
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")

#: How files are written: CRLF line ends as RFC 5322 asks, lines folded at 78.
EML_POLICY = policy.SMTP

#: MIME types of the files a letter can be attached as.
ATTACHMENT_TYPES = {
    "pdf": ("application", "pdf"),
    "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def one_line(value: str) -> str:
    """``value`` with every line break or control character folded to one space.

    A cell holding ``"Jane\\r\\nBcc: x@example.org"`` becomes a harmless display name.
    """
    return " ".join(_BREAKS.sub(" ", value).split())


def check_address(value: str, *, what: str = "address") -> str:
    """The address ``value`` normalised, once its syntax is checked (no DNS look-up).

    Args:
        value: An address such as ``jane@example.org``.
        what: What the address is, for the message (``To``, ``From``...).

    Returns:
        The address as email-validator normalises it (the domain in lower case), an
        accented domain in its ASCII form (``xn--``), which every mail server takes.

    Raises:
        UsageError: the address is not valid; the message says why.
    """
    from email_validator import EmailNotValidError, validate_email

    try:
        # Letters travel as plain SMTP: an address needing SMTPUTF8 (an accented
        # name before the "@") is refused here, with a message that says so.
        checked = validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise UsageError(
            f"{what} {value!r} is not a valid e-mail address: {exc}",
            hint="correct the address (it looks like name@example.org)",
        ) from None
    return str(checked.ascii_email or checked.normalized)


class Mailbox(Struct, frozen=True):
    """A person's address and, optionally, their name as mail readers show it."""

    address: str
    name: str = ""

    def header(self, *, what: str) -> Address:
        """The mailbox as a header value: the name folded to one line and quoted as
        needed, the address checked.

        Raises:
            UsageError: the address is not valid.
        """
        address = check_address(self.address.strip(), what=what)
        try:
            return Address(display_name=one_line(self.name), addr_spec=address)
        except (ValueError, IndexError) as exc:  # what email-validator let through
            raise UsageError(
                f"{what} {self.address!r} is not a valid e-mail address: {exc}",
                hint="correct the address (it looks like name@example.org)",
            ) from None


class Attachment(Struct, frozen=True):
    """A file sent with the message, such as the letter as a PDF."""

    filename: str
    data: bytes
    kind: str  # a key of ATTACHMENT_TYPES


def build_email(
    *,
    sender: Mailbox | None,
    subject: str,
    text: str,
    html: str | None = None,
    to: Sequence[Mailbox] = (),
    reply_to: Mailbox | None = None,
    attachments: Sequence[Attachment] = (),
    date: datetime | None = None,
    message_id: str | None = None,
    unsent: bool = False,
) -> EmailMessage:
    """One e-mail: a plain-text body, an HTML alternative of the same text and files.

    Args:
        sender: Who it is from (the From header); None leaves From (and Message-ID) to
            the mail program that sends it, for a draft.
        subject: The subject line; line breaks fold to spaces.
        text: The body as plain text.
        html: The same body as HTML (a whole document or a fragment), or None.
        to: The recipients; none for a message to be addressed later in a mail program.
        reply_to: Where answers go, when not to ``sender``.
        attachments: Files to attach.
        date: The Date header (default now, in local time).
        message_id: The Message-ID (default a new one in the sender's domain).
        unsent: Mark it a draft (``X-Unsent: 1``): Outlook then opens the file as a
            new message to send, rather than as one received.

    Returns:
        The message; write it with :func:`eml_bytes`.

    Raises:
        UsageError: an address is not valid, or the subject is empty.
    """
    if not one_line(subject):
        raise UsageError(
            "the e-mail has no subject", hint="give one with --subject, e.g. --subject 'Re: ...'"
        )
    message = EmailMessage(policy=EML_POLICY)
    origin = sender.header(what="From") if sender is not None else None
    if origin is not None:
        message["From"] = origin
    if to:
        message["To"] = [person.header(what="To") for person in to]
    if reply_to is not None and reply_to.address.strip():
        message["Reply-To"] = reply_to.header(what="Reply-To")
    message["Subject"] = one_line(subject)
    message["Date"] = email.utils.format_datetime(date or email.utils.localtime())
    if message_id:
        message["Message-ID"] = one_line(message_id)
    elif origin is not None:
        # The sender's domain, not socket.getfqdn(): that can wait seconds for DNS.
        message["Message-ID"] = email.utils.make_msgid(domain=origin.domain)
    if unsent:
        message["X-Unsent"] = "1"
    message["MIME-Version"] = "1.0"
    # Quoted-printable keeps the files 7-bit (any server takes them) and readable.
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    if html is not None:
        message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    for item in attachments:
        maintype, subtype = ATTACHMENT_TYPES[item.kind]
        message.add_attachment(
            item.data, maintype=maintype, subtype=subtype, filename=one_line(item.filename)
        )
    for part in list(message.walk())[1:]:  # MIME-Version belongs in the top header only
        del part["MIME-Version"]
    return message


def eml_bytes(message: EmailMessage) -> bytes:
    """The message as the bytes of a ``.eml`` file.

    Raises:
        AdvocacyKitError: the message cannot be written (an internal error).
    """
    try:
        return message.as_bytes(policy=EML_POLICY)
    except (ValueError, TypeError) as exc:  # the checks above should make this unreachable
        raise AdvocacyKitError(f"cannot write the e-mail: {exc}") from exc


class LetterMail(Struct, frozen=True):
    """How a letter goes as an e-mail: who to, from whom, the subject, what file with it.

    A draft (:class:`advocacy_kit.model.Draft`) carries one in ``extras["email"]``;
    :func:`advocacy_kit.output.documents.render_document` writes it as ``.eml``.
    """

    sender: Mailbox | None
    to: tuple[Mailbox, ...] = ()
    reply_to: Mailbox | None = None
    subject: str | None = None  # None: the letter's own subject
    attach: str | None = None  # a key of ATTACHMENT_TYPES
    attachment_name: str = "letter"  # the attached file's name, without extension
    unsent: bool = False


def letter_mail(
    *,
    sender_name: str | None,
    sender_email: str | None,
    reply_to: str | None = None,
    subject: str | None = None,
    attach: str | None = None,
    to: Sequence[Mailbox] = (),
    unsent: bool = False,
) -> LetterMail:
    """A :class:`LetterMail` from the profile's values and the flags.

    Raises:
        UsageError: ``attach`` is not pdf or docx.
    """
    sender = Mailbox(sender_email, sender_name or "") if sender_email else None
    return LetterMail(
        sender=sender,
        to=tuple(to),
        reply_to=Mailbox(reply_to) if reply_to else None,
        subject=subject,
        attach=attach_kind(attach),
        unsent=unsent,
    )


def attach_kind(value: str | None) -> str | None:
    """``--attach`` checked: ``pdf``, ``docx`` or None.

    Raises:
        UsageError: another value.
    """
    if value is None:
        return None
    kind = value.strip().lower().lstrip(".")
    if kind not in ATTACHMENT_TYPES:
        raise UsageError(
            f"cannot attach the letter as '{value}'",
            hint=choice_hint(kind, ATTACHMENT_TYPES, what="attachments"),
        )
    return kind
