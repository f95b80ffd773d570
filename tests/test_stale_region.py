"""A stale ``--region`` warns in one line in every command that uses one, and
``--strict`` makes it exit 1 before anything is written (issue 14, item 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app

runner = CliRunner()

#: A variant whose change was reviewed against a parent text that is not the current one.
KENYA = """\
variant:
  name: kenya
  parent: east-southern-africa
messages:
  - id: donors-sdg-targets
    based_on: 0000abcd
    amplify: In Kenya too.
"""

WARNING = (
    "warning: region 'kenya' has 1 change(s) not reviewed against their parent's current "
    "text: donors-sdg-targets (kenya); `advocacy-kit check` shows them\n"
)


def commands(lib: Path, work: Path) -> dict[str, tuple[list[str], Path | None]]:
    """Each command with a region, and the file or folder it writes."""
    recipients = work / "r.csv"
    recipients.write_text("name\nAnn Otieno\n", encoding="utf-8")
    common = ["--region", "kenya", "-L", str(lib)]
    written = {
        "draft": (["draft", "-a", "donors", "-o", str(work / "d.md")], work / "d.md"),
        "handout": (["handout", "-a", "donors", "-o", str(work / "h.md")], work / "h.md"),
        "merge": (
            ["merge", "-a", "donors", "--recipients", str(recipients), "-o", str(work / "l")],
            work / "l",
        ),
        "pack": (["pack", "sswweek", "--out", str(work / "kit")], work / "kit"),
    }
    return {name: ([*args, *common], path) for name, (args, path) in written.items()}


@pytest.mark.parametrize("command", ["draft", "handout", "merge", "pack"])
def test_a_stale_region_warns_in_one_line(build_tree, tmp_path: Path, command: str) -> None:
    lib = build_tree({"variants/kenya.yaml": KENYA})
    args, written = commands(lib, tmp_path)[command]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("warning:") == 1
    assert WARNING in result.stderr
    assert written is not None and written.exists()


@pytest.mark.parametrize("command", ["draft", "handout", "merge", "pack"])
def test_strict_makes_a_stale_region_exit_1_before_writing(
    build_tree, tmp_path: Path, command: str
) -> None:
    lib = build_tree({"variants/kenya.yaml": KENYA})
    args, written = commands(lib, tmp_path)[command]
    result = runner.invoke(app, [*args, "--strict"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {lib / 'variants' / 'kenya.yaml'}:5: region 'kenya' has 1 change(s) not "
        "reviewed against their parent's current text: donors-sdg-targets (kenya)\n"
        "hint: review them (`advocacy-kit check` shows what changed), then run "
        "`advocacy-kit variant refresh kenya`\n"
    )
    assert written is not None and not written.exists()


def test_a_reviewed_region_gives_no_warning_even_strict(build_tree, tmp_path: Path) -> None:
    lib = build_tree({"variants/kenya.yaml": KENYA})
    refreshed = runner.invoke(app, ["variant", "refresh", "kenya", "-L", str(lib)])
    assert refreshed.exit_code == 0, refreshed.stderr
    for command, (args, _) in commands(lib, tmp_path).items():
        result = runner.invoke(app, [*args, "--strict", "--force"])
        assert result.exit_code == 0, (command, result.stderr)
        assert "warning" not in result.stderr, command


def test_the_built_in_regions_are_up_to_date(tmp_path: Path) -> None:
    for region in ("east-southern-africa", "fr"):
        result = runner.invoke(app, ["draft", "-a", "donors", "--region", region, "--strict"])
        assert result.exit_code == 0, result.stderr
        assert "warning" not in result.stderr
