"""Bombs under a memory limit (issue 13): each runs through the real command in a
process that may use at most :data:`MEMORY` of address space, and must end in a clean
error (exit 2, naming the file) well within :data:`SECONDS`. Also: the limits the
README and SECURITY.md state are the ones the code applies."""

from __future__ import annotations

import csv
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from advocacy_kit.batch.tables import MAX_ROWS, MAX_TABLE_BYTES
from advocacy_kit.library.yamlio import MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_VALUES
from advocacy_kit.output.limits import LIMITS
from advocacy_kit.output.typst_worker import TYPST_MEMORY, TYPST_SECONDS

from .test_hostile import (
    CASES,
    DRAFT,
    HANDOUT_PDF,
    INPUT_CASES,
    MERGE,
    TEMPLATE_CASES,
    Case,
    working_folder,
)

ROOT = Path(__file__).resolve().parents[2]
#: Address space for the whole command: several times what a normal run needs.
MEMORY = 1536 << 20
#: A generous bound, not a benchmark: the time limits are 5 s (templates) and 60 s
#: (Typst), and a loaded machine starts Python slowly.
SECONDS = 90

BOMBS = sorted(
    {case for case in TEMPLATE_CASES + INPUT_CASES if "bomb" in case.file},
    key=lambda c: (c.file, c.command),
)


def limited() -> None:
    """In the child: cap its memory."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_limited(
    work: Path, args: tuple[str, ...]
) -> tuple[subprocess.CompletedProcess[str], float]:
    """The real command under the memory limit, and how long it took."""
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "advocacy_kit", *args],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=SECONDS * 2,
        preexec_fn=limited,
        check=False,
    )
    return result, time.monotonic() - start


def test_a_normal_run_fits_in_the_memory_limit(tmp_path: Path) -> None:
    """The limit leaves room for real work, so a bomb's error is the bomb's."""
    result, _ = run_limited(tmp_path, (*DRAFT[:5], "-o", "letter.md"))
    assert result.returncode == 0, result.stderr
    result, _ = run_limited(tmp_path, (*HANDOUT_PDF[:3], "-o", "handout.pdf"))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("case", BOMBS, ids=lambda c: f"{c.file}-{c.command[0]}")
def test_a_bomb_ends_in_a_clean_error(tmp_path: Path, case: Case) -> None:
    work = working_folder(tmp_path, case)
    result, took = run_limited(work, case.command)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: ")
    assert case.where in result.stderr
    assert "Traceback" not in result.stderr
    assert "MemoryError" not in result.stderr
    assert took < SECONDS


def test_every_bomb_file_is_a_case() -> None:
    assert {c.file for c in BOMBS} == {p.name for p in CASES.glob("*bomb*")}


@pytest.mark.parametrize("document", ["README.md", "SECURITY.md"])
def test_the_documents_state_the_limits(document: str) -> None:
    text = " ".join((ROOT / document).read_text(encoding="utf-8").split())
    for what, limit in LIMITS:
        assert f"| {what} | {limit} |" in text
    typst = f"{TYPST_SECONDS:g} seconds and {TYPST_MEMORY >> 30} GiB"
    inputs = (MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_VALUES, MAX_TABLE_BYTES, MAX_ROWS)
    for number in (typst, *(f"{n:,}" for n in inputs), f"{csv.field_size_limit():,}"):
        assert number in text


def huge_rows(path: Path) -> None:
    path.write_text("name\n" + "".join(f"Person {n}\n" for n in range(MAX_ROWS + 1)))


def huge_cell(path: Path) -> None:
    path.write_text("name,address\nAnn," + "x" * (csv.field_size_limit() + 1) + "\nBob,B\n")


def zip_bomb(path: Path) -> None:
    """A workbook-shaped zip whose one part unpacks to more than the limit."""
    block = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part,
    ):
        for _ in range(MAX_TABLE_BYTES // len(block) + 1):
            part.write(block)


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("rows.csv", huge_rows, f"more than {MAX_ROWS:,} rows"),
        ("cell.csv", huge_cell, "field larger than field limit"),
        ("bomb.xlsx", zip_bomb, f"over {MAX_TABLE_BYTES:,} bytes"),
    ],
)
def test_a_huge_recipients_file_ends_in_a_clean_error(
    tmp_path: Path, name: str, make: Callable[[Path], None], says: str
) -> None:
    work = working_folder(tmp_path, Case("csv-cell-escapes.csv", "unused.csv", (), "", ""))
    make(work / name)
    args = tuple(name if a == "recipients.csv" else a for a in MERGE)
    result, took = run_limited(work, (*args, "--dry-run"))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"error: {name}")
    assert says in result.stderr
    assert "Traceback" not in result.stderr
    assert took < SECONDS
