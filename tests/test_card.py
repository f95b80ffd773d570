"""Share cards (issue 16): sizes, readable text never clipped, alt text, contrast, fonts."""

from __future__ import annotations

import io
import json
from pathlib import Path

import msgspec
import pytest
from PIL import Image
from pypdf import PdfReader
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.errors import UsageError
from advocacy_kit.library.loader import load_library, load_region
from advocacy_kit.output.card import CARD_SIZES, CardTooLong, card_sizes, compose_cards
from advocacy_kit.output.card_render import CardRenderer, render_cards
from advocacy_kit.profile.brand import (
    DEFAULT_PALETTE,
    MIN_CONTRAST,
    Palette,
    contrast_ratio,
    parse_palette,
)
from advocacy_kit.text.alt_text import alt_text_platforms, check_alt_text
from advocacy_kit.text.rules import PLATFORMS
from conftest import BuildTree, need_system_tool

runner = CliRunner()

#: Debian's fonts-dejavu-core: DejaVu Sans has Georgian, which Typst's fonts lack.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

#: A text far too long for any card: the media messages of seed 004, four times over.
LONG = " ".join(
    [
        "The social service workforce partners with communities, families, and individuals "
        "to promote people's strengths, respond to their needs, and problem-solve their "
        "challenges. The social service workforce is committed to promoting inclusion and "
        "equality by advocating to ensure all people can access high-quality services."
    ]
    * 4
)


@pytest.fixture(scope="module")
def renderer() -> CardRenderer:
    """One renderer for the module's cards, as a batch would use."""
    return CardRenderer()


def spread(image: Image.Image) -> tuple[int, float]:
    """(distinct grey levels, share of pixels far from the background's level)."""
    grey = image.convert("L")
    histogram = grey.histogram()
    background = max(range(256), key=lambda level: histogram[level])
    total = grey.width * grey.height
    far = sum(n for level, n in enumerate(histogram) if abs(level - background) > 64)
    return sum(1 for n in histogram if n), far / total


