"""Exact length on every platform: the published conformance suites, then our own rules.

The twitter-text and SMS suites are read from ``tests/data/conformance/`` at run time and
every case becomes a test; they are never restated by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from advocacy_kit.errors import ContentWanting, UsageError
from advocacy_kit.text import platforms
from advocacy_kit.text.platforms import (
    PLATFORM_NAMES,
    PLATFORMS,
    count,
    extract_urls,
    fit_post,
    get_platform,
    sentences,
    split_thread,
    x_parse,
)

CONFORMANCE = Path(__file__).parent / "data" / "conformance"
TWITTER = CONFORMANCE / "twitter-text"


def _load(path: Path) -> Any:
    """Read a conformance YAML file."""
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _cases(path: Path, *groups: str) -> list[Any]:
    """Every case of ``groups`` in a twitter-text conformance file, as pytest params."""
    tests = _load(path)["tests"]
    return [
        pytest.param(case, id=f"{group}: {case['description']}")
        for group in groups
        for case in tests[group]
    ]


def _utf16_index(text: str, index: int) -> int:
    """The Python string index of UTF-16 index ``index`` in ``text``."""
    units = 0
    for position, char in enumerate(text):
        if units >= index:
            return position
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


# --- X: twitter-text conformance -----------------------------------------------------


@pytest.mark.parametrize(
    "case",
    _cases(
        TWITTER / "validate.yml",
        "WeightedTweetsWithDiscountedEmojiCounterTest",
        "UnicodeDirectionalMarkerCounterTest",
    ),
)
def test_x_parse_matches_twitter_text(case: dict[str, Any]) -> None:
    """Every field of parseTweet, for every v3 and directional-marker case."""
    expected = case["expected"]
    result = x_parse(case["text"])
    assert {
        "weightedLength": result.weighted_length,
        "valid": result.valid,
        "permillage": result.permillage,
        "displayRangeStart": result.display_range_start,
        "displayRangeEnd": result.display_range_end,
        "validRangeStart": result.valid_range_start,
        "validRangeEnd": result.valid_range_end,
    } == expected


@pytest.mark.parametrize(
    "case",
    _cases(
        TWITTER / "validate.yml",
        "WeightedTweetsWithDiscountedEmojiCounterTest",
        "UnicodeDirectionalMarkerCounterTest",
    ),
)
def test_count_x_agrees_with_x_parse(case: dict[str, Any]) -> None:
    """The fast counter behind count() gives the same length as the full parse."""
    check = count(case["text"], "x")
    assert check.length == case["expected"]["weightedLength"]
    assert check.fits == (check.length <= 280)


@pytest.mark.parametrize("case", _cases(TWITTER / "extract.yml", "urls", "tco_urls_with_params"))
def test_extract_urls_matches_twitter_text(case: dict[str, Any]) -> None:
    """Which spans are links, bare domains included."""
    assert [url for url, _start, _end in extract_urls(case["text"])] == case["expected"]


@pytest.mark.parametrize(
    "case",
    _cases(TWITTER / "extract.yml", "urls_with_indices", "urls_with_directional_markers"),
)
def test_extract_urls_with_indices_match_twitter_text(case: dict[str, Any]) -> None:
    """Where each link is; the suite's indices are UTF-16, ours are string indices."""
    text = case["text"]
    expected = [
        (
            item["url"],
            _utf16_index(text, item["indices"][0]),
            _utf16_index(text, item["indices"][1]),
        )
        for item in case["expected"]
    ]
    found = extract_urls(text)
    assert found == expected
    assert all(text[start:end] == url for url, start, end in found)


@pytest.mark.parametrize("case", _cases(TWITTER / "tlds.yml", "country", "generic"))
def test_every_tld_is_recognised(case: dict[str, Any]) -> None:
    """Every top-level domain of the shipped list makes a link."""
    assert [url for url, _s, _e in extract_urls(case["text"])] == case["expected"]


def test_shipped_tld_list_matches_conformance_file() -> None:
    """data/tlds.txt holds exactly the TLDs of tlds.yml, in order."""
    tests = _load(TWITTER / "tlds.yml")["tests"]
    expected = {
        kind: tuple(case["text"].removeprefix("https://twitter.") for case in tests[kind])
        for kind in ("country", "generic")
    }
    assert platforms._load_tlds() == expected


def test_x_weights_follow_config_v3() -> None:
    """The weight ranges in config-v3.json are the ones we apply."""
    config = json.loads((TWITTER / "config-v3.json").read_text(encoding="utf-8"))
    assert config["maxWeightedTweetLength"] == PLATFORMS["x"].limit
    assert config["transformedURLLength"] == PLATFORMS["x"].link_length
    for weight_range in config["ranges"]:
        for code in (weight_range["start"], weight_range["end"]):
            assert count(chr(code), "x").length == weight_range["weight"] // config["scale"]
        assert count(chr(weight_range["end"] + 1), "x").length == 2


