"""The README stays true: every command line in its code blocks names a real command
and real options (issue 2: "every command in it works")."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer

from advocacy_kit.cli.app import app

README = Path(__file__).resolve().parent.parent / "README.md"


def command_lines() -> list[str]:
    """Every ``advocacy-kit ...`` line of the README's code blocks, continuations joined."""
    lines: list[str] = []
    in_code = False
    pending = ""
    for raw in README.read_text(encoding="utf-8").splitlines():
        if raw.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if not in_code:
            continue
        line = pending + raw.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        line = re.sub(r"^\$ ", "", line)
        line = re.sub(r"^(?:[A-Z_]+=\S+ )+", "", line)  # EDITOR=nano advocacy-kit ...
        line = line.replace(".venv/bin/advocacy-kit", "advocacy-kit")
        for part in re.split(r"&&|\|\||;", line):
            part = part.strip()
            if part.startswith("advocacy-kit"):
                lines.append(part)
    return lines


def check_line(line: str) -> None:
    words = shlex.split(line.split(" < ", 1)[0].split(" > ", 1)[0], comments=True)[1:]
    command = typer.main.get_command(app)
    while hasattr(command, "commands"):  # a group (typer vendors its own click)
        names = [w for w in words if not w.startswith("-")]
        if not names or names[0] not in command.commands:
            break
        position = words.index(names[0])
        root_flags = words[:position]
        known = {o for p in command.params for o in p.opts}
        assert all(f.split("=")[0] in known for f in root_flags), line
        command = command.commands[names[0]]
        words = words[position + 1 :]
    options = {o for p in command.params for o in (*p.opts, *getattr(p, "secondary_opts", ()))}
    options |= {"--help", "-h"}
    for word in words:
        if word.startswith("--") or re.fullmatch(r"-[a-zA-Z]", word):
            assert word.split("=")[0] in options, f"{line}: no option {word}"


def test_readme_has_command_lines() -> None:
    assert len(command_lines()) > 40


@pytest.mark.parametrize("line", command_lines())
def test_every_readme_command_is_real(line: str) -> None:
    check_line(line)


def test_the_checker_catches_a_wrong_option() -> None:
    with pytest.raises(AssertionError):
        check_line("advocacy-kit draft --audiance donors")
    with pytest.raises(AssertionError):
        check_line("advocacy-kit variant new kenya --parnt x")
