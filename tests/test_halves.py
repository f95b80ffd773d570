"""A merge's rows shared by two processes (batch/halves.py; issue 17): the same letters,
in the same order, errors included, whichever process made them; and a copy that fails
or is left behind never changes the result."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest

from advocacy_kit.batch import halves
from advocacy_kit.batch.merge import run_merge
from advocacy_kit.batch.plan import plan_merge
from advocacy_kit.batch.problems import RecipientsError
from advocacy_kit.library.loader import load_library
from advocacy_kit.output import typst_worker

PARENT = os.getpid()


@pytest.fixture(autouse=True)
def _alone() -> None:
    """No other thread in this process, as in a merge's: the Typst children that tests
    of PDFs and cards share in the test process are stopped, and their reader threads
    end with them (the next test that needs one starts its own)."""
    for key in list(typst_worker._SHARED):
        typst_worker._SHARED.pop(key).close()
    for thread in threading.enumerate():
        if thread is not threading.main_thread():
            thread.join(timeout=30)
    assert threading.active_count() == 1


def made_by(start: int, stop: int, here: bool) -> list[tuple[int, int, bool]]:
    """Each row with the process that did it and whether that was the caller."""
    return [(row, os.getpid(), here) for row in range(start, stop)]


def test_many_rows_are_shared_by_two_processes() -> None:
    results = halves.in_halves(made_by, 4001)
    assert [row for row, _, _ in results] == list(range(4001))
    assert {pid for _, pid, _ in results} == {PARENT, {pid for _, pid, _ in results[2000:]}.pop()}
    assert all(here == (pid == PARENT) for _, pid, here in results)
    assert results[1999][1] == PARENT != results[2000][1]
    with pytest.raises(ChildProcessError):  # the copy was waited for
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.parametrize("count", [0, 1, halves.PARALLEL_ROWS - 1])
def test_few_rows_stay_in_this_process(count: int) -> None:
    assert halves.in_halves(made_by, count) == [(row, PARENT, True) for row in range(count)]


def test_no_copy_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        results = halves.in_halves(made_by, 3000)
    finally:
        stop.set()
        other.join()
    assert {pid for _, pid, _ in results} == {PARENT}


def test_a_copy_that_dies_leaves_its_rows_to_this_process() -> None:
    def dies_in_the_copy(start: int, stop: int, here: bool) -> list[tuple[int, int, bool]]:
        if not here:
            os._exit(3)
        return made_by(start, stop, here)

    assert halves.in_halves(dies_in_the_copy, 3000) == [(r, PARENT, True) for r in range(3000)]


def test_an_unexpected_error_in_the_copy_is_raised_here() -> None:
    """As on one core: this process does the copy's rows again and meets the error."""

    def fails_at_2500(start: int, stop: int, here: bool) -> list[int]:
        if start <= 2500 < stop:
            raise ValueError("row 2500")
        return list(range(start, stop))

    with pytest.raises(ValueError, match="row 2500"):
        halves.in_halves(fails_at_2500, 3000)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_interrupted_here_the_copy_is_ended_and_waited_for() -> None:
    def interrupted(start: int, stop: int, here: bool) -> list[int]:
        if here:
            raise KeyboardInterrupt
        threading.Event().wait(30)  # the copy would run long
        return list(range(start, stop))

    with pytest.raises(KeyboardInterrupt):
        halves.in_halves(interrupted, 3000)
    with pytest.raises(ChildProcessError):  # ended and waited for: no zombie
        os.waitpid(-1, os.WNOHANG)


ROWS = "title,name,organisation\n" + "".join(
    f"{('Hon.', 'Dr', 'Ms')[i % 3]},Person {i:05d},Ministry {i % 7}\n" for i in range(2600)
)


def _merge(tmp_path: Path, name: str, rows: str = ROWS) -> dict[str, str]:
    recipients = tmp_path / f"{name}.csv"
    recipients.write_text(rows, encoding="utf-8")
    plan = plan_merge(
        library=load_library(),
        recipients=recipients,
        out=tmp_path / name,
        audience="donors",
        format="md",
        sender="Amina Diallo",
        date=dt.date(2026, 10, 19),
    )
    run_merge(plan)
    return {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / name).glob("*.md")}


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The copies made from now on."""
    made: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    return made


def test_a_merge_on_two_cores_writes_the_letters_of_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    shared = _merge(tmp_path, "two")
    assert len(forks) == 1
    monkeypatch.setattr(halves, "PARALLEL_ROWS", 10**9)
    alone = _merge(tmp_path, "one")
    assert len(forks) == 1 and len(alone) == 2600
    assert shared == alone
    for row in (0, 1299, 1300, 2599):  # each row's own recipient, either side of the halves
        title = ("Hon.", "Dr", "Ms")[row % 3]
        letter = shared[f"Person-{row:05d}.md"]
        assert f"{title} Person {row:05d}  \nMinistry {row % 7}\n" in letter
        assert f"Dear {title} Person,\n" in letter


def test_a_row_the_template_fails_on_in_the_copy_is_named(tmp_path: Path, forks: list[int]) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "letter.md.j2").write_text(
        "{{ to }}\n{% if to.endswith('02501') %}{{ 1 / 0 }}{% endif %}\n", encoding="utf-8"
    )
    recipients = tmp_path / "r.csv"
    recipients.write_text(ROWS, encoding="utf-8")
    with pytest.raises(RecipientsError) as caught:
        plan_merge(
            library=load_library(),
            recipients=recipients,
            out=tmp_path / "out",
            audience="donors",
            format="md",
            templates=[templates],
            date=dt.date(2026, 10, 19),
        )
    assert len(forks) == 1
    assert "r.csv:2503" in str(caught.value) and "letter.md.j2:2" in str(caught.value)
    assert not (tmp_path / "out").exists()
