"""Word documents with python-docx: handouts and letters.

Every paragraph uses one of Word's own styles (Title, Subtitle, Heading 1, Heading 2,
List Bullet, List Number, Normal), never direct formatting of its own, so a trainer can
restyle the whole document from Word's Styles pane. ``docx`` is imported only when a
Word file is made.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.parts.document import DocumentPart
    from docx.text.paragraph import Paragraph

    from advocacy_kit.output.handout_model import Handout

#: Page width and height in millimetres, by paper size.
PAGE_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}

#: Margins in millimetres.
MARGIN_MM = 20.0

#: Height of the notes box, in millimetres.
NOTES_MM = 60.0

#: The parts of a Word file a letter changes; the others are the template's.
_LETTER_PARTS = frozenset(("word/document.xml", "word/numbering.xml", "docProps/core.xml"))


def _new_document(*, paper: str, title: str, author: str, lang: str) -> DocxDocument:
    import docx
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    width, height = PAGE_MM.get(paper, PAGE_MM["a4"])
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    document.styles["Normal"].font.size = Pt(11)
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.language = lang
    return document


def _to_bytes(document: DocxDocument) -> bytes:
    """The document as .docx bytes, the same bytes each time for the same document.

    python-docx stamps each part of the zip with the time of saving; they are set to
    the zip format's first date instead, so a file made again (the guided flow's
    one-line command, issue 19) is byte for byte the same.
    """
    buffer = io.BytesIO()
    document.save(buffer)
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            stamped = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            stamped.compress_type = zipfile.ZIP_DEFLATED
            stamped.external_attr = info.external_attr
            target.writestr(stamped, source.read(info))
    return fixed.getvalue()


def _restart_numbering(paragraph: Paragraph) -> None:
    """Make a ``List Number`` paragraph start again at 1 (a new list of its own).

    Word numbers every ``List Number`` paragraph of a document as one list; a new
    numbering instance on the same abstract list restarts it.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    numbering = document_part(paragraph).numbering_part.element
    # python-docx's default template, the one every document starts from, numbers its
    # List Number style.
    style = paragraph.style
    assert style is not None and style.element.pPr is not None
    style_num = style.element.pPr.numPr
    assert style_num is not None and style_num.numId is not None
    current = numbering.num_having_numId(style_num.numId.val)
    abstract_id = current.abstractNumId.val
    num = numbering.add_num(abstract_id)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    ppr = paragraph._p.get_or_add_pPr()
    numpr = ppr.get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num.numId


def document_part(paragraph: Paragraph) -> DocumentPart:
    """The main document part a paragraph belongs to (where the numbering lives)."""
    from docx.parts.document import DocumentPart

    part = paragraph.part
    if not isinstance(part, DocumentPart):  # pragma: no cover - we only write the body
        raise TypeError("paragraph is not in the document body")
    return part


def _numbered(document: DocxDocument, items: Sequence[str]) -> None:
    for index, item in enumerate(items):
        paragraph = document.add_paragraph(item, style="List Number")
        if index == 0:
            _restart_numbering(paragraph)


def _notes_box(document: DocxDocument, label: str) -> None:
    from docx.shared import Mm

    document.add_heading(label, level=2)
    table = document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    table.rows[0].height = Mm(NOTES_MM)


def handout_docx(handout: Handout) -> bytes:
    """The handout as a Word file: Title, a Heading 1 per audience on a new page,
    Heading 2 per part, talking points as List Number, evidence and asks as List Bullet.

    Returns:
        The ``.docx`` file's bytes.
    """
    labels = handout.labels
    document = _new_document(
        paper=handout.paper, title=handout.title, author="advocacy-kit", lang=handout.lang
    )
    document.add_paragraph(handout.title, style="Title")
    for index, section in enumerate(handout.sections):
        heading = document.add_heading(section.headline, level=1)
        if index > 0:
            heading.paragraph_format.page_break_before = True
        colon = labels.get("colon", ":")
        document.add_paragraph(f"{labels['for']}{colon} {section.label}", style="Subtitle")
        # The workforce's introduction ends "... it is essential that members of the
        # social service workforce:": it stands under the heading and its commitments
        # follow it straight, without titles between (issue 12).
        document.add_heading(labels["points"], level=2)
        for text in section.introductions:
            document.add_paragraph(text)
        for number, point in enumerate(section.points):
            paragraph = document.add_paragraph(style="List Number")
            if number == 0:
                _restart_numbering(paragraph)
            if not section.introductions:
                paragraph.add_run(point.title).bold = True
                paragraph.add_run().add_break()
            paragraph.add_run(point.text)
            for evidence in point.evidence:
                document.add_paragraph(_evidence_text(evidence, labels), style="List Bullet 2")
        if section.asks:
            document.add_heading(labels["ask"], level=2)
            for ask in section.asks:
                document.add_paragraph(ask, style="List Bullet")
        document.add_heading(labels["discussion"], level=2)
        _numbered(document, section.questions)
        _notes_box(document, labels["notes"])
    return _to_bytes(document)


