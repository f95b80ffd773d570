"""The checks behind ``advocacy-kit check``: everything a reviewer would catch in a
message or variant file, found before the reviewer sees it.

:func:`run_checks` loads every file leniently (one broken file hides no other's
problems), layers libraries and variants as ``draft`` would, and applies the rules of
:mod:`advocacy_kit.library.rules` to each message a checked file defines or changes,
returning a :class:`~advocacy_kit.library.report.CheckReport`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from advocacy_kit.errors import AdvocacyKitError, LibraryError
from advocacy_kit.library.campaign_days import campaign_problems
from advocacy_kit.library.grade_cache import GradeCache, user_grade_cache
from advocacy_kit.library.lint_files import folders_to_check, layer_leniently, selected_files
from advocacy_kit.library.report import CheckReport, Finding, Readability, display_path
from advocacy_kit.library.resolve import VariantSet
from advocacy_kit.library.rules import READABILITY_CEILINGS as CEILINGS
from advocacy_kit.library.rules import reading_grade, short_over, unsourced_figures
from advocacy_kit.library.staleness import format_word_diff, word_diff
from advocacy_kit.library.variants import (
    GLOBAL,
    Resolution,
    Step,
    Variant,
    VariantProblem,
    content_hash,
)
from advocacy_kit.model import Library, Message


class _Checker(Struct):
    cwd: Path
    selected: set[Path]
    findings: list[Finding] = field(default_factory=list)
    messages: int = 0
    grades: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    unmeasured: set[str] = field(default_factory=set)
    cache: GradeCache = field(default_factory=lambda: GradeCache(None, reading_grade))
    _selected_of: dict[str, bool] = field(default_factory=dict)
    _measured: dict[int, tuple[tuple[Step, ...], str, float | None]] = field(default_factory=dict)

    def is_selected(self, path: str) -> bool:
        # one file system lookup per file, not per message (issue 17)
        found = self._selected_of.get(path)
        if found is None:
            found = self._selected_of[path] = Path(path).resolve() in self.selected
        return found

    def grade(self, text: str) -> float:
        """The reading grade of ``text``, computed once: a message inherited by 200
        variants is graded once, not 200 times, and not again next run (issue 17)."""
        return self.cache.grade(text)

    def add(self, rule: str, error: AdvocacyKitError, **extra: Any) -> None:
        self.findings.append(
            Finding(
                rule=rule,
                message=error.message,
                path=display_path(error.path or "", self.cwd),
                line=error.line,
                column=error.column,
                hint=error.hint,
                **extra,
            )
        )

    def problem(self, error: LibraryError) -> None:
        rule = error.rule if isinstance(error, VariantProblem) else "duplicate-id"
        if error.path is None or self.is_selected(error.path):
            self.add(rule, error)

    def found(self, rule: str, message: str, *, path: str, line: int | None, **extra: Any) -> None:
        self.findings.append(Finding(rule, message, display_path(path, self.cwd), line, **extra))

    def check_campaigns(self, library: Library) -> None:
        """Each selected campaign file's days against the key messages (issue 8)."""
        for campaign in library.campaigns:
            if not self.is_selected(campaign.origin.path):
                continue
            for problem in campaign_problems(campaign, library):
                self.found(
                    "campaign",
                    problem.message,
                    path=problem.path,
                    line=problem.line,
                    column=problem.column,
                    hint=problem.hint,
                )

    def check_message(self, message: Message, resolution: Resolution) -> None:
        self.messages += 1
        where: dict[str, Any] = {"path": message.origin.path, "line": message.origin.line}
        region = resolution.name
        what = "the definition" if message.role == "definition" else f"message '{message.id}'"
        for number, details in short_over(message):
            self.found(
                "short-too-long",
                f"short version {number} of {what} is too long for {details}",
                hint="shorten it; posts use it as written, with hashtags only when they fit",
                region=region,
                **where,
            )
        self.check_shorts(message, resolution, what=what, where=where)
        missing = unsourced_figures(message)
        if missing:
            listed = ", ".join(missing)
            self.found(
                "figure-without-source",
                f"{what} states {listed} but no evidence gives a source for it",
                hint="add 'evidence:' with '- claim:' (quoting the figure) and 'source:'",
                region=region,
                **where,
            )
        if not resolution.text_lang(message.id).startswith("en"):
            return
        key = message.audience or "definition"
        grade = self.grade(message.text)
        ceiling = CEILINGS.get(key, CEILINGS["definition"])
        if grade > ceiling:
            self.found(
                "readability",
                f"{what} reads at grade {grade:.1f}, above the {key} ceiling of {ceiling:g}",
                hint="split long sentences and prefer short words",
                region=region,
                **where,
            )

    def check_shorts(
        self, message: Message, resolution: Resolution, *, what: str, where: dict[str, Any]
    ) -> None:
        """A short may shorten its message, never change a claim (issue 12)."""
        from advocacy_kit.library.claims import short_problems

        chain = resolution.chain(message.id)
        amplified = chain[-1].parent_text if chain and chain[-1].action == "amplify" else None
        for number, changes in short_problems(message, parent_text=amplified):
            self.found(
                "short-changes-claim",
                f"short version {number} of {what} {changes.describe()}",
                hint="keep every figure with the words that qualify it ('more than 65%', "
                "'by 2030') and name the source as the text does; a short may shorten, "
                "never change a claim",
                region=resolution.name,
                **where,
            )

    def check_step(self, step: Step, variant: Variant, message_id: str) -> None:
        if not step.stale:
            return
        entry = next((e for e in variant.all_entries() if e.origin == step.origin), None)
        line = entry.based_on_line if entry and entry.based_on_line else step.origin.line
        what = "the definition" if message_id == "definition" else f"message '{message_id}'"
        hint = (
            f"compare your change with the parent's text, update it if needed, then run "
            f"`advocacy-kit variant refresh {variant.name}`"
        )
        if step.based_on is None:
            self.found(
                "stale",
                f"the change to {what} was never marked reviewed (no based_on)",
                path=step.origin.path,
                line=line,
                hint=hint,
                region=variant.name,
            )
            return
        detail = None
        if step.previous is not None and content_hash(step.previous) == step.based_on:
            parts = word_diff(step.previous, step.parent_text or "")
            detail = "what changed in the parent:\n" + format_word_diff(parts, width=88)
        self.found(
            "stale",
            f"the change to {what} is stale: '{variant.parent}' changed the text since it "
            f"was reviewed (based_on {step.based_on}, now {step.parent_hash})",
            path=step.origin.path,
            line=line,
            hint=hint,
            detail=detail,
            region=variant.name,
        )

    def check_resolution(self, resolution: Resolution) -> None:
        library = resolution.library
        records = list(library.messages) + ([library.definition] if library.definition else [])
        variant = resolution.variant
        for message in records:
            lang, grade = self._measure(resolution, message)
            if grade is not None:
                key = (resolution.name, message.audience or "definition")
                self.grades.setdefault(key, []).append(grade)
            else:
                self.unmeasured.add(lang)
        for message in _changed_here(resolution, records):
            chain = resolution.chain(message.id)
            if not chain or chain[-1].variant != resolution.name:
                continue  # inherited unchanged: checked where it was written
            if not self.is_selected(chain[-1].origin.path):
                continue
            self.check_message(message, resolution)
            if variant is not None:
                self.check_step(chain[-1], variant, message.id)
        if variant is not None and variant.lang and self.is_selected(variant.path):
            for message in records:
                lang = resolution.text_lang(message.id)
                if lang != resolution.lang:
                    what = "the definition" if message.role == "definition" else message.id
                    self.found(
                        "untranslated",
                        f"{what} is still in '{lang}', but variant '{variant.name}' is in "
                        f"'{resolution.lang}'",
                        path=variant.path,
                        line=variant.lang_line or variant.origin.line,
                        hint=f"translate it with an entry '- id: {message.id}' and 'replace:'",
                        region=variant.name,
                    )

    def _measure(self, resolution: Resolution, message: Message) -> tuple[str, float | None]:
        """The language of a message's text and its grade (None when not English).

        A message a variant inherits unchanged keeps its parent's chain (the same
        object), so it is measured once for the whole family of variants (issue 17).
        """
        chain = resolution.chain(message.id)
        found = self._measured.get(id(chain)) if chain else None
        if found is None or found[0] is not chain:
            lang = resolution.text_lang(message.id)
            grade = self.grade(message.text) if lang.startswith("en") else None
            found = (chain, lang, grade)
            if chain:
                self._measured[id(chain)] = found
        return found[1], found[2]

    def check_variants(self, variants: VariantSet) -> list[str]:
        resolvable: list[str] = []
        for name in sorted(variants.variants):
            try:
                variants.lineage(name)
            except VariantProblem as error:
                # report each cycle or unknown parent where it is written, once
                variant = variants.variants[name]
                at_fault = error.path == variant.path and error.line in (
                    variant.parent_line,
                    variant.origin.line,
                )
                if at_fault and self.is_selected(variant.path):
                    self.add(error.rule, error)
                continue
            resolvable.append(name)
        return resolvable


