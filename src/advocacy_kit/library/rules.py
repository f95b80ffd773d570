"""The rules ``advocacy-kit check`` applies to each message: their names, the reading
grade ceilings, and the tests for figures without a source and short versions too long."""

from __future__ import annotations

import re

from advocacy_kit.model import Message

#: Every rule ``check`` applies, with what it looks for.
RULES: dict[str, str] = {
    "yaml": "the file is not readable UTF-8 YAML",
    "schema": "a field is unknown, missing or of the wrong kind",
    "duplicate-id": "the same message id (or variant name) is defined twice",
    "unknown-id": "a variant changes a message its parent does not have",
    "unknown-parent": "a variant's parent does not exist",
    "parent-cycle": "variants are each other's parents",
    "short-too-long": "a short version is over a platform's limit",
    "short-changes-claim": "a short version drops or changes a figure, or its source",
    "figure-without-source": "a figure or percentage has no evidence with a source",
    "stale": "the parent's text changed since the variant's change was reviewed",
    "untranslated": "a message of a variant with its own language is still in another",
    "readability": "a message is harder to read than its audience's ceiling",
    "campaign": "a campaign day has no topic, or links to no key message",
}

#: Flesch-Kincaid grade ceilings per audience (``definition`` for the definition). The
#: Alliance's own key messages, written for policy readers, score grades 13 to 23; a
#: ceiling is there to catch an amplification that makes a message much harder still
#: (one sentence of 60 words), not to rewrite the Alliance's wording.
READABILITY_CEILINGS: dict[str, float] = {
    "donors": 24.0,
    "media": 22.0,
    "workforce": 22.0,
    "definition": 25.0,
}

#: SMS is not checked for ``short`` versions: a long text message is sent in parts.
_UNCHECKED_PLATFORMS = ("sms",)

_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


#: An apostrophe that does not join an English contraction (``'t``, ``'s``, ``'ve`` ...).
_LOOSE_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s']")
#: A sentence: from a word boundary to its run of closing marks.
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


def _words(text: str) -> list[str]:
    """The words of ``text``: punctuation dropped, contractions kept whole."""
    return _PUNCTUATION.sub("", _LOOSE_APOSTROPHE.sub("", text)).split()


def _sentence_count(text: str) -> int:
    """Sentences of more than two words (a heading or "Yes." does not count), at least 1."""
    sentences = _SENTENCE.findall(text)
    short = sum(1 for sentence in sentences if len(_words(sentence)) <= 2)
    return max(1, len(sentences) - short)


def reading_grade(text: str, *, lang: str = "en_US") -> float:
    """The Flesch-Kincaid grade of an English ``text``, computed offline.

    Words and sentences are counted by the rules textstat uses and syllables with
    Pyphen's hyphenation dictionary (textstat's offline method), so grades match
    textstat's; textstat itself is not imported: it loads NLTK (about 240 ms) for a
    dictionary lookup this does not use, and from 0.7.4 downloads that dictionary at
    run time (issue 17).
    """
    words = [word.lower() for word in _words(text)]
    if not words:
        return 0.0
    from advocacy_kit.library.hyphenation import hyphenator as hyphenator_for

    hyphenator = hyphenator_for(lang)
    syllables = sum(len(hyphenator.positions(word)) + 1 for word in words)
    per_sentence = len(words) / _sentence_count(text)
    return 0.39 * per_sentence + 11.8 * syllables / len(words) - 15.59


# ---------------------------------------------------------------------------- rules


def figures(text: str) -> list[str]:
    """The figures written in digits in ``text`` (``65%`` gives ``65``)."""
    return _FIGURE.findall(text)


def unsourced_figures(message: Message) -> list[str]:
    """The figures of a message's text, short versions and ask no evidence claim gives."""
    sourced = {f for e in message.evidence for f in figures(e.claim)}
    found: list[str] = []
    for text in (message.text, *message.short, message.ask or ""):
        for figure in figures(text):
            if figure not in sourced and figure not in found:
                found.append(figure)
    return found


def short_over(message: Message) -> list[tuple[int, str]]:
    """(number of the short version, what is over) for each short version too long."""
    from advocacy_kit.text.count import count
    from advocacy_kit.text.rules import PLATFORM_NAMES

    over: list[tuple[int, str]] = []
    for number, short in enumerate(message.short, start=1):
        failed = []
        for name in PLATFORM_NAMES:
            if name in _UNCHECKED_PLATFORMS:
                continue
            check = count(short, name)
            if not check.fits:
                failed.append(f"{name} ({check.length} of {check.limit}, {check.over} over)")
        if failed:
            over.append((number, ", ".join(failed)))
    return over
