"""Bad message files give one located error and exit 2, never a traceback (issue 2, 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.errors import LibraryError
from advocacy_kit.library.loader import load_library

GOOD_MESSAGE = """\
    messages:
      - id: local-message
        audience: donors
        title: A local message
        text: A message of our own.
"""

runner = CliRunner()


def draft_with(library: Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["draft", "--audience", "donors", "--library", str(library)])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "messages:\n  - id: a\n    id: b\n    audience: donors\n    title: T\n    text: X\n",
            "local.yaml:3:5: duplicate key 'id' in a message (first given on line 2)\n"
            "hint: keep one of them; YAML would silently use only the last\n",
            id="duplicate-key",
        ),
        pytest.param(
            "messages:\n  - id: a\n    audience: donors\n    titel: T\n    text: X\n",
            "local.yaml:4:5: unknown field 'titel' in a message\n"
            "hint: did you mean 'title'? allowed fields: id, audience, role, title, text, "
            "short, evidence, ask, tags, note\n",
            id="misspelled-field",
        ),
        pytest.param(
            "messages:\n  - id: a\n    audience: donors\n    title: NO\n    text: X\n",
            "local.yaml:4:12: title was read as false, not text: YAML takes 'NO' as a "
            'yes/no value\nhint: put it in quotes: "NO"\n',
            id="no-read-as-false",
        ),
        pytest.param(
            "",
            "local.yaml:1:1: the file is empty\n"
            "hint: add messages (see README, 'The message file format') or delete the file\n",
            id="empty-file",
        ),
        pytest.param(
            "messages:\n  - id: a\n    audience: donours\n    title: T\n    text: X\n",
            "local.yaml:3:15: unknown audience 'donours'\nhint: did you mean 'donors'? valid "
            "audiences: donors (government, governments, multilateral, donor); media (public, "
            "general-public); workforce (members, workers)\n",
            id="unknown-audience",
        ),
        pytest.param(
            "messages:\n  - id: a\n    audience: donors\n    text: X\n",
            "local.yaml:2:5: a message has no 'title'\nhint: add a 'title:' line to it\n",
            id="missing-title",
        ),
        pytest.param(
            "messages:\n  - <<: {id: a}\n    audience: donors\n",
            "local.yaml:2:5: YAML merge keys ('<<') are not supported in a message\n"
            "hint: write the fields out in full, so each file reads on its own\n",
            id="merge-key",
        ),
        pytest.param(
            "messages:\n  id: a\n",
            "local.yaml:2:3: messages must be a list, not a mapping\n"
            "hint: write each item on its own line starting with '- '\n",
            id="messages-not-a-list",
        ),
    ],
)
def test_bad_message_file_is_one_located_error(build_tree, text: str, expected: str) -> None:
    """Each bad file names file:line:col, says what is wrong and what to do, exit 2."""
    library = build_tree({"local.yaml": text})
    code, stdout, stderr = draft_with(library)
    assert (code, stdout) == (2, "")
    assert stderr == f"error: {library / expected}"
    assert "Traceback" not in stderr


def test_invalid_yaml(build_tree) -> None:
    """The parser's own words vary between PyYAML's C and Python loaders; the place,
    the kind of error and the hint do not."""
    library = build_tree({"local.yaml": "messages:\n  - id: a\n    title: [unclosed\n"})
    code, stdout, stderr = draft_with(library)
    assert (code, stdout) == (2, "")
    first, hint = stderr.splitlines()
    assert first.startswith(f"error: {library / 'local.yaml'}:4:1: invalid YAML: ")
    assert "','" in first and "']'" in first
    assert hint == "hint: check the indentation and that text containing ': ' or '#' is quoted"


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    """Latin-1 bytes are reported with the line and column of the first bad byte."""
    library = tmp_path / "lib"
    library.mkdir()
    (library / "local.yaml").write_bytes(
        b"messages:\n  - id: a\n    audience: donors\n    title: Caf\xe9\n    text: X\n"
    )
    code, stdout, stderr = draft_with(library)
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"error: {library / 'local.yaml'}:4:15: the file is not UTF-8 text (byte 0xe9 "
        "cannot be decoded)\nhint: save the file as UTF-8 in your editor (in Excel or "
        "Word: 'UTF-8' encoding)\n"
    )


def test_same_id_twice_in_one_library_names_both_places(build_tree) -> None:
    library = build_tree(
        {
            "a.yaml": GOOD_MESSAGE,
            "b.yaml": GOOD_MESSAGE,
        }
    )
    with pytest.raises(LibraryError) as caught:
        load_library(library=[library])
    error = caught.value
    assert (error.path, error.line) == (str(library / "b.yaml"), 2)
    assert error.message == (
        f"message id 'local-message' is defined twice in this library (first at "
        f"{library / 'a.yaml'}:2)"
    )


def test_user_library_layers_over_builtin(build_tree) -> None:
    """A user's message with a built-in id replaces it in place; new ids are added."""
    library = build_tree(
        {
            "mine.yaml": """\
                messages:
                  - id: donors-complex-issues
                    audience: donors
                    title: Our wording
                    text: Our own wording of this message.
                  - id: local-message
                    audience: donors
                    title: A local message
                    text: A message of our own.
            """
        }
    )
    loaded = load_library(library=[library])
    donors = loaded.for_audience("donors")
    assert [m.id for m in donors] == [
        "donors-sdg-targets",
        "donors-complex-issues",
        "donors-lived-experience",
        "local-message",
    ]
    replaced = loaded.by_id("donors-complex-issues")
    assert (replaced.text, replaced.origin.path, replaced.origin.line) == (
        "Our own wording of this message.",
        str(library / "mine.yaml"),
        2,
    )


