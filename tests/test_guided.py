"""Guided drafting (issue 7): the questions, driven with prompt_toolkit's pipe input; the
whole flow in a real pseudo-terminal with pexpect; no terminal -> exit 2 naming the
flags; Ctrl-C -> 130 and nothing written; shell completion; start-up without questionary.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from advocacy_kit.cli import guided, questions
from advocacy_kit.cli.app import app
from advocacy_kit.cli.draft import draft
from advocacy_kit.cli.prompts import Prompter
from advocacy_kit.library.loader import load_library
from advocacy_kit.profile.fields import Profile
from advocacy_kit.profile.store import user_profile_path

runner = CliRunner()

DOWN = "\x1b[B"
ENTER = "\r"
SPACE = " "
CTRL_C = "\x03"
CTRL_U = "\x15"  # delete back to the start of the line


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def defaults() -> dict[str, Any]:
    return {name: p.default for name, p in guided.draft_parameters(draft).items()}


def ask(
    pipe: PipeInput,
    typed: str,
    *,
    given: dict[str, Any] | None = None,
    explicit: set[str] | None = None,
    profile: Profile | None = None,
    regions: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Answer the flow's questions with ``typed`` (keys sent ahead, as typed ahead)."""
    pipe.send_text(typed)
    loaded: list[str | None] = []

    def library_for(region: str | None) -> Any:
        loaded.append(region)
        return load_library()

    options = questions.ask(
        Prompter(input=pipe, output=DummyOutput()),
        {**defaults(), **(given or {})},
        explicit=explicit or set(),
        profile=profile or Profile(),
        library_for=library_for,
        regions=regions,
    )
    assert len(loaded) == 1
    return options


def expected(**changes: Any) -> dict[str, Any]:
    return {**defaults(), **changes}


# -- the questions, with pipe input --


def test_enter_all_the_way_gives_a_letter_to_donors_on_screen(keys: PipeInput) -> None:
    profile = Profile(sender="Jane Doe", organisation="Example Association")
    # Enter keeps the salutation built from the recipient ("Dear Hon. Minister").
    typed = ENTER + ENTER + ENTER + "Hon. Minister of Social Welfare" + ENTER + ENTER * 4
    options = ask(keys, typed, profile=profile)
    assert options == expected(
        audience="donors",
        format="letter",
        to="Hon. Minister of Social Welfare",
        sender="Jane Doe",
        organization="Example Association",
    )
    assert guided.command_line(options, profile=profile, command=draft) == (
        "advocacy-kit draft --audience donors --format letter "
        "--to 'Hon. Minister of Social Welfare'"
    )


def test_posts_for_media_on_bluesky_with_one_message_unticked_to_a_file(
    keys: PipeInput,
) -> None:
    media = [m.id for m in load_library().for_audience("media")]
    typed = (
        DOWN + ENTER  # media
        + DOWN + ENTER  # from its default, talking-points, down to post
        + DOWN + ENTER  # from x down to bluesky
        + DOWN + SPACE + ENTER  # untick the second message
        + DOWN + ENTER  # save it to a file
        + ENTER  # the suggested name
    )  # fmt: skip
    options = ask(keys, typed)
    assert options == expected(
        audience="media",
        format="post",
        platform=["bluesky"],
        message=[media[0], *media[2:]],
        output=Path("posts.md"),
        force=False,
    )
    assert guided.command_line(options, profile=Profile(), command=draft) == shlex.join(
        [
            "advocacy-kit",
            "draft",
            "--audience",
            "media",
            "--format",
            "post",
            *[part for mid in [media[0], *media[2:]] for part in ("--message", mid)],
            "--platform",
            "bluesky",
            "--output",
            "posts.md",
        ]
    )


def test_talking_points_ask_no_recipient_or_sender(keys: PipeInput) -> None:
    typed = DOWN + DOWN + ENTER + ENTER + ENTER + ENTER
    assert ask(keys, typed) == expected(audience="workforce", format="talking-points")


