"""``advocacy-kit merge``: one letter per row of a spreadsheet (issue 6)."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

from advocacy_kit.cli.boundary import command_boundary
from advocacy_kit.cli.merge_options import (
    DelimiterOption,
    DryRunOption,
    FileNameOption,
    MergeAudienceOption,
    MergeDateOption,
    MergeForceOption,
    MergeFormatOption,
    MergeJsonOption,
    MergeOutOption,
    MergeRegionOption,
    PreviewOption,
    RecipientsOption,
    RequireOption,
    SheetOption,
)
from advocacy_kit.cli.options import (
    AttachOption,
    LibraryOption,
    OrganizationOption,
    SenderOption,
    StrictOption,
    SubjectOption,
    TemplatesOption,
    warn_if_stale,
)
from advocacy_kit.cli.output import note, print_json, print_text
from advocacy_kit.cli.values import at_least, parse_date
from advocacy_kit.errors import UsageError

if TYPE_CHECKING:
    from advocacy_kit.batch.merge import MergeResult
    from advocacy_kit.batch.plan import MergePlan
    from advocacy_kit.output.eml import LetterMail
    from advocacy_kit.profile.fields import Profile

#: How many file names a dry run lists before saying how many more there are.
LISTED_NAMES = 20

#: The progress bar appears only once a run has taken this long (seconds).
PROGRESS_AFTER = 0.3


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def _letters(count: int) -> str:
    return f"{count:,} letter" + ("" if count == 1 else "s")


class _Progress:
    """A rich progress bar on standard error, shown only on a terminal and only once a
    phase (checking, writing) has taken longer than a moment: a run of a few letters
    shows none, however long the start-up was."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.phase_started: dict[str, float] = {}
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            started = self.phase_started.setdefault(phase, time.monotonic())
            if done >= total or time.monotonic() - started < PROGRESS_AFTER:
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
    recipients: RecipientsOption,
    out: MergeOutOption,
    audience: MergeAudienceOption = None,
    format: MergeFormatOption = "md",
    name: FileNameOption = None,
    delimiter: DelimiterOption = None,
    sheet: SheetOption = None,
    sender: SenderOption = None,
    organization: OrganizationOption = None,
    date: MergeDateOption = None,
    region: MergeRegionOption = None,
    strict: StrictOption = False,
    require: RequireOption = None,
    library: LibraryOption = None,
    templates: TemplatesOption = None,
    force: MergeForceOption = False,
    dry_run: DryRunOption = False,
    preview: PreviewOption = 1,
    json_output: MergeJsonOption = False,
    subject: SubjectOption = None,
    attach: AttachOption = None,
) -> None:
    """Write one letter per recipient in a spreadsheet.

    Everything is checked before anything is written. Letters already in the folder are
    kept, so if a run is stopped, run the same command again to write the rest. With
    --format eml each letter is an e-mail to the address in the 'email' column, from
    the address in your profile, ready for advocacy-kit send.

    Check first, then write (-r is --recipients, -o is --out):

    \b
      advocacy-kit merge --audience donors -r officials.csv -o letters/ --dry-run

    \b
      advocacy-kit merge --audience donors -r officials.csv -o letters/

    From Excel, signed with your name, or with files named from a column:

    \b
      advocacy-kit merge -a donors -r officials.xlsx -o out/ --sender "A. Diallo"

    \b
      advocacy-kit merge -a donors -r officials.xlsx -o out/ --name "{last_name}"

    As e-mails from the address in your profile, for advocacy-kit send:

    \b
      advocacy-kit merge -a donors -r officials.csv -o mail/ -f eml --attach pdf
    """
    options = dict(locals())
    progress = _Progress(enabled=sys.stderr.isatty() and not json_output)
    try:
        plan = _plan(options, progress)
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
        from advocacy_kit.batch.merge import run_merge

        result = run_merge(plan, progress=progress)  # holds Ctrl-C and kill per letter
    finally:
        progress.stop()
    if json_output:
        print_json(result.to_json())
    else:
        _print_result(result, plan)


def _plan(options: dict[str, Any], progress: _Progress) -> MergePlan:
    """Plan the merge the options ask for, the profile filling what they leave out."""
    from advocacy_kit.batch.plan import plan_merge
    from advocacy_kit.library.loader import load_variants
    from advocacy_kit.profile.regions import region_in_force
    from advocacy_kit.profile.store import load_profile

    profile = load_profile()  # flags override the profile (issue 7)
    sender = options["sender"]
    email = _mail(options, profile, sender or profile.sender)
    variants = load_variants(library=options["library"] or ())
    with region_in_force(profile, region=options["region"]) as region:
        resolution = variants.resolve(region or "global")
    warn_if_stale(resolution, strict=options["strict"])
    return plan_merge(
        library=resolution.library,
        variants=variants,
        region=region,
        extra_fields=profile.letter_fields(same_sender=sender in (None, profile.sender)),
        recipients=options["recipients"],
        out=options["out"],
        audience=options["audience"],
        format=options["format"],
        name=options["name"],
        delimiter=options["delimiter"],
        sheet=options["sheet"],
        sender=sender or profile.sender,
        organization=options["organization"] or profile.organisation,
        date=parse_date(options["date"]),
        templates=options["templates"] or (),
        force=options["force"],
        require=options["require"] or (),
        preview=at_least(options["preview"], 0, "--preview") if options["dry_run"] else 0,
        progress=progress,
        email=email,
    )


def _mail(options: dict[str, Any], profile: Profile, sender: str | None) -> LetterMail | None:
    """What --format eml needs beyond the letter: From and Reply-To from the profile,
    --subject and --attach (issue 15); None for other formats."""
    from advocacy_kit.batch.plan import letter_format

    if letter_format(options["format"])[2] != "eml":
        for flag in ("subject", "attach"):
            if options[flag] is not None:
                raise UsageError(f"--{flag} is for e-mails", hint="add --format eml")
        return None
    from advocacy_kit.output.eml import letter_mail  # the e-mail modules, for e-mails only

    return letter_mail(
        sender_name=sender,
        sender_email=profile.email,
        reply_to=profile.reply_to,
        subject=options["subject"],
        attach=options["attach"],
    )
