"""Share cards kept in the user's cache (issue 17): a card typeset once is copied the
next time the same card is asked for, instead of being typeset again.

An entry holds what Typst's child process answered for one card: the image's bytes, the
template's ``<card-fit>`` metadata and the number of pages; and, for the check of the
cards' fonts, which characters of a sample no font could show. The card is then made
from the entry by the same code as from a fresh answer, so a card from the cache is the
same card, byte for byte.

An entry is found by a digest of everything the answer depends on: the card's data (its
text, colours, size, language), the creation time and image settings given to Typst,
the content of every file in the template's folder (which Typst may read), the logo's
bytes, the size and modification time of every font file and of the installed Typst
library, and (through :func:`advocacy_kit.cache.cache_folder`) the version and code of
advocacy-kit. Any change to one of them finds no entry, and the card is typeset anew.
Entries untouched for :data:`KEEP_DAYS` days are removed when a new one is written (the
creation time, part of the key, changes every day).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advocacy_kit import cache

#: Days a card entry is kept after it was written.
KEEP_DAYS = 7
#: The kind of entry (the start of its file name) of typeset cards and of font checks.
CARD_KIND = "card"
FONT_KIND = "card-font"

#: What Typst answered for one card: image bytes, fit metadata (JSON text), pages.
Compiled = tuple[bytes, str | None, int]


def _hash_tree(digest: Any, root: Path, *, content: bool) -> None:
    """Feed ``digest`` every file under ``root`` (or ``root`` itself, a file), in a
    fixed order: its path relative to ``root`` and its content, or its size and
    modification time when ``content`` is false."""
    if root.is_file():
        paths = [root]
    else:
        paths = sorted(Path(place) / name for place, _, names in os.walk(root) for name in names)
    for path in paths:
        digest.update(str(path.relative_to(root) if path != root else path).encode() + b"\0")
        if content:
            digest.update(path.read_bytes())
        else:
            status = path.stat()
            digest.update(f"{status.st_size}:{status.st_mtime_ns}".encode())
        digest.update(b"\0")


def _typst_library() -> Path | None:
    """The folder of the installed ``typst`` package, found without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("typst")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


class CardCache:
    """The cache of one renderer's cards.

    Args:
        template: The card template (its whole folder counts).
        logo: The logo shown on the cards, if any.
        font_paths: The font folders (or files) used besides Typst's bundled fonts.
    """

    def __init__(self, template: Path, logo: Path | None, font_paths: Sequence[Path]) -> None:
        self.template = template
        self.logo = logo
        self.font_paths = tuple(font_paths)
        self._fonts: bytes | None = None
        self._inputs: bytes | None = None

    def _font_digest(self) -> bytes:
        """A digest of the fonts a card can use: the Typst library's (its bundled fonts)
        and every file of the font paths."""
        if self._fonts is None:
            digest = hashlib.blake2b(digest_size=20)
            library = _typst_library()
            if library is not None:
                _hash_tree(digest, library, content=False)
            for path in self.font_paths:
                digest.update(f"font path {path}\0".encode())
                if path.exists():
                    _hash_tree(digest, path, content=False)
            self._fonts = digest.digest()
        return self._fonts

    def _input_digest(self) -> bytes:
        """A digest of the template's folder, the logo and the fonts."""
        if self._inputs is None:
            digest = hashlib.blake2b(self._font_digest(), digest_size=20)
            digest.update(f"template {self.template.name}\0".encode())
            _hash_tree(digest, self.template.parent, content=True)
            if self.logo is not None:
                digest.update(f"logo {self.logo.suffix.lower()}\0".encode())
                digest.update(self.logo.read_bytes())
            self._inputs = digest.digest()
        return self._inputs

    def card_name(self, data: str, timestamp: int, format: str, ppi: float, query: str) -> str:
        """The entry name of one card's answer."""
        base = self._input_digest().hex()
        return cache.entry_name(CARD_KIND, base, data, str(timestamp), format, repr(ppi), query)

    def get_card(self, name: str) -> Compiled | None:
        """The answer stored under ``name``, or None."""
        found = cache.load(name)
        if not isinstance(found, tuple) or len(found) != 3 or not isinstance(found[0], bytes):
            return None
        return found[0], found[1], int(found[2])

    def put_card(self, name: str, compiled: Compiled) -> None:
        """Keep an answer under ``name``, removing entries older than :data:`KEEP_DAYS`."""
        _remove_old()
        cache.store(name, compiled)

    def font_name(self, sample: str, fonts: str) -> str:
        """The entry name of the font check of ``sample``."""
        return cache.entry_name(FONT_KIND, self._font_digest().hex(), sample, fonts)

    def get_lacking(self, name: str) -> frozenset[str] | None:
        """The characters a font check found no font for, or None when not stored."""
        found = cache.load(name)
        return found if isinstance(found, frozenset) else None

    def put_lacking(self, name: str, lacking: frozenset[str]) -> None:
        """Keep the result of a font check under ``name``."""
        cache.store(name, lacking)


def _remove_old() -> None:
    """Remove card entries written more than :data:`KEEP_DAYS` days ago."""
    folder = cache.cache_folder()
    if folder is None or not folder.is_dir():
        return
    oldest = time.time() - KEEP_DAYS * 86400
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(f"{CARD_KIND}-"):
                try:
                    if entry.stat().st_mtime < oldest:
                        Path(entry.path).unlink()
                except OSError:
                    pass
