"""The README is executed (issue 19): every ``sh`` and ``console`` block runs, in order,
in a scratch folder per section with a test profile, through the installed console
script; where a ``console`` block shows output, the output must match.

How a README block tells the runner what it is:

- ```` ```sh ````: each command line (``\\`` continuations joined) must exit 0, or the
  code a trailing ``# exit N`` comment names.
- ```` ```console ````: ``$ `` lines are commands; the lines after one, up to the next
  ``$ ``, are its output (stdout and stderr, as a terminal shows them). A block whose
  output is only illustrative starts its first line with ``$ `` and has no output lines.
- ``<!-- readme: skip, REASON -->`` on the line before a block: not run, for a block
  that needs what a test cannot give (a terminal, a mail server, a network, a second
  machine). The reason is required and shown in the test's id.
- ``<!-- readme: file NAME -->`` on the line before a block: the block's text is written
  to NAME in the section's scratch folder when the runner reaches it (a campaign file
  the README shows, then uses).
- Other files the examples read (a recipients spreadsheet, a post) come from
  ``tests/data/readme/``, copied into every scratch folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
FIXTURES = Path(__file__).resolve().parent / "data" / "readme"
SKIP = re.compile(r"<!--\s*readme:\s*skip,\s*(?P<why>[^>]+?)\s*-->")
FILE = re.compile(r"<!--\s*readme:\s*file\s+(?P<name>[\w.-]+)\s*-->")
EXIT = re.compile(r"\s+#\s*exit\s+(?P<code>\d+)\s*$")


@dataclass
class Command:
    line: int
    text: str
    exit_code: int = 0
    output: list[str] | None = None  # console blocks: the lines shown after it


@dataclass
class Block:
    section: str
    line: int
    kind: str
    skip: str | None = None
    commands: list[Command] = field(default_factory=list)
    file: tuple[str, str] | None = None  # (name, text) of a file block


def _commands(kind: str, body: list[tuple[int, str]]) -> list[Command]:
    commands: list[Command] = []
    pending = ""
    start = 0
    for number, raw in body:
        if kind == "console" and not pending:
            if raw.startswith("$ "):
                raw = raw[2:]
            elif commands:
                assert commands[-1].output is not None
                commands[-1].output.append(raw)
                continue
            else:
                continue
        if not pending:
            start = number
        text = pending + raw.strip()
        if text.endswith("\\"):
            pending = text[:-1] + " "
            continue
        pending = ""
        if not text or text.startswith("#"):
            continue
        exit_code = 0
        if found := EXIT.search(text):
            exit_code = int(found["code"])
            text = text[: found.start()]
        commands.append(Command(start, text, exit_code, [] if kind == "console" else None))
    return commands


def blocks() -> list[Block]:
    """The README's runnable blocks, in order, each with its section and skip note."""
    found: list[Block] = []
    section = "top"
    lines = README.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("## "):
            section = line[3:].strip()
        fence = re.match(r"^(\s*)```(\w*)\s*$", line)  # fences inside list items too
        if not fence:
            index += 1
            continue
        end = index + 1
        while not lines[end].lstrip().startswith("```"):
            end += 1
        kind = fence.group(2)
        indent = len(fence.group(1))
        before = lines[index - 1] if index else ""
        if named := FILE.search(before):
            text = "\n".join(line[indent:] for line in lines[index + 1 : end]) + "\n"
            found.append(Block(section, index + 1, kind, file=(named["name"], text)))
        elif kind in ("sh", "console"):
            skip = SKIP.search(before)
            body = [(n, line[indent:]) for n, line in enumerate(lines[index + 1 : end], index + 2)]
            found.append(
                Block(
                    section, index + 1, kind, skip["why"] if skip else None, _commands(kind, body)
                )
            )
        index = end + 1
    return found


def sections() -> dict[str, list[Block]]:
    grouped: dict[str, list[Block]] = {}
    for block in blocks():
        grouped.setdefault(block.section, []).append(block)
    return grouped


def scratch_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVOCACY_KIT_", "COV_"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        COLUMNS="80",
        TERMINAL_WIDTH="80",
        NO_COLOR="1",
        PYTHONIOENCODING="utf-8",
    )
    return env


def _workbook(source: Path, target: Path) -> None:
    """An Excel workbook with the rows of a CSV file, as a user's export would be."""
    import csv

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    book.save(target)


def run_section(name: str, folder: Path) -> None:
    home = folder / "home"
    work = folder / "work"
    home.mkdir()
    shutil.copytree(FIXTURES, work, ignore=shutil.ignore_patterns("README.md"))
    _workbook(work / "officials.csv", work / "officials.xlsx")
    env = scratch_env(home)
    for block in sections()[name]:  # files first: a command may come before its file
        if block.file:
            (work / block.file[0]).write_text(block.file[1], encoding="utf-8")
    for block in sections()[name]:
        if block.skip or block.file:
            continue
        for command in block.commands:
            if command.text.startswith(("python3 -m venv", "source ")):
                continue  # the quick start's install lines: CI itself runs them
            result = subprocess.run(
                ["bash", "-c", command.text.replace(".venv/bin/", "")],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                stdin=subprocess.DEVNULL,
            )
            where = f"README.md:{command.line}: {command.text}"
            assert result.returncode == command.exit_code, (
                f"{where}\nexit {result.returncode}\n{result.stdout}\n{result.stderr}"
            )
            assert "Traceback" not in result.stderr, where
            if command.output:
                shown = (result.stdout + result.stderr).rstrip("\n").splitlines()
                assert [s.rstrip() for s in shown] == [s.rstrip() for s in command.output], where


@pytest.mark.parametrize("name", list(sections()))
def test_readme_section_runs(name: str, tmp_path: Path) -> None:
    run_section(name, tmp_path)


def test_every_marker_is_understood() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(SKIP.findall(text)) + len(FILE.findall(text)) == text.count("<!-- readme:")


def test_the_runner_reads_console_output() -> None:
    body = [(1, "$ advocacy-kit count hi"), (2, "x: 2/280"), (3, "$ ls # exit 2")]
    commands = _commands("console", body)
    assert [(c.text, c.output, c.exit_code) for c in commands] == [
        ("advocacy-kit count hi", ["x: 2/280"], 0),
        ("ls", [], 2),
    ]


def test_the_runner_fails_on_a_wrong_exit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "README.md"
    fake.write_text("## S\n\n```sh\nfalse\n```\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "README", fake)
    (tmp_path / "run").mkdir()
    with pytest.raises(AssertionError, match="exit 1"):
        run_section("S", tmp_path / "run")
