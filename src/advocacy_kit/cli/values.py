"""Checks of typed option values (dates, numbers, hashtags, links), shared by commands."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TypeVar

from advocacy_kit.errors import UsageError


def parse_date(value: str | None) -> dt.date | None:
    """A ``--date`` value as a date (None stays None).

    Raises:
        UsageError: the value is not a YYYY-MM-DD date.
    """
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"'{value}' is not a date", hint="write the date as YYYY-MM-DD, e.g. 2026-10-19"
        ) from None


#: A web address as posts carry it: http(s), a host with a dot, no spaces (the rule
#: campaign files' links follow).
_LINK = re.compile(r"^https?://[^\s/.]+(\.[^\s/.]+)+(/\S*)?$", re.IGNORECASE)


def parse_hashtags(values: Sequence[str] | None) -> list[str]:
    """``--hashtag`` values checked as ``profile set hashtags`` checks them: split on
    spaces and commas, each given its ``#``, each once.

    Raises:
        UsageError: a word that cannot be a hashtag.
    """
    from advocacy_kit.profile.fields import get_key, parse_value

    key = get_key("hashtags")
    tags = [tag for value in values or () for tag in parse_value(key, value)]
    return list(dict.fromkeys(tags))


def parse_link(value: str | None) -> str | None:
    """A ``--link`` value checked as a web address (None stays None).

    Raises:
        UsageError: the value is not an http(s) address.
    """
    if value is None:
        return None
    link = value.strip()
    if not _LINK.match(link):
        raise UsageError(
            f"--link '{value}' is not a web address",
            hint="write the full address, starting with https://, "
            "e.g. https://socialserviceworkforce.org",
        )
    return link


#: A number option's value: a whole number, or (optional options) None when left out.
Number = TypeVar("Number", int, int | None)


def at_least(value: Number, minimum: int, flag: str) -> Number:
    """A number option checked against its smallest sensible value (None stays None).

    Raises:
        UsageError: the value is smaller, naming the flag.
    """
    if value is not None and value < minimum:
        raise UsageError(
            f"{flag} must be {minimum} or more, not {value}",
            hint=f"give {flag} a whole number from {minimum} up",
        )
    return value
