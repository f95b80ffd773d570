"""PDF documents typeset with Typst: handouts and letters.

The Typst templates (``templates/*.typ``) receive their data as one JSON string through
Typst's ``sys.inputs``; user text is never pasted into Typst markup, so ``#``, ``*``,
``$``, ``@`` and ``<`` in a message print as themselves. The fonts are the ones bundled
with Typst (Libertinus Serif, New Computer Modern, DejaVu Sans Mono) plus any folder the
user adds with ``--font-path``; system fonts are not used, so a document comes out the
same on every machine. Typst leaves out characters no font can show without a word, so
after each compile the PDF's own character maps are read back and every character of the
data that is not in them is reported (:attr:`PdfResult.missing`).

One :class:`PdfRenderer` keeps one Typst child process (with a time and a memory limit,
see :mod:`advocacy_kit.output.typst_worker`) and in it one compiler per template:
batches (a hundred letters) reuse it and its caches. The template's folder is its root,
so it reads nothing outside it, and a folder holding a link out is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct

from advocacy_kit.errors import TemplateError, UsageError
from advocacy_kit.output.typst_worker import (
    TYPST_MEMORY,
    TYPST_SECONDS,
    TypstFailed,
    TypstStopped,
    shared_process,
)
from advocacy_kit.resources import builtin_templates_dir

#: Paper names users type, and Typst's name for each.
PAPERS: dict[str, str] = {"a4": "a4", "letter": "us-letter"}

#: Data keys whose values are not printed (so their characters are not checked).
UNPRINTED_KEYS = frozenset({"paper", "lang", "id", "role", "date_iso", "name", "kind"})

#: Character categories that print no glyph of their own (spaces, controls, joiners,
#: combining marks that fuse with the letter before them).
_SILENT_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})

#: Characters that share one glyph, so a PDF's character map names only one of them:
#: Typst draws a hyphenation point (soft hyphen) with the hyphen's glyph.
_SAME_GLYPH = (frozenset("-\u00ad\u2010\u2011"),)

#: How many missing characters a warning names before it says "and N more".
_NAMED_AT_MOST = 12

Warn = Callable[[str], None]


class PdfResult(Struct, frozen=True):
    """A compiled PDF and what could not be put in it.

    Attributes:
        data: The PDF file's bytes.
        missing: Characters of the data that no available font can show, in the order
            they first appear; Typst leaves them out of the PDF.
        warnings: Typst's own warnings (an unknown font family, ...), as text.
    """

    data: bytes
    missing: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def messages(self) -> list[str]:
        """Every warning for the user: missing characters first, then Typst's."""
        found = [missing_fonts_warning(self.missing)] if self.missing else []
        return [*found, *self.warnings]


def paper_name(paper: str) -> str:
    """Typst's paper name for ``a4`` or ``letter``.

    Raises:
        UsageError: an unknown paper size, with the valid ones.
    """
    wanted = paper.strip().lower().replace("us-letter", "letter")
    if wanted not in PAPERS:
        raise UsageError(f"unknown paper size '{paper}'", hint="use --paper a4 or --paper letter")
    return PAPERS[wanted]


#: What to do about characters the fonts lack, for commands with ``--font-path``.
FONT_PATH_ADVICE = (
    "add a folder of fonts that have them with --font-path DIR "
    "(for example Noto Sans CJK, Noto Naskh Arabic or Noto Emoji)"
)


def missing_fonts_warning(
    missing: Sequence[str], *, fonts: str = "the PDF's fonts", advice: str = FONT_PATH_ADVICE
) -> str:
    """The warning naming characters ``fonts`` (a PDF's, or share cards') cannot show,
    and ``advice``."""
    named = ", ".join(f"{char} (U+{ord(char):04X})" for char in missing[:_NAMED_AT_MOST])
    if len(missing) > _NAMED_AT_MOST:
        named += f" and {len(missing) - _NAMED_AT_MOST} more"
    return f"{fonts} cannot show {len(missing)} character(s), which are left out: {named}; {advice}"


def find_template(name: str, templates: Sequence[Path] = ()) -> Path:
    """The template file ``name``: from the user's folders first, then the built-in one.

    Raises:
        TemplateError: no folder has it.
    """
    for folder in (*templates, builtin_templates_dir()):
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate
    raise TemplateError(
        f"template '{name}' not found",
        hint="check the name, or the folder given with --templates",
    )


