"""Sentence boundaries, abbreviation- and CJK-aware, that never split a link."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

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


# Where a clause may end inside a sentence: a colon or semicolon before white space, a
# dash with space on both sides, or an em dash between words. Hyphens inside words
# (government-led) and dashes in ranges (2016-2019) are not boundaries.
_CLAUSE_BREAK = re.compile(r"[:;](?=\s)|\s[-–—](?=\s)|(?<=\w)—(?=\w)")
_FIGURE = re.compile(r"\d")
_PAIRS = (("(", ")"), ("[", "]"), ("“", "”"), ("‘", "’"), ("«", "»"))


def _inside_brackets(before: str) -> bool:
    """Whether the end of ``before`` is inside brackets or quotation marks."""
    return before.count('"') % 2 == 1 or any(
        before.count(opening) > before.count(closing) for opening, closing in _PAIRS
    )


class _Clause(NamedTuple):
    """A clause's place in the text, its sentence, and the mark before it (or "")."""

    start: int
    end: int
    sentence: int
    after: str


def _clauses(text: str) -> list[_Clause]:
    """The clauses of ``text``, without the colon, semicolon or dash that ends each."""
    clauses: list[_Clause] = []
    position = 0
    for number, sentence in enumerate(sentences(text)):
        base = text.find(sentence, position)
        position = base + len(sentence)
        start, after = 0, ""
        for match in _CLAUSE_BREAK.finditer(sentence):
            if match.start() <= start or _inside_brackets(sentence[: match.start()]):
                continue
            clauses.append(_Clause(base + start, base + match.start(), number, after))
            rest = sentence[match.end() :]
            start, after = match.end() + len(rest) - len(rest.lstrip()), match.group().strip()
        clauses.append(_Clause(base + start, base + len(sentence), number, after))
    return clauses


def _may_start(clauses: list[_Clause], index: int, text: str, min_words: int) -> bool:
    """Whether a part may begin at clause ``index``: at a sentence's start, after a
    semicolon (a clause that stands alone), or after a short label ("An ally to
    governments: ..."); not after a whole clause that a colon or dash elaborates."""
    clause = clauses[index]
    if not clause.after or clause.after == ";":
        return True
    before = clauses[index - 1]
    return not before.after and len(text[before.start : before.end].split()) < min_words


def _heavy_clauses(
    text: str, clauses: list[_Clause], protected: list[tuple[int, int]]
) -> list[bool]:
    """Which clauses carry a figure or a source: one overlapping a ``keep`` text, one
    holding a number, and every clause after a number in its sentence (where its
    qualifiers and source are written: "65% of targets – European Social Network")."""
    heavy: list[bool] = []
    figure_in = -1  # the sentence whose figure has been seen
    for clause in clauses:
        if _FIGURE.search(text, clause.start, clause.end) is not None:
            figure_in = clause.sentence
        heavy.append(
            figure_in == clause.sentence
            or any(clause.start < end and start < clause.end for start, end in protected)
        )
    return heavy


def _keeps_figures_whole(clauses: list[_Clause], first: int, last: int, heavy: list[bool]) -> bool:
    """Whether clauses ``first``..``last`` keep, of each sentence they cut, every
    clause holding a figure or a source, when they hold one of them at all."""
    for sentence in {clauses[first].sentence, clauses[last].sentence}:
        members = [k for k, clause in enumerate(clauses) if clause.sentence == sentence]
        inside = [k for k in members if first <= k <= last]
        outside = [k for k in members if not first <= k <= last]
        if any(heavy[k] for k in inside) and any(heavy[k] for k in outside):
            return False
    return True


def clause_runs(*texts: str, keep: Sequence[str] = (), min_words: int = 5) -> list[str]:
    """Contiguous parts of ``text`` cut at clause boundaries, longest first.

    A clause ends at a colon or semicolon, at a spaced dash or an em dash, and at the
    end of its sentence; brackets and quotations are never cut. A part is one or more
    clauses in a row, cutting at least one sentence (whole sentences are what
    :func:`sentences` gives). It never cuts a figure from its qualifiers or source:
    where a part holds a clause with a number or one of ``keep``, it holds every such
    clause of the sentences it cuts; and it never cuts inside a ``keep`` text.

    Args:
        texts: A message's text or texts (its short versions and its full text).
        keep: Texts that must not be cut and go with the figures they support (the
            evidence's claims and sources).
        min_words: Parts of fewer words are left out: too short to carry a claim.

    Returns:
        The parts, each exactly as it stands in one of ``texts``, longest first, each
        once.
    """
    runs = [run for text in texts for run in _runs(text, keep, min_words)]
    return sorted(dict.fromkeys(runs), key=len, reverse=True)


def _runs(text: str, keep: Sequence[str], min_words: int) -> list[str]:
    """The parts :func:`clause_runs` allows in one text."""
    clauses = _clauses(text)
    protected = [
        (match.start(), match.end())
        for term in keep
        if term.strip()
        for match in re.finditer(re.escape(term.strip()), text, re.IGNORECASE)
    ]
    heavy = _heavy_clauses(text, clauses, protected)
    runs: list[str] = []
    for first, clause in enumerate(clauses):
        if not _may_start(clauses, first, text, min_words):
            continue
        for last in range(first, len(clauses)):
            start, end = clause.start, clauses[last].end
            ends_sentence = (
                last + 1 == len(clauses) or clauses[last + 1].sentence != clauses[last].sentence
            )
            if not clause.after and ends_sentence:
                continue  # whole sentences
            if len(text[start:end].split()) < min_words:
                continue
            if any(p_start < edge < p_end for p_start, p_end in protected for edge in (start, end)):
                continue
            if _keeps_figures_whole(clauses, first, last, heavy):
                runs.append(text[start:end])
    return runs
