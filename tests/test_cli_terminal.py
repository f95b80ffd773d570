"""Commands on a real terminal (a pseudo-terminal, with pexpect) where only a terminal
reaches the code (issue 19): ``count`` with nothing to count, and guided drafts: a
one-line command that carries a flag, posts that do not fit, options given on the
command line left unasked, one message to choose from, a file name checked as typed."""

from __future__ import annotations

import io
from pathlib import Path

import pexpect

from advocacy_kit.library.loader import load_library
from conftest import BuildTree
from test_guided import CTRL_U, DOWN, ENTER, finish, spawn


def region_and_messages(child: pexpect.spawn, *, messages: bool = True) -> None:
    """Answer the region question (the global messages) and, when asked, the messages
    question (all of them)."""
    child.expect("Which version of the messages")
    child.send(ENTER)
    if messages:
        child.expect("Which key messages")
        child.send(ENTER)


def test_count_with_no_text_on_a_terminal_says_how_to_give_it() -> None:
    status, shown = finish(spawn("count"))
    assert status == 2
    assert shown.replace("\r\n", "\n") == (
        "error: no text to count\n"
        'hint: give it as an argument, advocacy-kit count "Your post", '
        "or pipe it in: advocacy-kit count - < post.txt\n"
    )


def test_a_guided_thread_is_in_the_one_line_command() -> None:
    child = spawn("draft", "--thread")
    child.expect("Who is it for")
    child.send(DOWN + ENTER)  # media
    child.expect("What would you like to write")
    child.send(DOWN + ENTER)  # from talking points to posts
    child.expect("Which platform must the posts fit")
    child.send(ENTER)  # x
    region_and_messages(child)
    child.expect("Where should the draft go")
    child.send(ENTER)  # on the screen
    status, shown = finish(child)
    assert status == 0, shown
    assert shown.replace("\r\n", "\n").endswith(
        "Next time, the same in one line:\n"
        "  advocacy-kit draft --audience media --format post --platform x --thread\n"
    )


def test_guided_posts_that_do_not_fit_still_show_the_one_line_command(
    build_tree: BuildTree,
) -> None:
    long = "Workers " + "help families and communities and " * 12 + "care."
    folder = build_tree(
        {
            "long.yaml": "messages:\n  - id: local-long\n    audience: media\n"
            f"    title: T\n    text: {long}\n"
        }
    )
    child = spawn("draft", "-m", "local-long", "-L", str(folder))
    child.expect("Who is it for")
    child.send(DOWN + ENTER)
    child.expect("What would you like to write")
    child.send(DOWN + ENTER)
    child.expect("Which platform must the posts fit")
    child.send(ENTER)
    region_and_messages(child, messages=False)
    child.expect("Where should the draft go")
    child.send(ENTER)
    status, shown = finish(child)
    shown = shown.replace("\r\n", "\n")
    assert status == 1, shown
    assert "error: 1 post(s) do not fit: local-long on x (" in shown
    assert (
        "Next time, the same in one line:\n  advocacy-kit draft --audience media "
        f"--format post --message local-long --platform x --library {folder}\n"
    ) in shown


def test_a_guided_letter_asks_nothing_the_command_line_gave() -> None:
    child = spawn(
        "draft",
        "-o",
        "letter.md",
        "--to",
        "Hon. Jane Bore",
        "--sender",
        "Ann Other",
        "--organization",
        "Example Association",
    )
    child.logfile_read = shown = io.StringIO()
    child.expect("Who is it for")
    child.send(ENTER)  # donors
    child.expect("What would you like to write")
    child.send(ENTER)  # a letter
    region_and_messages(child)
    child.expect("How should the letter greet them")
    child.expect("Dear Hon. Bore")
    child.send(ENTER)
    status, rest = finish(child)
    assert status == 0, rest
    for question in ("Who is the letter to", "Your name", "Your organisation", "Where should"):
        assert question not in shown.getvalue()
    assert rest.replace("\r\n", "\n").endswith(
        "wrote letter.md\n\nNext time, the same in one line:\n"
        "  advocacy-kit draft --audience donors --format letter --to 'Hon. Jane Bore' "
        "--sender 'Ann Other' --organization 'Example Association' --output letter.md\n"
    )
    letter = Path("letter.md").read_text(encoding="utf-8")
    assert "Dear Hon. Bore," in letter and "Ann Other" in letter


def test_an_audience_of_one_message_and_a_file_name_checked_as_typed(
    build_tree: BuildTree,
) -> None:
    """No messages question when there is one message to choose; the file name is
    checked as it is typed: empty, then in a folder that does not exist."""
    media = load_library().for_audience("media")
    moved = "".join(
        f"  - id: {m.id}\n    audience: workforce\n    title: T\n    text: Moved.\n"
        for m in media[1:]
    )
    folder = build_tree({"moved.yaml": "messages:\n" + moved})
    child = spawn("draft", "-L", str(folder))
    child.logfile_read = shown = io.StringIO()
    child.expect("Who is it for")
    child.send(DOWN + ENTER)  # media
    child.expect("What would you like to write")
    child.send(ENTER)  # talking points
    region_and_messages(child, messages=False)
    child.expect("Where should the draft go")
    child.send(DOWN + ENTER)  # to a file
    child.expect("File name")
    child.send(CTRL_U + ENTER)
    child.expect("type a file name, e.g. talking-points.md")
    child.send("nowhere/points.md" + ENTER)
    child.expect("does not exist")  # "the folder nowhere ...", drawn in pieces
    child.send(CTRL_U + "points.md" + ENTER)
    status, rest = finish(child)
    assert status == 0, rest
    assert "Which key messages" not in shown.getvalue()
    points = Path("points.md").read_text(encoding="utf-8")
    assert media[0].title in points
    assert not any(m.title in points for m in media[1:] if m.title != media[0].title)