def test_missing_library_folder(tmp_path: Path) -> None:
    code, stdout, stderr = draft_with(tmp_path / "nowhere")
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"error: {tmp_path / 'nowhere'}: library folder not found\n"
        "hint: give a folder that contains your .yaml message files\n"
    )


def test_template_with_undefined_variable(build_tree, tmp_path: Path) -> None:
    """A contributor's template that misspells a variable: file, line, exit 2."""
    templates = build_tree(
        {"letter.txt.j2": "Dear {{ to }},\n\n{{ recipeint_name }}\n"}, root=tmp_path / "tpl"
    )
    result = runner.invoke(
        app, ["draft", "--audience", "donors", "--to", "Ms Banda", "--templates", str(templates)]
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {templates / 'letter.txt.j2'}:3: template uses an undefined variable: "
        "'recipeint_name' is undefined\n"
        "hint: check the spelling; the variables are listed in README, 'Templates'\n"
    )


def test_template_cannot_reach_python_internals(tmp_path: Path, build_tree) -> None:
    templates = build_tree(
        {"letter.txt.j2": "{{ to.__class__.__mro__[1].__subclasses__() }}\n"},
        root=tmp_path / "tpl",
    )
    result = runner.invoke(
        app, ["draft", "--audience", "donors", "--to", "x", "--templates", str(templates)]
    )
    assert result.exit_code == 2
    assert "__subclasses__" not in result.stdout
    assert "Traceback" not in result.stderr


def test_message_text_is_never_compiled_as_a_template(build_tree) -> None:
    library = build_tree(
        {
            "mine.yaml": """\
                messages:
                  - id: braces
                    audience: donors
                    title: Braces
                    text: "Keep {{ this }} and {% that %} as written."
            """
        }
    )
    result = runner.invoke(
        app, ["draft", "-a", "donors", "-m", "braces", "--library", str(library)]
    )
    assert result.exit_code == 0, result.stderr
    assert "Keep {{ this }} and {% that %} as written." in result.stdout


def _messages(count: int) -> str:
    """``count`` valid messages, five lines each, after a one-line ``messages:``."""
    return "messages:\n" + "".join(
        f"  - id: m{n}\n    audience: donors\n    title: T{n}\n    text: X\n    ask: Y\n"
        for n in range(count)
    )


def test_an_unclosed_quote_is_reported_where_it_opens(build_tree) -> None:
    """Issue 14: PyYAML notices a missing closing quote only at the end of the file; the
    error names the line the quote opens on and keeps PyYAML's context."""
    text = _messages(35) + "  - id: last\n    audience: donors\n    text: X\n    ask: Y\n"
    text += '    title: "Unclosed\n  - id: next\n    audience: donors\n'
    assert text.splitlines()[180] == '    title: "Unclosed'  # line 181
    library = build_tree({"local.yaml": text})
    code, stdout, stderr = draft_with(library)
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"error: {library / 'local.yaml'}:181:12: invalid YAML: found unexpected end of "
        "stream, while scanning a quoted scalar that starts here\n"
        "hint: close the quote opened here with the same quote mark\n"
    )


