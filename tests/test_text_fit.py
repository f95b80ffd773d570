"""Sentences, clauses and fitting posts (SMS fitting of the built-in messages too)."""

from __future__ import annotations

import pytest

from advocacy_kit.compose.posts import compose_posts, post_candidates, post_extras
from advocacy_kit.library.loader import load_library
from advocacy_kit.text.count import count
from advocacy_kit.text.fit import fit_post
from advocacy_kit.text.sentences import clause_runs, sentences

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


# --- clauses, and SMS fitted to one segment (issue 18) --------------------------------

SDG = (
    "Workers are critical: they support more than 65% of the SDG targets – European "
    "Social Network. Invest in the workforce; fund its strategies and track progress."
)


def test_clause_runs_never_cut_a_figure_from_its_source() -> None:
    """Every part is as the text has it; one holding 65% holds its source too."""
    runs = clause_runs(SDG, keep=["European Social Network"])
    assert runs == [
        "they support more than 65% of the SDG targets – European Social Network. Invest "
        "in the workforce; fund its strategies and track progress.",
        "Workers are critical: they support more than 65% of the SDG targets – European "
        "Social Network. Invest in the workforce",
        "they support more than 65% of the SDG targets – European Social Network. Invest "
        "in the workforce",
        "they support more than 65% of the SDG targets – European Social Network.",
        "fund its strategies and track progress.",
    ]
    assert all(run in SDG for run in runs)
    # Without the source kept with it, the figure's clause may not stand alone either.
    assert "they support more than 65% of the SDG targets" not in clause_runs(SDG)


def test_clause_runs_keep_claims_and_brackets_whole() -> None:
    """A ``keep`` text and a bracket are never cut; hyphens and ranges are no boundary."""
    text = (
        "Government-led work grew (see the report: pages four to nine) a great deal; "
        "the workforce needs funding: it reaches every community we serve."
    )
    runs = clause_runs(text, keep=["the workforce needs funding: it reaches"])
    assert runs == [
        "Government-led work grew (see the report: pages four to nine) a great deal",
        "the workforce needs funding: it reaches every community we serve.",
    ]
    ranges = "Workers in the region grew in number - from 2016-2019 they doubled everywhere."
    assert clause_runs(ranges) == ["Workers in the region grew in number"]


def test_a_colon_after_a_whole_clause_starts_no_part() -> None:
    """What a colon introduces after a whole clause (a list) is no post on its own;
    after a short label it is."""
    listed = "Trained workers tackle complex issues: poverty, shocks and family separation."
    assert clause_runs(listed) == ["Trained workers tackle complex issues"]
    labelled = "Social service workers: commit to self-care and continuous learning."
    assert clause_runs(labelled) == ["commit to self-care and continuous learning."]


def _without_extras(text: str, extras: list[str]) -> str:
    """A post's text without the extras fitting appended to it."""
    words = text.split(" ")
    while words and words[-1] in extras:
        words.pop()
    return " ".join(words)


def test_sms_fits_every_built_in_message_in_one_segment_where_a_clause_allows() -> None:
    """Each SMS is a contiguous part of the message (a short version or the text);
    wherever some sentence or clause fits one segment, the SMS does."""
    library = load_library()
    extras = post_extras(library)
    for message in (*library.messages, library.definition):
        (post,) = compose_posts(library=library, messages=[message], platform="sms")
        body = _without_extras(post.text, extras)
        assert any(body in text for text in (*message.short, message.text)), message.id
        could = any(count(c, "sms").fits for c in post_candidates(message, clauses=True))
        assert post.fits == could, message.id
        assert count(post.text, "sms").segments == (1 if could else 2), message.id


def test_sms_fitting_of_the_donors_messages() -> None:
    """Issue 18's example: every donors message fits one SMS by a shorter version or a
    clause, and the 65% keeps its qualifiers ("achieving", "more than", "by 2030") and
    its source as the seed names it."""
    library = load_library()
    posts = compose_posts(library=library, messages=library.for_audience("donors"), platform="sms")
    assert [(p.text, p.fits) for p in posts] == [
        (
            "The social service workforce is critical to achieving more than 65% of "
            "Sustainable Development Goal targets by 2030 (a recent European Social Network "
            "report).",
            True,
        ),
        (
            "A professional, trained social service workforce can proactively tackle complex "
            "issues, including alleviating poverty and keeping families together. #SSWWeek",
            True,
        ),
        (
            "Including the views of children, youth and adults who received services gives "
            "national workforce strengthening strategies greater community impact and "
            "support.",
            True,
        ),
    ]
