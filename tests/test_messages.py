"""The built-in library carries seed 004's key messages word for word (issue 2)."""

from __future__ import annotations

import re

import pytest

from advocacy_kit.library.loader import load_library
from advocacy_kit.text.count import count
from conftest import SEEDS

SEED = SEEDS / "004_4ae373b87e7d60db.txt"


def words(text: str) -> str:
    return " ".join(text.split())


def seed_sections() -> dict[str, list[str]]:
    """The seed's text, cut into its sections, each message as one string."""
    text = SEED.read_text(encoding="utf-8")
    heads = {
        "definition": "Definition of the social service workforce",
        "donors": "Messages to donor groups, government and multilateral agencies",
        "media": "Messages to media and general public",
        "workforce": "Messages to members of the social service workforce",
    }
    positions = sorted((text.index(h), key, h) for key, h in heads.items())
    sections: dict[str, list[str]] = {}
    for i, (start, key, head) in enumerate(positions):
        end = positions[i + 1][0] if i + 1 < len(positions) else len(text)
        body = text[start + len(head) : end]
        items = [words(p) for p in re.split(r"\n\s*-\s*\d\)\s*", body)]
        sections[key] = [item for item in items if item]
    return sections


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_definition_and_its_note_word_for_word(library) -> None:
    definition, note = seed_sections()["definition"][0].split("*")
    assert library.definition.text == words(definition)
    assert library.definition.note == words(note)


@pytest.mark.parametrize(("audience", "count_"), [("donors", 3), ("media", 4)])
def test_audience_messages_word_for_word(library, audience: str, count_: int) -> None:
    seed = seed_sections()[audience]
    assert len(seed) == count_
    assert [m.text for m in library.for_audience(audience)] == seed


def test_workforce_introduction_and_four_commitments(library) -> None:
    intro, *commitments = seed_sections()["workforce"]
    messages = library.for_audience("workforce")
    assert [m.role for m in messages] == ["introduction"] + ["message"] * 4
    assert messages[0].text == intro
    assert [m.text for m in messages[1:]] == commitments


def test_every_message_is_complete(library) -> None:
    for message in library.messages:
        assert message.id and message.title and message.tags, message.id
        assert message.short, f"{message.id} has no short version"
        for short in message.short:
            check = count(f"{short} #SSWWeek", "x")
            assert check.fits, f"{message.id}: {check.length} > 280"


def test_sdg_figure_cites_the_european_social_network(library) -> None:
    """The source is named as the seed names it: "a recent European Social Network report"
    (issue 12), and the claim keeps "achieving", "more than" and "by 2030"."""
    message = library.by_id("donors-sdg-targets")
    assert "65%" in message.text
    assert [(e.claim, e.source) for e in message.evidence] == [
        (
            "The social service workforce is critical to achieving more than 65% of the "
            "Sustainable Development Goal targets by 2030",
            "a recent European Social Network report",
        )
    ]
    for evidence in message.evidence:
        assert evidence.source in message.text


def test_campaign_data(library) -> None:
    week = library.campaign("sswweek")
    assert (week.hashtag, week.handle) == ("#SSWWeek", "@SSWAlliance")
    assert [e.year for e in week.editions] == [2019, 2018, 2017, 2016, 2015, 2014]
    seed_000 = words((SEED.parent / "000_e9a581fc07856f6d.txt").read_text(encoding="utf-8"))
    edition_2019 = week.editions[0]
    assert (edition_2019.start, edition_2019.end) == ("2019-10-21", "2019-10-25")
    for day in edition_2019.days:
        assert day.topic in seed_000
    seed_003 = words((SEED.parent / "003_d9c25d9c304d8593.txt").read_text(encoding="utf-8"))
    # The drafted posts of 2016's first day (seed 003), kept with that day.
    drafted = next(e for e in week.editions if e.year == 2016).days[0].posts
    assert len(drafted) == 3
    for post in drafted:
        assert words(post) in seed_003
