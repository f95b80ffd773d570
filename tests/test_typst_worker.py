"""The Typst child process (issue 13): its protocol, its compilers and memory cap, and
the parent stopping it: at the time limit, when it dies, and when it is closed."""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from advocacy_kit.output import typst_worker
from advocacy_kit.output.typst_worker import TypstFailed, TypstProcess, TypstStopped

#: A document that takes Typst far longer than the shortened limit of these tests.
SLOW = "#for i in range(10000) { for j in range(10000) { let x = i * j } }\n"
#: A document whose one array needs far more memory than the child may use.
HUGE = "#let xs = range(1000000000)\n#xs.len()\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def request(template: Path, **changes: Any) -> dict[str, Any]:
    data = {"template": str(template), "fonts": [], "data": "{}", "timestamp": 0}
    return {**data, **changes}


class Child:
    """``python -m advocacy_kit.output.typst_worker``, spoken to as the parent does."""

    def __init__(self, preexec_fn: Callable[[], None] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "advocacy_kit.output.typst_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            preexec_fn=preexec_fn,
        )

    def ask(self, message: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        assert self.process.stdin is not None and self.process.stdout is not None
        typst_worker._send(self.process.stdin, json.dumps(message).encode("utf-8"))
        reply = typst_worker._receive(self.process.stdout)
        assert reply is not None
        head, _, made = reply.partition(b"\n")
        return json.loads(head), made

    def address_space(self) -> str:
        """The child's own limit on its address space, as the kernel reports it."""
        limits = Path(f"/proc/{self.process.pid}/limits").read_text(encoding="ascii")
        return next(line for line in limits.splitlines() if "address space" in line)

    def end(self) -> int:
        """Close the child's input; it ends on its own."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        return self.process.wait(timeout=60)


def test_the_child_compiles_reports_and_ends_when_its_input_closes(tmp_path: Path) -> None:
    letter = write(tmp_path / "a", "letter.typ", '#set text(font: "No Such Font")\nHello.\n')
    broken = write(tmp_path / "b", "broken.typ", "#let x = \n")
    pages = write(tmp_path / "c", "pages.typ", "One.\n#pagebreak()\nTwo.\n")
    labelled = write(tmp_path / "d", "query.typ", '#metadata((name: "Ann")) <who>\nHi.\n')
    child = Child()
    answer, made = child.ask(request(letter))
    assert answer["pages"] == 1 and answer["query"] is None
    assert answer["warnings"] == ["Typst: unknown font family: no such font"]
    assert PdfReader(io.BytesIO(made)).pages[0].extract_text() == "Hello."
    again, _ = child.ask(request(letter))  # the same compiler and fonts, kept
    assert again == answer
    error, nothing = child.ask(request(broken))
    assert nothing == b""
    assert error["error"]["message"] == "expected expression"
    assert "broken.typ:1:8" in error["error"]["diagnostic"]
    answer, made = child.ask(request(pages, format="png", ppi=10))
    assert answer["pages"] == 2 and made.startswith(b"\x89PNG")
    answer, _ = child.ask(request(labelled, query="<who>"))
    assert json.loads(answer["query"]) == {"name": "Ann"}
    assert child.end() == 0


def test_the_child_starts_its_compilers_again_after_many_folders(tmp_path: Path) -> None:
    count = typst_worker._COMPILERS_KEPT + 2
    templates = [write(tmp_path / str(n), "t.typ", f"Folder {n}.\n") for n in range(count)]
    child = Child()
    for n, template in enumerate([*templates, templates[0]]):
        _, made = child.ask(request(template))
        assert PdfReader(io.BytesIO(made)).pages[0].extract_text() == f"Folder {n % count}."
    assert child.end() == 0


def test_the_child_caps_its_memory_and_keeps_a_lower_cap(tmp_path: Path) -> None:
    template = write(tmp_path, "t.typ", "Hi.\n")
    lower = typst_worker.TYPST_MEMORY // 2

    def lower_cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (lower, lower))

    for preexec_fn, cap in ((None, typst_worker.TYPST_MEMORY), (lower_cap, lower)):
        child = Child(preexec_fn)
        child.ask(request(template))
        assert child.address_space().split()[3:5] == [
            str(cap),
            str(lower if preexec_fn else "unlimited"),
        ]
        assert child.end() == 0


@pytest.fixture
def process() -> Iterator[TypstProcess]:
    made = TypstProcess()
    yield made
    made.close()


def test_a_slow_document_is_stopped_and_the_next_gets_a_new_child(
    tmp_path: Path, process: TypstProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(typst_worker, "TYPST_SECONDS", 1.0)
    slow = write(tmp_path, "slow.typ", SLOW)
    quick = write(tmp_path, "quick.typ", "Quick.\n")
    process.compile(quick, "{}", 0)
    first = process._child
    assert first is not None
    with pytest.raises(TypstStopped, match=r"^Typst ran longer than 1 seconds$"):
        process.compile(slow, "{}", 0)
    assert first.returncode == -signal.SIGKILL and process._child is None
    made, warnings = process.compile(quick, "{}", 0)
    assert PdfReader(io.BytesIO(made)).pages[0].extract_text() == "Quick."
    assert warnings == [] and process._child not in (None, first)


def test_a_document_that_needs_too_much_memory_stops_the_child(
    tmp_path: Path, process: TypstProcess
) -> None:
    huge = write(tmp_path, "huge.typ", HUGE)
    with pytest.raises(TypstStopped, match=r"^Typst used more than 2 GiB of memory$"):
        process.compile(huge, "{}", 0)
    with pytest.raises(TypstFailed, match="unknown variable: nope"):
        process.compile(write(tmp_path, "bad.typ", "#nope\n"), "{}", 0)


def test_a_child_that_died_after_its_last_document_is_reported(
    tmp_path: Path, process: TypstProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = write(tmp_path, "quick.typ", "Quick.\n")
    process.compile(quick, "{}", 0)
    child = process._child
    assert child is not None
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    # Fault injection: it dies just after the parent saw it running.
    monkeypatch.setattr(child, "poll", lambda: None)
    with pytest.raises(TypstStopped, match=r"^Typst stopped unexpectedly \(exit -9\)$"):
        process.compile(quick, "{}", 0)
    assert process._child is None


def test_closing_lets_an_idle_child_end_on_its_own(tmp_path: Path, process: TypstProcess) -> None:
    process.compile(write(tmp_path, "quick.typ", "Quick.\n"), "{}", 0)
    child = process._child
    assert child is not None
    process.close()
    assert child.returncode == 0  # ended normally, not killed
    assert process._child is None and process._empty is None
