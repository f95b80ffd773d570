"""Sentences and fitting posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocacy_kit.text.fit import fit_post
from advocacy_kit.text.sentences import sentences

CONFORMANCE = Path(__file__).parent / "data" / "conformance"
TWITTER = CONFORMANCE / "twitter-text"


# --- sentences and fitting ---------------------------------------------------------------


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
