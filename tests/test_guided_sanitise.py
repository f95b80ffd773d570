"""The guided flow on a real terminal shows data through ``errors.visible()`` (issue
13): a control or bidi character in a message title, a variant name or a profile value
reaches the screen as a visible escape, never as itself, and a prefilled answer kept as
it is still gives the value itself."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pexpect

ENTER = "\r"

#: Colour, a bell and a right-to-left override, as a message file could not hold them
#: but a library built in Python (or a future reader) might.
TITLE = "Pay \x1b[31mred\x07 and \u202eflipped"
REGION = "east\x1b]0;owned\x07"
SENDER = "Jane \u202eDoe"

#: Runs the flow's questions on the terminal with a library and profile holding them.
DRIVER = """
import json, sys
import msgspec
from advocacy_kit.cli import guided, questions
from advocacy_kit.cli.draft import draft
from advocacy_kit.cli.prompts import Prompter
from advocacy_kit.library.loader import load_library
from advocacy_kit.profile.fields import Profile

title, region, sender, answers = sys.argv[1:]
library = load_library()
first = library.for_audience("donors")[0]
tampered = msgspec.structs.replace(
    library,
    messages=tuple(
        msgspec.structs.replace(m, title=title) if m is first else m for m in library.messages
    ),
)
given = {name: p.default for name, p in guided.draft_parameters(draft).items()}
given.update(format="letter")
options = questions.ask(
    Prompter(),
    given,
    explicit={"format"},
    profile=Profile(sender=sender),
    library_for=lambda name: tampered,
    regions=[region],
)
with open(answers, "w", encoding="utf-8") as file:
    json.dump({k: options[k] for k in ("region", "message", "sender")}, file)
"""


def test_data_in_questions_reaches_the_terminal_only_as_visible_escapes(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    env = dict(os.environ)
    env.update(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="100", LINES="40")
    child = pexpect.spawn(
        sys.executable,
        ["-c", DRIVER, TITLE, REGION, SENDER, str(answers)],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 100),
    )
    child.logfile_read = shown = io.StringIO()
    child.expect("Who is it for")
    child.send(ENTER)  # donors
    child.expect("Which version of the messages")
    child.expect("owned")
    child.send(ENTER)  # global
    child.expect("Which key messages")
    child.expect("flipped")
    child.send(ENTER)  # all of them
    child.expect("Who is the letter to")
    child.send(ENTER)
    child.expect("Your name, to sign with")
    child.expect("Doe")
    child.send(ENTER)  # the profile's, kept
    for question in ("Your organisation", "Where should the draft go"):
        child.expect(question)
        child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, shown.getvalue()

    screen = shown.getvalue()
    assert "Pay \\x1b[31mred\\x07 and <U+202E>flipped" in screen
    assert "east\\x1b]0;owned\\x07" in screen
    assert "Jane <U+202E>Doe" in screen
    for raw in ("\x1b[31mred", "\x07", "\x1b]0;", "\u202e"):
        assert raw not in screen, repr(raw)
    # The answers are the data itself: the escapes were only for the eye.
    assert json.loads(answers.read_text(encoding="utf-8")) == {
        "region": None,
        "message": None,
        "sender": SENDER,
    }
