"""Typesetting share cards with Typst, one compiler for a whole batch.

:class:`CardRenderer` feeds ``card.typ`` one card's data at a time (JSON in Typst's
``sys.inputs``) through one Typst child process (with its time and memory limits,
issue 13), so a batch pays Typst's start-up and font loading once and reuses its
layout caches. After each card it reads back the
template's ``<card-fit>`` metadata: which text it set, at what size, and the text area
measured against the card; a text that fits at no readable size is refused.

PNG images carry no font tables to check, so the characters of a batch are typeset once
more as a small PDF and its character maps read back (:func:`pdf.missing_characters`):
what no font can show is named in a warning, as for PDFs. ``typst`` is imported only
when a card is made.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from advocacy_kit.errors import TemplateError
from advocacy_kit.output.card import (
    Card,
    CardSize,
    CardSpec,
    CardTooLong,
    alt_text,
    too_long,
    too_wide,
)
from advocacy_kit.output.card_cache import CardCache, Compiled
from advocacy_kit.output.pdf import (
    Warn,
    check_font_paths,
    find_template,
    missing_characters,
    missing_fonts_warning,
)
from advocacy_kit.output.typst_worker import shared_process
from advocacy_kit.profile.brand import DEFAULT_PALETTE, Palette, check_logo, check_palette
from advocacy_kit.text.alt_text import check_alt_text

if TYPE_CHECKING:
    import typst

#: The card's fonts, all bundled with Typst: a card looks the same on every machine.
#: Fonts added with --font-path serve as fallbacks for characters these lack.
CARD_FONTS = ("Libertinus Serif", "New Computer Modern")

#: Pixels per inch of the PNG: at 72, one Typst point is one pixel.
PPI = 72.0

#: The template of every card.
TEMPLATE = "card.typ"

#: The Typst selector of the template's metadata on how the text fits.
_FIT = "<card-fit>"

#: A Typst document that shows the text it is given in the card's fonts.
_PROBE = b"#set text(font: json(bytes(sys.inputs.fonts)))\n#sys.inputs.text\n"


class CardRenderer:
    """Typesets cards through one Typst compiler.

    Args:
        palette: The card's colours (checked for contrast).
        logo: A PNG or SVG file shown beside the organisation's name.
        templates: The user's template folders, searched before the built-in one.
        font_paths: Folders (or files) of fonts to use besides Typst's bundled ones.
    """

    def __init__(
        self,
        *,
        palette: Palette = DEFAULT_PALETTE,
        logo: Path | None = None,
        templates: Sequence[Path] = (),
        font_paths: Sequence[Path] = (),
    ) -> None:
        self.palette = check_palette(palette)
        self.logo = check_logo(logo) if logo is not None else None
        self.template = find_template(TEMPLATE, tuple(Path(t) for t in templates))
        self.font_paths = check_font_paths(font_paths)
        self._typeset: Path | None = None
        self._process = shared_process(self.font_paths)
        self._probe: typst.Compiler | None = None
        self._shown: set[str] = set()
        self._missing: dict[str, None] = {}
        self._cache = CardCache(self.template, self.logo, self.font_paths)

    def typeset_template(self) -> Path:
        """The card template as Typst's child process (with its time and memory limits,
        issue 13) reads it, checked once to hold no link out of its folder.

        Its root is the template's folder, so the template reads nothing outside it.
        With a logo, the folder is copied into a private temporary one with the logo
        beside it (as ``_logo/logo.png`` or ``.svg``), removed when the renderer goes.
        """
        from advocacy_kit.output.pdf import refuse_links_out

        if self._typeset is None:
            refuse_links_out(self.template.parent)
            template = self.template
            if self.logo is not None:
                template = self._folder_with_logo(self.logo) / self.template.name
            self._typeset = template
        return self._typeset

    def _folder_with_logo(self, logo: Path) -> Path:
        """A private copy of the template's folder holding the logo too."""
        import shutil
        import tempfile
        import weakref

        folder = Path(tempfile.mkdtemp(prefix="advocacy-kit-card-"))
        weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)
        copy = folder / "templates"
        shutil.copytree(self.template.parent, copy)
        (copy / "_logo").mkdir(exist_ok=True)
        shutil.copyfile(logo, copy / "_logo" / f"logo{logo.suffix.lower()}")
        return copy

    def data(self, spec: CardSpec, size: CardSize) -> dict[str, Any]:
        """The JSON ``card.typ`` receives for ``spec`` at ``size``."""
        return {
            "title": spec.title,
            "organisation": spec.organisation,
            "hashtag": spec.hashtag,
            "candidates": list(spec.candidates),
            "sources": list(spec.sources),
            "sources_line": spec.sources_line,
            "lang": spec.lang,
            "fonts": list(CARD_FONTS),
            "colors": {"background": self.palette.background, "text": self.palette.text},
            "width": size.width,
            "height": size.height,
            "sizes": list(range(size.max_size, size.min_size - 1, -2)),
            "small_size": size.small_size,
            "margin_x": round(size.width * 0.075),
            # A wide card's top and bottom margins follow its width, so they look no
            # narrower than the sides.
            "margin_top": round(max(size.height * size.top, size.width * 0.055)),
            "margin_bottom": round(max(size.height * size.bottom, size.width * 0.055)),
            "logo": f"/_logo/logo{self.logo.suffix.lower()}" if self.logo else None,
            "logo_size": round(size.small_size * 2.2),
        }

    def render(
        self, spec: CardSpec, size: CardSize, *, format: Literal["png", "pdf"] = "png"
    ) -> Card:
        """Typeset one card.

        Args:
            spec: What the card says.
            size: The card's format.
            format: ``png`` (the card) or ``pdf`` (the same card, for checking its text).

        Raises:
            CardTooLong: no text of ``spec`` fits at the smallest readable size.
            TemplateError: the template fails.
        """
        data = json.dumps(self.data(spec, size), ensure_ascii=False)
        image, query, pages = self._compile(data, format)
        fit = json.loads(query or "null")
        if pages != 1:  # a user's template that spills onto a second page
            raise TemplateError(
                f"the card template made {pages} pages, not one",
                path=self.template,
                hint="keep everything on one page of the card's size",
            )
        box = {**fit["box"], "needed": fit["needed"]}
        if not fit["fits"]:
            if fit.get("wide"):
                raise too_wide(spec, size)
            raise too_long(spec, size, needed=fit["needed"], room=box["height"])
        index = int(fit["index"])
        text = alt_text(spec, index, logo=self.logo is not None)
        printed = [spec.candidates[index], spec.sources_line, spec.hashtag or "", spec.organisation]
        return Card(
            spec=spec,
            size=size,
            index=index,
            font_size=fit["size"],
            image=image,
            alt_text=text,
            alt_checks=check_alt_text(text),
            box=box,
            missing=self.missing(printed),
        )

    def _compile(self, data: str, format: str) -> Compiled:
        """Typst's answer for one card's ``data``: the image, the fit metadata and the
        number of pages; from the user's cache when the same card was made before."""
        from advocacy_kit.output.pdf import _template_error, creation_timestamp
        from advocacy_kit.output.typst_worker import TypstFailed, TypstStopped

        template = self.typeset_template()  # checks the folder, even for a cached card
        timestamp = creation_timestamp()
        name = self._cache.card_name(data, timestamp, format, PPI, _FIT)
        found = self._cache.get_card(name)
        if found is not None:
            return found
        process = self._process
        try:
            image, _ = process.compile(
                template, data, timestamp, format=format, ppi=PPI, query=_FIT
            )
        except TypstFailed as exc:
            raise _template_error(exc, self.template) from None
        except TypstStopped as exc:  # issue 13: the card template passed a limit
            raise TemplateError(f"{exc}; it was stopped", path=self.template) from None
        compiled = (image, process.last_query, process.last_pages)
        self._cache.put_card(name, compiled)
        return compiled

    def missing(self, texts: Iterable[str]) -> tuple[str, ...]:
        """The characters of ``texts`` no font of the cards can show.

        Characters not seen before are typeset together in a small PDF whose character
        maps say which of them made it; what is learnt is kept for the next card.
        """
        chars = dict.fromkeys(c for t in texts for c in unicodedata.normalize("NFC", t))
        new = {c for c in chars if not c.isascii()} - self._shown - set(self._missing)
        if new:
            lacking = self._lacking("".join(sorted(new)))
            self._shown |= new - lacking
            self._missing.update(dict.fromkeys(sorted(lacking)))
        return tuple(c for c in chars if c in self._missing)

    def _lacking(self, sample: str) -> frozenset[str]:
        """The characters of ``sample`` no font of the cards can show, found by
        typesetting them in a small PDF (or kept in the user's cache from before)."""
        fonts = json.dumps(list(CARD_FONTS))
        name = self._cache.font_name(sample, fonts)
        found = self._cache.get_lacking(name)
        if found is not None:
            return found
        import typst

        if self._probe is None:
            bundled_and_added = typst.Fonts(
                include_system_fonts=False,
                include_embedded_fonts=True,
                font_paths=[str(p) for p in self.font_paths],
            )
            self._probe = typst.Compiler(font_paths=bundled_and_added, ignore_system_fonts=True)
        pdf = self._probe.compile(
            input=_PROBE, format="pdf", sys_inputs={"text": sample, "fonts": fonts}
        )
        assert isinstance(pdf, bytes)
        lacking = frozenset(missing_characters([sample], pdf))
        self._cache.put_lacking(name, lacking)
        return lacking


