"""Help and tables at 80 columns, in a pipe (issue 14, item 9): lines fit, words and
examples are never split, no Python type names as metavars, a file:line or a name is
never broken over two lines."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = (
    (),
    ("draft",),
    ("count",),
    ("list",),
    ("show",),
    ("handout",),
    ("merge",),
    ("pack",),
    ("send",),
    ("check",),
    ("schema",),
    ("variant",),
    ("variant", "new"),
    ("variant", "refresh"),
    ("variant", "diff"),
    ("variant", "list"),
    ("profile",),
    ("profile", "show"),
    ("profile", "set"),
    ("profile", "edit"),
)


def piped(*args: str) -> subprocess.CompletedProcess[str]:
    """``advocacy-kit ARGS`` with its output in a pipe, 80 columns wide."""
    env = {k: v for k, v in os.environ.items() if k not in ("TERMINAL_WIDTH",)}
    env["COLUMNS"] = "80"
    return subprocess.run(
        [sys.executable, "-m", "advocacy_kit", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.fixture(scope="module")
def helps() -> dict[tuple[str, ...], str]:
    shown = {}
    for command in COMMANDS:
        result = piped(*command, "--help")
        assert (result.returncode, result.stderr) == (0, ""), command
        shown[command] = result.stdout
    return shown


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "advocacy-kit")
def test_help_fits_80_columns_and_names_no_python_types(
    helps: dict[tuple[str, ...], str], command: tuple[str, ...]
) -> None:
    text = helps[command]
    assert [line for line in text.splitlines() if len(line) > 80] == []
    assert re.findall(r"<(?:str|int|bool|path|float|list\[[^]]*\]|int range)>", text) == []
    assert "x>=" not in text
    # A bracketed note ([default: ...], [required]) is never split over two lines,
    # and a command's one-line summary in a list is never cut short.
    for line in text.splitlines():
        assert line.count("[") == line.count("]"), line
    commands = text.partition("\nCommands:\n")[2]
    assert [line for line in commands.splitlines() if line.endswith("...")] == []


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "advocacy-kit")
def test_examples_are_whole_lines_with_real_options(
    helps: dict[tuple[str, ...], str], command: tuple[str, ...]
) -> None:
    text = helps[command]
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if not line.startswith("    advocacy-kit "):
            continue
        words = shlex.split(line)  # a whole command: its quotes close on the line
        assert words[1 : 1 + len(command)] == list(command)
        # The next line is blank: the example did not go on to a second line.
        assert number + 1 == len(lines) or lines[number + 1] == ""
        for word in words:
            if word.startswith("-") and word != "-":
                assert re.search(rf"(^|[ ,]){re.escape(word)}[ ,\n]", text), word


def file_lines(text: str) -> list[str]:
    return re.findall(r"[^\s│]+\.yaml:\d+", text)


def test_variant_list_keeps_names_and_files_whole(build_tree: object) -> None:
    made = piped("variant", "new", "kenya", "--parent", "east-southern-africa")
    assert made.returncode == 0, made.stderr
    listed = piped("variant", "list")
    assert listed.returncode == 0, listed.stderr
    data = json.loads(piped("variant", "list", "--json").stdout)
    lines = listed.stdout.splitlines()
    for row in data:
        assert row["name"] in lines  # its own line, never cut
        assert f"  file: {row['path']}:{row['line']}" in lines
    assert all(len(line) <= 80 or ".yaml:" in line for line in lines)


def test_list_region_keeps_each_where_whole() -> None:
    listed = piped("list", "--region", "east-southern-africa")
    assert listed.returncode == 0, listed.stderr
    data = json.loads(piped("list", "--region", "east-southern-africa", "--json").stdout)
    assert file_lines(listed.stdout) == [row["where"] for row in data]


def test_check_problems_keep_file_and_line_whole(build_tree: object) -> None:
    Path("messages").mkdir()
    Path("messages/extra.yaml").write_text(
        "messages:\n"
        "  - id: extra-figure\n"
        "    audience: donors\n"
        "    title: A figure\n"
        '    text: "Nine in ten of the workforce say so."\n'
        "  - id: extra-figure-2\n"
        "    audience: media\n"
        "    title: Another figure\n"
        '    text: "More than 65% of the targets need them."\n',
        encoding="utf-8",
    )
    checked = piped("check")
    data = json.loads(piped("check", "--format", "json").stdout)
    wheres = [
        f"{p['path']}:{p['line']}" if p.get("line") else p["path"]
        for p in data["findings"]
        if p["path"].endswith(".yaml")
    ]
    assert wheres, data
    for where in wheres:
        assert where in checked.stdout.splitlines()
