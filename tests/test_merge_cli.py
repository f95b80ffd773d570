"""``advocacy-kit merge`` on the command line (issue 6): whole outputs, exit codes,
refusals that leave the folder as it was, a real process killed and resumed, the
progress bar on a real terminal."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.compose.drafts import compose_draft
from advocacy_kit.library.loader import load_library
from advocacy_kit.output.documents import render_draft

runner = CliRunner()
DATE = "2026-10-19"
SENDER = "Amina Diallo"
COMMON = ["--audience", "donors", "--sender", SENDER, "--date", DATE]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def letter(to: str | None, kind: str = "md") -> str:
    draft = compose_draft(
        library=load_library(),
        audience="donors",
        format="letter",
        to=to,
        sender=SENDER,
        date=dt.date.fromisoformat(DATE),
    )
    return render_draft(draft, kind)


def people(count: int) -> str:
    return "title,name\n" + "".join(f"Hon.,Person {i:04d}\n" for i in range(count))


def merge(*args: str) -> object:
    return runner.invoke(app, ["merge", *COMMON, *args])


def test_help_is_for_advocates() -> None:
    result = runner.invoke(app, ["merge", "--help"])
    assert result.exit_code == 0
    assert "Write one letter per recipient in a spreadsheet." in result.stdout
    assert "--dry-run" in result.stdout and "--recipients" in result.stdout


def test_run_resume_and_nothing_left() -> None:
    Path("r.csv").write_text(people(3))
    result = merge("-r", "r.csv", "-o", "out")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "Wrote 3 letters to out/ as md.\nManifest: out/manifest.csv\n",
        "",
    )
    assert Path("out/Person-0001.md").read_text() == letter("Hon. Person 0001")
    Path("out/Person-0001.md").unlink()
    result = merge("-r", "r.csv", "-o", "out")
    assert (result.exit_code, result.stdout) == (
        0,
        "Resumed: 2 letters were there already and kept; wrote the 1 missing.\n"
        "Manifest: out/manifest.csv\n",
    )
    Path("out/Person-0002.md").write_text("my own edit")
    result = merge("-r", "r.csv", "-o", "out")
    assert (result.exit_code, result.stdout) == (
        0,
        "All 3 letters are there already in out/: nothing to write.\n"
        "note: 1 letter kept differs from what this run would write (edited by hand, or the "
        "recipients changed); --force replaces them.\n"
        "Manifest: out/manifest.csv\n",
    )
    assert Path("out/Person-0002.md").read_text() == "my own edit"
    result = merge("-r", "r.csv", "-o", "out", "--force")
    assert (result.exit_code, result.stdout) == (
        0,
        "Replaced 3 letters in out/ (--force).\nManifest: out/manifest.csv\n",
    )
    assert Path("out/Person-0002.md").read_text() == letter("Hon. Person 0002")


def test_dry_run_shows_the_first_letter_and_the_names() -> None:
    Path("r.csv").write_text(people(25))
    Path("out").mkdir()
    Path("out/Person-0000.md").write_text("kept")
    before = snapshot(Path.cwd())
    result = merge("-r", "r.csv", "-o", "out", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert snapshot(Path.cwd()) == before
    names = [
        f"  r.csv:{i + 2:<2}  Person-{i:04d}.md  ({'there, kept' if i == 0 else 'new'})"
        for i in range(20)
    ]
    assert result.stdout == "\n".join(
        [
            "Dry run: nothing was written.",
            "Would write 24 letters to out/ as md, 1 there already and kept, and out/manifest.csv.",
            "",
            "--- out/Person-0000.md (r.csv:2) ---",
            letter("Hon. Person 0000").rstrip("\n"),
            "--- end of letter ---",
            "",
            "File names:",
            *names,
            "  ... and 5 more",
            "",
        ]
    )


def test_dry_run_json() -> None:
    Path("r.csv").write_text(people(2))
    result = merge("-r", "r.csv", "-o", "out", "--dry-run", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "recipients": "r.csv",
        "out": "out",
        "format": "md",
        "letters": [
            {"line": 2, "file": "Person-0000.md", "audience": "donors", "status": "new"},
            {"line": 3, "file": "Person-0001.md", "audience": "donors", "status": "new"},
        ],
        "notes": [],
    }
    assert not Path("out").exists()


def test_run_json() -> None:
    Path("r.csv").write_text(people(2))
    result = merge("-r", "r.csv", "-o", "out", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "out": "out",
        "written": 2,
        "replaced": 0,
        "kept": 0,
        "kept_different": 0,
        "manifest": "out/manifest.csv",
        "removed_temp_files": 0,
        "notes": [],
    }


@pytest.mark.parametrize(
    ("csv_text", "args", "stderr"),
    [
        (
            "name,organisation\nJane,A\n,B\njane,C\nAma\n",
            ["--name", "{name}"],
            "error: recipients.csv: 3 problems found, no letter was written\n"
            "recipients.csv:3: the 'name' cell is empty\n"
            "recipients.csv:4: the letter's file name 'jane.md' is the same as line 2's "
            "(names are compared ignoring case): add a column to --name to tell them apart\n"
            "recipients.csv:5: row has 1 cell but the header has 2: is a ',' missing?\n"
            "hint: fix these lines, or use --name with more columns, e.g. --name "
            '"{name}-{organisation}"\n',
        ),
        (
            "name\nJane\n",
            ["--name", "{surname}"],
            "error: recipients.csv: 1 problem found, no letter was written\n"
            "recipients.csv:1: no column 'surname', which --name uses (did you mean 'name'?)\n"
            "hint: fix these lines in the recipients file and run the same command again\n",
        ),
        (
            "name\nJane\n",
            ["--format", "odt"],
            "error: unknown format 'odt'\nhint: valid formats: docx, eml, html, md, pdf, txt\n",
        ),
        (
            "name\nJane\n",
            ["--delimiter", "|"],
            "error: unknown delimiter '|'\n"
            "hint: use --delimiter ',' or --delimiter ';' or --delimiter tab\n",
        ),
    ],
)
def test_refused_runs_change_nothing(csv_text: str, args: list[str], stderr: str) -> None:
    Path("recipients.csv").write_text(csv_text)
    Path("out").mkdir()
    Path("out/jane.md").write_text("an earlier letter")
    before = snapshot(Path.cwd())
    result = merge("-r", "recipients.csv", "-o", "out", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)
    assert snapshot(Path.cwd()) == before


def test_no_audience_names_the_flag() -> None:
    Path("r.csv").write_text("name\nJane\n")
    result = runner.invoke(app, ["merge", "-r", "r.csv", "-o", "out"])
    assert (result.exit_code, result.stderr) == (
        2,
        "error: which audience are the letters for?\n"
        "hint: give --audience (donors, media or workforce), or add an 'audience' column "
        "to the recipients file\n",
    )
    assert not Path("out").exists()


def test_word_letters(tmp_path: Path) -> None:
    import docx

    Path("r.csv").write_text("title,name,organisation\nHon.,Jane Otieno,Ministry of Gender\n")
    result = merge("-r", "r.csv", "-o", "out", "--format", "docx")
    assert result.exit_code == 0, result.stderr
    document = docx.Document("out/Jane-Otieno.docx")
    text = [p.text for p in document.paragraphs]
    assert "Dear Hon. Otieno," in text
    assert any("Ministry of Gender" in line for line in text)


def test_pdf_letters() -> None:
    import pypdf

    Path("r.csv").write_text("title,name,organisation\nHon.,Jane Otieno,Ministry of Gender\n")
    result = merge("-r", "r.csv", "-o", "out", "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    text = pypdf.PdfReader("out/Jane-Otieno.pdf").pages[0].extract_text()
    assert "Dear Hon. Otieno," in text
    assert "Ministry of Gender" in text


# --- a real process, stopped and resumed -------------------------------------------------


def command(out: str) -> list[str]:
    return [sys.executable, "-m", "advocacy_kit", "merge", *COMMON, "-r", "r.csv", "-o", out]


def start_and_stop(out: Path, how: signal.Signals) -> subprocess.Popen[bytes]:
    """Start a merge of 4,000 letters and send ``how`` once some letters are written."""
    process = subprocess.Popen(command(str(out)), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if out.is_dir() and sum(1 for _ in out.glob("Person-*.md")) >= 20:
            break
        time.sleep(0.002)
    process.send_signal(how)
    process.wait(timeout=60)
    return process


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_stopped_process_leaves_whole_letters_and_resumes(how: signal.Signals) -> None:
    Path("r.csv").write_text(people(4000))
    subprocess.run(command("reference"), check=True, capture_output=True)
    reference = snapshot(Path("reference"))
    reference.pop("manifest.csv")

    out = Path("out")
    process = start_and_stop(out, how)
    written = snapshot(out)
    manifest = written.pop("manifest.csv", None)  # issue 14: written after Ctrl-C, kill
    assert (manifest is None) == (how == signal.SIGKILL)
    temporary = [name for name in written if name.startswith(".")]
    letters = {name: data for name, data in written.items() if not name.startswith(".")}
    assert 20 <= len(letters) < 4000, "the run should be stopped half-way"
    assert all(reference[name] == data for name, data in letters.items())
    if how == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
        assert len(temporary) <= 1
    else:  # Ctrl-C and kill (SIGTERM) finish or remove the letter being written
        assert process.returncode == 130
        assert temporary == []
        assert process.stderr is not None
        stderr = process.stderr.read().decode()
        assert stderr.startswith(f"error: out: stopped after writing {len(letters)} of 4000 ")
        assert stderr.endswith("hint: run the same command again to write the rest\n")

    result = runner.invoke(app, ["merge", *COMMON, "-r", "r.csv", "-o", "out"])
    assert result.exit_code == 0, result.stderr
    removed = (
        f"Removed {len(temporary)} unfinished temporary file(s) left by a stopped run.\n"
        if temporary
        else ""
    )
    assert result.stdout == (
        f"{removed}Resumed: {len(letters):,} letters were there already and kept; "
        f"wrote the {4000 - len(letters):,} missing.\nManifest: out/manifest.csv\n"
    )
    final = snapshot(out)
    final.pop("manifest.csv")
    assert final == reference


def _on_a_terminal() -> Any:
    import pexpect

    env = {k: v for k, v in os.environ.items() if k != "_TYPER_FORCE_DISABLE_TERMINAL"}
    env.update({"TERM": "xterm", "COLUMNS": "100", "LINES": "30"})
    return pexpect.spawn(
        sys.executable,
        ["-m", "advocacy_kit", *command("out")[3:]],
        env=env,
        encoding="utf-8",
        timeout=120,
        dimensions=(30, 100),
    )


def test_no_progress_bar_for_a_few_letters() -> None:
    Path("r.csv").write_text(people(2))
    child = _on_a_terminal()
    output = child.read()
    child.close()
    assert child.exitstatus == 0
    assert "Wrote 2 letters to out/ as md." in output
    assert "writing" not in output and "checking" not in output


def test_progress_bar_on_a_terminal() -> None:
    import pexpect

    # Enough letters for checking to last longer than a moment on two cores (issue 17).
    Path("r.csv").write_text(people(12_000))
    child = _on_a_terminal()
    child.expect(r"(checking|writing) .*\d+/12000")
    child.expect(r"Wrote 12,000 letters to out/ as md\.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len(list(Path("out").glob("*.md"))) == 12_000
