"""Reading written files back the way their reader gets them: pypdf for PDF,
python-docx for Word, an HTML parser for pages (what a browser shows)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pypdf


class _Text(HTMLParser):
    """The text a browser shows: tags dropped, entities decoded, scripts left out."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


#: A Python object's repr, which a template gets when it names a method by mistake
#: (``{{ words.copy }}`` on a dict is ``dict.copy``): no reader may ever see one.
PYTHON_REPR = re.compile(r"<[^<>]*\bat 0x[0-9a-f]{4,}>")


def read_back(path: Path) -> str:
    """The text of a written file, as its reader would see it; a Python repr in it fails
    the test."""
    text = _read(path)
    assert not PYTHON_REPR.search(text), f"{path}: {PYTHON_REPR.search(text)}"
    return text


def _read(path: Path) -> str:
    suffix = path.suffix
    if suffix == ".pdf":
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    if suffix == ".docx":
        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    text = path.read_text(encoding="utf-8")
    if suffix == ".html":
        parser = _Text()
        parser.feed(text)
        return html.unescape("".join(parser.parts))
    return text


def squeeze(text: str) -> str:
    """Text with every space, line break and soft hyphen gone, and Markdown's emphasis
    and escapes dropped, so a line broken or hyphenated by a typesetter still matches."""
    text = text.replace("\u00ad", "").replace("\\", "")
    return re.sub(r"[\s*_`>-]+", "", text)
