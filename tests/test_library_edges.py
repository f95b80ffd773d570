"""Message files at the edges of the format: values of the wrong kind, characters YAML
refuses, files that cannot be read, and the loader's layering of folders and variant
files (issue 2, 13, 17, 19). Every error is one located block on standard error, exit 2."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.errors import LibraryError
from advocacy_kit.library import yamlio
from advocacy_kit.library.loader import LIBRARY_ENV, load_library, load_region, load_variants

runner = CliRunner()

MESSAGE = """\
messages:
  - id: local-one
    audience: donors
    title: {title}
    text: Workers help families.
"""

VARIANT = """\
variant:
  name: {name}
  parent: global
"""


def _draft_error(library: Path, *extra: str) -> str:
    result = runner.invoke(app, ["draft", "-a", "donors", "--library", str(library), *extra])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            MESSAGE.format(title="T") + "    1: one\n",
            "local.yaml:6:5: unexpected key in a message\nhint: keys are plain words\n",
            id="number-as-key",
        ),
        pytest.param(
            MESSAGE.format(title='""'),
            "local.yaml:4:12: title is empty\nhint: write the title or remove it\n",
            id="empty-quoted-title",
        ),
        pytest.param(
            MESSAGE.format(title=""),
            "local.yaml:4:11: title is empty\nhint: write the title or remove it\n",
            id="title-left-blank",
        ),
        pytest.param(
            MESSAGE.format(title="[A, title]"),
            "local.yaml:4:12: title must be text, not a list\nhint: write it on the same line "
            "after the colon, or as an indented block after '>-'\n",
            id="title-a-list",
        ),
        pytest.param(
            MESSAGE.format(title="!shout A title"),
            "local.yaml:4:12: title must be text, not 'A title'\nhint: write it on the same "
            "line after the colon, or as an indented block after '>-'\n",
            id="title-with-a-tag",
        ),
        pytest.param(
            "messages:\n",
            "local.yaml:1:10: messages must be a list, not nothing\n"
            "hint: write each item on its own line starting with '- '\n",
            id="messages-left-blank",
        ),
        pytest.param(
            MESSAGE.format(title=r'"A\x7ftitle"'),
            "local.yaml:4:12: title holds U+007F DELETE, a control character\nhint: delete it: "
            "text holds printable characters, line breaks and tabs only (in quotes, an "
            "escape such as \\u202e or \\e counts too)\n",
            id="escaped-delete",
        ),
        pytest.param(
            MESSAGE.format(title="A\x07title"),
            "local.yaml:4:13: invalid YAML: the file holds U+0007 ALERT, which YAML does "
            "not allow\nhint: delete it: a YAML file holds printable characters, line "
            "breaks and tabs only\n",
            id="raw-control-character",
        ),
        pytest.param(
            MESSAGE.format(title="T") + "    role: opener\n",
            "local.yaml:6:11: unknown role 'opener'\n"
            "hint: role is 'message' (the default) or 'introduction'\n",
            id="unknown-role",
        ),
        pytest.param(
            "{}\n",
            "local.yaml:1:1: the file defines nothing\n"
            "hint: start it with 'messages:' (see README, 'The message file format')\n",
            id="empty-mapping",
        ),
        pytest.param(
            MESSAGE.format(title="& x"),
            "local.yaml:4:12: invalid YAML: did not find expected alphabetic or numeric "
            "character on line 4, while scanning an anchor that starts here\n"
            "hint: check the indentation and that text containing ': ' or '#' is quoted\n",
            id="anchor-without-name",
        ),
    ],
)
def test_malformed_message_file(build_tree, text: str, expected: str) -> None:
    library = build_tree({"local.yaml": text})
    assert _draft_error(library) == f"error: {library / expected}"


def test_a_single_text_is_a_list_of_one(build_tree) -> None:
    library = build_tree(
        {"local.yaml": MESSAGE.format(title="T") + "    short: Workers help.\n    tags:\n"}
    )
    message = load_library(library=[library]).by_id("local-one")
    assert (message.short, message.tags) == (("Workers help.",), ())


def test_a_library_file_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "lib" / "local.yaml").mkdir(parents=True)
    (tmp_path / "lib" / "local.yaml" / "inner.yaml").write_text(MESSAGE.format(title="T"))
    # The folder named like a file is walked into, not read.
    assert load_library(library=[tmp_path / "lib"]).by_id("local-one").title == "T"
    with pytest.raises(LibraryError) as caught:
        yamlio.read_text(tmp_path / "lib" / "local.yaml")
    assert str(caught.value) == (
        f"{tmp_path / 'lib' / 'local.yaml'}: cannot read the file: Is a directory\n"
        "hint: check that it is a readable file"
    )


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LibraryError) as caught:
        yamlio.read_text(tmp_path / "gone.yaml")
    assert str(caught.value) == (
        f"{tmp_path / 'gone.yaml'}: file not found\nhint: check the path and spelling"
    )


def test_a_file_too_big_to_be_a_message_file(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "local.yaml").write_bytes(b"#" * (yamlio.MAX_YAML_BYTES + 1))
    assert _draft_error(library) == (
        f"error: {library / 'local.yaml'}: the file is over 10,000,000 bytes, far more "
        "than any message file\nhint: split it into several files, or check that it is "
        "the file you meant\n"
    )


def test_yaml_already_imported_is_used_as_it_is() -> None:
    import yaml

    assert yamlio._lazy_module("yaml") is yaml


def test_folders_of_the_environment_variable(
    build_tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = build_tree({"local.yaml": MESSAGE.format(title="From the variable")})
    monkeypatch.setenv(LIBRARY_ENV, os.pathsep.join(["", str(library), " "]))
    message = load_library().by_id("local-one")
    assert (message.title, message.origin.library) == ("From the variable", f"${LIBRARY_ENV}")


def test_a_variant_name_given_twice_in_one_folder(build_tree) -> None:
    library = build_tree({"a.yaml": VARIANT.format(name="r1"), "b.yaml": VARIANT.format(name="r1")})
    with pytest.raises(LibraryError) as caught:
        load_variants(library=[library])
    assert str(caught.value) == (
        f"{library / 'b.yaml'}:2:3: variant 'r1' is defined twice in this library "
        f"(first at {library / 'a.yaml'}:2)\n"
        "hint: give one of them another name"
    )


def test_a_variant_the_index_cannot_read_is_parsed_at_once(build_tree) -> None:
    """A variant written in flow style is parsed while indexing; a block-style one
    beside it is read only when its chain needs it."""
    library = build_tree(
        {
            "flow.yaml": "variant: {name: r2, parent: r1}\n",
            "block.yaml": VARIANT.format(name="r1") + "  hashtags: ['#OurWeek']\n",
        }
    )
    resolution = load_region(library=[library], region="r2")
    assert resolution.hashtags == ("#OurWeek",)


def test_text_that_only_looks_like_a_variant(build_tree) -> None:
    """A quoted text whose lines look like a variant header: the index's guess is
    contradicted once the file is parsed, and the full read decides."""
    library = build_tree(
        {
            "local.yaml": MESSAGE.format(title="A title").replace(
                "Workers help families.", '"Workers help\nvariant:\n  name: r1\n  families."'
            )
        }
    )
    assert _draft_error(library, "--region", "r1") == (
        "error: no variant called 'r1'\nhint: valid regions: east-southern-africa, fr, "
        "global; `advocacy-kit variant list` shows them\n"
    )


def test_a_variant_whose_name_the_index_misreads(build_tree) -> None:
    """A ``name:`` line inside the header's title is read by the index, not by YAML:
    the file, read, names itself otherwise, and the full read decides."""
    library = build_tree(
        {"r2.yaml": "variant:\n  title: >-\n    Our region,\n    name: r1\n  name: r2\n"}
    )
    assert _draft_error(library, "--region", "r1") == (
        "error: no variant called 'r1'\nhint: valid regions: east-southern-africa, fr, "
        "global, r2; `advocacy-kit variant list` shows them\n"
    )


def test_a_message_text_with_a_variant_line_is_not_taken_for_a_variant(build_tree) -> None:
    """PyYAML lets a quoted text go on at column 0: a line ``variant:`` in it, with an
    indented ``name:`` after, must not make the index defer the file as a variant, or
    a global draft would leave its messages out."""
    library = build_tree(
        {
            "local.yaml": "messages:\n  - id: local-one\n    audience: media\n"
            '    title: Local one\n    text: "Local social service workers\nvariant:\n'
            '  name: r1\n      are here."\n'
        }
    )
    result = runner.invoke(app, ["list", "--library", str(library), "--json"])
    assert result.exit_code == 0, result.stderr
    assert "local-one" in result.stdout
    draft = runner.invoke(app, ["draft", "-a", "media", "-f", "post", "--library", str(library)])
    assert draft.exit_code == 0, draft.stderr
    assert "Local social service workers variant: name: r1 are here." in draft.stdout