def test_options_given_as_flags_are_not_asked(keys: PipeInput) -> None:
    given = {"format": "post", "platform": "sms", "message": ["media-partners-with-communities"]}
    options = ask(
        keys, DOWN + ENTER + ENTER, given=given, explicit={"format", "platform", "message"}
    )
    assert options == expected(audience="media", **given)


def test_the_profile_prefills_the_sender_and_can_be_replaced(keys: PipeInput) -> None:
    profile = Profile(sender="Jane Doe", organisation="Example Association")
    typed = ENTER * 4 + CTRL_U + "Ann Other" + ENTER + ENTER + ENTER
    options = ask(keys, typed, profile=profile)
    assert (options["sender"], options["organization"]) == ("Ann Other", "Example Association")
    assert guided.command_line(options, profile=profile, command=draft) == (
        "advocacy-kit draft --audience donors --format letter --sender 'Ann Other'"
    )


def test_at_least_one_message_must_stay_ticked(keys: PipeInput) -> None:
    donors = [m.id for m in load_library().for_audience("donors")]
    untick_all = "".join(SPACE + DOWN for _ in donors)
    # Enter with nothing ticked is refused; tick the first again and accept.
    typed = ENTER + DOWN + DOWN + ENTER + ENTER + untick_all + ENTER + SPACE + ENTER + ENTER
    options = ask(keys, typed)
    assert (options["format"], options["message"]) == ("post", [donors[0]])


def test_an_existing_file_is_replaced_only_when_confirmed(keys: PipeInput) -> None:
    Path("talking-points.md").write_text("keep me\n", encoding="utf-8")
    typed = (
        DOWN + ENTER + ENTER + ENTER  # media, talking points, all messages
        + DOWN + ENTER  # to a file
        + CTRL_U + "talking-points.md" + ENTER  # exists (talking-points-2.md was offered)
        + "n"  # do not replace it
        + CTRL_U + "mine.xyz" + ENTER  # refused: not a kind advocacy-kit writes
        + CTRL_U + "talking-points.md" + ENTER + "y"  # replace it after all
    )  # fmt: skip
    options = ask(keys, typed)
    assert (options["output"], options["force"]) == (Path("talking-points.md"), True)
    assert Path("talking-points.md").read_text(encoding="utf-8") == "keep me\n"


def test_regions_are_asked_only_where_variants_exist(keys: PipeInput) -> None:
    profile = Profile(region="fr")
    typed = ENTER + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER + ENTER
    options = ask(keys, typed, regions=("east-southern-africa", "fr"), profile=profile)
    assert options["region"] == "fr"  # the profile's region is the default answer
    assert "--region" not in guided.command_line(options, profile=profile, command=draft)
    typed = ENTER + DOWN + DOWN + ENTER + ENTER + DOWN + ENTER + ENTER + ENTER
    options = ask(keys, typed, regions=("east-southern-africa", "fr"))
    assert (options["format"], options["region"]) == ("post", "east-southern-africa")


def test_ctrl_c_at_a_question_is_an_interrupt(keys: PipeInput) -> None:
    with pytest.raises(KeyboardInterrupt):
        ask(keys, ENTER + CTRL_C)


def test_run_with_pipe_input_writes_the_letter_the_command_line_makes(
    keys: PipeInput, capsys: pytest.CaptureFixture[str]
) -> None:
    region = ENTER if questions.region_names() else ""  # the global messages
    keys.send_text(
        ENTER + ENTER + region + ENTER + "Hon. Minister" + ENTER + ENTER + "Jane Doe" + ENTER
        + ENTER
        + DOWN + ENTER + CTRL_U + "guided.md" + ENTER
    )  # fmt: skip
    guided.run(None, command=draft, prompter=Prompter(input=keys, output=DummyOutput()))
    err = capsys.readouterr().err
    line = (
        "advocacy-kit draft --audience donors --format letter --to 'Hon. Minister' "
        "--sender 'Jane Doe' --output guided.md"
    )
    assert err == f"wrote guided.md\n\nNext time, the same in one line:\n  {line}\n"
    again = [*shlex.split(line)[1:-1], "typed.md"]
    result = runner.invoke(app, again)
    assert result.exit_code == 0, result.output
    assert Path("guided.md").read_text(encoding="utf-8") == Path("typed.md").read_text(
        encoding="utf-8"
    )


