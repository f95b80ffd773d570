"""Bombs under a memory limit (issue 13): each runs through the real command in a
process that may use at most :data:`MEMORY` of address space, and must end in a clean
error (exit 2, naming the file) well within :data:`SECONDS`. Also: the limits the
README and SECURITY.md state are the ones the code applies."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advocacy_kit.output.limits import LIMITS

from .test_hostile import CASES, DRAFT, HANDOUT_PDF, TEMPLATE_CASES, Case, working_folder

ROOT = Path(__file__).resolve().parents[2]
#: Address space for the whole command: several times what a normal run needs.
MEMORY = 1536 << 20
#: A generous bound, not a benchmark: the time limits are 5 s (templates) and 60 s
#: (Typst), and a loaded machine starts Python slowly.
SECONDS = 90

BOMBS = sorted(
    {case for case in TEMPLATE_CASES if "bomb" in case.file}, key=lambda c: (c.file, c.command)
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
    text = (ROOT / document).read_text(encoding="utf-8")
    for what, limit in LIMITS:
        assert f"| {what} | {limit} |" in text
