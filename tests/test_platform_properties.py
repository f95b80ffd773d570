"""Properties of the platform rules that must hold for any text (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocacy_kit.errors import ContentWanting
from advocacy_kit.text.count import count, count_all
from advocacy_kit.text.fit import fit_post
from advocacy_kit.text.rules import PLATFORM_NAMES
from advocacy_kit.text.thread import split_thread
from advocacy_kit.text.x import x_parse

# Any code point at all, lone surrogates included (they reach us from argv and stdin
# decoded with surrogateescape).
ANY_TEXT = st.text(
    st.characters() | st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=400
)

# Text shaped like posts: words, links, hashtags, emoji, accents and CJK.
WORDS = st.sampled_from(
    [
        "social",
        "workers",
        "protect",
        "children.",
        "Families!",
        "Ça",
        "économie",
        "社会工作者",
        "👩🏽‍⚕️",
        "🧑‍🧑‍🧒",
        "🇰🇪",
        "#SSWWeek",
        "@SSWAlliance",
        "@user@mastodon.social",
        "https://socialserviceworkforce.org/about",
        "example.org",
        "€5",
        "{care}",
    ]
)
POSTS = st.lists(WORDS, min_size=1, max_size=120).map(" ".join)


@given(text=ANY_TEXT, platform=st.sampled_from(PLATFORM_NAMES))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_count_never_raises(text: str, platform: str) -> None:
    """Counting any string on any platform gives a consistent result."""
    check = count(text, platform)
    assert check.length >= 0
    assert check.fits == (check.over == 0)
    assert check.over >= 0


@given(text=ANY_TEXT)
@settings(max_examples=200)
def test_x_parse_never_raises_and_agrees_with_count(text: str) -> None:
    """The full X parse and the fast counter always agree."""
    parsed = x_parse(text)
    assert parsed.weighted_length == count(text, "x").length
    assert parsed.valid_range_end <= parsed.display_range_end


# Any text, with the characters X refuses (U+FFFE, U+FEFF, U+FFFF) mixed in often.
WITH_REFUSED = st.lists(
    st.sampled_from(["\ufffe", "\ufeff", "\uffff", "a", "é", "社"]) | st.characters(), max_size=300
).map("".join)


@given(text=ANY_TEXT | WITH_REFUSED)
@settings(max_examples=300)
def test_x_count_never_fits_what_x_refuses(text: str) -> None:
    """``fits`` on X is false whenever ``x_parse`` calls the post invalid (issue 18).

    The empty text is left out: X posts nothing empty, but no platform's count calls
    an empty text over its limit.
    """
    check = count(text, "x")
    if text and not x_parse(text).valid:
        assert not check.fits
    assert check.fits == (x_parse(text).valid or not text)


@given(
    candidates=st.lists(POSTS, min_size=1, max_size=4),
    extras=st.lists(st.sampled_from(["#SSWWeek", "@SSWAlliance", "sswalliance.org/week"])),
    platform=st.sampled_from(PLATFORM_NAMES),
)
@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
def test_fitted_posts_fit(candidates: list[str], extras: list[str], platform: str) -> None:
    """A post fit_post says fits does fit, by the project's own counter."""
    fit = fit_post(candidates=candidates, extras=extras, platform=platform)
    check = count(fit.text, platform)
    assert check == fit.check
    assert fit.fits == check.fits
    if not fit.fits:
        assert check.over > 0


@given(text=POSTS, platform=st.sampled_from(["x", "bluesky", "mastodon", "threads", "sms"]))
@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
def test_thread_parts_fit_and_rejoin(text: str, platform: str) -> None:
    """Every part fits, and the parts without numbering give the original words."""
    try:
        parts = split_thread(text, platform=platform)
    except ContentWanting:  # pragma: no cover - no generated word is that long
        pytest.fail("a generated word was longer than a post")
    assert all(count(part, platform).fits for part in parts)
    if len(parts) > 1:
        numbers = [part.rsplit(" ", 1)[1] for part in parts]
        assert numbers == [f"{i}/{len(parts)}" for i in range(1, len(parts) + 1)]
        parts = [part.rsplit(" ", 1)[0] for part in parts]
    assert " ".join(parts).split() == text.split()


# Posts where links sit against emoji, marks and joiners: the shortcuts that share what
# one platform found with another (issue 17) must give what each rule gives alone.
LINKED = st.lists(
    st.sampled_from(
        [
            "https://socialserviceworkforce.org/a",
            "example.org",
            "http://t.co/abc",
            "@user@mastodon.social",
            "@SSWAlliance",
            "❤\ufe0f",
            "\u0301",
            "\u200d",
            "\u20e3",
            "👍🏽",
            "🇰🇪",
            "e",
            " ",
            "中",
            "A\u030a",  # not NFC
            "\ufffe",
        ]
    ),
    max_size=40,
).map("".join)


@given(text=LINKED)
@settings(max_examples=400)
def test_shared_counting_agrees_with_each_rule(text: str) -> None:
    """X's count with shared links and emoji equals the full parse; Mastodon's from the
    shared cluster count equals counting the rewritten text; count_all equals count."""
    assert count(text, "x").length == x_parse(text).weighted_length
    # A content warning of one line feed takes Mastodon's slow path and adds 1.
    slow = count(text, "mastodon", content_warning="\n").length - 1
    assert count(text, "mastodon").length == slow
    assert count_all(text) == [count(text, name) for name in PLATFORM_NAMES]
