"""SMS length: GSM-7 or UCS-2 encoding, units and segments."""

from __future__ import annotations

from dataclasses import dataclass

_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
_SMS_RULES = {
    # encoding: (units in one message, units per part of a longer one)
    "GSM-7": (160, 153),
    "UCS-2": (70, 67),
}


@dataclass(frozen=True)
class SmsMeasure:
    """An SMS measured: encoding, length in its units, parts, what forced UCS-2."""

    encoding: str
    units: int
    segments: int
    forced_ucs2: tuple[str, ...]


def sms_measure(text: str) -> SmsMeasure:
    """Encoding, length in its units and number of parts of an SMS, text as given."""
    forced = tuple(
        dict.fromkeys(c for c in text if c not in _GSM7_BASIC and c not in _GSM7_EXTENSION)
    )
    if forced:
        encoding = "UCS-2"
        costs = [2 if ord(c) > 0xFFFF else 1 for c in text]
    else:
        encoding = "GSM-7"
        costs = [2 if c in _GSM7_EXTENSION else 1 for c in text]
    units = sum(costs)
    single, per_part = _SMS_RULES[encoding]
    if units <= single:
        return SmsMeasure(encoding, units, 1, forced)
    # A part never splits an escape pair or a surrogate pair: a two-unit character that
    # would straddle the boundary starts the next part.
    segments, used = 1, 0
    for cost in costs:
        if used + cost > per_part:
            segments += 1
            used = 0
        used += cost
    return SmsMeasure(encoding, units, segments, forced)


def sms_capacity(encoding: str, parts: int) -> int:
    """Units that ``parts`` SMS parts hold in ``encoding`` (ignoring straddling)."""
    single, per_part = _SMS_RULES[encoding]
    return single if parts <= 1 else per_part * parts
