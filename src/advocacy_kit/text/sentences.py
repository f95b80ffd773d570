"""Sentence boundaries, abbreviation- and CJK-aware, that never split a link."""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    (
        *("e.g", "i.e", "etc", "vs", "cf", "al", "approx", "fig", "no", "nos"),
        *("dr", "mr", "mrs", "ms", "prof", "st", "hon", "rev", "gen", "sen", "rep", "jr", "sr"),
    )
)
# Where a sentence may end: after . ! ? … (and closing quotes or brackets) and white
# space; straight after a CJK full stop; at a blank line.
_SENTENCE_BREAK = re.compile(
    r"""[.!?…]["'”’»)\]]*(?P<space>[ \t\r\f\v\u00a0\u2000-\u200a\u3000]*\n[ \t]*\n\s*|\s+)"""
    r"""|(?P<blank>\n[ \t]*\n\s*)|[。！？](?P<cjk>)(?=\S)"""
)


def _ends_sentence(before: str, after: str) -> bool:
    """Whether a full stop or other mark at the end of ``before`` ends a sentence."""
    if after[:1].islower():
        return False
    words = before.rstrip("\"'”’»)]").split()
    if not words or not words[-1].endswith(".") or words[-1].endswith(".."):
        return True
    word = words[-1].lstrip("\"'“‘«([").rstrip(".").lower()
    return word not in _ABBREVIATIONS and not (len(word) == 1 and word.isalpha())


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences, keeping each one's punctuation.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (and closing quotes or brackets)
    followed by white space, at ``。！？``, and at a blank line. A full stop after a
    common abbreviation (``e.g.``, ``Dr.``, ``Hon.``) or an initial does not end one,
    nor does a mark followed by a lower-case word. Links are never split (a sentence
    break needs white space or a CJK full stop, which links do not contain).

    Args:
        text: Any text.

    Returns:
        The sentences, stripped, without empty ones.
    """
    result: list[str] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        group = next(name for name in ("space", "blank", "cjk") if match.group(name) is not None)
        brk = match.start(group)
        blank_line = match.group(group).count("\n") >= 2
        following = text[match.end() : match.end() + 1]
        if not blank_line and not _ends_sentence(text[start:brk], following):
            continue
        piece = text[start:brk].strip()
        if piece:
            result.append(piece)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        result.append(tail)
    return result
