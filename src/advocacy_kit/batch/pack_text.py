"""The words of a campaign pack: one-line text, sentences, bylines and the e-mail subject."""

from __future__ import annotations

import re

from advocacy_kit.model import Campaign

#: An e-mail subject longer than this is cut by many mail programs (RFC 5322's advice
#: for a line), so the day's subject is kept within it.
SUBJECT_LIMIT = 78

#: Words a cut subject should not end on ("... for Children and…").
_WEAK_ENDINGS = frozenset(
    ("a", "an", "and", "or", "of", "in", "on", "for", "to", "the", "with", "by", "at", "from")
)


def one_line(text: str) -> str:
    """``text`` on one line, runs of white space as one space (no-break spaces kept:
    French typography)."""
    return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()


def sentence(text: str) -> str:
    """``text`` as a sentence: one line, ending in a full stop unless it has an end."""
    text = one_line(text)
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def short_by(by: str) -> str:
    """The first part of a byline (the person or organisation, before the first comma)."""
    return by.split(",")[0].strip()


def email_subject(
    *,
    campaign: Campaign,
    year: int,
    day: int,
    topic: str,
    pattern: str = "{short} {year}, day {n}: ",
) -> str:
    """The day's e-mail subject, within :data:`SUBJECT_LIMIT` characters, in one pattern
    for every day (issue 12): ``<hashtag> <year>, day <n>: <topic>`` (the campaign's
    name when it has no hashtag), the topic cut at a word boundary with an ellipsis
    when the whole does not fit.
    """
    topic = one_line(topic)
    short = (campaign.hashtag or "").lstrip("#") or campaign.name
    subject = pattern.format(short=short, year=year, n=day) + topic
    if len(subject) <= SUBJECT_LIMIT:
        return subject
    words = subject.split(" ")
    while len(words) > len(pattern.split(" ")) and (
        len(" ".join(words)) + 1 > SUBJECT_LIMIT or words[-1].lower() in _WEAK_ENDINGS
    ):
        words.pop()
    subject = " ".join(words).rstrip(",;:-") + "…"
    return subject[:SUBJECT_LIMIT]
