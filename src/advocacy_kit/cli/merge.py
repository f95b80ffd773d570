"""``advocacy-kit merge``: one letter per row of a spreadsheet (issue 6)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.options import LibraryOption, TemplatesOption, parse_date
from advocacy_kit.cli.output import note, print_json, print_text

if TYPE_CHECKING:
    from advocacy_kit.batch.merge import MergeResult
    from advocacy_kit.batch.plan import MergePlan

#: How many file names a dry run lists before saying how many more there are.
LISTED_NAMES = 20

#: The progress bar appears only once a run has taken this long (seconds).
PROGRESS_AFTER = 0.3


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def _letters(count: int) -> str:
    return f"{count:,} letter" + ("" if count == 1 else "s")


class _Progress:
    """A rich progress bar on standard error, shown only on a terminal and only once
    the run has taken longer than a moment."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.started < PROGRESS_AFTER:
                return
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            from advocacy_kit.cli.output import console

            self.bar = Progress(
                TextColumn("{task.description:<9}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console(stderr=True),
                transient=True,
            )
            self.bar.start()
        if phase not in self.tasks:
            self.tasks[phase] = self.bar.add_task(phase, total=total)
        self.bar.update(self.tasks[phase], completed=done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _print_plan(plan: MergePlan) -> None:
    out = plan.out
    lines = ["Dry run: nothing was written."]
    kept = "replaced" if plan.force else "kept"
    there = f", {plan.existing:,} there already and {kept}" if plan.existing else ""
    todo = len(plan.letters) if plan.force else plan.missing
    lines.append(
        f"Would write {_letters(todo)} to {out}/ as {plan.format}{there}, and {plan.manifest}."
    )
    for preview, letter in zip(plan.previews, plan.letters, strict=False):
        lines += [
            "",
            f"--- {out / letter.file} ({plan.recipients.label}:{letter.row.line}) ---",
            preview.rstrip("\n"),
            "--- end of letter ---",
        ]
    lines += ["", "File names:"]
    width = len(str(plan.letters[-1].row.line)) if plan.letters else 1
    for letter in plan.letters[:LISTED_NAMES]:
        status = "new" if not letter.exists else ("replace" if plan.force else "there, kept")
        lines.append(
            f"  {plan.recipients.label}:{letter.row.line:<{width}}  {letter.file}  ({status})"
        )
    if len(plan.letters) > LISTED_NAMES:
        lines.append(f"  ... and {len(plan.letters) - LISTED_NAMES:,} more")
    lines += [f"note: {note}" for note in plan.notes]
    print_text("\n".join(lines))


def _print_result(result: MergeResult, plan: MergePlan) -> None:
    out = result.out
    lines = []
    if result.removed_temp_files:
        lines.append(
            f"Removed {result.removed_temp_files} unfinished temporary file(s) left by a "
            "stopped run."
        )
    if result.replaced:
        lines.append(f"Replaced {_letters(result.replaced)} in {out}/ (--force).")
    if result.kept and (result.written or result.replaced):
        lines.append(
            f"Resumed: {_letters(result.kept)} {_were(result.kept)} there already and "
            f"kept; "
            f"wrote the {result.written:,} missing."
        )
    elif result.kept:
        lines.append(f"All {_letters(result.kept)} are there already in {out}/: nothing to write.")
    elif result.written:
        lines.append(f"Wrote {_letters(result.written)} to {out}/ as {plan.format}.")
    if result.kept_different:
        differ = "differs" if result.kept_different == 1 else "differ"
        lines.append(
            f"note: {_letters(result.kept_different)} kept {differ} from what this run would "
            "write (edited by hand, or the recipients changed); --force replaces them."
        )
    lines.append(f"Manifest: {result.manifest}")
    lines += [f"note: {note}" for note in result.notes]
    print_text("\n".join(lines))


@command_boundary
def merge(
    recipients: Annotated[
        Path,
        typer.Option(
            "--recipients",
            "-r",
            help="The spreadsheet: a .csv file (comma, semicolon or tab) or an Excel .xlsx.",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write the letters in.")],
    audience: Annotated[
        str | None,
        typer.Option(
            "--audience",
            "-a",
            help="Who the letters are for: donors, media or workforce. An 'audience' "
            "column, where filled, wins.",
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="md, txt, html, pdf or docx.")
    ] = "md",
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            help='File names from columns, e.g. "{last_name}-{organisation}" '
            "(default: the name column).",
        ),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option("--delimiter", help="The CSV delimiter: ',' ';' or tab (default: guessed)."),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="The sheet of an Excel file (default: first).")
    ] = None,
    sender: Annotated[str | None, typer.Option("--sender", help="Your name.")] = None,
    organization: Annotated[
        str | None, typer.Option("--organization", "--organisation", help="Your organisation.")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="The letters' date, YYYY-MM-DD (default today)."),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            help="A regional or national variant of the messages for rows whose 'region' "
            "cell is empty, e.g. east-southern-africa.",
        ),
    ] = None,
    require: Annotated[
        list[str] | None,
        typer.Option("--require", help="A column that must be filled in every row (repeatable)."),
    ] = None,
    library: LibraryOption = None,
    templates: TemplatesOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace letters that are in the folder already.")
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", "-n", help="Check everything and show the first letter; write nothing."
        ),
    ] = False,
    preview: Annotated[
        int, typer.Option("--preview", help="How many letters a dry run shows.", min=0)
    ] = 1,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print what was done (or planned) as JSON.")
    ] = False,
) -> None:
    """Write one letter per recipient in a spreadsheet.

    Everything is checked before anything is written. Letters already in the folder are
    kept, so if a run is stopped, run the same command again to write the rest.

    Examples:

      advocacy-kit merge --audience donors --recipients officials.csv --out letters/ --dry-run

      advocacy-kit merge --audience donors --recipients officials.xlsx --out letters/
      --sender "Amina Diallo" --name "{last_name}-{organisation}"
    """
    from advocacy_kit.batch.merge import run_merge
    from advocacy_kit.batch.plan import plan_merge
    from advocacy_kit.library.loader import load_variants
    from advocacy_kit.profile import load_profile

    profile = load_profile()  # flags override the profile (issue 7)
    letter_fields = profile.letter_fields(same_sender=sender in (None, profile.sender))
    sender = sender or profile.sender
    organization = organization or profile.organisation
    region = region or profile.region
    variants = load_variants(library=library or ())
    progress = _Progress(enabled=sys.stderr.isatty() and not json_output)
    try:
        plan = plan_merge(
            library=variants.resolve(region or "global").library,
            variants=variants,
            region=region,
            extra_fields=letter_fields,
            recipients=recipients,
            out=out,
            audience=audience,
            format=format,
            name=name,
            delimiter=delimiter,
            sheet=sheet,
            sender=sender,
            organization=organization,
            date=parse_date(date),
            templates=templates or (),
            force=force,
            require=require or (),
            preview=preview if dry_run else 0,
            progress=progress,
        )
        if plan.warnings:
            progress.stop()
            for warning in plan.warnings:  # a name the PDF's fonts lack, per row
                note(f"warning: {warning}")
        if dry_run:
            progress.stop()
            if json_output:
                print_json(plan.to_json())
            else:
                _print_plan(plan)
            return
        result = run_merge(plan, progress=progress)  # holds Ctrl-C and kill per letter
    finally:
        progress.stop()
    if json_output:
        print_json(result.to_json())
    else:
        _print_result(result, plan)