def test_every_size_is_written_at_its_pixels_and_is_not_blank() -> None:
    result = runner.invoke(
        app, ["card", "-a", "donors", "-m", "donors-sdg-targets", "--size", "all", "-o", "out"]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("wrote 4 card(s) with their alt text (.alt.txt) in out\n")
    assert sorted(p.name for p in Path("out").iterdir()) == sorted(
        f"donors-sdg-targets-{size}.{ext}" for size in CARD_SIZES for ext in ("png", "alt.txt")
    )
    for size in CARD_SIZES.values():
        with Image.open(f"out/donors-sdg-targets-{size.name}.png") as image:
            assert image.format == "PNG"
            assert image.size == (size.width, size.height)
            levels, ink = spread(image)
        # Anti-aliased text gives many grey levels; white text covers a few percent of
        # a card and never most of it.
        assert levels > 50
        assert 0.03 < ink < 0.5


def test_the_pdf_of_a_card_holds_its_text(renderer: CardRenderer) -> None:
    spec = compose_cards(library=load_library(), audience="donors", message=["donors-sdg-targets"])
    card = renderer.render(spec[0], CARD_SIZES["square"], format="pdf")
    page = PdfReader(io.BytesIO(card.image)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (1080, 1080)
    words = " ".join(page.extract_text().split())
    assert card.version == "official"
    assert " ".join(card.text.split()) in words
    assert "Source: a recent European Social Network report" in words
    assert "#SSWWeek" in words
    assert "Global Social Service Workforce Alliance" in words


def test_the_text_box_lies_inside_the_card_and_holds_the_text(renderer: CardRenderer) -> None:
    specs = compose_cards(library=load_library(), audience="media")
    for card in render_cards(specs, tuple(CARD_SIZES.values()), renderer=renderer):
        box, size = card.box, card.size
        assert box["x"] > 0 and box["x"] + box["width"] < size.width
        assert box["y"] > 0 and box["y"] + box["height"] < size.height
        assert 0 < box["needed"] <= box["height"]
        assert size.min_size <= card.font_size <= size.max_size


def test_a_text_too_long_is_refused_not_clipped(build_tree: BuildTree) -> None:
    library = build_tree(
        {
            "long.yaml": f"""
            messages:
              - id: media-long
                audience: media
                title: Far too long
                text: "{LONG}"
            """
        }
    )
    args = ["card", "-a", "media", "-m", "media-long", "-L", str(library), "-o", "out"]
    result = runner.invoke(app, [*args, "--size", "landscape"])
    assert result.exit_code == 1
    first, hint = result.stderr.splitlines()
    assert first.startswith(
        "error: message 'media-long' does not fit the landscape card (1200×675): its text is about "
    )
    assert "characters too long at 40 px, the smallest readable size" in first
    assert hint == (
        "hint: add a shorter 'short:' version to the message, or choose a taller card "
        "with --size portrait or --size story"
    )
    assert not Path("out").exists()
    # Every refused size is named, and still nothing is written.
    result = runner.invoke(app, [*args, "--size", "landscape", "--size", "square"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: 2 cards do not fit:\n  message 'media-long'")
    assert not Path("out").exists()


def test_how_much_too_long_is_measured() -> None:
    library = load_library()
    spec = compose_cards(library=library, audience="media", message=["media-inclusion-equality"])
    renderer = CardRenderer()
    tall = msgspec.structs.replace(spec[0], candidates=(LONG,), versions=("official",))
    with pytest.raises(CardTooLong) as caught:
        renderer.render(tall, CARD_SIZES["landscape"])
    over = int(caught.value.message.split("about ")[1].split(" ")[0])
    # The text is 4 × 290 characters and a landscape card holds about 300 at 40 px.
    assert 700 < over < len(LONG)


def test_a_short_version_is_used_where_the_official_text_does_not_fit(
    build_tree: BuildTree,
) -> None:
    short = "The social service workforce partners with communities and families."
    library = build_tree(
        {
            "long.yaml": f"""
            messages:
              - id: media-long
                audience: media
                title: Long, with a short version
                text: "{LONG}"
                short:
                  - "{short}"
            """
        }
    )
    args = ["card", "-a", "media", "-m", "media-long", "-L", str(library), "-o", "out", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    cards = json.loads(result.stdout)["cards"]
    assert [(c["size"], c["version"], c["text"]) for c in cards] == [
        ("landscape", "short 1", short),
        ("square", "short 1", short),
    ]


def test_alt_text_is_beside_each_card_and_within_every_limit() -> None:
    result = runner.invoke(app, ["card", "-a", "donors", "--size", "landscape", "-o", "c"])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(
        app, ["card", "-a", "donors", "--size", "landscape", "-o", "c", "--force", "--json"]
    )
    data = json.loads(result.stdout)
    assert len(data["cards"]) == 3
    for card in data["cards"]:
        alt = card["alt_text"]
        assert Path(card["alt_file"]).read_text(encoding="utf-8") == alt + "\n"
        assert alt.startswith(f"Card with the text: \u201c{card['text']}\u201d")
        assert alt.endswith("Global Social Service Workforce Alliance. #SSWWeek")
        for source in card["sources"]:
            assert f"Source: {source}." in alt
        assert [c["platform"] for c in card["alt_text_limits"]] == ["x", "bluesky", "mastodon"]
        for check in card["alt_text_limits"]:
            assert check["limit"] == PLATFORMS[check["platform"]].alt_limit
            assert check["length"] == len(alt)  # plain text: one grapheme a character
            assert check["fits"] is True


def test_contrast_is_computed_and_a_low_palette_refused() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#fff", "#fff") == pytest.approx(1)
    assert DEFAULT_PALETTE.contrast == pytest.approx(8.72, abs=0.01)
    # WCAG's own reference point: #767676 is the lightest grey with 4.5:1 on white.
    assert parse_palette("#767676 #ffffff").contrast == pytest.approx(4.54, abs=0.01)
    with pytest.raises(UsageError) as caught:
        parse_palette("#777777 #ffffff")
    assert caught.value.message == (
        "text in #ffffff on #777777 has a contrast of 4.47:1, below the 4.5:1 that WCAG AA asks for"
    )
    result = runner.invoke(app, ["card", "-a", "media", "-o", "out", "--colors", "#1b4f72 #2e6f9e"])
    assert result.exit_code == 2
    assert "a contrast of 1.61:1, below" in result.stderr and not Path("out").exists()
    assert Palette("#1b4f72", "#ffffff").contrast >= MIN_CONTRAST


def test_a_passing_palette_colours_the_card() -> None:
    args = ["card", "-a", "media", "-m", "media-inclusion-equality", "-s", "square"]
    result = runner.invoke(app, [*args, "-o", "out", "--colors", "#fdf6e3 #7a1f3d"])
    assert result.exit_code == 0, result.stderr
    with Image.open("out/media-inclusion-equality-square.png") as image:
        rgb = image.convert("RGB")
        assert rgb.getpixel((5, 5)) == (0xFD, 0xF6, 0xE3)
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        assert (0x7A, 0x1F, 0x3D) in {colour for _, colour in colours}


def test_french_cards_with_region_fr() -> None:
    result = runner.invoke(app, ["card", "-a", "media", "-r", "fr", "-s", "square", "-o", "fr"])
    assert result.exit_code == 0, result.stderr
    resolution = load_region(region="fr")
    renderer = CardRenderer()
    spec = compose_cards(
        library=resolution.library,
        audience="donors",
        lang=resolution.lang,
        message=["donors-sdg-targets"],
    )[0]
    card = renderer.render(spec, CARD_SIZES["portrait"], format="pdf")
    words = " ".join(PdfReader(io.BytesIO(card.image)).pages[0].extract_text().split())
    assert card.version == "official"
    assert "le personnel des services sociaux est essentiel" in words
    assert " ".join(card.text.split()) in words
    assert "Source : un rapport récent du réseau European Social Network" in words.replace(
        "\u00a0", " "
    )
    assert card.alt_text.startswith(f"Carte avec le texte\u00a0: «\u00a0{card.text}\u00a0» Source")
    alt = Path("fr/media-partners-with-communities-square.alt.txt").read_text(encoding="utf-8")
    assert alt.startswith("Carte avec le texte\u00a0: «\u00a0")


@pytest.fixture
def odd_library(build_tree: BuildTree) -> Path:
    """A message in scripts the cards' fonts lack (Georgian, Chinese), tagged for a day."""
    return build_tree(
        {
            "odd.yaml": """
            messages:
              - id: media-odd
                audience: media
                title: Scripts the fonts lack
                tags: [odd-script]
                text: "Social service workers: Ⴀ 中 and é."
            """
        }
    )


def test_characters_the_fonts_lack_are_named_and_font_path_adds_fonts(odd_library: Path) -> None:
    library = odd_library
    args = ["card", "-a", "media", "-m", "media-odd", "-L", str(library), "-s", "square"]
    result = runner.invoke(app, [*args, "-o", "one"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        "warning: the cards' fonts cannot show 2 character(s), which are left out: "
        "Ⴀ (U+10A0), 中 (U+4E2D); add a folder of fonts that have them with --font-path DIR"
    )
    need_system_tool(DEJAVU.is_dir(), "DejaVu fonts", "fonts-dejavu-core")
    result = runner.invoke(app, [*args, "-o", "two", "--font-path", str(DEJAVU)])
    assert result.exit_code == 0, result.stderr
    assert "(U+10A0)" not in result.stderr and "中 (U+4E2D)" in result.stderr


ODD_WEEK = """\
campaign:
  id: odd-week
  name: Odd Week
  hashtag: "#OddWeek"
  editions:
    - year: 2031
      days:
        - day: 1
          date: "2031-03-17"
          topic: "Scripts"
          tags: [odd-script]
"""


def test_the_pack_names_characters_its_cards_lack_and_takes_font_path(odd_library: Path) -> None:
    library = odd_library
    Path("odd.yaml").write_text(ODD_WEEK, encoding="utf-8")
    args = ["pack", "odd.yaml", "--year", "2031", "-L", str(library), "--platform", "x"]
    result = runner.invoke(app, [*args, "--out", "one"])
    assert result.exit_code == 0, result.stderr
    assert (
        "warning: the cards' fonts cannot show 2 character(s), which are left out: "
        "Ⴀ (U+10A0), 中 (U+4E2D); add a folder of fonts that have them with --font-path DIR"
    ) in result.stderr
    need_system_tool(DEJAVU.is_dir(), "DejaVu fonts", "fonts-dejavu-core")
    result = runner.invoke(app, [*args, "--out", "two", "--font-path", str(DEJAVU)])
    assert result.exit_code == 0, result.stderr
    assert "(U+10A0)" not in result.stderr and "中 (U+4E2D)" in result.stderr


def test_cards_are_not_overwritten_without_force() -> None:
    args = ["card", "-a", "media", "-m", "media-inclusion-equality", "-o", "out"]
    assert runner.invoke(app, args).exit_code == 0
    before = Path("out/media-inclusion-equality-square.png").stat().st_mtime_ns
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: out/media-inclusion-equality-landscape.png: the file exists already (and 3 "
        "more)\nhint: run again with --force to replace the cards, or choose another folder\n"
    )
    assert Path("out/media-inclusion-equality-square.png").stat().st_mtime_ns == before
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert sorted(p.name for p in Path("out").iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_a_logo_is_shown(tmp_path: Path, kind: str) -> None:
    logo = tmp_path / f"logo.{kind}"
    if kind == "png":
        Image.new("RGB", (120, 60), (240, 180, 40)).save(logo)
    else:
        logo.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60">'
            '<rect width="60" height="60" fill="#f0b428"/></svg>',
            encoding="utf-8",
        )
    args = ["card", "-a", "media", "-m", "media-inclusion-equality", "-s", "landscape"]
    result = runner.invoke(app, [*args, "-o", "out", "--logo", str(logo)])
    assert result.exit_code == 0, result.stderr
    with Image.open("out/media-inclusion-equality-landscape.png") as image:
        colours = {c for _, c in image.convert("RGB").getcolors(maxcolors=1 << 20) or []}
    assert (240, 180, 40) in colours
    alt = Path("out/media-inclusion-equality-landscape.alt.txt").read_text(encoding="utf-8")
    assert alt.endswith("With the logo of Global Social Service Workforce Alliance. #SSWWeek\n")


def test_bad_input_is_refused_before_any_work(tmp_path: Path) -> None:
    not_image = tmp_path / "logo.png"
    not_image.write_text("hello", encoding="utf-8")
    cases = {
        ("--size", "huge"): "error: unknown card size 'huge'\nhint: valid sizes: all, "
        "landscape, portrait, square, story\n",
        ("--logo", str(not_image)): f"error: {not_image}: the logo is not a PNG or SVG image\n"
        "hint: give a PNG or SVG image file for the logo\n",
        ("--colors", "blue"): "error: 'blue' is not a background and a text colour\n"
        'hint: give two colours, background first: "#1b4f72 #ffffff"\n',
    }
    for extra, expected in cases.items():
        result = runner.invoke(app, ["card", "-a", "media", "-o", "out", *extra])
        assert (result.exit_code, result.stderr) == (2, expected)
    assert not Path("out").exists()


def test_sizes_are_chosen_in_order_once() -> None:
    assert [s.name for s in card_sizes()] == ["landscape", "square"]
    assert [s.name for s in card_sizes(["story", "all"])] == [
        "story",
        "landscape",
        "square",
        "portrait",
    ]


def test_alt_text_limits_are_in_the_platform_table_with_their_sources() -> None:
    assert {name: PLATFORMS[name].alt_limit for name in alt_text_platforms()} == {
        "x": 1000,
        "bluesky": 2000,
        "mastodon": 1500,
    }
    assert all(PLATFORMS[name].alt_source for name in alt_text_platforms())
    # Bluesky counts graphemes: a family emoji is one; X and Mastodon count code points.
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467"
    lengths = {c.platform: c.length for c in check_alt_text(f"A card {family}")}
    assert lengths == {"x": 12, "bluesky": 8, "mastodon": 12}
    over = check_alt_text("x" * 1001)
    assert [(c.platform, c.fits) for c in over] == [
        ("x", False),
        ("bluesky", True),
        ("mastodon", True),
    ]


def test_profile_keeps_card_colours_and_logo_checked_when_set(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["profile", "set", "card.colors", "#777777 #ffffff"])
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: text in #ffffff on #777777 has a contrast of 4.47:1")
    missing = runner.invoke(app, ["profile", "set", "card.logo", "nowhere.png"])
    assert missing.exit_code == 2
    assert "nowhere.png: cannot read the logo" in missing.stderr
    logo = tmp_path / "logo.png"
    Image.new("RGB", (80, 80), (240, 180, 40)).save(logo)
    for key, value in (("card.colors", "#FDF6E3 7a1f3d"), ("card.logo", str(logo))):
        assert runner.invoke(app, ["profile", "set", key, value]).exit_code == 0
    shown = json.loads(runner.invoke(app, ["profile", "show", "--json"]).stdout)
    assert (shown["card.colors"], shown["card.logo"]) == ("#fdf6e3 #7a1f3d", str(logo))
    args = ["card", "-a", "media", "-m", "media-inclusion-equality", "-s", "square", "-o", "o"]
    assert runner.invoke(app, args).exit_code == 0, "the profile's colours and logo"
    with Image.open("o/media-inclusion-equality-square.png") as image:
        rgb = image.convert("RGB")
        colours = {c for _, c in rgb.getcolors(maxcolors=1 << 20) or []}
        assert rgb.getpixel((5, 5)) == (0xFD, 0xF6, 0xE3)
    assert {(240, 180, 40), (0x7A, 0x1F, 0x3D)} <= colours
    # A team file names its logo beside it; a value that breaks the rule is refused.
    Image.new("RGB", (80, 80), (20, 160, 90)).save("team-logo.png")
    Path("advocacy-kit.yaml").write_text(
        "card.logo: team-logo.png\ncard.colors: '#ffffff #eeeeee'\n", encoding="utf-8"
    )
    refused = runner.invoke(app, [*args, "--force"])
    assert refused.exit_code == 2
    assert refused.stderr.startswith("error: advocacy-kit.yaml:2:14: text in #eeeeee on #ffffff")


def test_a_word_wider_than_the_card_is_refused(build_tree: BuildTree) -> None:
    word = "https://example.org/" + "socialserviceworkforce" * 3
    library = build_tree(
        {
            "wide.yaml": f"""
            messages:
              - id: media-wide
                audience: media
                title: One long word
                text: "Read more at {word} today."
            """
        }
    )
    args = ["card", "-a", "media", "-m", "media-wide", "-L", str(library), "-s", "square"]
    result = runner.invoke(app, [*args, "-o", "out"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: message 'media-wide' does not fit the square card (1080×1080): the word "
        f"'{word}' is wider than the card at 36 px, the smallest readable size\n"
    )
    assert not Path("out").exists()


def test_out_must_be_a_folder() -> None:
    Path("taken").write_text("a file", encoding="utf-8")
    result = runner.invoke(app, ["card", "-a", "media", "-o", "taken"])
    assert (result.exit_code, result.stderr) == (
        2,
        "error: taken: not a folder\nhint: give --out a folder for the cards\n",
    )
