"""Share cards at their edges (issues 13 and 16): no campaign to take the name from, a
card with no source or hashtag, a user's card template that makes two pages or needs
too much memory, and missing characters reported as Python warnings."""

from __future__ import annotations

import io
from pathlib import Path

import msgspec
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.errors import TemplateError, UsageError
from advocacy_kit.library.loader import load_library
from advocacy_kit.output.card import CARD_SIZES, CardSpec, compose_cards
from advocacy_kit.output.card_render import CardRenderer, render_cards
from advocacy_kit.output.pdf import FontWarning

SQUARE = CARD_SIZES["square"]


def plain_spec(text: str = "Social service workers keep children safe.") -> CardSpec:
    """A card with no source and no hashtag."""
    return CardSpec(
        message_id="plain",
        title="Plain",
        candidates=(text,),
        versions=("official",),
        organisation="Our Network",
    )


def test_without_a_campaign_a_card_needs_an_organisation() -> None:
    library = msgspec.structs.replace(load_library(), campaigns=())
    with pytest.raises(UsageError) as caught:
        compose_cards(library=library, audience="donors")
    assert caught.value.message == "a card names its organisation, and none is known"
    assert caught.value.hint == (
        'set yours with: advocacy-kit profile set organisation "Your organisation"'
    )
    specs = compose_cards(library=library, audience="donors", organisation="Our Network")
    assert specs and {(s.hashtag, s.organisation) for s in specs} == {(None, "Our Network")}


def test_a_card_without_source_or_hashtag_says_only_its_text_and_name() -> None:
    card = CardRenderer().render(plain_spec(), SQUARE, format="pdf")
    words = " ".join(PdfReader(io.BytesIO(card.image)).pages[0].extract_text().split())
    assert words == "Social service workers keep children safe. Our Network"
    assert (
        card.alt_text
        == "Card with the text: “Social service workers keep children safe.” Our Network."
    )


def user_template(tmp_path: Path, text: str) -> CardRenderer:
    (tmp_path / "card.typ").write_text(text, encoding="utf-8")
    return CardRenderer(templates=[tmp_path])


def test_a_card_template_that_makes_two_pages_is_refused(tmp_path: Path) -> None:
    fit = "(fits: true, index: 0, size: 40, needed: 10, box: (x: 1, y: 1, width: 9, height: 9))"
    renderer = user_template(tmp_path, f"#metadata({fit}) <card-fit>\nOne\n#pagebreak()\nTwo\n")
    with pytest.raises(TemplateError) as caught:
        renderer.render(plain_spec(), SQUARE)
    assert caught.value.message == "the card template made 2 pages, not one"
    assert caught.value.path == str(tmp_path / "card.typ")
    assert caught.value.hint == "keep everything on one page of the card's size"


def test_a_card_template_that_needs_too_much_memory_is_stopped(tmp_path: Path) -> None:
    renderer = user_template(tmp_path, "#let xs = range(1000000000)\n#xs.len()\n")
    with pytest.raises(TemplateError) as caught:
        renderer.render(plain_spec(), SQUARE)
    assert caught.value.message == "Typst used more than 2 GiB of memory; it was stopped"
    assert caught.value.path == str(tmp_path / "card.typ")


def test_without_a_warn_function_missing_characters_are_python_warnings() -> None:
    spec = plain_spec("Social service workers 中.")
    with pytest.warns(
        FontWarning, match=r"^the cards' fonts cannot show 1 character.*中 \(U\+4E2D\)"
    ):
        (card,) = render_cards([spec], [SQUARE], renderer=CardRenderer())
    assert card.missing == ("中",)


def test_a_folder_that_cannot_be_made_is_named() -> None:
    Path("taken").write_text("a file", encoding="utf-8")
    args = ["card", "-a", "donors", "-m", "donors-sdg-targets", "-s", "square"]
    result = CliRunner().invoke(app, [*args, "-o", "taken/cards"])
    assert (result.exit_code, result.stderr) == (
        2,
        "error: taken/cards: cannot make the folder: Not a directory\n"
        "hint: choose another folder\n",
    )
