"""``profile set`` refuses a value its key cannot hold, saying what to write instead,
and writes nothing (issue 10, 12, 15, 19)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.profile.store import load_profile, user_profile_path

runner = CliRunner()


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        (
            "handle_bluesky",
            "ours.bsky.social",
            "error: 'ours.bsky.social' is not an account name\n"
            "hint: write it with its @, e.g. @example.bsky.social\n",
        ),
        (
            "smtp.host",
            "smtp gmail.com",
            "error: smtp.host must be one word, without spaces\n"
            "hint: e.g. smtp.example.org; security is one of starttls, ssl, none\n",
        ),
        (
            "title",
            "Director\nof Advocacy",
            "error: title must be one line\nhint: write it on one line, e.g. Programme Director\n",
        ),
        (
            "card.colors",
            "navy #ffffff",
            "error: 'navy' is not a colour\nhint: give a background and a text colour, e.g. "
            '"#1b4f72 #ffffff", with a contrast of at least 4.5:1\n',
        ),
    ],
)
def test_a_value_the_key_cannot_hold(key: str, value: str, expected: str) -> None:
    result = runner.invoke(app, ["profile", "set", key, value])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)
    assert not user_profile_path().exists()


def test_a_key_left_blank_in_the_file_is_not_set() -> None:
    path = user_profile_path()
    path.parent.mkdir(parents=True)
    path.write_text("title:\nsender: Jane Doe\n", encoding="utf-8")
    assert (load_profile().title, load_profile().sender) == (None, "Jane Doe")


def test_setting_a_key_to_nothing_removes_it_and_the_file_keeps_its_comments() -> None:
    path = user_profile_path()
    for value in ("#SSWWeek", ","):
        assert runner.invoke(app, ["profile", "set", "hashtags", value]).exit_code == 0
    assert load_profile().hashtags == ()
    text = path.read_text(encoding="utf-8")
    assert "hashtags" not in text and text.startswith("# advocacy-kit profile")


def test_the_global_region_needs_no_variant() -> None:
    result = runner.invoke(app, ["profile", "set", "region", "global"])
    assert result.exit_code == 0, result.stderr
    assert load_profile().region == "global"
