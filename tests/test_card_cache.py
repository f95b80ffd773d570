"""Share cards in the user's cache (issue 17): a card made again from the same inputs is
read from the cache, the same bytes; a change to anything the card depends on (its text,
colours, template, logo, fonts) typesets it anew.

Each test has its own cache folder (tests/conftest.py sets XDG_CACHE_HOME). To tell a
card read from the cache from one typeset again, the tests overwrite the cached images
with bytes no Typst would make: whatever comes back as those bytes came from the cache.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest

from advocacy_kit import cache
from advocacy_kit.output.card import CARD_SIZES, Card, CardSpec
from advocacy_kit.output.card_render import CardRenderer
from advocacy_kit.profile.brand import DEFAULT_PALETTE, Palette
from advocacy_kit.resources import builtin_templates_dir as templates_dir

#: What a cached image is overwritten with: no card Typst makes is these bytes.
STALE = b"not a card: read from the cache"

SPEC = CardSpec(
    message_id="winter-calls",
    title="Winter calls",
    candidates=("Social service workers answered 1,200 calls this winter.",),
    versions=("official",),
    hashtag="#SSWWeek",
    organisation="Our Network",
)


def card_entries() -> list[Path]:
    folder = cache.cache_folder()
    assert folder is not None
    return sorted(folder.glob("card-*.pickle")) if folder.is_dir() else []


def make_stale() -> int:
    """Overwrite the image of every cached card with :data:`STALE`; how many were."""
    made = 0
    for entry in card_entries():
        image, query, pages = pickle.loads(entry.read_bytes())
        if image != STALE:
            assert image.startswith(b"\x89PNG")
            entry.write_bytes(pickle.dumps((STALE, query, pages)))
            made += 1
    return made


def render(spec: CardSpec = SPEC, **options: object) -> Card:
    return CardRenderer(**options).render(spec, CARD_SIZES["square"])  # type: ignore[arg-type]


def test_the_same_card_again_comes_from_the_cache_unchanged() -> None:
    first = render()
    assert first.image.startswith(b"\x89PNG")
    assert len(card_entries()) == 1
    again = render()
    assert again.image == first.image
    assert again == first
    assert make_stale() == 1
    assert render().image == STALE  # the proof that it is read, not typeset


def test_a_changed_text_makes_a_new_card() -> None:
    first = render()
    make_stale()
    changed = render(msgspec.structs.replace(SPEC, candidates=("Workers answered 1,300 calls.",)))
    assert changed.image != STALE
    assert changed.image != first.image
    assert changed.image.startswith(b"\x89PNG")
    assert len(card_entries()) == 2


def test_a_changed_colour_makes_a_new_card() -> None:
    first = render()
    make_stale()
    colours = Palette(background="#5b2c6f", text=DEFAULT_PALETTE.text)
    assert colours != DEFAULT_PALETTE
    recoloured = render(palette=colours)
    assert recoloured.image not in (STALE, first.image)
    # And back: the first colours' card is the cached one (stale, so read).
    assert render().image == STALE


def test_a_changed_template_makes_a_new_card(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(templates_dir(), templates)
    first = render(templates=[templates])
    assert first.image == render().image  # the same template, another folder
    make_stale()
    card = templates / "card.typ"
    card.write_text(card.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
    assert render(templates=[templates]).image == first.image  # typeset anew: same look
    make_stale()
    # Another file of the folder counts too: Typst may read any of them.
    (templates / "extra.txt").write_text("something the template might read\n")
    assert render(templates=[templates]).image == first.image


def test_a_logo_and_its_bytes_make_new_cards(tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="{}"/></svg>'  # noqa: E501
    logo.write_text(svg.format("#000000"), encoding="utf-8")
    plain = render()
    with_logo = render(logo=logo)
    assert with_logo.image != plain.image
    make_stale()
    logo.write_text(svg.format("#ff0000"), encoding="utf-8")
    red = render(logo=logo)
    assert red.image not in (STALE, with_logo.image)


def test_a_font_path_makes_a_new_card(tmp_path: Path) -> None:
    render()
    make_stale()
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    assert render(font_paths=[fonts]).image != STALE
    make_stale()
    (fonts / "note.txt").write_text("a new file in the font folder\n")
    assert render(font_paths=[fonts]).image != STALE


def test_no_cache_when_it_is_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    render()
    make_stale()
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    assert render().image.startswith(b"\x89PNG")


def test_a_damaged_entry_is_typeset_again() -> None:
    first = render()
    for entry in card_entries():
        entry.write_bytes(b"\x80garbage")
    assert render().image == first.image


def test_entries_a_week_old_are_removed_when_a_card_is_stored() -> None:
    render()
    (kept,) = card_entries()
    old = kept.with_name("card-" + "0" * 40 + ".pickle")
    old.write_bytes(kept.read_bytes())
    week_ago = time.time() - 8 * 86400
    os.utime(old, (week_ago, week_ago))
    render(msgspec.structs.replace(SPEC, candidates=("Another card, stored now.",)))
    assert not old.exists()
    assert kept.exists()
    assert len(card_entries()) == 2


def test_a_pack_made_again_has_the_same_cards(tmp_path: Path) -> None:
    """Through the console script, as a user runs it: the second pack's cards come from
    the cache and are the first pack's, byte for byte."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def pack(out: Path) -> dict[str, bytes]:
        command = [sys.executable, "-m", "advocacy_kit", "pack", "sswweek", "--year", "2019"]
        result = subprocess.run(
            [*command, "--out", str(out)], capture_output=True, text=True, env=env, check=False
        )
        assert result.returncode == 0, result.stderr
        return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.png"))}

    first = pack(tmp_path / "first")
    assert len(first) == 10
    made = len(card_entries())
    assert 0 < made <= 10  # days showing the same message share a card
    assert pack(tmp_path / "second") == first
    assert make_stale() == made
    assert set(pack(tmp_path / "third").values()) == {STALE}
