"""One card look for ``card`` and ``pack``: the logo and colours a profile names reach
the cards of both commands the same way, a relative logo from the team file's folder
and a ``~`` logo from the home folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from advocacy_kit.cli.app import app

runner = CliRunner()

#: The logo's colour: found in no card without it.
LOGO = (20, 160, 90)
BACKGROUND = (0x7A, 0x1F, 0x3D)


def colours(image_file: Path) -> set[tuple[int, int, int]]:
    with Image.open(image_file) as image:
        return {c for _, c in image.convert("RGB").getcolors(maxcolors=1 << 20) or []}


def team_file_with_logo(written: str) -> None:
    """A team file naming the logo as ``written`` and the cards' colours."""
    Path("advocacy-kit.yaml").write_text(
        f"organisation: Example Association\ncard.logo: {written}\n"
        "card.colors: '#7a1f3d #ffffff'\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("written", ["logos/ours.png", "~/logos/ours.png"])
def test_a_profile_logo_is_on_the_cards_of_card_and_pack_alike(written: str) -> None:
    logo = Path(written).expanduser()
    logo.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (80, 80), LOGO).save(logo)
    team_file_with_logo(written)

    made = runner.invoke(
        app, ["card", "-a", "media", "-m", "media-inclusion-equality", "-s", "square", "-o", "c"]
    )
    assert made.exit_code == 0, made.stderr
    card = Path("c/media-inclusion-equality-square.png")
    assert {LOGO, BACKGROUND} <= colours(card)
    assert "With the logo of Example Association" in card.with_suffix(".alt.txt").read_text()

    packed = runner.invoke(app, ["pack", "sswweek", "--year", "2019", "-p", "x", "--out", "k"])
    assert packed.exit_code == 0, packed.stderr
    day_cards = sorted(Path("k").glob("day-*/card-square.png"))
    assert day_cards
    for day_card in day_cards:
        assert {LOGO, BACKGROUND} <= colours(day_card), day_card
        alt = day_card.with_suffix(".alt.txt").read_text(encoding="utf-8")
        assert "With the logo of Example Association" in alt


def test_a_missing_profile_logo_is_refused_by_card_and_pack_alike() -> None:
    team_file_with_logo("logos/nowhere.png")
    for args in (["card", "-a", "media", "-o", "c"], ["pack", "sswweek", "--out", "k"]):
        refused = runner.invoke(app, args)
        assert refused.exit_code == 2, args
        assert refused.stderr.startswith(
            "error: logos/nowhere.png: cannot read the logo: No such file or directory\n"
        ), args
        assert not Path(args[-1]).exists()
