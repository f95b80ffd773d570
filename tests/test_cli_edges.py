"""Edges of the command line no other test reaches (issue 19): the version and debug
flags, the error boundary's last line of defence, bad values refused with exit 2, and
outputs only some inputs produce (a side-by-side thread, a same-text variant change, a
stale finding's diff in the table, a resumed merge's temporary files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from advocacy_kit import __version__
from advocacy_kit.cli import guided
from advocacy_kit.cli.app import app
from advocacy_kit.cli.boundary import DEBUG_ENV, command_boundary
from advocacy_kit.cli.draft import draft
from advocacy_kit.cli.helptext import PlainHelp
from advocacy_kit.errors import ExitCode
from advocacy_kit.library.loader import load_library
from advocacy_kit.library.variants import content_hash
from conftest import BuildTree

runner = CliRunner()

MESSAGE = """\
  - id: {id}
    audience: {audience}
    title: {title}
    text: {text}
"""


def messages(*entries: str) -> str:
    return "messages:\n" + "".join(entries)


# -- the root command and the error boundary --


def test_version_prints_the_version_and_nothing_else() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"advocacy-kit {__version__}\n",
        "",
    )


def test_debug_flag_turns_on_tracebacks_for_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DEBUG_ENV, "0")  # restored after the test
    result = runner.invoke(app, ["--debug", "count", "Hi"])
    assert result.exit_code == 0
    assert os.environ[DEBUG_ENV] == "1"


def _failing(error: BaseException) -> typer.Typer:
    """A one-command app whose command raises ``error`` inside the error boundary."""
    one = typer.Typer()

    @one.command()
    @command_boundary
    def fail() -> None:
        raise error

    return one


def test_an_internal_error_is_a_short_message_and_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DEBUG_ENV, raising=False)
    result = runner.invoke(_failing(KeyError("odd\x1b[2J")), [])
    assert result.exit_code == ExitCode.INTERNAL == 3
    assert result.stderr == (
        "error: internal error: KeyError: 'odd\\x1b[2J'\n"
        "hint: this is a bug in advocacy-kit; please report it with the command you ran "
        f"(run with --debug or {DEBUG_ENV}=1 to see the details)\n"
    )


def test_an_internal_error_shows_its_traceback_with_debug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(DEBUG_ENV, "1")
    result = runner.invoke(_failing(ZeroDivisionError("none left")), [])
    assert result.exit_code == 3
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert "ZeroDivisionError: none left\nerror: internal error: ZeroDivisionError" in (
        result.stderr
    )


def test_a_reader_that_goes_away_is_not_an_error() -> None:
    result = runner.invoke(_failing(BrokenPipeError()), [])
    assert (result.exit_code, result.stderr) == (0, "")


# -- values refused before any work --


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["--date", "2026-13-01"],
            "error: '2026-13-01' is not a date\n"
            "hint: write the date as YYYY-MM-DD, e.g. 2026-10-19\n",
        ),
        (
            ["-f", "post", "-p", "sms", "--sms-parts", "0"],
            "error: --sms-parts must be 1 or more, not 0\n"
            "hint: give --sms-parts a whole number from 1 up\n",
        ),
        (
            ["-o", "letter.eml", "--email", "minister@example.org"],
            "error: an e-mail needs your address to come from\n"
            "hint: set it once: advocacy-kit profile set email you@example.org\n",
        ),
    ],
)
def test_draft_refuses_a_bad_value_with_exit_2(args: list[str], stderr: str) -> None:
    result = runner.invoke(app, ["draft", "-a", "donors", *args])
    assert (result.exit_code, result.stderr, result.stdout) == (2, stderr, "")
    assert list(Path().iterdir()) == []


def test_an_audience_left_without_messages_is_refused(build_tree: BuildTree) -> None:
    """A folder may give a built-in message's id to another audience: when it moves
    all of an audience's messages, drafting for that audience says so."""
    media = load_library().for_audience("media")
    moved = [MESSAGE.format(id=m.id, audience="workforce", title="T", text="Moved.") for m in media]
    folder = build_tree({"moved.yaml": messages(*moved)})
    result = runner.invoke(app, ["draft", "-a", "media", "-L", str(folder)])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: the library has no messages for audience 'media'\n"
        "hint: add messages with 'audience: media' to your library\n"
    )


# -- outputs only some inputs produce --

LONG_SENTENCE = (
    "Social service workers keep children safe and support families through hard times "
    "and connect older people to care and help communities recover after disasters and "
    "work in government offices and in community groups and in homes and every country "
    "needs enough of them trained well and paid fairly and supported by good supervision "
    "so that every family can get help when it needs it most."
)


