"""Running a merge: writing the planned letters atomically, holding signals, resuming."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from msgspec import Struct

from advocacy_kit.batch.interrupts import deferred_interrupts
from advocacy_kit.batch.letters import ProgressCallback
from advocacy_kit.batch.manifest import write_manifest
from advocacy_kit.batch.plan import MergePlan
from advocacy_kit.batch.writing import BatchWriter, flush
from advocacy_kit.errors import AdvocacyKitError, ExitCode


class MergeInterrupted(AdvocacyKitError):
    """The run was stopped (Ctrl-C, kill) after writing some letters."""

    exit_code = ExitCode.INTERRUPTED


class MergeResult(Struct, frozen=True):
    """What a merge run did.

    Attributes:
        out: The output folder.
        written: Letters written that were not there before.
        replaced: Letters replaced (only with ``force``).
        kept: Letters that were there already and left as they were.
        kept_different: Of ``kept``, those whose text differs from this run's letter.
        manifest: The manifest file written.
        removed_temp_files: Unfinished temporary files of an earlier stopped run,
            removed.
        notes: Remarks for the user.
    """

    out: Path
    written: int
    replaced: int
    kept: int
    kept_different: int
    manifest: Path
    removed_temp_files: int = 0
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The result as ``merge --json`` prints it."""
        return {
            "out": str(self.out),
            "written": self.written,
            "replaced": self.replaced,
            "kept": self.kept,
            "kept_different": self.kept_different,
            "manifest": str(self.manifest),
            "removed_temp_files": self.removed_temp_files,
            "notes": list(self.notes),
        }


def run_merge(plan: MergePlan, *, progress: ProgressCallback | None = None) -> MergeResult:
    """Write the planned letters that are missing (all of them with ``force``), then
    ``manifest.csv``.

    Each letter is written atomically, so a run stopped half-way leaves whole letters
    only; running again writes the rest. Letters are flushed to disk once at the end.

    Args:
        plan: From :func:`advocacy_kit.batch.plan.plan_merge`.
        progress: Called as ``progress("writing", done, total)``.

    Returns:
        What was written, kept and replaced.

    Raises:
        MergeInterrupted: stopped by Ctrl-C (or a kill the CLI turns into one); the
            letters written so far stay.
        OutputError: a letter cannot be written.
    """
    out = plan.out
    out.mkdir(parents=True, exist_ok=True)
    removed = _remove_stale(plan)
    statuses: list[str] = []
    try:
        with deferred_interrupts() as stop:
            _write_letters(plan, statuses, stop, progress)
    except KeyboardInterrupt:
        raise _interrupted(plan, statuses) from None
    flush(out)
    _write_manifest(plan, statuses)
    return MergeResult(
        out=out,
        written=statuses.count("written"),
        replaced=statuses.count("replaced"),
        kept=statuses.count("kept"),
        kept_different=sum(
            1
            for letter, status in zip(plan.letters, statuses, strict=True)
            if status == "kept" and letter.same is False
        ),
        manifest=plan.manifest,
        removed_temp_files=removed,
        notes=plan.notes,
    )


def _interrupted(plan: MergePlan, statuses: list[str]) -> MergeInterrupted:
    """The error for a run stopped half-way, once the letters written so far are on
    disk and ``manifest.csv`` lists them (issue 14)."""
    # Signals are held while a letter is written, so each letter on disk has its status.
    total = len(plan.letters)
    done = statuses.count("written") + statuses.count("replaced")
    flush(plan.out)
    with deferred_interrupts():  # a second Ctrl-C waits for the manifest to be whole
        _write_manifest(plan, statuses)
    return MergeInterrupted(
        f"stopped after writing {done} of {plan.missing if not plan.force else total} "
        f"letters; the letters written are whole and {plan.manifest} lists them",
        path=plan.out,
        hint="run the same command again to write the rest",
    )


def _write_manifest(plan: MergePlan, statuses: list[str]) -> None:
    """``manifest.csv`` for the letters with a status, in the recipients' delimiter."""
    entries = (
        (letter.row, letter.file, status)
        for letter, status in zip(plan.letters, statuses, strict=False)
    )
    table = plan.recipients
    write_manifest(plan.manifest, table.headers, entries, delimiter=table.delimiter or ",")


def _remove_stale(plan: MergePlan) -> int:
    """Remove the temporary files a killed run left; how many there were."""
    removed = 0
    for stale in plan.stale_temp_files:
        try:
            (plan.out / stale).unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


def _write_letters(
    plan: MergePlan, statuses: list[str], stop: list[int], progress: ProgressCallback | None
) -> None:
    """Write the letters in turn, appending each one's status (``written``,
    ``replaced``, ``kept``) once it is whole; stop at the first held signal."""
    total = len(plan.letters)
    force = plan.force
    with BatchWriter(plan.out) as writer:
        for position, letter in enumerate(plan.letters):
            if stop:
                raise KeyboardInterrupt
            if letter.exists and not force:
                statuses.append("kept")
            else:
                writer.write(letter.file, plan.contents[position], replace=force)
                statuses.append("replaced" if letter.exists else "written")
            if progress is not None and (position % 64 == 63 or position + 1 == total):
                progress("writing", position + 1, total)
