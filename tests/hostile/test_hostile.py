"""Hostile inputs through the real command (issue 13): one input file per case in
``cases/``, each ending in a clean error that names the file and line, with no
traceback, nothing written or left behind, and no escape byte of the data reaching the
terminal.

Every case runs in a fresh working folder holding ``tpl/`` (the ``--templates``
folder), ``lib/`` (a ``--library`` folder), ``recipients.csv``, ``out/`` with a letter
already in it, and, outside ``tpl/``, a ``secret.txt`` that ``tpl/leak.txt`` or the
folder ``tpl/linked`` may link to.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parent / "cases"
SECRET = "TOP-SECRET-7f3a"
RECIPIENTS = "name,organisation\nAnn,A\nBob,B\nCat,C\nDan,D\n"
#: A generous bound: a bomb must end in a clean error long before this.
TIMEOUT = 120

DRAFT = ("draft", "-a", "donors", "--to", "Ann", "--templates", "tpl", "-o", "out/new.md")
MERGE = ("merge", "-a", "donors", "-r", "recipients.csv", "-o", "out", "--templates", "tpl")
HANDOUT_PDF = ("handout", "-a", "workforce", "--templates", "tpl", "-o", "out/handout.pdf")
HANDOUT_HTML = ("handout", "-a", "workforce", "--templates", "tpl", "-o", "out/handout.html")
CARD = ("card", "-a", "media", "--templates", "tpl", "--out", "out/cards")
PACK = ("pack", "sswweek", "--year", "2019", "--templates", "tpl", "-o", "out/kit")


@dataclass(frozen=True)
class Case:
    """A hostile input file, where it goes, the command that meets it and its end.

    Attributes:
        file: The input's name in ``cases/``.
        place: Where it is put in the working folder.
        command: The command's arguments (``{arg}`` is replaced by the file's text).
        where: ``name:line`` the error must name.
        says: A regular expression the error must match.
        code: The exit code.
        links: Links to make in ``tpl/``: ``leak.txt`` (to a file outside) or ``linked``
            (to a folder outside).
    """

    file: str
    place: str
    command: tuple[str, ...]
    where: str
    says: str
    code: int = 2
    links: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.file


LETTER = "tpl/letter.md.j2"

TEMPLATE_CASES = [
    # 1. Templates may not change the data they are given, in merge or draft.
    Case("shared-data-append.md.j2", LETTER, MERGE, "letter.md.j2:1", "unsafe"),
    Case("shared-data-clear.md.j2", LETTER, DRAFT, "letter.md.j2:2", "unsafe"),
    Case("shared-data-update.md.j2", LETTER, DRAFT, "letter.md.j2:3", "unsafe"),
    # 3. Nothing unbounded.
    Case("string-repeat-bomb.md.j2", LETTER, DRAFT, "letter.md.j2:2", "1,000,000"),
    Case("string-repeat-bomb.md.j2", LETTER, MERGE, "letter.md.j2:2", "1,000,000"),
    Case("nested-range-bomb.md.j2", LETTER, DRAFT, "letter.md.j2", "characters|seconds"),
    Case("silent-loop-bomb.md.j2", LETTER, DRAFT, "letter.md.j2", "seconds"),
    Case("lipsum-bomb.md.j2", LETTER, DRAFT, "letter.md.j2:2", r"lipsum\(\)"),
    Case("range-million.md.j2", LETTER, DRAFT, "letter.md.j2:2", r"range\(\)"),
    Case("range-million.md.j2", LETTER, MERGE, "letter.md.j2:2", r"range\(\)"),
    Case("shared-list-bomb.md.j2", LETTER, DRAFT, "letter.md.j2:2", "1,000,000"),
    Case("format-width-bomb.md.j2", LETTER, DRAFT, "letter.md.j2:1", "format width"),
    Case("power-bomb.md.j2", LETTER, DRAFT, "letter.md.j2:1", "bits"),
    Case("include-itself.md.j2", LETTER, DRAFT, "letter.md.j2:1", "too deeply"),
    # 10. The template's own faults are bad input (2), never internal errors (3).
    Case("recursive-macro.md.j2", LETTER, DRAFT, "letter.md.j2:1", "deep"),
    Case("recursive-macro.md.j2", LETTER, MERGE, "letter.md.j2:1", "deep"),
    Case("syntax-error.md.j2", LETTER, DRAFT, "letter.md.j2:2", "syntax error"),
    Case("syntax-error.md.j2", LETTER, MERGE, "letter.md.j2:2", "syntax error"),
    Case("unknown-filter.md.j2", LETTER, DRAFT, "letter.md.j2:3", "shout"),
    Case("unknown-filter.md.j2", LETTER, MERGE, "letter.md.j2:3", "shout"),
    Case("unknown-test.md.j2", LETTER, DRAFT, "letter.md.j2:2", "shouted"),
    Case("unknown-test.md.j2", LETTER, MERGE, "letter.md.j2:2", "shouted"),
    Case("division-by-zero.md.j2", LETTER, DRAFT, "letter.md.j2:2", "ZeroDivisionError"),
    Case("undefined-variable.md.j2", LETTER, DRAFT, "letter.md.j2:2", "undefined_thing"),
    Case(
        "handout-recursive-macro.html.j2",
        "tpl/handout.html.j2",
        HANDOUT_HTML,
        "handout.html.j2:1",
        "deep",
    ),
    Case(
        "pack-syntax-error.txt.j2", "tpl/pack/posts.txt.j2", PACK, "posts.txt.j2:3", "syntax error"
    ),
    # 5. Nothing outside the templates folder, by name or by link.
    Case("include-dotdot.md.j2", LETTER, DRAFT, "letter.md.j2:3", "outside the templates"),
    Case(
        "include-symlink.md.j2",
        LETTER,
        DRAFT,
        "letter.md.j2:2",
        "link to a file outside",
        links=("leak.txt",),
    ),
    Case(
        "include-linked-folder.md.j2",
        LETTER,
        DRAFT,
        "letter.md.j2:3",
        "link to a file",
        links=("linked",),
    ),
    Case(
        "include-symlink.md.j2",
        LETTER,
        MERGE,
        "letter.md.j2:2",
        "link to a file outside",
        links=("leak.txt",),
    ),
    Case(
        "typst-read-symlink.typ",
        "tpl/handout.typ",
        HANDOUT_PDF,
        "tpl/leak.txt",
        "link to a file outside",
        links=("leak.txt",),
    ),
    Case("typst-read-outside.typ", "tpl/handout.typ", HANDOUT_PDF, "handout.typ:3", "outside"),
    Case(
        "card-read-symlink.typ",
        "tpl/card.typ",
        CARD,
        "tpl/leak.txt",
        "link to a file outside",
        links=("leak.txt",),
    ),
    Case("card-range-bomb.typ", "tpl/card.typ", CARD, "card.typ", "Typst"),
    # 11. No package downloads.
    Case("typst-package-import.typ", "tpl/handout.typ", HANDOUT_PDF, "handout.typ:1", "package"),
    Case("typst-syntax-error.typ", "tpl/handout.typ", HANDOUT_PDF, "handout.typ:2", "Typst"),
    Case("typst-range-bomb.typ", "tpl/handout.typ", HANDOUT_PDF, "handout.typ", "Typst"),
]

# Message files: aliases and nesting are bounded before anything walks the tree.
INPUT_CASES = [
    Case(
        "yaml-alias-bomb.yaml",
        "lib/messages.yaml",
        ("list", "-L", "lib"),
        "messages.yaml:",
        "aliases are expanded",
    ),
    Case(
        "yaml-nesting-bomb.yaml",
        "lib/messages.yaml",
        ("list", "-L", "lib"),
        "messages.yaml:6",
        "50 levels",
    ),
]

# 4. Terminal escapes from data: shown, never sent.
ESCAPE_CASES = [
    Case(
        "csv-cell-escapes.csv",
        "recipients.csv",
        (*MERGE, "--dry-run"),
        "recipients.csv:2",
        "control character",
    ),
    Case(
        "yaml-key-escape.yaml",
        "lib/messages.yaml",
        ("list", "-L", "lib"),
        "messages.yaml:6",
        re.escape("\\x1b]0;pwned\\x07\\x1b[2Jcolour"),
    ),
    Case(
        "audience-escape.arg",
        "audience.arg",
        ("draft", "-a", "{arg}"),
        "",
        re.escape("\\x1b]0;pwned\\x07donors"),
    ),
]


def tree_state(root: Path) -> dict[str, str]:
    """Every path under ``root`` with a hash of its content (or its link's target)."""
    state = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            state[key] = "link:" + str(path.readlink())
        elif path.is_file():
            state[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            state[key] = "folder"
    return state


def working_folder(root: Path, case: Case) -> Path:
    """A fresh working folder with the case's file in its place."""
    work = root / "work"
    (work / "tpl").mkdir(parents=True)
    (work / "lib").mkdir()
    (work / "out").mkdir()
    (work / "outside").mkdir()
    (work / "out" / "Ann.md").write_text("An earlier letter, kept as it is.\n")
    (work / "secret.txt").write_text(SECRET + "\n")
    (work / "outside" / "secret.txt").write_text(SECRET + "\n")
    (work / "recipients.csv").write_text(RECIPIENTS)
    if "leak.txt" in case.links:
        (work / "tpl" / "leak.txt").symlink_to(work / "secret.txt")
    if "linked" in case.links:
        (work / "tpl" / "linked").symlink_to(work / "outside", target_is_directory=True)
    target = work / case.place
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CASES / case.file, target)
    return work


def run(work: Path, args: tuple[str, ...]) -> subprocess.CompletedProcess[bytes]:
    """The installed command, as a user runs it, in ``work``."""
    return subprocess.run(
        [sys.executable, "-m", "advocacy_kit", *args],
        cwd=work,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_every_case_file_is_used() -> None:
    used = {case.file for case in TEMPLATE_CASES + INPUT_CASES + ESCAPE_CASES} | {
        "html-safe-script.html.j2",
        "html-safe-cells.csv",
        "csv-cell-bidi.csv",
    }
    assert used == {path.name for path in CASES.iterdir()}


@pytest.mark.parametrize(
    "case",
    TEMPLATE_CASES + INPUT_CASES + ESCAPE_CASES,
    ids=lambda c: f"{c.file}-{c.command[0]}",
)
def test_hostile_input_ends_in_a_clean_error(tmp_path: Path, case: Case) -> None:
    work = working_folder(tmp_path, case)
    argument = (CASES / case.file).read_text(encoding="utf-8").strip("\n")
    args = tuple(argument if a == "{arg}" else a for a in case.command)
    before = tree_state(work)
    result = run(work, args)
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == case.code, stderr
    assert stderr.startswith("error: "), stderr
    assert case.where in stderr
    assert re.search(case.says, stderr), stderr
    assert "Traceback" not in stderr
    assert SECRET not in stderr + result.stdout.decode("utf-8", "replace")
    assert b"\x1b" not in result.stdout + result.stderr
    assert b"\xc2\x9b" not in result.stdout + result.stderr
    assert tree_state(work) == before  # nothing written, nothing left behind


def test_safe_cannot_put_a_script_into_html(tmp_path: Path) -> None:
    """9. ``|safe`` and a template's own markup: the letters hold no script, no event
    handler, no ``javascript:`` or ``data:`` URL, whatever the cells and template say."""
    case = Case("html-safe-script.html.j2", "tpl/letter.html.j2", (), "", "")
    work = working_folder(tmp_path, case)
    (work / "recipients.csv").write_bytes((CASES / "html-safe-cells.csv").read_bytes())
    result = run(work, (*MERGE, "-f", "html"))
    assert result.returncode == 0, result.stderr.decode()
    letters = sorted((work / "out").glob("*.html"))
    assert len(letters) == 2
    for letter in letters:
        html = letter.read_text(encoding="utf-8").lower()
        for banned in ("<script", "onclick", "onerror", "javascript:", "data:"):
            assert banned not in html, (letter.name, banned)


def test_bidi_characters_in_cells_are_shown_in_the_preview(tmp_path: Path) -> None:
    """4. A cell holding a right-to-left override or a zero-width space is shown as
    ``<U+202E>`` in the dry run's preview, not sent to the terminal."""
    case = Case("csv-cell-bidi.csv", "recipients.csv", (), "", "")
    work = working_folder(tmp_path, case)
    before = tree_state(work)
    result = run(work, (*MERGE, "--dry-run", "--preview", "2"))
    assert result.returncode == 0, result.stderr.decode()
    output = (result.stdout + result.stderr).decode("utf-8")
    assert "Ann <U+202E>evil" in output
    assert "Bob <U+200B><U+2066>Smith" in output
    for hidden in ("\u202e", "\u200b", "\u2066"):
        assert hidden not in output
    assert tree_state(work) == before
