"""count() on Bluesky, Mastodon, Threads, LinkedIn and Facebook, and the platform table."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocacy_kit.errors import UsageError
from advocacy_kit.text.count import count
from advocacy_kit.text.rules import PLATFORM_NAMES, PLATFORMS, get_platform

CONFORMANCE = Path(__file__).parent / "data" / "conformance"
TWITTER = CONFORMANCE / "twitter-text"


# --- Bluesky, Mastodon, Threads, LinkedIn, Facebook ----------------------------------


def test_bluesky_counts_graphemes_and_bytes() -> None:
    """300 grapheme clusters and 3000 UTF-8 bytes; links count in full."""
    family = "👨‍👩‍👧‍👦"  # one grapheme, 25 bytes
    check = count(family * 120, "bluesky")
    assert (check.length, check.fits, check.over) == (120, True, 0)
    check = count(family * 121, "bluesky")
    assert (check.length, check.fits, check.over) == (121, False, 25)
    assert check.notes == ("3025 bytes, at most 3000",)
    link = "https://example.org/" + "a" * 100
    assert count(link, "bluesky").length == len(link)
    assert count("a" * 301, "bluesky").over == 1


def test_mastodon_links_mentions_and_content_warning() -> None:
    """http(s) links count 23, @user@server counts as @user, the content warning counts."""
    link = "https://socialserviceworkforce.org/" + "a" * 80
    assert count(f"See {link}", "mastodon").length == 4 + 23
    assert count("Thanks @alliance@mastodon.social!", "mastodon").length == len("Thanks @alliance!")
    assert count("example.org", "mastodon").length == 11  # bare domains count in full
    assert count("hello", "mastodon", content_warning="CW: policy").length == 15
    check = count("a" * 600, "mastodon", limit=1000)
    assert (check.limit, check.fits) == (1000, True)
    assert count("🧑‍🧑‍🧒" * 500, "mastodon").fits


def test_threads_emoji_bytes_and_link_cap() -> None:
    """Emoji count their UTF-8 bytes; more than five links does not fit."""
    assert count("Hi 👋", "threads").length == 3 + 4
    assert count("🧑‍🧑‍🧒", "threads").length == len("🧑‍🧑‍🧒".encode())
    assert count("Café", "threads").length == 4
    five = " ".join(f"example{n}.org" for n in range(5))
    assert count(five, "threads").fits
    check = count(five + " example5.org", "threads")
    assert (check.fits, check.over, check.notes) == (False, 1, ("6 links, at most 5",))


def test_linkedin_and_facebook_count_utf16_units() -> None:
    """As their composers count: an emoji outside the BMP counts 2."""
    assert count("Hi 👋", "linkedin").length == 5
    assert count("a" * 3000, "linkedin").fits
    assert not count("a" * 3001, "linkedin").fits
    assert count("a" * 5000, "facebook").fits
    assert count("a" * 5001, "facebook").over == 1


# --- the table and its API -------------------------------------------------------------


def test_platform_table() -> None:
    """Every platform in display order, with its default limit."""
    assert PLATFORM_NAMES == ("x", "bluesky", "mastodon", "threads", "linkedin", "facebook", "sms")
    assert {name: p.limit for name, p in PLATFORMS.items()} == {
        "x": 280,
        "bluesky": 300,
        "mastodon": 500,
        "threads": 500,
        "linkedin": 3000,
        "facebook": 5000,
        "sms": 160,
    }
    assert get_platform("Twitter").name == "x"


def test_unknown_platform_suggests_one() -> None:
    """A misspelt platform gets a did-you-mean hint."""
    with pytest.raises(UsageError) as caught:
        get_platform("blusky")
    assert caught.value.hint is not None
    assert caught.value.hint.startswith("did you mean 'bluesky'?")


def test_bad_limit_is_a_usage_error() -> None:
    """A limit below 1 is refused."""
    with pytest.raises(UsageError):
        count("hello", "x", limit=0)


def test_length_check_json() -> None:
    """to_json gives platform, length, limit and fits; SMS adds encoding and segments."""
    assert count("hello", "x").to_json() == {
        "platform": "x",
        "length": 5,
        "limit": 280,
        "fits": True,
    }
    assert count("hello", "sms").to_json() == {
        "platform": "sms",
        "length": 5,
        "limit": 160,
        "fits": True,
        "encoding": "GSM-7",
        "segments": 1,
    }
