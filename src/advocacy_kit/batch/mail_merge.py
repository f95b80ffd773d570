"""E-mail merges: each row's letter addressed to the address in its ``email`` column
(issue 15). Every address is checked before any file is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from advocacy_kit.batch.letters import Letter
from advocacy_kit.batch.problems import Problem, stop_on
from advocacy_kit.batch.recipients import Recipients
from advocacy_kit.errors import UsageError
from advocacy_kit.model import Draft
from advocacy_kit.output.eml import LetterMail, Mailbox, check_address, one_line

#: The columns an e-mail merge takes the address from (headers normalised: ``E-mail``
#: is ``e_mail``).
EMAIL_COLUMNS = ("email", "e_mail", "mail")


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


def address_drafts(
    table: Recipients, letters: Sequence[Letter], drafts: Sequence[Draft], mail: LetterMail
) -> list[Draft]:
    """Each row's draft with the e-mail it is written as: To from the row, the rest from
    ``mail``.

    Args:
        table: The recipients.
        letters: Each row's letter (its file name names the attachment).
        drafts: Each row's letter draft, in the same order.
        mail: From, Reply-To, subject and attachment, the same for every row.

    Returns:
        The drafts, each with ``extras["email"]``.

    Raises:
        UsageError: no e-mail column, or no From address.
        RecipientsError: rows without a valid address, all of them listed.
    """
    check_mail(mail)
    column = table.column(*EMAIL_COLUMNS)
    if column is None:
        raise UsageError(
            "the recipients file has no 'email' column, which --format eml needs",
            path=table.label,
            line=table.header_line,
            hint="add a column 'email' with each recipient's address",
        )
    problems: list[Problem] = []
    addressed = []
    for letter, draft in zip(letters, drafts, strict=True):
        address = letter.row.values[column]
        if not address:
            problems.append(Problem(letter.row.line, "no e-mail address in the 'email' column"))
            continue
        try:
            check_address(address, what="the e-mail address")
        except UsageError as exc:
            problems.append(Problem(letter.row.line, exc.message))
            continue
        name = draft.extras["context"].get("to") or ""
        to = (Mailbox(address, str(name)),)
        row_mail = replace(mail, to=to, attachment_name=Path(letter.file).stem)
        addressed.append(replace(draft, extras={**draft.extras, "email": row_mail}))
    stop_on(table.label, problems)
    return addressed
