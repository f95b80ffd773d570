"""X's weighted length and link finding: twitter-text's conformance suite, then beyond it.

The suites are read from ``tests/data/conformance/`` at run time and every case becomes
a test; they are never restated by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from advocacy_kit.text import links
from advocacy_kit.text.count import count
from advocacy_kit.text.links import extract_urls
from advocacy_kit.text.rules import PLATFORMS
from advocacy_kit.text.x import x_parse

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

#: The v3 weighted-length and directional-marker cases of validate.yml.
WEIGHTED_CASES = _cases(
    TWITTER / "validate.yml",
    "WeightedTweetsWithDiscountedEmojiCounterTest",
    "UnicodeDirectionalMarkerCounterTest",
)


@pytest.mark.parametrize("case", WEIGHTED_CASES)
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


@pytest.mark.parametrize("case", WEIGHTED_CASES)
def test_count_x_agrees_with_x_parse(case: dict[str, Any]) -> None:
    """count() gives the full parse's length, and fits exactly when X calls it valid:
    "Handle invalid characters" (U+FFFF, U+FFFE) never fits, whatever its length."""
    check = count(case["text"], "x")
    assert check.length == case["expected"]["weightedLength"]
    assert check.fits == case["expected"]["valid"]


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
    assert links._load_tlds() == expected


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