def check_font_paths(font_paths: Iterable[Path]) -> tuple[Path, ...]:
    """The font folders (or font files), checked to exist.

    Raises:
        UsageError: a path does not exist.
    """
    checked = []
    for path in font_paths:
        if not Path(path).exists():
            raise UsageError(
                "no such font folder",
                path=path,
                hint="give --font-path a folder holding .ttf, .otf or .ttc font files",
            )
        checked.append(Path(path))
    return tuple(checked)


def creation_timestamp() -> int:
    """The PDF's creation time in UNIX seconds: ``SOURCE_DATE_EPOCH`` when set, else
    today at midnight UTC, so the same document made twice in a day is the same bytes
    (the guided flow's one-line command remakes its file exactly, issue 19)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return int(epoch)
    today = dt.datetime.now(dt.timezone.utc).date()
    return int(dt.datetime.combine(today, dt.time(), tzinfo=dt.timezone.utc).timestamp())


class PdfRenderer:
    """Typesets Typst templates into PDFs in one Typst child process.

    Args:
        templates: The user's template folders, searched before the built-in one.
        font_paths: Folders (or files) of fonts to use besides Typst's bundled ones.
    """

    def __init__(self, *, templates: Sequence[Path] = (), font_paths: Sequence[Path] = ()):
        self.templates = tuple(Path(t) for t in templates)
        self.font_paths = check_font_paths(font_paths)
        self._process = shared_process(self.font_paths)
        self._checked: set[Path] = set()

    def render(self, name: str, data: Mapping[str, Any]) -> PdfResult:
        """Typeset template ``name`` with ``data`` (passed as JSON in ``sys.inputs``), in
        the Typst child process (:mod:`advocacy_kit.output.typst_worker`).

        Args:
            name: The template's file name, e.g. ``handout.typ``.
            data: Plain data (str, int, float, bool, None, lists, dicts) for the template.

        Returns:
            The PDF and the characters its fonts could not show.

        Raises:
            TemplateError: the template is missing, its folder links outside itself,
                Typst reports an error in it, or it passes Typst's time or memory limit.
        """
        template = find_template(name, self.templates)
        if template.parent not in self._checked:
            refuse_links_out(template.parent)
            self._checked.add(template.parent)
        payload = json.dumps(data, ensure_ascii=False)
        try:
            pdf, warnings = self._process.compile(template, payload, creation_timestamp())
        except TypstFailed as exc:
            raise _template_error(exc, template) from None
        except TypstStopped as exc:
            raise TemplateError(
                f"{exc}; it was stopped",
                path=template,
                hint=f"a PDF template may use {TYPST_SECONDS:g} seconds and "
                f"{TYPST_MEMORY >> 30} GiB per document; see SECURITY.md",
            ) from None
        return PdfResult(
            data=pdf,
            missing=missing_characters(printed_texts(data), pdf),
            warnings=tuple(warnings),
        )


def refuse_links_out(folder: Path) -> None:
    """Refuse a Typst template folder holding a link to somewhere outside it: Typst would
    follow it, and ``#read`` would put that file into the PDF.

    Raises:
        TemplateError: naming the link.
    """
    root = folder.resolve()
    for place, folders, files in os.walk(folder):
        for entry in (*folders, *files):
            path = Path(place) / entry
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                raise TemplateError(
                    "a link to a file outside the templates folder, which Typst templates "
                    "may not read",
                    path=path,
                    hint="copy the file into the templates folder instead of linking to it",
                )


_RENDERERS: dict[tuple[tuple[Path, ...], tuple[Path, ...]], PdfRenderer] = {}


def renderer(*, templates: Sequence[Path] = (), font_paths: Sequence[Path] = ()) -> PdfRenderer:
    """The shared :class:`PdfRenderer` for these folders, made on first use.

    Every PDF written in one run with the same folders goes through the same compilers,
    so a batch of letters pays Typst's start-up once.
    """
    key = (tuple(Path(t) for t in templates), tuple(Path(f) for f in font_paths))
    found = _RENDERERS.get(key)
    if found is None:
        found = _RENDERERS[key] = PdfRenderer(templates=templates, font_paths=font_paths)
    return found


def render_pdf(
    name: str,
    data: Mapping[str, Any],
    *,
    templates: Sequence[Path] = (),
    font_paths: Sequence[Path] = (),
) -> PdfResult:
    """Typeset template ``name`` with ``data`` through the shared renderer.

    Raises:
        TemplateError: the template is missing or fails.
        UsageError: a font path does not exist.
    """
    return renderer(templates=templates, font_paths=font_paths).render(name, data)


def printed_texts(data: Any, key: str | None = None) -> Iterable[str]:
    """Every string in ``data`` that a template prints (skipping :data:`UNPRINTED_KEYS`)."""
    if key in UNPRINTED_KEYS:
        return
    if isinstance(data, str):
        yield data
    elif isinstance(data, Mapping):
        for name, value in data.items():
            yield from printed_texts(value, str(name))
    elif isinstance(data, (list, tuple)):
        for value in data:
            yield from printed_texts(value)


def missing_characters(texts: Iterable[str], pdf: bytes) -> tuple[str, ...]:
    """The characters of ``texts`` that ``pdf`` has no glyph for, in order of appearance.

    Typst writes a ToUnicode map for every font it embeds, listing the characters each
    glyph stands for; a character no font could show gets no glyph and is not listed.
    """
    shown = printed_characters(pdf)
    missing: dict[str, None] = {}
    for text in texts:
        for char in unicodedata.normalize("NFC", text):
            if char in shown or char in missing or " " <= char <= "~":
                continue  # printable ASCII: every bundled font has it
            if unicodedata.category(char) in _SILENT_CATEGORIES:
                continue
            missing[char] = None
    return tuple(missing)


_STREAM = re.compile(rb"stream\r?\n")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def printed_characters(pdf: bytes) -> set[str]:
    """Every character the fonts embedded in ``pdf`` say they show (ToUnicode maps)."""
    chars: set[str] = set()
    for match in _STREAM.finditer(pdf):
        end = pdf.find(b"endstream", match.end())
        if end < 0:
            break
        raw = pdf[match.end() : end]
        try:
            body = zlib.decompress(raw)
        except zlib.error:
            body = raw
        if b"begincmap" not in body:
            continue
        for block in _BFCHAR.findall(body):
            hexes = _HEX.findall(block)
            for target in hexes[1::2]:
                chars.update(_utf16(target))
        for block in _BFRANGE.findall(body):
            chars.update(_range_characters(block))
    chars |= {unicodedata.normalize("NFC", c) for c in chars}
    for group in _SAME_GLYPH:
        if chars & group:
            chars |= group
    return chars


def _utf16(hex_text: bytes) -> str:
    try:
        return bytes.fromhex(hex_text.decode("ascii")).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return ""


def _range_characters(block: bytes) -> set[str]:
    """Characters of a ``bfrange`` block: ``<lo> <hi> <first>`` or ``<lo> <hi> [...]``."""
    chars: set[str] = set()
    for line in block.splitlines():
        hexes = _HEX.findall(line)
        if len(hexes) < 3:
            continue
        low, high = int(hexes[0], 16), int(hexes[1], 16)
        if b"[" in line:
            for target in hexes[2:]:
                chars.update(_utf16(target))
            continue
        first = _utf16(hexes[2])
        if len(first) == 1:
            start = ord(first)
            chars.update(chr(start + i) for i in range(high - low + 1))
    return chars


_DIAGNOSTIC_PLACE = re.compile(r"┌─\s*(?P<path>.+?):(?P<line>\d+):(?P<column>\d+)")


def _template_error(exc: TypstFailed, template: Path) -> TemplateError:
    """A Typst error as a :class:`TemplateError` at the template's line and column."""
    place = _DIAGNOSTIC_PLACE.search(exc.diagnostic)
    line = int(place["line"]) if place else None
    column = int(place["column"]) if place else None
    hint = "; ".join(exc.hints) or "check the Typst template around that line"
    message = f"Typst template error: {exc.message}"
    if "package" in exc.message:
        message = (
            "the template imports a Typst package, which advocacy-kit does not allow "
            f"(it never downloads anything): {exc.message}"
        )
        hint = "copy what you need into the templates folder and import it from there"
    return TemplateError(message, path=template, line=line, column=column, hint=hint)


def report(result: PdfResult, warn: Warn | None) -> None:
    """Pass every warning of ``result`` to ``warn`` (Python's warnings when None)."""
    for text in result.messages():
        if warn is None:
            import warnings

            warnings.warn(text, FontWarning, stacklevel=3)
        else:
            warn(text)


class FontWarning(UserWarning):
    """Characters of a document that the PDF's fonts cannot show."""