@pytest.mark.parametrize(
    ("written", "column", "named"),
    [
        pytest.param('"\\e[2J"', 12, "U+001B ESCAPE, a control character", id="escape"),
        pytest.param('"a\\0b"', 12, "U+0000 NULL, a control character", id="nul"),
        pytest.param('"a\\vb"', 12, "U+000B LINE TABULATION, a control character", id="vt"),
        pytest.param(
            '"a\\x9bb"', 12, "U+009B CONTROL SEQUENCE INTRODUCER, a control character", id="csi"
        ),
        pytest.param(
            '"a\\u202eb"',
            12,
            "U+202E RIGHT-TO-LEFT OVERRIDE, a bidi control that shows text in another "
            "order than it is written",
            id="rlo-escaped",
        ),
        pytest.param(
            "Pay \u202egnp.exe",
            16,  # written as it is: the character's own column
            "U+202E RIGHT-TO-LEFT OVERRIDE, a bidi control that shows text in another "
            "order than it is written",
            id="rlo-raw",
        ),
        pytest.param(
            '"a\\u2066b"',
            12,
            "U+2066 LEFT-TO-RIGHT ISOLATE, a bidi control that shows text in another "
            "order than it is written",
            id="isolate",
        ),
        pytest.param(
            '"a\\u200bb"',
            12,
            "U+200B ZERO WIDTH SPACE, an invisible character that hides a break or a word "
            "from the reader",
            id="zwsp",
        ),
    ],
)
def test_hidden_and_control_characters_are_refused(
    build_tree, written: str, column: int, named: str
) -> None:
    """Issue 13, 8: escaped or raw, a control, bidi or zero-width character in message
    text is refused at load with file:line:col, the field and the character's name."""
    text = f"messages:\n  - id: a\n    audience: donors\n    title: {written}\n    text: X\n"
    library = build_tree({"local.yaml": text})
    code, stdout, stderr = draft_with(library)
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"error: {library / 'local.yaml'}:4:{column}: title holds {named}\n"
        "hint: delete it: text holds printable characters, line breaks and tabs only "
        "(in quotes, an escape such as \\u202e or \\e counts too)\n"
    )
    assert "\x1b" not in stderr


def test_text_that_needs_joiners_and_tabs_still_loads(build_tree) -> None:
    """Emoji sequences (ZWJ), Persian (ZWNJ), right-to-left marks and tabs are text."""
    text = (
        "messages:\n  - id: a\n    audience: donors\n    title: T\n"
        '    text: "Families \U0001f468\u200d\U0001f469\u200d\U0001f467 \u0645\u06cc\u200c'
        '\u062e\u0648\u0627\u0647\u0645 \u200f!\\tTab."\n'
    )
    library = build_tree({"local.yaml": text})
    [message] = [m for m in load_library(library=[library]).messages if m.id == "a"]
    assert "\u200d" in message.text and "\u200c" in message.text and "\t" in message.text


def _with_url(url: str) -> str:
    return (
        "messages:\n  - id: a\n    audience: donors\n    title: T\n    text: X\n"
        f"    evidence:\n      - claim: c\n        source: s\n        url: '{url}'\n"
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "data:text/html,<script>x</script>",
        "ftp://x.org/a",
        "https://",
        "mailto:nobody",
        "www.example.org",
    ],
)
def test_evidence_urls_must_be_web_or_mail_addresses(build_tree, url: str) -> None:
    """Issue 13, 6: at load (draft exits 2) and in ``check`` (a finding on the line)."""
    library = build_tree({"local.yaml": _with_url(url)})
    code, stdout, stderr = draft_with(library)
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"error: {library / 'local.yaml'}:9:14: evidence url '{url}' is not a web or e-mail "
        "address\nhint: write the full address, starting with https:// (or http://, mailto:)\n"
    )
    checked = runner.invoke(app, ["check", "--format", "json", str(library / "local.yaml")])
    assert checked.exit_code == 1
    [finding] = json.loads(checked.stdout)["findings"]
    assert (finding["rule"], finding["line"]) == ("schema", 9)
    assert finding["message"].startswith("evidence url ")


@pytest.mark.parametrize("url", ["https://example.org/a?b=1", "http://x.org", "mailto:a@b.org"])
def test_web_and_mail_addresses_are_kept(build_tree, url: str) -> None:
    library = build_tree({"local.yaml": _with_url(url)})
    [message] = [m for m in load_library(library=[library]).messages if m.id == "a"]
    assert message.evidence[0].url == url
