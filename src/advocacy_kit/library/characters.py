"""Characters message text may not hold: controls, bidi overrides and hidden characters.

Message files come from contributors and are reviewed by reading them (issue 13). A
control character (``ESC [2J``, NUL, a C1 control) can drive a terminal or break a Word
file; a right-to-left override or isolate shows a reviewer text in another order than
the one printed; a zero-width space or word joiner hides a word break the reader cannot
see. None has a place in a letter or a post, so the readers refuse them at load, naming
the character the way the Unicode standard does.

Newline and tab are allowed. The zero-width joiner and non-joiner (U+200D, U+200C) are
too: emoji sequences and scripts such as Persian and Devanagari need them, and the
left-to-right and right-to-left marks (U+200E, U+200F) only steer neutral characters.
"""

from __future__ import annotations

import functools
import re
import unicodedata


@functools.cache
def forbidden() -> re.Pattern[str]:
    """Every character refused, as one regular-expression class (compiled on first
    need: a library read from the cache is not checked again)."""
    return re.compile(
        "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and newline, DEL, C1
        "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides and isolates
        "\u200b\u2060-\u2064\ufeff\u180e]"  # zero width: space, joiner, invisible operators
    )


# Controls have no character name in Unicode, only a name alias; these are those aliases.
_C0 = [
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "ALERT",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
]
_C1 = [
    "PADDING CHARACTER",
    "HIGH OCTET PRESET",
    "BREAK PERMITTED HERE",
    "NO BREAK HERE",
    "INDEX",
    "NEXT LINE",
    "START OF SELECTED AREA",
    "END OF SELECTED AREA",
    "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET",
    "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED",
    "SINGLE SHIFT TWO",
    "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING",
    "PRIVATE USE ONE",
    "PRIVATE USE TWO",
    "SET TRANSMIT STATE",
    "CANCEL CHARACTER",
    "MESSAGE WAITING",
    "START OF GUARDED AREA",
    "END OF GUARDED AREA",
    "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER",
    "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR",
    "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND",
]


def character_name(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: the code point and its Unicode name (for a
    control, its name alias, as controls have no name)."""
    code = ord(char)
    if code < 0x20:
        name = _C0[code]
    elif code == 0x7F:
        name = "DELETE"
    elif 0x80 <= code <= 0x9F:
        name = _C1[code - 0x80]
    else:
        name = unicodedata.name(char, "")
    return f"U+{code:04X} {name}".rstrip()


def character_kind(char: str) -> str:
    """What a refused character does, in a few words."""
    if unicodedata.category(char) == "Cc":
        return "a control character"
    if unicodedata.bidirectional(char) in (
        "LRE",
        "RLE",
        "PDF",
        "LRO",
        "RLO",
        "LRI",
        "RLI",
        "FSI",
        "PDI",
    ):
        return "a bidi control that shows text in another order than it is written"
    return "an invisible character that hides a break or a word from the reader"


def first_forbidden(text: str) -> int | None:
    """The index of the first character of ``text`` that message text may not hold."""
    found = forbidden().search(text)
    return found.start() if found else None