# --- X: beyond the reference library -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "🫶",  # heart hands, Emoji 14
        "🩷",  # pink heart, 15.0
        "🫨",  # shaking face, 15.0
        "🧑‍🦰",  # person: red hair (ZWJ)
        "🏳️‍⚧️",  # transgender flag (ZWJ + variation selectors)
        "🧑‍🧑‍🧒",  # family: adult, adult, child, 15.1
        "🐦‍🔥",  # phoenix, 15.1
        "🙂‍↔️",  # head shaking horizontally, 15.1
        "🧑🏽‍🦰",  # skin tone and hair
        "🇰🇪",  # flag: Kenya
        "🏴󠁧󠁢󠁳󠁣󠁴󠁿",  # flag: Scotland (tag sequence)
        "#️⃣",  # keycap
        "©️",  # copyright sign shown as emoji
    ],
)
def test_current_emoji_count_two_on_x(text: str) -> None:
    """Current emoji (Unicode 15.1 and later) count 2 each, where the reference counts 4-8."""
    assert count(text, "x").length == 2
    assert count(f"I {text} social workers", "x").length == len("I  social workers") + 2


def test_bare_copyright_sign_is_text_on_x() -> None:
    """© without a variation selector shows as text and weighs 1 like other Latin-1."""
    assert count("© 2024", "x").length == 6


def test_x_counts_links_23_and_normalises() -> None:
    """A long link counts 23; a decomposed accent counts once after NFC."""
    link = "https://www.socialserviceworkforce.org/resources/key-messages-advocacy"
    assert count(f"Read {link}", "x").length == 5 + 23
    assert count("Cafe\u0301", "x").length == 4


def test_x_limit_override() -> None:
    """A limit other than 280 (a paid account's) is honoured."""
    check = count("x" * 300, "x", limit=4000)
    assert (check.length, check.limit, check.fits, check.over) == (300, 4000, True, 0)


# --- SMS conformance -------------------------------------------------------------------


def _sms_cases() -> list[Any]:
    data = _load(CONFORMANCE / "sms" / "segments.yml")
    return [pytest.param(case, id=case["description"]) for case in data["cases"]]


@pytest.mark.parametrize("case", _sms_cases())
def test_sms_segments_match_calculator(case: dict[str, Any]) -> None:
    """Encoding and number of segments of every SMS calculator vector."""
    check = count(case["text"], "sms", limit=10)
    assert (check.encoding, check.segments) == (case["encoding"], case["segments"])
    assert len(case["text"].encode("utf-16-le")) // 2 == case["text_utf16_units"]


# --- SMS rules --------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["^", "{", "}", "\\", "[", "~", "]", "|", "€", "\f"])
def test_sms_extension_characters_cost_two(char: str) -> None:
    """GSM-7 extension characters take two septets and never split across parts."""
    check = count(char + "a" * 158, "sms")
    assert (check.encoding, check.length, check.segments, check.fits) == ("GSM-7", 160, 1, True)
    check = count(char + "a" * 159, "sms")
    assert (check.length, check.segments, check.fits) == (161, 2, False)
    # 152 septets, then an escape pair that would straddle the first part's end.
    straddling = count("a" * 152 + char + "a" * 10, "sms", limit=2)
    assert straddling.segments == 2
    assert count("a" * 152 + char + "a" * 152, "sms", limit=3).segments == 3


def test_sms_ucs2_reports_what_forced_it() -> None:
    """One character outside GSM-7 makes the whole message UCS-2, and is named."""
    check = count("Thank you, social workers ❤️ — à bientôt", "sms")
    assert check.encoding == "UCS-2"
    assert check.forced_ucs2 == ("❤", "\ufe0f", "—", "ô")
    assert check.limit == 70
    assert check.to_json() == {
        "platform": "sms",
        "length": check.length,
        "limit": 70,
        "fits": True,
        "encoding": "UCS-2",
        "segments": 1,
    }


def test_sms_surrogate_pairs_never_split() -> None:
    """A surrogate pair that would straddle a UCS-2 part boundary starts the next part."""
    assert count("é" * 66 + "😀" + "é" * 10, "sms", limit=5).segments == 2
    # 134 units either way: two full parts, unless the pair would straddle the boundary.
    assert count("ж" * 67 + "😀" + "ж" * 65, "sms", limit=5).segments == 2
    assert count("ж" * 66 + "😀" + "ж" * 66, "sms", limit=5).segments == 3


