"""PDF and Word letters of a merge, built in memory with what their fonts could not show."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t]+(?=[,.;:!?)])")


class DocumentBuilder:
    """Builds a merge's PDF or Word letters, one per row, keeping what can be kept
    between letters for this run: the parsed Word template and its styles (issue 17).

    Args:
        kind: ``pdf`` or ``docx``.
        templates: The user's template folders (for the Typst letter template).
    """

    def __init__(self, kind: str, *, templates: Sequence[Path]) -> None:
        self.kind = kind
        self.templates = templates
        self._word: Any = None

    def build(self, context: Mapping[str, Any]) -> tuple[bytes, list[str]]:
        """One letter as a file's bytes, and warnings for the user.

        Characters no font of the PDF can show are left out of the letter, with the
        space that went with them (``Dr Mei Chen 陈,`` reads ``Dr Mei Chen,``), and named
        in a warning (issue 14).

        Raises:
            TemplateError: the Typst template fails.
        """
        from advocacy_kit.output.documents import letter_parts

        parts = letter_parts(context)
        if self.kind == "docx":
            if self._word is None:
                from advocacy_kit.output.docx import WordLetters

                self._word = WordLetters(paper=parts["paper"])
            return self._word.letter(parts), []
        from advocacy_kit.output import pdf

        data = {**parts, "paper": pdf.paper_name("a4")}
        result = pdf.render_pdf("letter.typ", data, templates=self.templates)
        if not result.missing:
            return result.data, result.messages()
        cleaned = without(data, set(result.missing))
        again = pdf.render_pdf("letter.typ", cleaned, templates=self.templates)
        # merge has no --font-path: Word letters use the reader's fonts.
        warning = pdf.missing_fonts_warning(result.missing, advice="--format docx keeps them")
        return again.data, [warning, *again.warnings]


def build_document(
    context: Mapping[str, Any], kind: str, *, templates: Sequence[Path]
) -> tuple[bytes, list[str]]:
    """One ``pdf`` or ``docx`` letter on its own (an e-mail's attachment), and warnings."""
    return DocumentBuilder(kind, templates=templates).build(context)


def without(data: Any, characters: set[str]) -> Any:
    """``data`` with ``characters`` taken out of every string, and the spaces they
    leave behind (doubled, or before punctuation) tidied."""
    if isinstance(data, str):
        if not characters.intersection(data):
            return data
        text = "".join(char for char in data if char not in characters)
        return _SPACE_BEFORE_PUNCTUATION.sub("", _SPACES.sub(" ", text)).strip(" \t")
    if isinstance(data, Mapping):
        return {key: without(value, characters) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [without(value, characters) for value in data]
    return data