def render_cards(
    specs: Sequence[CardSpec],
    sizes: Sequence[CardSize],
    *,
    renderer: CardRenderer,
    warn: Warn | None = None,
) -> tuple[Card, ...]:
    """Every card of ``specs`` at every size of ``sizes``, through ``renderer``.

    Raises:
        CardTooLong: one or more texts fit at no readable size; every one is named and
            no card is returned.
    """
    cards: list[Card] = []
    refused: list[CardTooLong] = []
    for spec in specs:
        for size in sizes:
            try:
                cards.append(renderer.render(spec, size))
            except CardTooLong as error:
                refused.append(error)
    if len(refused) == 1:
        raise refused[0]
    if refused:
        raise CardTooLong(
            f"{len(refused)} cards do not fit:\n" + "\n".join(f"  {e.message}" for e in refused),
            hint=refused[0].hint,
        )
    text = lacking_warning(cards)
    if text is not None:
        if warn is None:
            import warnings

            from advocacy_kit.output.pdf import FontWarning

            warnings.warn(text, FontWarning, stacklevel=2)
        else:
            warn(text)
    return tuple(cards)


def lacking_warning(cards: Iterable[Card]) -> str | None:
    """The warning naming the characters the fonts of ``cards`` could not show, if any."""
    missing = tuple(dict.fromkeys(c for card in cards for c in card.missing))
    return missing_fonts_warning(missing, fonts="the cards' fonts") if missing else None
