"""Campaign packs beyond the usual run (issue 19): without share cards, for a platform
left out, dates of a month only, and an --out folder that cannot be made."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from advocacy_kit.batch.pack import Pack, build_pack
from advocacy_kit.batch.pack_words import date_words
from advocacy_kit.batch.pack_write import write_pack
from advocacy_kit.errors import OutputError
from advocacy_kit.library.loader import load_library


@pytest.fixture(scope="module")
def pack() -> Pack:
    return build_pack(library=load_library(), campaign="sswweek", platform=["x"], cards=False)


def test_a_pack_without_cards_has_no_image(pack: Pack) -> None:
    names = [name for name, _ in pack.files]
    assert "day-1-2019-10-21/posts-x.txt" in names
    assert not any(name.endswith((".png", ".alt.txt")) for name in names)
    assert all(day.cards == () for day in pack.days)


def test_a_platform_the_pack_was_not_made_for_has_no_posts(pack: Pack) -> None:
    first = pack.days[0]
    assert first.posts("facebook") == ()
    assert first.posts("x") != ()


def test_an_out_folder_inside_a_file_cannot_be_made(pack: Pack, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        write_pack(pack, out=tmp_path / "notes.txt" / "kit")
    assert caught.value.message == "cannot create the folder: Not a directory"
    assert caught.value.hint == "choose a folder you can write to"
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


EDGE_WEEK = """\
campaign:
  id: edge-week
  name: Edge Week
  hashtag: "#EdgeWeek"
  handle: "@edgeweek"
  base_url: "https://example.org/"
  editions:
    - year: 2031
      webinars:
        - date: "2031-03-17"
          title: "Supervision that supports"
      days:
        - day: 1
          date: "2031-03-17"
          topic: "Caring for carers"
          also:
            - topic: "Pay and conditions"
          tags: [self-care]
          posts:
            - text: "Our toolkit is at /toolkit: share it #EdgeWeek"
            - text: "Our toolkit is at /toolkit: share it #EdgeWeek"
"""


def test_a_campaign_s_own_posts_link_to_its_site_once_each(edge_week: str) -> None:
    built = build_pack(library=load_library(), campaign=edge_week, platform=["x"], cards=False)
    texts = [post.text for post in built.days[0].posts("x")]
    assert texts.count("Our toolkit is at https://example.org/toolkit: share it #EdgeWeek") == 1
    # An extra topic without an author, a webinar without guests: the plain versions.
    assert "Also today: “Pay and conditions”. #EdgeWeek @edgeweek" in texts
    assert "Join today's webinar: “Supervision that supports”. #EdgeWeek @edgeweek" in texts


@pytest.fixture
def edge_week(tmp_path: Path) -> str:
    path = tmp_path / "edge.yaml"
    path.write_text(EDGE_WEEK, encoding="utf-8")
    return str(path)


def test_without_workforce_messages_a_day_asks_no_commitment(edge_week: str) -> None:
    library = load_library()
    donors_only = msgspec.structs.replace(library, messages=library.for_audience("donors"))
    built = build_pack(library=donors_only, campaign=edge_week, platform=["x"], cards=False)
    assert built.days[0].actions == ()  # the campaign names no action either


def test_a_message_too_long_for_a_post_or_a_card_is_left_out_and_said(edge_week: str) -> None:
    library = load_library()
    [self_care] = [m for m in library.messages if "self-care" in m.tags]
    sentence = " ".join(["workers need time to rest and reflect"] * 120)  # one, no cut
    long = msgspec.structs.replace(self_care, text=f"Social service {sentence}.", short=())
    others = tuple(m for m in library.messages if m is not self_care)
    built = build_pack(
        library=msgspec.structs.replace(library, messages=(*others, long)),
        campaign=edge_week,
        platform=["x"],
    )
    assert [(left.platform, left.kind, left.what) for left in built.left_out] == [
        ("x", "message", f"the post of key message '{self_care.id}'"),
        ("square and landscape cards", "card", "the share card's message"),
    ]
    assert built.days[0].cards == ()
    assert "the smallest readable size" in built.left_out[1].text


@pytest.mark.parametrize(
    ("value", "lang", "words"),
    [
        ("2014-04", None, "April 2014"),
        ("2014-04", "fr", "avril 2014"),
        ("2019-10-21", "fr", "lundi 21 octobre 2019"),
    ],
)
def test_a_date_of_a_month_only_is_the_month_and_year(
    value: str, lang: str | None, words: str
) -> None:
    assert date_words(value, lang) == words
