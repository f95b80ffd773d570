"""``variant refresh``: which changes it marks reviewed, what it leaves, and a file it
cannot edit safely (issue 3, 14, 19)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.errors import LibraryError
from advocacy_kit.library.loader import load_library
from advocacy_kit.library.staleness import refresh_variant, word_diff
from advocacy_kit.library.variants import content_hash

runner = CliRunner()
SDG = "donors-sdg-targets"
SDG_HASH = content_hash(load_library().by_id(SDG).text)

HEAD = "variant:\n  name: r1\n  parent: global\nmessages:\n"


def _change(message_id: str, *, above: str = "") -> str:
    return f"  - id: {message_id}\n{above}    based_on: 0000abcd\n    amplify: Here too.\n"


def _library(tmp_path: Path, text: str) -> Path:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "r1.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "lib"


def test_only_the_messages_asked_for(tmp_path: Path) -> None:
    lib = _library(tmp_path, HEAD + _change(SDG) + _change("donors-complex-issues"))
    result = refresh_variant(name="r1", message=[SDG], library=[lib])
    assert [(r.id, r.old, r.new) for r in result.refreshed] == [(SDG, "0000abcd", SDG_HASH)]
    text = (lib / "r1.yaml").read_text()
    assert f"based_on: {SDG_HASH}" in text and text.count("based_on: 0000abcd") == 1


def test_old_record_of_the_parent_text_is_replaced(tmp_path: Path) -> None:
    lib = _library(tmp_path, HEAD + _change(SDG, above="    #| An old parent text.\n"))
    [refreshed] = refresh_variant(name="r1", library=[lib]).refreshed
    text = (lib / "r1.yaml").read_text()
    assert "An old parent text" not in text and text.count("#|") >= 1
    assert refreshed.new == SDG_HASH
    # Reviewed now, and the parent text recorded: a second refresh has nothing to do.
    assert refresh_variant(name="r1", library=[lib]).refreshed == ()
    assert (lib / "r1.yaml").read_text() == text


def test_a_change_never_reviewed_gets_its_based_on_below_its_id(tmp_path: Path) -> None:
    lib = _library(tmp_path, HEAD + f"  - id: {SDG}\n    amplify: Here too.\n")
    [refreshed] = refresh_variant(name="r1", library=[lib]).refreshed
    assert (refreshed.old, refreshed.new) == (None, SDG_HASH)
    lines = (lib / "r1.yaml").read_text().splitlines()
    assert lines[4] == f"  - id: {SDG}" and lines[5].startswith("    #| ")
    assert lines[-2:] == [f"    based_on: {SDG_HASH}", "    amplify: Here too."]


def test_a_message_the_variant_does_not_change(tmp_path: Path) -> None:
    lib = _library(tmp_path, HEAD + _change(SDG))
    result = runner.invoke(app, ["variant", "refresh", "r1", "-L", str(lib), "-m", "donors-sdg"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(
        f"error: variant 'r1' does not change a message 'donors-sdg'\nhint: did you mean '{SDG}'?"
    )


def test_a_flow_style_change_is_not_edited(tmp_path: Path) -> None:
    source = HEAD + f"  - {{id: {SDG}, based_on: 0000abcd, amplify: Here too.}}\n"
    lib = _library(tmp_path, source)
    with pytest.raises(LibraryError) as caught:
        refresh_variant(name="r1", library=[lib])
    assert caught.value.message.startswith(
        "cannot mark it reviewed automatically: the edit would break the file ("
    )
    assert caught.value.hint == "write the based_on line by hand, below the entry's 'id:' line"
    assert (lib / "r1.yaml").read_text() == source


def test_word_diff_of_words_removed_only() -> None:
    assert [(p.op, p.text) for p in word_diff("Workers help all families.", "Workers help.")] == [
        ("equal", "Workers"),
        ("delete", "help all families."),
        ("insert", "help."),
    ]
    assert [(p.op, p.text) for p in word_diff("a b c", "a c")] == [
        ("equal", "a"),
        ("delete", "b"),
        ("equal", "c"),
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["Kenya"],
            "error: 'Kenya' cannot be a variant name\n"
            "hint: use lower-case letters, digits and hyphens, e.g. kenya or west-africa\n",
        ),
        (
            ["global"],
            "error: 'global' cannot be a variant name\n"
            "hint: use lower-case letters, digits and hyphens, e.g. kenya or west-africa\n",
        ),
        (
            ["kenya", "--lang", "French"],
            "error: 'French' is not a language tag\nhint: write e.g. fr, pt or sw-KE\n",
        ),
        (
            ["kenya", "--parent", "east-africa"],
            "error: no variant called 'east-africa' to be the parent\n"
            "hint: did you mean 'east-southern-africa'? valid parents: "
            "east-southern-africa, fr, global\n",
        ),
    ],
)
def test_variant_new_refuses(tmp_path: Path, args: list[str], expected: str) -> None:
    result = runner.invoke(app, ["variant", "new", *args, "-L", str(tmp_path)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)
    assert list(tmp_path.iterdir()) == []