# -- without a terminal: nothing is asked, exit 2 naming the flags --

NO_TERMINAL_HINT = (
    "e.g. `advocacy-kit draft --audience donors` (audiences: donors, media, workforce)"
)


def test_draft_without_audience_and_no_terminal_exits_2() -> None:
    for args in (["draft"], ["draft", "--format", "post", "-o", "x.md"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            "error: missing option --audience, and no terminal to ask on\n"
            f"hint: pass it on the command line, {NO_TERMINAL_HINT}; or run the command "
            "in a terminal to be guided\n"
        )
    assert list(Path().iterdir()) == []


def test_bare_command_without_terminal_prints_help_and_exits_2() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 2
    assert result.stdout.lstrip().startswith("Usage: advocacy-kit [OPTIONS] COMMAND [ARGS]...")
    assert "profile" in result.stdout
    assert result.stderr == (
        "error: no command given, and no terminal to ask on\n"
        f"hint: to draft, pass at least --audience, {NO_TERMINAL_HINT}; or run "
        "advocacy-kit alone in a terminal to be guided\n"
    )


# -- a real terminal: pexpect in a pseudo-terminal --


#: Every file kind letters and talking points can be written as.
KINDS = ("md", "txt", "html", "pdf", "docx")


def spawn(*args: str) -> pexpect.spawn:
    env = dict(os.environ)
    env.update(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="100", LINES="40")
    env.pop("_TYPER_FORCE_DISABLE_TERMINAL", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "advocacy_kit", *args],
        cwd=str(Path.cwd()),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 100),
    )


def to_messages_question(child: pexpect.spawn) -> None:
    """Answer the region question when variants are installed (the global messages)."""
    if child.expect(["Which version of the messages", "Which key messages"]) == 0:
        child.expect("global")
        child.send(ENTER)
        child.expect("Which key messages")


def to_letter_recipient(child: pexpect.spawn, *, shown: str = "") -> None:
    """Answer with the defaults (a letter to donors, every message) up to the recipient,
    seeing ``shown`` among the audiences first."""
    child.expect("Who is it for")
    child.expect(shown)
    child.send(ENTER)
    child.expect("What would you like to write")
    child.send(ENTER)
    to_messages_question(child)
    child.send(ENTER)
    child.expect("Who is the letter to")


def finish(child: pexpect.spawn) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    before = child.before
    child.close()
    return child.exitstatus if child.exitstatus is not None else -child.signalstatus, before


def test_terminal_flow_from_start_to_a_written_letter() -> None:
    profile = user_profile_path()
    profile.parent.mkdir(parents=True)
    profile.write_text("sender: Jane Doe\norganisation: Example Association\n", "utf-8")
    child = spawn()
    # Each audience is shown with its description.
    to_letter_recipient(child, shown="Media and general public")
    child.send("Hon. Minister of Social Welfare" + ENTER)
    child.expect("How should the letter greet them")
    child.expect("Dear Hon. Minister")  # built from the title and office
    child.send(ENTER)
    child.expect("Your name, to sign with")
    child.expect("Jane Doe")  # prefilled from the profile
    child.send(ENTER)
    child.expect("Your organisation")
    child.send(ENTER)
    child.expect("Where should the draft go")
    child.send(DOWN + ENTER)
    child.expect("File name")
    child.send(CTRL_U + "letter.md" + ENTER)
    child.expect("wrote letter.md")
    child.expect("Next time, the same in one line:\r\n  ")
    child.expect("\r\n")
    line = child.before
    status, _ = finish(child)
    assert status == 0
    assert line == (
        "advocacy-kit draft --audience donors --format letter "
        "--to 'Hon. Minister of Social Welfare' --output letter.md"
    )
    letter = Path("letter.md").read_text(encoding="utf-8")
    assert letter.startswith("Jane Doe  \nExample Association\n\n")
    assert "Dear Hon. Minister," in letter
    # The command it teaches makes the very same letter.
    typed = runner.invoke(app, [*shlex.split(line)[1:-1], "again.md"])
    assert typed.exit_code == 0, typed.output
    assert Path("again.md").read_text(encoding="utf-8") == letter


