"""``advocacy-kit count``: whole outputs, parsed JSON and exact exit codes (issue 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from advocacy_kit.cli.app import app

runner = CliRunner()

POST = "Thank you, social workers ❤️ https://socialserviceworkforce.org #SSWWeek"

# The whole table for POST (trailing spaces aside). Checked by hand: X is 26 + 2 for the
# emoji + 1 + 23 for the link + 9; Mastodon counts ❤️ as one grapheme and the link as 23;
# Threads counts the emoji's 6 UTF-8 bytes; the SMS is UCS-2 because of ❤ and U+FE0F.
TABLE = """\
Length on each platform
┏━━━━━━━━━━┳━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ platform ┃ length ┃ limit ┃ fits       ┃ notes                                                   ┃
┡━━━━━━━━━━╇━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ X        │     61 │   280 │ yes        │                                                         │
│ Bluesky  │     71 │   300 │ yes        │                                                         │
│ Mastodon │     60 │   500 │ yes        │                                                         │
│ Threads  │     76 │   500 │ yes        │                                                         │
│ LinkedIn │     72 │  3000 │ yes        │                                                         │
│ Facebook │     72 │  5000 │ yes        │                                                         │
│ SMS      │     72 │    70 │ no, 2 over │ UCS-2, 2 parts; at most 1 part; UCS-2 because of: ❤     │
│          │        │       │            │ U+FE0F                                                  │
└──────────┴────────┴───────┴────────────┴─────────────────────────────────────────────────────────┘
"""


def test_table_for_every_platform() -> None:
    """Without --platform: every platform, in order, and exit 0 even where it does not fit."""
    result = runner.invoke(app, ["count", POST])
    assert (result.exit_code, result.stderr) == (0, "")
    assert [line.rstrip() for line in result.stdout.splitlines()] == TABLE.splitlines()


def test_json_for_chosen_platforms() -> None:
    """--json: one object per platform asked for; SMS adds encoding and segments."""
    result = runner.invoke(app, ["count", "--json", "-p", "x", "-p", "sms", "Hello {world}"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == [
        {"platform": "x", "length": 13, "limit": 280, "fits": True},
        {
            "platform": "sms",
            "length": 15,
            "limit": 160,
            "fits": True,
            "encoding": "GSM-7",
            "segments": 1,
        },
    ]


def test_exit_1_when_an_asked_platform_does_not_fit() -> None:
    """Exit 1 when the text does not fit a platform named with --platform."""
    text = "word " * 70
    result = runner.invoke(app, ["count", "--json", "--platform", "bluesky", text])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {"platform": "bluesky", "length": 350, "limit": 300, "fits": False}
    ]
    assert runner.invoke(app, ["count", "--json", "--platform", "linkedin", text]).exit_code == 0


@pytest.mark.parametrize(("stdin", "argument"), [("Hello 👋\n", "-"), ("Hello 👋\r\n", None)])
def test_reads_standard_input(stdin: str, argument: str | None) -> None:
    """`-` or no TEXT reads standard input, without its final newline."""
    args = ["count", "--json", "-p", "x", *([argument] if argument else [])]
    result = runner.invoke(app, args, input=stdin)
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == [{"platform": "x", "length": 8, "limit": 280, "fits": True}]


def test_mastodon_limit_and_content_warning() -> None:
    """--mastodon-limit sets the server's limit; the content warning counts."""
    text = "a" * 600
    result = runner.invoke(app, ["count", "--json", "-p", "mastodon", text])
    assert (result.exit_code, json.loads(result.stdout)[0]["fits"]) == (1, False)
    result = runner.invoke(
        app, ["count", "--json", "-p", "mastodon", "--mastodon-limit", "1000", "--cw", "CW", text]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"platform": "mastodon", "length": 602, "limit": 1000, "fits": True}
    ]


def test_sms_parts() -> None:
    """--sms-parts allows a longer SMS."""
    result = runner.invoke(app, ["count", "--json", "-p", "sms", "--sms-parts", "2", "a" * 200])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "platform": "sms",
            "length": 200,
            "limit": 306,
            "fits": True,
            "encoding": "GSM-7",
            "segments": 2,
        }
    ]


def test_user_text_is_never_interpreted() -> None:
    """Markup and escape sequences in the text are shown, not obeyed."""
    result = runner.invoke(app, ["count", "-p", "sms", "[bold]hi[/bold] \x1b[31m"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "UCS-2 because of: U+001B" in result.stdout


def test_unknown_platform_is_a_usage_error() -> None:
    """A misspelt platform: exit 2, one short block with a did-you-mean."""
    result = runner.invoke(app, ["count", "-p", "blusky", "hello"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: unknown platform 'blusky'\n"
        "hint: did you mean 'bluesky'? valid platforms: bluesky, facebook, linkedin, "
        "mastodon, sms, threads, x\n"
    )


def _validate_case(description: str) -> str:
    """The text of a twitter-text conformance case of validate.yml, read as data."""
    path = Path(__file__).parent / "data" / "conformance" / "twitter-text" / "validate.yml"
    groups = yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]
    return next(
        case["text"]
        for cases in groups.values()
        for case in cases
        if case["description"] == description
    )


def test_characters_x_refuses_never_fit() -> None:
    """Conformance case "Handle invalid characters" through the command (issue 18): X
    calls it invalid though it is 12 of 280, so it does not fit, and the notes say
    which characters and where."""
    text = _validate_case("Handle invalid characters")
    result = runner.invoke(app, ["count", "--platform", "x", text])
    assert (result.exit_code, result.stderr) == (1, "")
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "Length on each platform",
        "┏━━━━━━━━━━┳━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━┳" + "━" * 56 + "┓",
        "┃ platform ┃ length ┃ limit ┃ fits       ┃ notes" + " " * 50 + "┃",
        "┡━━━━━━━━━━╇━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━╇" + "━" * 56 + "┩",
        "│ X        │     12 │   280 │ no, 2 over │ X refuses U+FFFF at character 5, U+FFFE at "
        "character 9 │",
        "└──────────┴────────┴───────┴────────────┴" + "─" * 56 + "┘",
    ]
    result = runner.invoke(app, ["count", "--json", "--platform", "x", text])
    assert json.loads(result.stdout) == [
        {"platform": "x", "length": 12, "limit": 280, "fits": False}
    ]
