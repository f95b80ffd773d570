"""SMS length: GSM-7 or UCS-2 encoding, units and segments."""

from __future__ import annotations

import functools
import re

from msgspec import Struct

_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")


@functools.cache
def _patterns() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    """What is not GSM-7, and where a character takes two units in each encoding: each
    found by one regular expression rather than character by character (issue 17),
    compiled on first need."""
    runs = re.compile(
        "[" + "".join(re.escape(c) for c in sorted(_GSM7_BASIC | _GSM7_EXTENSION)) + "]+"
    )
    two_units = {
        "GSM-7": re.compile("[" + "".join(re.escape(c) for c in sorted(_GSM7_EXTENSION)) + "]"),
        "UCS-2": re.compile("[\U00010000-\U0010ffff]"),  # a surrogate pair in UTF-16
    }
    return runs, two_units


_SMS_RULES = {
    # encoding: (units in one message, units per part of a longer one)
    "GSM-7": (160, 153),
    "UCS-2": (70, 67),
}


class SmsMeasure(Struct, frozen=True):
    """An SMS measured: encoding, length in its units, parts, what forced UCS-2."""

    encoding: str
    units: int
    segments: int
    forced_ucs2: tuple[str, ...]


def sms_measure(text: str) -> SmsMeasure:
    """Encoding, length in its units and number of parts of an SMS, text as given."""
    gsm7_runs, two_units = _patterns()
    forced = tuple(dict.fromkeys(gsm7_runs.sub("", text)))
    encoding = "UCS-2" if forced else "GSM-7"
    doubled_at = [match.start() for match in two_units[encoding].finditer(text)]
    units = len(text) + len(doubled_at)
    single, per_part = _SMS_RULES[encoding]
    if units <= single:
        return SmsMeasure(encoding, units, 1, forced)
    return SmsMeasure(encoding, units, _segments(len(text), doubled_at, per_part), forced)


def _segments(length: int, doubled_at: list[int], per_part: int) -> int:
    """Parts of ``per_part`` units each for ``length`` characters, two units each at
    ``doubled_at``, filled greedily: a two-unit character (an escape or a surrogate
    pair) that would straddle a boundary starts the next part."""
    if not doubled_at:
        return -(-length // per_part)
    segments, position, k = 0, 0, 0
    while position < length:
        budget = per_part
        while True:  # from one two-unit character to the next
            following = doubled_at[k] if k < len(doubled_at) else length
            if following - position >= budget:  # the part fills up before it
                position += budget
                break
            budget -= following - position
            position = following
            if k == len(doubled_at) or budget < 2:  # the end, or it would straddle
                break
            budget, position, k = budget - 2, position + 1, k + 1
        segments += 1
    return segments


def sms_capacity(encoding: str, parts: int) -> int:
    """Units that ``parts`` SMS parts hold in ``encoding`` (ignoring straddling)."""
    single, per_part = _SMS_RULES[encoding]
    return single if parts <= 1 else per_part * parts
