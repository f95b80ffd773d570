"""``--hashtag`` and ``--link`` are checked as ``profile set`` checks them (issue 14,
item 7): the ``#`` is added, a word that cannot be a hashtag and a link that is not a
web address are refused with a hint, exit 2, before anything is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app

runner = CliRunner()

MESSAGE = "media-inclusion-equality"


def post(*args: str) -> Any:
    return runner.invoke(
        app, ["draft", "-a", "media", "-f", "post", "-m", MESSAGE, "--json", *args]
    )


def text_of(result: Any) -> str:
    assert (result.exit_code, result.stderr) == (0, "")
    return str(json.loads(result.stdout)["pieces"][0]["text"])


def profile_hashtags(value: str) -> list[str]:
    """What ``profile set hashtags VALUE`` stores."""
    result = runner.invoke(app, ["profile", "set", "hashtags", value])
    assert result.exit_code == 0, result.stderr
    shown = runner.invoke(app, ["profile", "show", "--json"])
    return list(json.loads(shown.stdout)["hashtags"])


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("SocialWork", ["#SocialWork"]),
        ("#SocialWork", ["#SocialWork"]),
        ("Social Work", ["#Social", "#Work"]),
        ("#SocialWork, SSWWeek2026", ["#SocialWork", "#SSWWeek2026"]),
    ],
)
def test_hashtags_get_their_hash_as_in_the_profile(typed: str, tags: list[str]) -> None:
    text = text_of(post("--hashtag", typed))
    assert " ".join(tags) in text
    assert profile_hashtags(typed) == tags


@pytest.mark.parametrize("typed", ["#a-b", "Social-Work", "#"])
def test_a_word_that_cannot_be_a_hashtag_exits_2(typed: str) -> None:
    result = post("--hashtag", typed, "-o", "posts.md")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: '")
    assert "is not a hashtag\nhint: write each hashtag as # followed by letters or digits" in (
        result.stderr
    )
    assert not Path("posts.md").exists()
    profile = runner.invoke(app, ["profile", "set", "hashtags", typed])
    assert (profile.exit_code, profile.stderr) == (2, result.stderr)


@pytest.mark.parametrize("typed", ["not a link", "socialserviceworkforce", "ftp://example.org"])
def test_a_link_that_is_not_a_web_address_exits_2(typed: str) -> None:
    result = post("--link", typed)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: --link '{typed}' is not a web address\n"
        "hint: write the full address, starting with https://, "
        "e.g. https://socialserviceworkforce.org\n"
    )


def test_a_web_address_is_added_as_given() -> None:
    link = "https://socialserviceworkforce.org/sswweek"
    assert text_of(post("--link", link)).endswith(" " + link)