def test_terminal_posts_shown_on_screen() -> None:
    regions = questions.region_names()
    child = spawn("draft", "--format", "post", "--platform", "bluesky")
    child.expect("Who is it for")
    child.send(DOWN + ENTER)
    if regions:  # choose the first regional variant
        child.expect("Which version of the messages")
        child.expect(regions[0])
        child.send(DOWN + ENTER)
    child.expect("Which key messages")
    child.send(ENTER)
    child.expect("Where should the draft go")
    child.send(ENTER)
    child.expect(r"\[media-partners-with-communities: \d+/300 on bluesky\]")
    child.expect("Next time, the same in one line:\r\n  ")
    child.expect("\r\n")
    region = ["--region", regions[0]] if regions else []
    assert child.before == shlex.join(
        ["advocacy-kit", "draft", "--audience", "media", "--format", "post", "--platform",
         "bluesky", *region]
    )  # fmt: skip
    status, _ = finish(child)
    assert status == 0
    assert list(Path().iterdir()) == []


def test_terminal_ctrl_c_exits_130_and_writes_nothing() -> None:
    child = spawn()
    to_letter_recipient(child)
    child.send("Hon. Minister" + CTRL_C)
    status, rest = finish(child)
    assert status == 130
    assert "interrupted" in rest
    assert list(Path().iterdir()) == []
    assert not user_profile_path().exists()


# -- every journey through the flow: the line it prints makes the same file (issue 19) --

FORMAT_KEYS = {"letter": ENTER, "talking-points": DOWN + ENTER, "post": DOWN + DOWN + ENTER}
JOURNEYS = [
    *((format, kind) for format in ("letter", "talking-points") for kind in KINDS),
    *(("post", kind) for kind in ("md", "txt", "html")),
]


