"""split_thread(): a long text as numbered posts (1/n) that each fit a platform."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from advocacy_kit.errors import ContentWanting
from advocacy_kit.text.count import count
from advocacy_kit.text.fit import with_extras
from advocacy_kit.text.graphemes import grapheme_clusters
from advocacy_kit.text.links import find_links
from advocacy_kit.text.rules import get_platform
from advocacy_kit.text.sentences import sentences

#: A piece of text to pack, with what separates it from the piece before: " " or "".
Piece = tuple[str, str]

# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer; CJK
# ideographs, kana and their punctuation and full-width forms): a run of them may be
# split between any two grapheme clusters (issue 18).
_NO_SPACES = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff"
    "\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
    "\U00020000-\U0003ffff]"
)
# Marks that never start a line in CJK typesetting: they stay with what they close.
_CLOSING = frozenset("、。，．：；！？」』）〕】〉》”’」ー…")


def _numbered(text: str, index: int, total: int) -> str:
    """``text`` with its place in the thread appended."""
    return f"{text} {index}/{total}"


def _is_tag(token: str, extras: frozenset[str]) -> bool:
    """Whether ``token`` is a hashtag, a handle or one of the added extras."""
    return token in extras or (len(token) > 1 and token[0] in "#@＃＠")


def _sentence_pieces(body: str, extras: frozenset[str]) -> list[Piece]:
    """The sentences of ``body`` with their separators; a sentence of tags alone joins
    the one before it, so that tags always go with real text (issue 14)."""
    pieces: list[Piece] = []
    position = 0
    for sentence in sentences(body):
        found = body.find(sentence, position)
        sep = " " if found > position else ""
        position = found + len(sentence)
        if pieces and all(_is_tag(token, extras) for token in sentence.split()):
            before_sep, before = pieces[-1]
            pieces[-1] = (before_sep, before + sep + sentence)
        else:
            pieces.append((sep, sentence))
    return pieces


def _words(sentence: str, extras: frozenset[str]) -> list[Piece]:
    """The words of a sentence; each run of tags stays with the word before it (or,
    at the start, with the word after it)."""
    words: list[Piece] = []
    leading = ""
    for token in sentence.split(" "):
        if _is_tag(token, extras):
            if words:
                words[-1] = (" ", f"{words[-1][1]} {token}")
            else:
                leading += token + " "
            continue
        words.append((" ", leading + token))
        leading = ""
    if leading:
        words.append((" ", leading.rstrip()))
    return words


def _atoms(word: str) -> list[Piece]:
    """What a word may be cut into: each grapheme cluster of a script without spaces;
    a link, a Latin word or a number whole; closing marks with what they close."""
    links = [(start, end) for _url, start, end in find_links(word)]
    atoms: list[Piece] = []
    sep = ""
    position = 0
    after_run = False  # the last atom is a run of characters from scripts with spaces
    for cluster in grapheme_clusters(word):
        start = position
        position += len(cluster)
        if cluster.isspace():
            sep, after_run = " ", False
            continue
        breakable = _NO_SPACES.match(cluster) is not None
        inside_link = any(begin < start < end for begin, end in links)
        joins = inside_link or cluster in _CLOSING or (after_run and not breakable)
        if atoms and not sep and joins:
            atoms[-1] = (atoms[-1][0], atoms[-1][1] + cluster)
        else:
            atoms.append((sep, cluster))
        sep, after_run = "", not breakable
    return atoms


class _Packer:
    """Packs pieces greedily into parts numbered ``k/total``, cutting a piece that
    does not fit: a sentence into words, a word into clusters."""

    def __init__(self, total: int, fits: Callable[[str, int, int], bool]) -> None:
        self.total = total
        self.fits = fits
        self.parts: list[str] = []
        self.current = ""

    def fits_here(self, text: str) -> bool:
        """Whether ``text`` fits as the part being filled, with its numbering."""
        return self.fits(text, len(self.parts) + 1, self.total)

    def add(self, sep: str, text: str, cutters: Sequence[Callable[[str], list[Piece]]]) -> None:
        """Add one piece, cutting it with the first of ``cutters`` that cuts it."""
        joined = self.current + sep + text if self.current else text
        if self.fits_here(joined):
            self.current = joined
            return
        if self.current:
            self.parts.append(self.current)
            self.current = ""
        if self.fits_here(text):
            self.current = text
            return
        for depth, cut in enumerate(cutters):
            pieces = cut(text)
            if len(pieces) > 1:
                for piece_sep, piece in pieces:
                    self.add(piece_sep, piece, cutters[depth + 1 :])
                return
        raise _TooLong(text, len(self.parts) + 1)

    def done(self) -> list[str]:
        """The parts, the last one included."""
        return [*self.parts, self.current] if self.current else list(self.parts)


class _TooLong(Exception):
    """A piece that no cut makes fit: a word, a link or one grapheme cluster."""

    def __init__(self, text: str, number: int) -> None:
        super().__init__(text)
        self.text = text
        self.number = number


def split_thread(
    text: str,
    *,
    platform: str = "x",
    limit: int | None = None,
    extras: Sequence[str] = (),
) -> list[str]:
    """Split ``text`` into numbered posts (``… 1/3``) that each fit ``platform``.

    Sentences are kept whole where they fit, else split between words; a word or a link
    is never cut. Text in scripts written without spaces (Chinese, Japanese, Thai, ...)
    is split at sentence marks (``。！？``), else between grapheme clusters, never
    inside one. Hashtags and handles stay with the words before them, so no post is
    tags alone. The numbering counts against the limit. A text that fits in one post
    is returned as it is, unnumbered. ``extras`` (hashtags, a handle, a link) not
    already in the text are added at its end, so they close the thread.

    Args:
        text: The text to post.
        platform: The platform to fit.
        limit: A limit other than the platform's.
        extras: Trailing pieces to add at the end of the thread.

    Returns:
        The posts in order; without their numbering they are the text (white space
        aside) then the added extras, in order. Empty when the text is blank.

    Raises:
        ContentWanting: a single word, link or grapheme cluster is longer than the limit.
        UsageError: unknown platform.
    """
    body = " ".join(text.split())
    if not body:
        return []
    whole = with_extras(body, extras)
    if count(whole, platform, limit=limit).fits:
        return [whole]
    added = frozenset(whole[len(body) :].split())
    pieces = _sentence_pieces(whole, added)
    cutters = (lambda sentence: _words(sentence, added), _atoms)

    def fits(candidate: str, number: int, total: int) -> bool:
        return count(_numbered(candidate, number, total), platform, limit=limit).fits

    total = 2
    parts: list[str] = []
    # The width of "k/n" depends on n: pack for a guessed n until the guess is right.
    # A wider number never gives fewer parts, so this settles within a few rounds.
    for _ in range(8):
        packer = _Packer(total, fits)
        try:
            for sep, piece in pieces:
                packer.add(sep, piece, cutters)
        except _TooLong as error:
            check = count(_numbered(error.text, error.number, total), platform, limit=limit)
            shown = error.text if len(error.text) <= 40 else error.text[:37] + "..."
            raise ContentWanting(
                f"'{shown}' is longer than a {get_platform(platform).label} post "
                f"({check.length} of {check.limit} with its numbering)",
                hint="shorten that word or link, or choose a platform with a higher limit",
            ) from None
        parts = packer.done()
        if len(parts) == total:
            break
        total = max(len(parts), 2)
    return [_numbered(part, i, len(parts)) for i, part in enumerate(parts, 1)]
