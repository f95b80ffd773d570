"""Sentences, fitting posts and splitting threads."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocacy_kit.errors import ContentWanting
from advocacy_kit.text.count import count
from advocacy_kit.text.fit import fit_post
from advocacy_kit.text.sentences import sentences
from advocacy_kit.text.thread import split_thread

CONFORMANCE = Path(__file__).parent / "data" / "conformance"
TWITTER = CONFORMANCE / "twitter-text"


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