def test_side_by_side_posts_show_a_thread_by_its_number_of_posts(build_tree: BuildTree) -> None:
    folder = build_tree(
        {
            "long.yaml": messages(
                MESSAGE.format(id="local-long", audience="media", title="T", text=LONG_SENTENCE)
            )
        }
    )
    args = ["draft", "-a", "media", "-f", "post", "-p", "x", "-p", "linkedin", "--thread"]
    result = runner.invoke(app, [*args, "-m", "local-long", "-L", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert "│ local-long │ thread of 2 │ 395/3000 │" in result.stdout


def test_count_leaves_out_the_line_end_a_windows_file_gives() -> None:
    """A real standard input keeps ``\\r\\n`` as it is (the test runner's does not)."""
    counted = subprocess.run(
        [sys.executable, "-m", "advocacy_kit", "count", "-", "--json"],
        input=b"Hello\r\n",
        capture_output=True,
        check=False,
    )
    assert (counted.returncode, counted.stderr) == (0, b"")
    assert {row["platform"]: row["length"] for row in json.loads(counted.stdout)}["x"] == 5


def test_draft_json_escapes_invisible_characters() -> None:
    """A right-to-left override (U+202E) and a tag character beyond the BMP (U+E0041)
    hide text from the reader; JSON shows them as escapes, the second as the surrogate
    pair JSON writes for such a character, and reads them back as they were."""
    to = "Hon. \u202eA\U000e0041B"
    result = runner.invoke(app, ["draft", "-a", "donors", "--to", to, "--json"])
    assert result.exit_code == 0
    assert "Dear Hon. \\u202eA\\udb40\\udc41B," in result.stdout
    assert "\u202e" not in result.stdout and "\U000e0041" not in result.stdout
    assert f"Dear {to}," in json.loads(result.stdout)["pieces"][0]["text"]


def test_check_table_shows_what_changed_in_a_stale_parent(build_tree: BuildTree) -> None:
    reviewed = content_hash("Workers help families.")
    folder = build_tree(
        {
            "base.yaml": messages(
                MESSAGE.format(
                    id="local-one", audience="donors", title="T", text="Workers help all families."
                )
            ),
            "variants/r1.yaml": "variant:\n  name: r1\n  parent: global\nmessages:\n"
            "  - id: local-one\n    #| Workers help families.\n"
            f"    based_on: {reviewed}\n    amplify: In our region too.\n",
        }
    )
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 1
    assert "what changed in the parent:" in result.stdout
    assert "Workers help {+all+} families." in result.stdout
    assert result.stdout.splitlines()[-1] == "checked 2 files, 2 messages, 1 variant: 1 problem"


def test_variant_diff_shows_word_changes_and_same_text_changes(build_tree: BuildTree) -> None:
    folder = build_tree(
        {
            "variants/r1.yaml": "variant:\n  name: r1\n  parent: global\nmessages:\n"
            "  - id: donors-sdg-targets\n    title: Our own title\n"
            "  - id: media-inclusion-equality\n    amplify: In our region too.\n",
        }
    )
    result = runner.invoke(app, ["variant", "diff", "r1", "-L", str(folder)])
    assert result.exit_code == 0, result.stderr
    blocks = result.stdout.split("\n\n")
    assert blocks[0].splitlines() == [
        f"donors-sdg-targets (change, not reviewed) {folder}/variants/r1.yaml:5",
        "  (same text; title, short versions, ask or evidence changed)",
    ]
    assert blocks[1].startswith(
        f"media-inclusion-equality (amplify, not reviewed) {folder}/variants/r1.yaml:7\n  "
    )
    assert blocks[1].endswith("{+In our\n  region too.+}\n")


def test_merge_removes_the_temporary_file_of_a_stopped_run_and_says_so() -> None:
    Path("r.csv").write_text("title,name\nHon.,Ann Lee\nDr.,Ben Okafor\n", encoding="utf-8")
    args = ["merge", "-a", "donors", "-r", "r.csv", "-o", "out", "--date", "2026-10-19"]
    assert runner.invoke(app, args).exit_code == 0
    Path("out/Ben-Okafor.md").unlink()
    left = Path("out/.Ben-Okafor.md.abcd1234.tmp")  # as a killed run leaves it
    left.write_text("half a lett", encoding="utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "Removed 1 unfinished temporary file(s) left by a stopped run.",
        "Resumed: 1 letter was there already and kept; wrote the 1 missing.",
    ]
    assert not left.exists()
    assert sorted(p.name for p in Path("out").iterdir()) == [
        "Ann-Lee.md",
        "Ben-Okafor.md",
        "manifest.csv",
    ]


def test_merge_columns_that_are_not_names_are_under_fields(build_tree: BuildTree) -> None:
    templates = build_tree({"letter.md.j2": 'Hello {{ fields["2nd_name"] }}.\n'})
    Path("r.csv").write_text("name,2nd name\nAnn Lee,Ann\n", encoding="utf-8")
    args = ["merge", "-a", "donors", "-r", "r.csv", "-o", "out", "--templates", str(templates)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert Path("out/Ann-Lee.md").read_text(encoding="utf-8") == "Hello Ann.\n"


def test_profile_edit_without_a_working_editor_says_how_to_set_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EDITOR", "/no/such/editor")
    monkeypatch.delenv("VISUAL", raising=False)
    result = runner.invoke(app, ["profile", "edit", "--team"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "created advocacy-kit.yaml\nerror: advocacy-kit.yaml: could not open an editor: "
    )
    assert result.stderr.endswith(
        "hint: set the EDITOR variable (e.g. EDITOR=nano), or edit the file yourself\n"
    )
    assert Path("advocacy-kit.yaml").exists()


# -- posts: hashtags and platforms said twice are used once --


def test_a_hashtag_or_platform_given_twice_is_used_once() -> None:
    args = ["draft", "-a", "media", "-f", "post", "-m", "media-inclusion-equality", "--json"]
    result = runner.invoke(app, [*args, "-p", "x", "-p", "X", "--hashtag", "SSWWeek"])
    assert result.exit_code == 0, result.stderr
    drafted = json.loads(result.stdout)
    assert (drafted["platform"], len(drafted["pieces"])) == ("x", 1)
    assert drafted["pieces"][0]["text"].count("#SSWWeek") == 1


def test_every_draft_option_is_named_by_its_long_flag_in_the_one_line_command() -> None:
    draft_command = typer.main.get_command(app).commands["draft"]
    long_flags = {
        param.name: next(o for o in param.opts if o.startswith("--"))
        for param in draft_command.params
        if param.opts[0].startswith("-")
    }
    parameters = guided.draft_parameters(draft)
    assert {name: guided.flag_of(p) for name, p in parameters.items()} == long_flags


# -- no terminal, no library: what a script or a shell sees --


def test_bare_command_with_standard_input_closed_prints_help_and_exits_2() -> None:
    """Run from a service with no standard input at all (``<&-``): no terminal to ask
    on, so the help and an error naming --audience."""
    ran = subprocess.run(
        ["sh", "-c", 'exec "$0" -m advocacy_kit <&-', sys.executable],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 2
    assert ran.stdout.startswith("Usage: advocacy-kit [OPTIONS] COMMAND [ARGS]...\n")
    assert ran.stderr.startswith("error: no command given, and no terminal to ask on\n")


def test_region_completion_offers_only_global_when_the_library_is_broken() -> None:
    """Completion runs while the user types: a broken ./messages file hides the
    variants but not "global", and says nothing, rather than fail."""
    Path("messages").mkdir()
    Path("messages/bad.yaml").write_text("messages:\n  - id: x\n   audience: donors\n")
    env = dict(os.environ)
    env.update(
        _ADVOCACY_KIT_COMPLETE="complete_bash",
        COMP_WORDS="advocacy-kit draft --region ",
        COMP_CWORD="3",
    )
    ran = subprocess.run(
        [sys.executable, "-m", "advocacy_kit"], env=env, capture_output=True, text=True
    )
    assert (ran.returncode, ran.stdout.split(), ran.stderr) == (0, ["global"], "")
    assert runner.invoke(app, ["draft", "-a", "donors"]).exit_code == 2, "the file is broken"


def test_a_source_two_messages_share_is_listed_once(build_tree: BuildTree) -> None:
    evidence = "    evidence:\n      - claim: 40% of families\n        source: A survey\n"
    folder = build_tree(
        {
            "two.yaml": messages(
                MESSAGE.format(
                    id="local-one",
                    audience="donors",
                    title="T",
                    text="Workers help 40% of families.",
                )
                + evidence,
                MESSAGE.format(
                    id="local-two",
                    audience="donors",
                    title="T",
                    text="So 40% of families fare better.",
                )
                + evidence,
            )
        }
    )
    args = ["draft", "-a", "donors", "-m", "local-one", "-m", "local-two", "-L", str(folder)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("\nSources\n1. 40% of families: A survey.\n")


def test_card_warns_of_alt_text_over_a_platform_limit(build_tree: BuildTree) -> None:
    text = " ".join(["Workers help families."] * 44)
    folder = build_tree(
        {
            "long.yaml": messages(
                MESSAGE.format(id="local-long", audience="media", title="T", text=text)
            )
        }
    )
    args = ["card", "-a", "media", "-m", "local-long", "-s", "story", "-L", str(folder), "-o", "c"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        "warning: the alt text of local-long-story is 1084 characters, over x's limit of 1000\n"
    )
    assert len(Path("c/local-long-story.alt.txt").read_text(encoding="utf-8")) == 1085


def test_help_leaves_out_a_hidden_option() -> None:
    one = typer.Typer(rich_markup_mode=None)  # plain help, as advocacy-kit's

    @one.command(cls=PlainHelp)
    def greet(
        name: Annotated[str, typer.Argument(help="Who to greet.", metavar="NAME")],
        secret: Annotated[bool, typer.Option("--secret", hidden=True)] = False,
    ) -> None:
        """Greet someone."""

    shown = runner.invoke(one, ["--help"])
    assert shown.exit_code == 0
    assert "NAME  Who to greet." in shown.stdout
    assert "--help" in shown.stdout and "--secret" not in shown.stdout
