"""Letters address their reader as a letter should (issue 12, item 7): the salutation
from the recipient's title and name, the rest of --to in the address block, the
organisation's article, one grammatical request."""

from __future__ import annotations

import pytest

from advocacy_kit.addressing import (
    letterhead_name,
    of_organization,
    recipient_lines,
    request_sentence,
    salutation_for,
)

BORE = "Hon. Florence Bore, Cabinet Secretary for Labour and Social Protection"


@pytest.mark.parametrize(
    ("to", "english", "french"),
    [
        (BORE, "Dear Hon. Bore", "Madame, Monsieur"),
        ("Hon. Minister of Social Welfare", "Dear Hon. Minister", "Madame, Monsieur"),
        ("Dr Mei Chen", "Dear Dr Chen", "Madame, Monsieur"),
        ("Dr Mei Chen 陈", "Dear Dr Chen", "Madame, Monsieur"),
        ("Florence Bore", "Dear Florence Bore", "Madame, Monsieur"),
        ("Director of Social Services, Ministry of Health", "Dear Director", "Madame, Monsieur"),
        ("The Editor, Daily Nation", "Dear Editor", "Madame, Monsieur"),
        ("Ms. Ama Mensah, Health Officer", "Dear Ms. Mensah", "Madame"),
        ("M. Paul Ndiaye\nDirecteur\nDakar", "Dear M. Ndiaye", "Monsieur"),
        ("Monsieur le Ministre", "Dear Monsieur le Ministre", "Monsieur le Ministre"),
        ("Madame la Directrice, Ministère", "Dear Madame la Directrice", "Madame la Directrice"),
        ("Dr", "Dear Dr", "Madame, Monsieur"),
        (None, "Dear Sir or Madam", "Madame, Monsieur"),
        ("", "Dear Sir or Madam", "Madame, Monsieur"),
    ],
)
def test_salutation_from_title_and_name(to: str | None, english: str, french: str) -> None:
    assert salutation_for(to, "en") == english
    assert salutation_for(to, "fr") == french


def test_the_rest_of_to_goes_in_the_address_block() -> None:
    assert recipient_lines(BORE) == [
        "Hon. Florence Bore",
        "Cabinet Secretary for Labour and Social Protection",
    ]
    assert recipient_lines("Hon. Florence Bore\nMinistry of Labour\n\n  Nairobi ") == [
        "Hon. Florence Bore",
        "Ministry of Labour",
        "Nairobi",
    ]
    # An office stays on its line: its comma does not follow a person's name.
    assert recipient_lines("Director of Social Services, Ministry of Health") == [
        "Director of Social Services, Ministry of Health"
    ]


@pytest.mark.parametrize(
    ("typed", "sentence", "letterhead"),
    [
        ("Example Association", "of the Example Association", "Example Association"),
        (
            "the Kenya Association of Social Workers",
            "of the Kenya Association of Social Workers",
            "Kenya Association of Social Workers",
        ),
        ("UNICEF", "of UNICEF", "UNICEF"),
        ("FICE International", "of FICE International", "FICE International"),
        ("Save the Children", "of Save the Children", "Save the Children"),
        ("The Salvation Army", "of the Salvation Army", "The Salvation Army"),
    ],
)
def test_articles(typed: str, sentence: str, letterhead: str) -> None:
    assert of_organization(typed) == sentence
    assert letterhead_name(typed) == letterhead


def test_french_articles_contract() -> None:
    assert of_organization("le Réseau des travailleurs sociaux", "fr") == (
        "du Réseau des travailleurs sociaux"
    )
    assert of_organization("l'Association des travailleurs sociaux", "fr") == (
        "de l'Association des travailleurs sociaux"
    )
    assert of_organization("Association ivoirienne", "fr") == "de l'Association ivoirienne"
    assert of_organization("Fédération nationale", "fr") == "de la Fédération nationale"
    assert of_organization("Réseau X", "fr") == "du Réseau X"
    assert of_organization("UNICEF", "fr") == "d'UNICEF"
    assert of_organization("FICE International", "fr") == "de FICE International"


def test_asks_make_one_request() -> None:
    asks = [
        "Give the social service workforce the funding and commitments it needs.",
        "Invest in a professional, trained social service workforce.",
        "Involve children, youth and adults who have received services in government-led "
        "workforce strengthening.",
    ]
    assert request_sentence(asks) == (
        "I therefore ask you to give the social service workforce the funding and "
        "commitments it needs, to invest in a professional, trained social service "
        "workforce, and to involve children, youth and adults who have received services "
        "in government-led workforce strengthening."
    )
    assert request_sentence(asks[1:2]) == (
        "I therefore ask you to invest in a professional, trained social service workforce."
    )
    assert request_sentence([]) == ""
    # A first word in capitals is kept as written.
    assert request_sentence(["FUND the workforce now."]) == (
        "I therefore ask you to FUND the workforce now."
    )
    french = ["Donner les moyens nécessaires.", "Investir dans la formation.", "Associer tous."]
    assert request_sentence(french, "fr") == (
        "Je vous demande donc de donner les moyens nécessaires, d'investir dans la "
        "formation et d'associer tous."
    )


def test_an_ask_that_is_not_an_instruction_is_listed() -> None:
    """'I ask you to we need funding' is not a sentence: such asks follow a colon."""
    assert request_sentence(["We need funding.", "Invest in training."]) == (
        "I therefore ask you to act on the following: We need funding; Invest in training."
    )