def test_sms_limit_is_parts() -> None:
    """For SMS the limit is the number of parts allowed."""
    check = count("a" * 200, "sms", limit=2)
    assert (check.length, check.limit, check.segments, check.fits) == (200, 306, 2, True)
    check = count("a" * 200, "sms")
    assert (check.limit, check.fits, check.over) == (160, False, 40)


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


# --- sentences, fitting and threads ----------------------------------------------------


def test_sentences() -> None:
    """Split at sentence ends, not after abbreviations, initials or inside links."""
    text = (
        "The workforce matters. It includes e.g. social workers and Dr. Banda's team! "
        "See socialserviceworkforce.org. Is it funded? Not yet…\n\nNew paragraph"
    )
    assert sentences(text) == [
        "The workforce matters.",
        "It includes e.g. social workers and Dr. Banda's team!",
        "See socialserviceworkforce.org.",
        "Is it funded?",
        "Not yet…",
        "New paragraph",
    ]
    assert sentences("") == []
    assert sentences("社会工作很重要。我们支持。") == ["社会工作很重要。", "我们支持。"]


def test_fit_post_prefers_first_candidate_with_all_extras() -> None:
    """The first candidate that fits with every extra wins."""
    fit = fit_post(candidates=["Short.", "Longer text."], extras=["#SSWWeek", "@SSWAlliance"])
    assert (fit.text, fit.candidate_index, fit.dropped_extras, fit.fits) == (
        "Short. #SSWWeek @SSWAlliance",
        0,
        (),
        True,
    )


def test_fit_post_does_not_repeat_an_extra() -> None:
    """An extra the text already holds (any case) is not added again."""
    fit = fit_post(candidates=["Join #sswweek now."], extras=["#SSWWeek", "@SSWAlliance"])
    assert fit.text == "Join #sswweek now. @SSWAlliance"


def test_fit_post_tries_shorter_candidates_then_drops_extras() -> None:
    """Shorter candidates are tried with every extra before any extra is dropped."""
    long = "a" * 250
    shorter = "b" * 240
    link = "https://socialserviceworkforce.org/sswweek"
    fit = fit_post(candidates=[long, shorter], extras=["#SSWWeek", link])
    # 240 + 1 + 8 + 1 + 23 = 273 fits with both extras.
    assert (fit.candidate_index, fit.dropped_extras, fit.check.length) == (1, (), 273)
    fit = fit_post(candidates=["c" * 270], extras=["#SSWWeek", link])
    assert (fit.text, fit.dropped_extras) == ("c" * 270 + " #SSWWeek", (link,))


def test_fit_post_reports_how_far_over() -> None:
    """When nothing fits, the shortest attempt comes back with how far over it is."""
    fit = fit_post(candidates=["a" * 300, "b" * 290], extras=["#SSWWeek"])
    assert (fit.fits, fit.text, fit.check.over, fit.dropped_extras) == (
        False,
        "b" * 290,
        10,
        ("#SSWWeek",),
    )
    with pytest.raises(ValueError):
        fit_post(candidates=[])


def test_split_thread_numbers_parts_that_fit() -> None:
    """Sentences stay whole, parts are numbered and every part fits with its number."""
    sentence = "Social service workers protect children and families every day. "
    text = sentence * 10
    parts = split_thread(text, platform="x")
    assert len(parts) == 3
    assert [part.rsplit(" ", 1)[1] for part in parts] == ["1/3", "2/3", "3/3"]
    assert all(count(part, "x").fits for part in parts)
    assert all(part.rsplit(" ", 1)[0].endswith(".") for part in parts)
    assert " ".join(part.rsplit(" ", 1)[0] for part in parts).split() == text.split()


def test_split_thread_splits_long_sentences_between_words() -> None:
    """A sentence longer than a post is split between words, never inside one."""
    text = " ".join(["workforce"] * 100)
    parts = split_thread(text, platform="bluesky")
    assert all(count(part, "bluesky").fits for part in parts)
    assert " ".join(part.rsplit(" ", 1)[0] for part in parts).split() == text.split()


def test_split_thread_short_text_and_extras() -> None:
    """A text that fits is one unnumbered post; extras close the thread."""
    assert split_thread("Hello.", extras=["#SSWWeek"]) == ["Hello. #SSWWeek"]
    assert split_thread("   ") == []


def test_split_thread_refuses_a_word_longer_than_a_post() -> None:
    """A single word longer than the limit cannot be posted: ContentWanting, exit 1."""
    with pytest.raises(ContentWanting) as caught:
        split_thread("Look: " + "a" * 400, platform="bluesky")
    assert caught.value.hint is not None
    assert caught.value.exit_code == 1
