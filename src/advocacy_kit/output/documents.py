"""Writers: a draft into .txt, .md, .html, .pdf or .docx, written atomically and never
over a file without ``force``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from advocacy_kit.errors import OutputError
from advocacy_kit.files import refuse_existing, write_atomic
from advocacy_kit.model import Draft

#: Output kinds by file extension.
EXTENSIONS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".eml": "eml",
}

#: Kinds written as bytes by their own modules (output/pdf.py, output/docx.py,
#: output/eml.py), not Jinja2 alone.
DOCUMENT_KINDS = ("pdf", "docx", "eml")


def output_kind(path: Path) -> str:
    """The output kind a file name asks for, from its extension.

    Raises:
        OutputError: the path is a folder, or its extension is not one advocacy-kit
            writes.
    """
    if path.is_dir():
        raise OutputError(
            "this is a folder, not a file name",
            path=path,
            hint="give a file name, e.g. -o letter.md",
        )
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        raise OutputError(
            f"cannot write '{path.suffix or path.name}' files",
            path=path,
            hint="end the file name in " + ", ".join(sorted(set(EXTENSIONS))),
        )
    return kind


#: The kinds posts can be written as (PDF and Word are for letters and talking points).
POST_KINDS = ("txt", "md", "html")


def kinds_for(format: str) -> tuple[str, ...]:
    """The file kinds a draft of ``format`` can be written as, in EXTENSIONS order."""
    kinds = tuple(dict.fromkeys(EXTENSIONS.values()))
    return tuple(k for k in kinds if k in POST_KINDS) if format == "post" else kinds


def draft_kind(path: Path, format: str) -> str:
    """The output kind for writing a ``format`` draft to ``path``.

    Raises:
        OutputError: the path is a folder, its extension is unknown, or a draft of
            ``format`` cannot be written as that kind (posts as .pdf or .docx).
    """
    kind = output_kind(path)
    kinds = kinds_for(format)
    if kind not in kinds:
        endings = ", ".join(f".{k}" for k in kinds[:-1]) + f" or .{kinds[-1]}"
        raise OutputError(
            f"{format}s cannot be written as .{kind}",
            hint=f"write {format}s to a {endings} file",
        )
    return kind


def posts_text(draft: Draft) -> str:
    """Posts as plain text: each post, then a line with its length against the limit.

    Written in Python rather than a template so that drafting posts does not load
    Jinja2 (start-up time, issue 2). Posts for several platforms come platform by
    platform, under a heading.
    """
    blocks = []
    current: str | None = None
    several = len(draft.platforms) > 1
    for piece in draft.pieces:
        platform = piece.platform or draft.platform
        if several and platform != current:
            current = platform
            blocks.append(f"== {platform} ==\n")
        assert piece.limit is not None  # every post is measured against its platform
        status = f"{', '.join(piece.message_ids)}"
        if piece.part is not None:
            status += f" part {piece.part[0]}/{piece.part[1]}"
        status += f": {piece.length}/{piece.limit} on {platform}"
        if piece.fits is False:
            status += f", {(piece.length or 0) - piece.limit} over"
        blocks.append(f"{piece.text}\n[{status}]\n")
    return "\n".join(blocks)


def render_draft(draft: Draft, kind: str) -> str:
    """The whole document of ``draft`` as ``kind`` (``txt``, ``md`` or ``html``).

    A user's templates (``--templates``) come first, for posts too: posts as text are
    written by :func:`posts_text` unless a user folder holds ``post.txt.j2``.

    Raises:
        TemplateError: a template fails, or a templates folder does not exist.
    """
    templates: Sequence[Path] = draft.extras.get("templates", ())
    if draft.format == "post" and kind == "txt" and not templates:
        return posts_text(draft)  # without loading Jinja2 (start-up time, issue 2)
    from advocacy_kit.output.render import render, user_has_template

    if draft.format == "post":
        name = f"post.{kind}.j2"
        if kind == "txt" and not user_has_template(name, templates):
            return posts_text(draft)
        return render(name, posts_context(draft), kind=kind, templates=templates)
    return render(
        f"{draft.format}.{kind}.j2", draft.extras["context"], kind=kind, templates=templates
    )


def posts_context(draft: Draft) -> dict[str, Any]:
    """The data post templates receive: ``platform`` (the names, comma-separated when
    several) and ``pieces``, each with every key, ``part`` None outside a thread."""
    pieces = [
        {
            "message_ids": list(piece.message_ids),
            "text": piece.text,
            "length": piece.length,
            "limit": piece.limit,
            "fits": piece.fits,
            "notes": list(piece.notes),
            "platform": piece.platform or draft.platform,
            "part": list(piece.part) if piece.part is not None else None,
        }
        for piece in draft.pieces
    ]
    return {"pieces": pieces, "platform": draft.platform or ", ".join(draft.platforms)}


def with_text(draft: Draft) -> Draft:
    """``draft`` with its letter or talking points rendered as plain text in its piece.

    :func:`advocacy_kit.compose.drafts.compose_draft` chooses the messages and leaves the
    document's text to output; this renders ``{format}.txt.j2`` (the user's templates
    first), as ``--json`` and the screen show it. Posts are returned as they are.

    Raises:
        TemplateError: the template fails, naming its file and line.
    """
    if draft.format == "post":
        return draft
    text = render_draft(draft, "txt")
    return replace(draft, pieces=tuple(replace(piece, text=text) for piece in draft.pieces))


def _lines(value: Any) -> list[str]:
    """The non-blank lines of an optional multi-line field (an address, a signature)."""
    if not value:
        return []
    return [line.strip() for line in str(value).splitlines() if line.strip()]


def letter_parts(context: Mapping[str, Any], *, paper: str = "a4") -> dict[str, Any]:
    """A letter laid out as parts, for PDF and Word: the same words as ``letter.txt.j2``.

    The fixed words (salutation, subject prefix, opening, ask, thanks, closing, sources
    heading) come from the context's ``words`` table, so a variant's language (``lang:
    fr``) gives a letter wholly in that language; the date is already written in it. The
    profile's ``sender_title``, ``sender_address``, ``sender_email`` and ``signature``
    (issue 7) go in the letterhead and signature when the context has them.

    Args:
        context: The letter's data, as :func:`advocacy_kit.compose.drafts.document_context`
            gives it (``draft.extras["context"]``).
        paper: ``a4`` or ``letter``.

    Returns:
        ``sender``, ``recipient`` and ``signature`` (lists of lines), ``date``,
        ``subject``, ``subject_line``, ``salutation``, ``body`` (a list of
        ``{"kind": "paragraph", "text"}`` or ``{"kind": "bullets", "items"}``),
        ``closing``, ``sources_title``, ``sources`` (lines), and ``paper``, ``lang``,
        ``author``.
    """
    words = context["words"]  # compose's letter words, in the letter's language
    sender = context.get("sender")
    organization = words.get("organization") or context.get("organization")
    title = context.get("sender_title")
    to = context.get("to")
    recipient = words.get("recipient", [to] if to else [])
    salutation = context.get("salutation") or words["greeting"]
    opening = words["opening"]
    if context.get("definition"):
        opening += " " + context["definition"]
    body: list[dict[str, Any]] = [{"kind": "paragraph", "text": opening}]
    body += [{"kind": "paragraph", "text": i["text"]} for i in context["introductions"]]
    texts = [m["text"] for m in context["messages"]]
    if context["introductions"]:
        body.append({"kind": "bullets", "items": texts})
    else:
        body += [{"kind": "paragraph", "text": t} for t in texts]
    if words.get("request"):
        body.append({"kind": "paragraph", "text": words["request"]})
    body.append({"kind": "paragraph", "text": words["thanks"]})
    sources = [
        f"{s['claim']}{words.get('colon', ':')} {s['source']}"
        + (f", {s['url']}" if s.get("url") else ".")
        for s in context["sources"]
    ]
    letterhead = [
        line
        for line in (sender, title, organization, *_lines(context.get("sender_address")))
        if line
    ]
    if context.get("sender_email"):
        letterhead.append(str(context["sender_email"]))
    signature = _lines(context.get("signature")) or [sender or words["your_name"]]
    return {
        "paper": paper,
        "lang": context.get("lang") or "en",
        "author": sender or organization or "advocacy-kit",
        "sender": letterhead,
        "date": context["date"],
        "recipient": [*recipient, *(context.get("address") or [])],
        "subject": context["subject"],
        "subject_line": f"{words['subject_prefix']} {context['subject']}",
        "salutation": f"{salutation},",
        "body": body,
        "closing": words["closing"],
        "signature": [*signature, *(line for line in (title, organization) if line)],
        "sources_title": words["sources"],
        "sources": sources,
    }


def render_document(
    draft: Draft,
    kind: str,
    *,
    paper: str = "a4",
    font_paths: Sequence[Path] = (),
    warn: Callable[[str], None] | None = None,
) -> bytes:
    """A letter or talking points as a PDF or Word file.

    Talking points are laid out as a one-audience handout.

    Raises:
        OutputError: posts, which are written as .txt, .md or .html.
        TemplateError: the Typst template fails.
    """
    templates: Sequence[Path] = draft.extras.get("templates", ())
    if kind == "eml" and draft.format != "post":
        return _email(draft, paper=paper, font_paths=font_paths, warn=warn)
    if draft.format == "talking-points":
        from advocacy_kit.output.handout import render_handout
        from advocacy_kit.output.handout_model import Handout, labels_for, section_from_context

        context = draft.extras["context"]
        lang = context.get("lang") or "en"
        handout = Handout(
            title=draft.title or context["headline"],
            sections=(section_from_context(context, lang=lang),),
            paper=paper,
            lang=lang,
            labels=labels_for(lang),
        )
        data = render_handout(handout, kind, templates=templates, font_paths=font_paths, warn=warn)
        return data if isinstance(data, bytes) else data.encode("utf-8")
    if draft.format != "letter":
        raise OutputError(
            f"{draft.format}s cannot be written as .{kind}",
            hint="write posts to a .txt, .md or .html file",
        )
    parts = letter_parts(draft.extras["context"], paper=paper)
    if kind == "docx":
        from advocacy_kit.output.docx import letter_docx

        return letter_docx(parts)
    from advocacy_kit.output import pdf

    result = pdf.render_pdf(
        "letter.typ",
        {**parts, "paper": pdf.paper_name(paper)},
        templates=templates,
        font_paths=font_paths,
    )
    pdf.report(result, warn)
    return result.data


def _email(
    draft: Draft,
    *,
    paper: str,
    font_paths: Sequence[Path],
    warn: Callable[[str], None] | None,
) -> bytes:
    """A letter (or talking points) as an e-mail: its text, the same as HTML, and the
    document attached when ``draft.extras["email"]`` asks for it (issue 15)."""
    from advocacy_kit.output.eml import Attachment, LetterMail, build_email, eml_bytes

    mail: LetterMail = draft.extras.get("email") or LetterMail(sender=None, unsent=True)
    context = draft.extras["context"]
    files = []
    if mail.attach:
        data = render_document(draft, mail.attach, paper=paper, font_paths=font_paths, warn=warn)
        files.append(Attachment(f"{mail.attachment_name}.{mail.attach}", data, mail.attach))
    message = build_email(
        sender=mail.sender,
        to=mail.to,
        reply_to=mail.reply_to,
        subject=mail.subject or context.get("subject") or context.get("headline") or "",
        text=render_draft(draft, "txt"),
        html=render_draft(draft, "html"),
        attachments=files,
        unsent=mail.unsent,
    )
    return eml_bytes(message)


def write_draft(
    draft: Draft,
    path: Path,
    *,
    force: bool = False,
    paper: str = "a4",
    font_paths: Sequence[Path] = (),
    warn: Callable[[str], None] | None = None,
) -> str:
    """Render ``draft`` for ``path``'s extension and write it atomically.

    Args:
        draft: The composed draft.
        path: The file to write; its extension chooses the kind.
        force: Replace the file if it exists.
        paper: For PDF and Word: ``a4`` or ``letter``.
        font_paths: For PDF: font folders besides Typst's bundled fonts.
        warn: For PDF: called with each warning (characters the fonts cannot show).

    Returns:
        The output kind written.
    """
    kind = draft_kind(path, draft.format)
    if kind in DOCUMENT_KINDS:
        refuse_existing(path, force=force)  # say so before the work of typesetting
        data = render_document(draft, kind, paper=paper, font_paths=font_paths, warn=warn)
        write_atomic(path, data, force=force)
        return kind
    write_atomic(path, render_draft(draft, kind), force=force)
    return kind
