"""``advocacy-kit check``: every problem in the message and variant files, before a
reviewer finds it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.options import LibraryOption
from advocacy_kit.cli.output import cell, print_json, print_records, print_table, print_text
from advocacy_kit.errors import ExitCode, UsageError, choice_hint

if TYPE_CHECKING:
    from advocacy_kit.library.report import CheckReport

FORMATS = ("table", "json", "github")


@command_boundary
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders to check (default: every library folder).",
            show_default=False,
            metavar="PATH",
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help="table (the default, for people), json (for scripts) or github (annotations in a "
            "pull request).",
            metavar="FORMAT",
        ),
    ] = "table",
    library: LibraryOption = None,
) -> None:
    """Check message and variant files for mistakes before sharing them.

    It finds YAML and spelling mistakes in field names, the same id defined twice,
    unknown or circular parents, short versions too long for a platform, figures
    without a source, variants whose parent text changed since they were reviewed
    (stale), untranslated messages and hard-to-read text.

    Exit status: 0 when all is well, 1 when problems were found, 2 when the check could
    not run.

    Examples:

    \b
      advocacy-kit check

    \b
      advocacy-kit check messages/variants/kenya.yaml

    \b
      advocacy-kit check --format github
    """
    from advocacy_kit.library.lint import run_checks
    from advocacy_kit.library.report import github_annotations

    wanted = format.strip().lower()
    if wanted not in FORMATS:
        raise UsageError(
            f"unknown format '{format}'", hint=choice_hint(wanted, FORMATS, what="formats")
        )
    report = run_checks(paths=paths or (), library=library or ())
    if wanted == "json":
        print_json(report.to_json())
    elif wanted == "github":
        text = github_annotations(report)
        if text:
            print_text(text)
    else:
        _print_report(report)
    if not report.clean:
        raise typer.Exit(int(ExitCode.WANTING))


def _print_report(report: CheckReport) -> None:
    from rich.table import Table

    if report.readability:
        grades = Table(title="Readability (Flesch-Kincaid grade)", title_justify="left")
        for name, justify in (
            ("region", "left"),
            ("audience", "left"),
            ("messages", "right"),
            ("mean", "right"),
            ("highest", "right"),
            ("ceiling", "right"),
        ):
            grades.add_column(name, justify=justify)  # type: ignore[arg-type]
        for row in report.readability:
            grades.add_row(
                cell(row.region),
                cell(row.audience),
                cell(row.messages),
                cell(f"{row.mean:.1f}"),
                cell(f"{row.highest:.1f}"),
                cell(f"{row.ceiling:g}"),
            )
        print_table(grades)
    if report.unmeasured:
        print_text(
            "Readability not measured for texts in: "
            + ", ".join(report.unmeasured)
            + " (the grade is defined for English)."
        )
    if report.findings:
        rows = []
        for finding in report.findings:
            where = finding.path + (f":{finding.line}" if finding.line else "")
            text = finding.message
            if finding.hint:
                text += f"\nhint: {finding.hint}"
            if finding.detail:
                text += f"\n{finding.detail}"
            rows.append((where, finding.rule, text))
        print_records("Problems", ("where", "rule", "problem"), rows, prose=("problem",))
    files = len(report.files)
    summary = (
        f"checked {files} file{'s' if files != 1 else ''}, {report.messages} messages, "
        f"{len(report.variants)} variant{'s' if len(report.variants) != 1 else ''}: "
    )
    if report.clean:
        print_text(summary + "no problems")
    else:
        count = len(report.findings)
        print_text(summary + f"{count} problem{'s' if count != 1 else ''}")
