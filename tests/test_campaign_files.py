"""Malformed campaign files (``messages/campaigns/*.yaml``): each mistake is one located
error with a hint, through the loader and through ``advocacy-kit check`` (issue 8, 19)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.errors import LibraryError
from advocacy_kit.library.campaign_days import linked_messages, message_tags
from advocacy_kit.library.campaigns import load_campaign_file
from advocacy_kit.library.loader import load_library
from advocacy_kit.model import CampaignDay, Library

HEAD = """\
campaign:
  id: local-week
  name: Local week
"""

#: An edition with one day, for the cases that change a day's or an edition's fields.
EDITION = """\
  editions:
    - year: 2025
      days:
        - day: 1
"""


def _load(tmp_path: Path, body: str) -> object:
    path = tmp_path / "week.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_campaign_file(path, label="ours")


def _error(tmp_path: Path, body: str) -> str:
    with pytest.raises(LibraryError) as caught:
        _load(tmp_path, body)
    assert caught.value.path == str(tmp_path / "week.yaml")
    return str(caught.value).removeprefix(str(tmp_path / "week.yaml"))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            EDITION + "          link: www.example.org\n",
            ":8:17: link 'www.example.org' is not a web address\n"
            "hint: write the full address, starting with https://",
            id="link-not-web",
        ),
        pytest.param(
            EDITION.replace("day: 1", "day: one"),
            ":7:16: day must be a whole number\nhint: write digits only, e.g. 3",
            id="day-in-words",
        ),
        pytest.param(
            EDITION.replace("day: 1", "day: 0"),
            ":7:16: day 0 is not a day of the week\nhint: days count from 1",
            id="day-zero",
        ),
        pytest.param(
            '  handle: "SSWAlliance"\n',
            ":4:11: handle 'SSWAlliance' is not an account name\n"
            'hint: write it with its @ and in quotes, e.g. "@SSWAlliance"',
            id="handle-without-at",
        ),
        pytest.param(
            '  handles:\n    bluesky: "@ours.bsky.social"\n    mastodon: "ours"\n',
            ":6:15: handle 'ours' is not an account name\n"
            'hint: write it with its @ and in quotes, e.g. "@SSWAlliance"',
            id="platform-handle-without-at",
        ),
        pytest.param(
            '  handles:\n    myspace: "@ours"\n',
            ":5:5: unknown field 'myspace' in handles\nhint: allowed fields: ",
            id="unknown-platform",
        ),
        pytest.param(
            "  editions:\n    - year: 2024\n    - year: 2025\n    - year: 2024\n",
            ":7:7: the 2024 edition is given twice (first on line 5)\n"
            "hint: merge the two, or correct the year of one",
            id="edition-twice",
        ),
        pytest.param(
            "  editions:\n    - year: 2025\n      webinars:\n"
            '        - title: Funding\n          date: "2026-01-10"\n',
            ":8:17: date '2026-01-10' is not in the edition's year 2025\n"
            "hint: check the year of the date, or the edition's 'year:'",
            id="webinar-wrong-year",
        ),
        pytest.param(
            EDITION + "        - day: 2\n        - day: 1\n",
            ":9:11: day 1 is given twice in the 2025 edition (first on line 7)\n"
            "hint: give each day its own number",
            id="day-twice",
        ),
        pytest.param(
            EDITION + '          date: "2025-02-30"\n',
            ":8:17: date '2025-02-30' is not a real date\nhint: check the month and the day",
            id="no-such-date",
        ),
        pytest.param(
            EDITION + "          tags: Funding\n",
            ":8:17: tag 'Funding' is not a valid id\n"
            "hint: use lower-case letters, digits and hyphens, e.g. donors-sdg-targets",
            id="one-tag-not-an-id",
        ),
    ],
)
def test_malformed_campaign_is_located(tmp_path: Path, body: str, expected: str) -> None:
    assert _error(tmp_path, body).startswith(expected)


def test_optional_fields_may_be_left_out_or_empty(tmp_path: Path) -> None:
    campaign = _load(
        tmp_path,
        "  handles:\n"
        '    bluesky: "@ours.bsky.social"\n'
        '    mastodon: "@ours@social.example"\n'
        "  base_url: https://example.org\n"
        "  editions:\n"
        "    - year: 2025\n"
        "      webinars:\n"
        "        - title: Funding the workforce\n"
        "      days:\n"
        "        - day: 2\n"
        "          tags: funding\n"
        "        - day: 1\n"
        "          tags:\n",
    )
    assert campaign.handles == (
        ("bluesky", "@ours.bsky.social"),
        ("mastodon", "@ours@social.example"),
    )
    assert campaign.base_url == "https://example.org"
    # A handle given for a platform is used there; none is borrowed for another.
    assert campaign.handle_for("bluesky") == "@ours.bsky.social"
    assert campaign.handle_for("threads") is None
    [edition] = campaign.editions
    assert edition.start is None and edition.link is None
    assert [webinar.date for webinar in edition.webinars] == [None]
    assert [(day.day, day.tags) for day in edition.days] == [(1, ()), (2, ("funding",))]


def test_check_reports_a_bad_campaign_file_where_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "week.yaml").write_text(HEAD + '  handle: "SSWAlliance"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(folder), "--format", "json"])
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["path"].endswith("week.yaml") and finding["line"] == 4
    assert "'SSWAlliance' is not an account name" in finding["message"]


def test_a_pack_of_a_campaign_with_no_days(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "week.yaml").write_text(HEAD + "  editions:\n    - year: 2025\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["pack", "local-week", "-L", str(folder), "--out", str(tmp_path / "kit")]
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: the campaign 'local-week' has no edition with days\nhint: add 'days:' to an "
        "edition in its campaign file (see README, 'Writing your own campaign file')\n"
    )
    assert not (tmp_path / "kit").exists()


def test_a_library_without_a_definition_links_its_messages() -> None:
    """A library of messages only (the definition is optional in the model)."""
    built_in = load_library()
    library = Library(messages=built_in.messages)
    day = CampaignDay(day=1, date=None, topic=None, tags=("funding",))
    # The definition's own tag is the definition's alone.
    assert "definition" in message_tags(built_in) and "definition" not in message_tags(library)
    linked = linked_messages(day, library)
    assert linked and all("funding" in message.tags for message in linked)
