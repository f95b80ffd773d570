"""SMS segments: the calculator vectors from ``tests/data/conformance/sms/``, then our rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy_kit.text.count import count

CONFORMANCE = Path(__file__).parent / "data" / "conformance"
TWITTER = CONFORMANCE / "twitter-text"


# --- SMS conformance -------------------------------------------------------------------


def _sms_cases() -> list[Any]:
    data = yaml.safe_load((CONFORMANCE / "sms" / "segments.yml").read_text(encoding="utf-8"))
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


def _segments_by_hand(text: str) -> int:
    """SMS parts the plain way: unit by unit, a two-unit character never split."""
    check = count(text, "sms")
    extension = set("\f^{}\\[~]|€")
    if check.encoding == "UCS-2":
        costs = [2 if ord(c) > 0xFFFF else 1 for c in text]
        single, per_part = 70, 67
    else:
        costs = [2 if c in extension else 1 for c in text]
        single, per_part = 160, 153
    if sum(costs) <= single:
        return 1
    segments, used = 1, 0
    for cost in costs:
        if used + cost > per_part:
            segments, used = segments + 1, 0
        used += cost
    return segments


@given(
    text=st.lists(st.sampled_from(["a", " ", "{", "€", "^", "é", "中", "😀"]), max_size=700).map(
        "".join
    )
)
@settings(max_examples=300)
def test_sms_segments_agree_with_counting_unit_by_unit(text: str) -> None:
    """Parts counted run by run (issue 17) are those counted unit by unit."""
    assert count(text, "sms").segments == _segments_by_hand(text)