def _evidence_text(evidence: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    colon = labels.get("colon", ":")
    text = f"{labels['evidence']}{colon} {evidence['claim']}. "
    text += f"{labels['source']}{colon} {evidence['source']}"
    if evidence.get("url"):
        text += f" ({evidence['url']})"
    return text


def letter_docx(parts: Mapping[str, Any]) -> bytes:
    """A letter as a Word file, from :func:`advocacy_kit.output.documents.letter_parts`.

    Sender block, date, recipient block, subject, salutation, body (paragraphs and List
    Bullet items), closing, signature, then the sources as a List Number.

    Returns:
        The ``.docx`` file's bytes.
    """
    return WordLetters(paper=parts["paper"]).letter(parts)


class WordLetters:
    """Word letters on one paper size from one parsed template: the template is read,
    the page set up and the styles looked up once; each letter then fills the body
    afresh (a merge's letters: issue 17).

    Args:
        paper: ``a4`` or ``letter``.
    """

    def __init__(self, *, paper: str) -> None:
        self.document = _new_document(paper=paper, title="", author="", lang="en")
        self._body = self.document.element.body
        self._kept = list(self._body)  # the section properties: page size and margins
        self._numbering = self.document.part.numbering_part.element
        self._nums = list(self._numbering.xpath("./w:num"))
        styles = self.document.styles
        self._bullet = styles["List Bullet"].style_id
        self._number = styles["List Number"].style_id
        self._first: bytes | None = None  # the first letter's file, saved in full
        self._entries: list[tuple[str, bytes]] = []

    def letter(self, parts: Mapping[str, Any]) -> bytes:
        """One letter's ``.docx`` bytes, from ``letter_parts``; nothing of the letter
        made before it is left in it."""
        from docx.shared import Pt

        document = self._clean()
        properties = document.core_properties
        properties.title, properties.author = parts["subject"], parts["author"]
        properties.language = parts["lang"]
        _block(document, parts["sender"], bold_first=True)
        _block(document, [parts["date"]])
        _block(document, parts["recipient"])
        subject = document.add_paragraph()
        subject.add_run(parts["subject_line"]).bold = True
        document.add_paragraph(parts["salutation"])
        for block in parts["body"]:
            if block["kind"] == "bullets":
                for item in block["items"]:
                    document.add_paragraph(item)._p.style = self._bullet
            else:
                document.add_paragraph(block["text"])
        closing = document.add_paragraph(parts["closing"])
        closing.paragraph_format.keep_with_next = True
        closing.paragraph_format.space_after = Pt(36)  # room to sign
        _block(document, parts["signature"])
        if parts["sources"]:
            heading = document.add_paragraph()
            heading.add_run(parts["sources_title"]).bold = True
            heading.paragraph_format.space_before = Pt(18)
            heading.paragraph_format.keep_with_next = True
            for index, item in enumerate(parts["sources"]):
                paragraph = document.add_paragraph(item)
                paragraph._p.style = self._number
                if index == 0:
                    _restart_numbering(paragraph)
        return self._save()

    def _save(self) -> bytes:
        """The letter's file. From the second letter on: the first file's entries, with
        the parts a letter changes (text, list numbering, properties) serialised anew,
        compressed fast."""
        if self._first is None:  # one letter alone: saved as python-docx saves it
            self._first = _to_bytes(self.document)
            return self._first
        if not self._entries:  # the parts no letter changes, serialised once
            with zipfile.ZipFile(io.BytesIO(self._first)) as archive:
                self._entries = [(name, archive.read(name)) for name in archive.namelist()]
        changed = {
            part.partname.lstrip("/"): part.blob
            for part in self.document.part.package.iter_parts()
            if part.partname.lstrip("/") in _LETTER_PARTS
        }
        names = {name for name, _ in self._entries}
        if len(changed) != len(_LETTER_PARTS) or not changed.keys() <= names:
            return _to_bytes(self.document)  # pragma: no cover - a template unlike Word's
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name, data in self._entries:
                archive.writestr(name, changed.get(name, data))
        return buffer.getvalue()

    def _clean(self) -> DocxDocument:
        """The document as the template left it: the last letter's paragraphs and list
        numbering taken out."""
        for child in list(self._body):
            if not any(child is kept for kept in self._kept):
                self._body.remove(child)
        for num in self._numbering.xpath("./w:num"):
            if not any(num is kept for kept in self._nums):
                self._numbering.remove(num)
        return self.document


def _block(document: DocxDocument, lines: Sequence[str], *, bold_first: bool = False) -> None:
    """Lines kept together in one paragraph (an address or signature block)."""
    if not lines:
        return
    paragraph = document.add_paragraph()
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()
        run = paragraph.add_run(line)
        if bold_first and index == 0:
            run.bold = True