def run_printed_line(line: str) -> int:
    """Run the one-line command the flow printed, as a user pasting it would."""
    words = shlex.split(line)
    assert words[:2] == ["advocacy-kit", "draft"]
    done = subprocess.run(
        [sys.executable, "-m", "advocacy_kit", *words[1:]],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in done.stderr
    return done.returncode


@pytest.mark.parametrize(("format", "kind"), JOURNEYS, ids=[f"{f}-{k}" for f, k in JOURNEYS])
def test_terminal_journey_and_its_line_make_the_same_file(format: str, kind: str) -> None:
    regions = questions.region_names()
    name = f"{'posts' if format == 'post' else format}.{kind}"
    child = spawn()
    child.expect("Who is it for")
    child.send(ENTER)  # donors
    child.expect("What would you like to write")
    child.send(FORMAT_KEYS[format])
    if format == "post":
        child.expect("Which platform must the posts fit")
        child.send(ENTER)
    if regions:  # with a region: the first variant
        child.expect("Which version of the messages")
        child.expect(regions[0])
        child.send(DOWN + ENTER)
    child.expect("Which key messages")
    child.send(ENTER)
    if format == "letter":
        child.expect("Who is the letter to")
        child.send("Hon. Minister of Social Welfare" + ENTER)
        child.expect("How should the letter greet them")
        child.send(ENTER)  # the salutation built from the title and office
        child.expect("Your name, to sign with")
        child.send("Jane Doe" + ENTER)
        child.expect("Your organisation")
        child.send(ENTER)
    child.expect("Where should the draft go")
    child.send(DOWN + ENTER)
    child.expect("File name")
    child.send(CTRL_U + name + ENTER)
    child.expect(f"wrote {name}")
    child.expect("Next time, the same in one line:\r\n  ")
    child.expect("\r\n")
    line = child.before
    status, _ = finish(child)
    assert status in (0, 1)  # 1: a post that does not fit, written and reported
    assert f"--output {name}" in line
    assert ("--region" in line) == bool(regions)
    made = Path(name).read_bytes()
    Path(name).rename(f"flow.{kind}")
    assert run_printed_line(line) == status
    assert Path(name).read_bytes() == made


def test_terminal_refuses_a_file_kind_posts_cannot_be_and_asks_again() -> None:
    child = spawn("draft", "--format", "post", "--platform", "bluesky")
    child.expect("Who is it for")
    child.send(DOWN + ENTER)  # media
    to_messages_question(child)
    child.send(ENTER)
    child.expect("Where should the draft go")
    child.send(DOWN + ENTER)
    child.expect("File name")
    child.expect(r"\(the ending chooses the kind: \.txt, \.md, \.html\)")
    child.send(CTRL_U + "posts.pdf" + ENTER)
    child.expect("posts cannot be written as .pdf; write posts to a .txt, .md or .html file")
    child.send(CTRL_U + "posts.md" + ENTER)
    child.expect("wrote posts.md")
    status, rest = finish(child)
    assert status == 0
    assert "--output posts.md" in rest
    assert sorted(p.name for p in Path().iterdir()) == ["posts.md"]


def test_terminal_checks_a_typed_option_before_asking_the_rest() -> None:
    child = spawn("draft", "--format", "post", "-o", "posts.pdf")
    child.expect("Who is it for")
    child.send(ENTER)
    status, rest = finish(child)
    assert status == 2
    assert "error: posts cannot be written as .pdf" in rest
    assert "Which" not in rest and "Next time" not in rest
    assert list(Path().iterdir()) == []


def test_terminal_draft_that_fails_prints_no_command_line(build_tree: Any) -> None:
    templates = build_tree({"letter.txt.j2": "Dear {{ nobody }}\n"})
    child = spawn("draft", "--templates", str(templates))
    to_letter_recipient(child)
    child.send(ENTER)
    for question in ("Your name", "Your organisation"):
        child.expect(question)
        child.send(ENTER)
    child.expect("Where should the draft go")
    child.send(ENTER)  # on the screen
    status, rest = finish(child)
    assert status == 2
    assert "template uses an undefined variable" in rest
    assert "Next time" not in rest


# -- shell completion --


def complete(words: str) -> list[str]:
    env = dict(os.environ)
    parts = words.split(" ")
    env.update(
        _ADVOCACY_KIT_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(len(parts) - 1)
    )
    out = subprocess.run(
        [sys.executable, "-m", "advocacy_kit"], env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_completion_of_audiences_formats_platforms_and_profile_keys() -> None:
    assert complete("advocacy-kit draft --audience ")[:3] == ["donors", "media", "workforce"]
    assert complete("advocacy-kit draft --audience go") == ["government", "governments"]
    assert complete("advocacy-kit draft --format t") == ["talking-points"]
    assert complete("advocacy-kit draft --platform ") == [
        "x",
        "bluesky",
        "mastodon",
        "threads",
        "linkedin",
        "facebook",
        "sms",
    ]
    assert complete("advocacy-kit profile set s") == [
        "sender",
        "signature",
        "smtp.host",
        "smtp.port",
        "smtp.security",
        "smtp.user",
    ]


def test_region_completion_lists_the_variants_when_there_are_any() -> None:
    names = questions.region_names()
    assert names, "the built-in library ships regional variants"
    assert questions.complete_region("") == ["global", *names]
    assert complete("advocacy-kit draft --region ") == ["global", *names]


def test_region_completion_offers_global_beside_a_broken_message_file() -> None:
    Path("messages").mkdir()
    Path("messages/broken.yaml").write_text("messages: [\n", encoding="utf-8")
    assert questions.complete_region("") == ["global"]
    assert questions.complete_region("gl") == ["global"]


# -- start-up: questionary only when a question is asked --


def modules_after(args: list[str], *, stdin: str = "") -> set[str]:
    probe = (
        "import sys, json\nfrom advocacy_kit.cli.app import app\n"
        f"try:\n    app({args!r}, prog_name='advocacy-kit')\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, input=stdin)
    return {name.split(".")[0] for name in json.loads(out.stderr.splitlines()[-1])}


@pytest.mark.parametrize(
    "args", [["--help"], ["draft", "--help"], ["profile", "--help"], [], ["draft"]]
)
def test_no_questionary_without_a_question(args: list[str]) -> None:
    assert modules_after(args).isdisjoint({"questionary", "prompt_toolkit"})