def _changed_here(resolution: Resolution, records: list[Message]) -> list[Message]:
    """The records a resolution's own variant may have written (all, for global)."""
    variant = resolution.variant
    if variant is None:
        return records
    ids = {entry.id for entry in variant.entries}
    if variant.definition is not None and resolution.library.definition is not None:
        ids.add(resolution.library.definition.id)
    return [message for message in records if message.id in ids]


def run_checks(
    *,
    paths: Sequence[str | Path] = (),
    library: Sequence[str | Path] = (),
    cwd: Path | None = None,
) -> CheckReport:
    """Check library files.

    Args:
        paths: Files or folders to check (default: every library folder, the built-in
            one included). A path outside the library folders is layered over them, so
            a variant can be checked before it is installed.
        library: Extra library folders (``--library``).
        cwd: The current folder (for ``./messages`` and for the paths shown).

    Returns:
        The :class:`CheckReport`.

    Raises:
        UsageError: a path does not exist.
        LibraryError: a library folder does not exist.
    """
    here = cwd or Path.cwd()
    wanted, folders = folders_to_check(paths, library, here)
    selected = selected_files(wanted, (f.path for f in folders))
    checker = _Checker(cwd=here, selected=selected, cache=user_grade_cache(reading_grade))
    layering, files = layer_leniently(folders, selected, checker.add, checker.problem, here)
    variants = layering.variant_set()
    variants.on_problem = checker.problem
    checked_variants = []
    global_resolution = variants.resolve(GLOBAL)
    checker.check_resolution(global_resolution)
    checker.check_campaigns(global_resolution.library)
    for name in checker.check_variants(variants):
        resolution = variants.resolve(name)
        if checker.is_selected(resolution.variant.path if resolution.variant else ""):
            checked_variants.append(name)
        checker.check_resolution(resolution)
    checker.cache.save()
    return CheckReport(
        findings=tuple(
            sorted(checker.findings, key=lambda f: (f.path, f.line or 0, f.column or 0, f.rule))
        ),
        files=tuple(files),
        variants=tuple(checked_variants),
        messages=checker.messages,
        readability=_grades(checker.grades),
        unmeasured=tuple(sorted(checker.unmeasured)),
    )


def _grades(grades: dict[tuple[str, str], list[float]]) -> tuple[Readability, ...]:
    rows = []
    for (region, audience), values in sorted(grades.items()):
        rows.append(
            Readability(
                region=region,
                audience=audience,
                messages=len(values),
                mean=sum(values) / len(values),
                highest=max(values),
                ceiling=CEILINGS.get(audience, CEILINGS["definition"]),
            )
        )
    return tuple(rows)
