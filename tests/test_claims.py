"""A short version keeps its message's claims: figures with their qualifiers, sources
(issue 12, item 2)."""

from __future__ import annotations

import pytest

from advocacy_kit.library.claims import Figure, claim_changes, figures_of

SDG = (
    "As an ally to national and local governments, the social service workforce is "
    "critical to achieving more than 65% of the Sustainable Development Goal targets by "
    "2030, according to a recent European Social Network report."
)
SOURCE = "a recent European Social Network report"


def test_figures_keep_their_qualifiers() -> None:
    assert figures_of(SDG) == (Figure("65", "more than", percent=True), Figure("2030", "by"))
    assert [f.words for f in figures_of("plus de 65\u00a0% des cibles d'ici 2030")] == [
        "plus de 65%",
        "d'ici 2030",
    ]
    # Links, hashtags and handles state no figure.
    assert figures_of("Read it: http://bit.ly/1gYsnem #SSWWeek2019 @user1 example.org/2") == ()


def test_the_shorts_issue_12_found_are_caught() -> None:
    """The old donors short dropped "achieving" and "by 2030" and named the network, not
    its report."""
    old = (
        "An ally to governments: the social service workforce is critical to more than 65% "
        "of the SDG targets (European Social Network)."
    )
    changes = claim_changes(SDG, old, sources=[SOURCE])
    assert changes.dropped == ("by 2030",)
    assert changes.unnamed == (SOURCE,)
    assert changes.describe() == (
        "drops 'by 2030'; does not name 'a recent European Social Network report'"
    )


@pytest.mark.parametrize(
    ("short", "dropped", "added"),
    [
        (f"Critical to 65% of the targets by 2030, says {SOURCE}.", ("more than 65%",), ()),
        (f"Critical to more than 65% of the targets in 2030, says {SOURCE}.", ("by 2030",), ()),
        (f"More than 65% of the targets by 2031, says {SOURCE}.", ("by 2030",), ("by 2031",)),
        (
            f"More than 70% of the targets by 2030, says {SOURCE}.",
            ("more than 65%",),
            ("more than 70%",),
        ),
    ],
)
def test_a_changed_figure_is_a_changed_claim(
    short: str, dropped: tuple[str, ...], added: tuple[str, ...]
) -> None:
    changes = claim_changes(SDG, short, sources=[SOURCE])
    assert (changes.dropped, changes.added, changes.unnamed) == (dropped, added, ())


def test_a_faithful_short_passes_whatever_its_spacing_and_tags() -> None:
    short = (
        "The social service workforce is critical to achieving more than 65 percent of the "
        "Sustainable Development Goal targets by 2030, according to a recent European Social "
        "Network report. #SSWWeek @SSWAlliance http://bit.ly/1gYsnem"
    )
    assert not claim_changes(SDG, short, sources=[SOURCE])
    french = "plus de 65\u00a0% des cibles d'ici 2030, selon un rapport récent"
    assert not claim_changes(french, "Plus de 65 % des cibles d'ici 2030, selon un rapport récent")


def test_a_source_the_text_does_not_name_is_not_required() -> None:
    """Evidence may cite a page the message text does not quote (a regional variant's)."""
    text = "REPSSI works in 13 countries of East and Southern Africa."
    assert not claim_changes(text, "In 13 countries, REPSSI works.", sources=["FICE blog"])


def test_a_figure_said_twice_is_one_claim_and_an_added_one_is_named() -> None:
    text = "Workers reach 40% of families; 40% of families is a lot."
    assert figures_of(text) == (Figure("40", percent=True),)
    changes = claim_changes(text, "Workers reach 40% of families; 12 countries joined.")
    assert (changes.dropped, changes.added, changes.unnamed) == ((), ("12",), ())
    assert changes.describe() == "adds '12'"
