"""The checks behind ``advocacy-kit check``: everything a reviewer would catch in a
message or variant file, found before the reviewer sees it.

:func:`run_checks` loads every library file leniently (one broken file does not hide
the problems of the others), layers the libraries and variants as ``draft`` would, and
applies the rules of :data:`RULES` to each message a checked file defines or changes. It
returns a :class:`CheckReport`; the CLI prints it as a table, JSON or GitHub Actions
annotations.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advocacy_kit.errors import AdvocacyKitError, LibraryError, UsageError
from advocacy_kit.library.variants import (
    GLOBAL,
    Resolution,
    Step,
    Variant,
    VariantProblem,
    VariantSet,
    content_hash,
    format_word_diff,
    word_diff,
)
from advocacy_kit.model import Library, Message

#: Every rule ``check`` applies, with what it looks for.
RULES: dict[str, str] = {
    "yaml": "the file is not readable UTF-8 YAML",
    "schema": "a field is unknown, missing or of the wrong kind",
    "duplicate-id": "the same message id (or variant name) is defined twice",
    "unknown-id": "a variant changes a message its parent does not have",
    "unknown-parent": "a variant's parent does not exist",
    "parent-cycle": "variants are each other's parents",
    "short-too-long": "a short version is over a platform's limit",
    "figure-without-source": "a figure or percentage has no evidence with a source",
    "stale": "the parent's text changed since the variant's change was reviewed",
    "untranslated": "a message of a variant with its own language is still in another",
    "readability": "a message is harder to read than its audience's ceiling",
    "campaign": "a campaign day has no topic, or links to no key message",
}

#: Flesch-Kincaid grade ceilings per audience (``definition`` for the definition). The
#: Alliance's own key messages, written for policy readers, score grades 13 to 23; a
#: ceiling is there to catch an amplification that makes a message much harder still
#: (one sentence of 60 words), not to rewrite the Alliance's wording.
READABILITY_CEILINGS: dict[str, float] = {
    "donors": 24.0,
    "media": 22.0,
    "workforce": 22.0,
    "definition": 25.0,
}

#: SMS is not checked for ``short`` versions: a long text message is sent in parts.
_UNCHECKED_PLATFORMS = ("sms",)

_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Finding:
    """One problem ``check`` found.

    Attributes:
        rule: The rule's name (a key of :data:`RULES`).
        message: What is wrong, in one sentence.
        path: The file.
        line: 1-based line, when known.
        column: 1-based column, when known.
        hint: What to do about it.
        detail: More, on several lines (a word-level diff for ``stale``).
        region: The variant (or ``global``) the message was checked in.
    """

    rule: str
    message: str
    path: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    detail: str | None = None
    region: str | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "rule": self.rule,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
            "detail": self.detail,
            "region": self.region,
        }


@dataclass(frozen=True)
class Readability:
    """The reading grade of one audience's messages in one region."""

    region: str
    audience: str
    messages: int
    mean: float
    highest: float
    ceiling: float

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "region": self.region,
            "audience": self.audience,
            "messages": self.messages,
            "mean_grade": round(self.mean, 1),
            "highest_grade": round(self.highest, 1),
            "ceiling": self.ceiling,
        }


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` found.

    Attributes:
        findings: Every problem, sorted by file and line.
        files: The files checked.
        variants: The variants checked.
        messages: How many messages (and definitions) were checked.
        readability: Reading grades per region and audience (English texts only).
        unmeasured: Languages whose texts were not graded.
    """

    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    variants: tuple[str, ...]
    messages: int
    readability: tuple[Readability, ...] = ()
    unmeasured: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        """True when nothing was found."""
        return not self.findings

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "clean": self.clean,
            "problems": len(self.findings),
            "files": list(self.files),
            "variants": list(self.variants),
            "messages": self.messages,
            "findings": [f.to_json() for f in self.findings],
            "readability": [r.to_json() for r in self.readability],
            "readability_not_measured": list(self.unmeasured),
        }


def display_path(path: str | Path, cwd: Path | None = None) -> str:
    """``path`` relative to ``cwd`` when it is inside it (as GitHub wants it), else as is."""
    base = (cwd or Path.cwd()).resolve()
    try:
        return Path(path).resolve().relative_to(base).as_posix()
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------- readability


@functools.lru_cache(maxsize=4)
def _hyphenator(lang: str) -> Any:
    from textstat.backend.utils import get_pyphen  # type: ignore[import-untyped]

    return get_pyphen(lang)


def reading_grade(text: str, *, lang: str = "en_US") -> float:
    """The Flesch-Kincaid grade of an English ``text``, computed offline.

    Uses textstat's own sentence and word rules and its Pyphen syllable count, not
    textstat's dictionary lookup: from 0.7.4 that downloads the CMU dictionary through
    NLTK at run time (and fails without a network, or writes to the user's home).
    """
    from textstat.backend.metrics import words_per_sentence  # type: ignore[import-untyped]
    from textstat.backend.selections import list_words  # type: ignore[import-untyped]

    words = list_words(text, lowercase=True)
    if not words:
        return 0.0
    hyphenator = _hyphenator(lang)
    syllables = sum(len(hyphenator.positions(word)) + 1 for word in words)
    per_sentence = float(words_per_sentence(text))
    return 0.39 * per_sentence + 11.8 * syllables / len(words) - 15.59


@functools.lru_cache(maxsize=4096)
def _cached_grade(text: str) -> float:
    return reading_grade(text)


# ---------------------------------------------------------------------------- rules


def figures(text: str) -> list[str]:
    """The figures written in digits in ``text`` (``65%`` gives ``65``)."""
    return _FIGURE.findall(text)


def _unsourced_figures(message: Message) -> list[str]:
    sourced = {f for e in message.evidence for f in figures(e.claim)}
    found: list[str] = []
    for text in (message.text, *message.short, message.ask or ""):
        for figure in figures(text):
            if figure not in sourced and figure not in found:
                found.append(figure)
    return found


def _short_over(message: Message) -> list[tuple[int, str]]:
    """(number of the short version, what is over) for each short version too long."""
    from advocacy_kit.text.count import count
    from advocacy_kit.text.rules import PLATFORM_NAMES

    over: list[tuple[int, str]] = []
    for number, short in enumerate(message.short, start=1):
        failed = []
        for name in PLATFORM_NAMES:
            if name in _UNCHECKED_PLATFORMS:
                continue
            check = count(short, name)
            if not check.fits:
                failed.append(f"{name} ({check.length} of {check.limit}, {check.over} over)")
        if failed:
            over.append((number, ", ".join(failed)))
    return over


@dataclass
class _Checker:
    cwd: Path
    selected: set[Path]
    findings: list[Finding] = field(default_factory=list)
    messages: int = 0
    grades: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    unmeasured: set[str] = field(default_factory=set)

    def is_selected(self, path: str) -> bool:
        return Path(path).resolve() in self.selected

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
        from advocacy_kit.library.campaigns import campaign_problems

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
        for number, details in _short_over(message):
            self.found(
                "short-too-long",
                f"short version {number} of {what} is too long for {details}",
                hint="shorten it; posts use it as written, with hashtags only when they fit",
                region=region,
                **where,
            )
        missing = _unsourced_figures(message)
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
        grade = _cached_grade(message.text)
        ceiling = READABILITY_CEILINGS.get(key, READABILITY_CEILINGS["definition"])
        if grade > ceiling:
            self.found(
                "readability",
                f"{what} reads at grade {grade:.1f}, above the {key} ceiling of {ceiling:g}",
                hint="split long sentences and prefer short words",
                region=region,
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
            lang = resolution.text_lang(message.id)
            if lang.startswith("en"):
                key = (resolution.name, message.audience or "definition")
                self.grades.setdefault(key, []).append(_cached_grade(message.text))
            else:
                self.unmeasured.add(lang)
        for message in records:
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


def _selected_files(paths: Sequence[Path], folders: Iterable[Path]) -> set[Path]:
    from advocacy_kit.library.loader import message_files

    chosen = list(paths) or list(folders)
    return {p.resolve() for folder in chosen for p in message_files(folder)}


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
    from advocacy_kit.library.loader import (
        Layering,
        LibraryFolder,
        build_file,
        build_variant,
        is_variant_node,
        library_folders,
        message_files,
    )
    from advocacy_kit.library.yamlio import parse_yaml, read_text

    here = cwd or Path.cwd()
    wanted = [Path(p) if Path(p).is_absolute() else here / p for p in paths]
    for path in wanted:
        if not path.exists():
            raise UsageError(
                "no such file or folder", path=path, hint="give a .yaml file or a folder of them"
            )
    folders = library_folders(library=library, cwd=here)
    roots = [f.path.resolve() for f in folders]
    for path in wanted:
        inside = any(path.resolve() == r or r in path.resolve().parents for r in roots)
        if not inside:
            folders.append(LibraryFolder(path, str(path)))
            roots.append(path.resolve())
    checker = _Checker(cwd=here, selected=_selected_files(wanted, (f.path for f in folders)))
    layering = Layering(on_problem=checker.problem)
    files: list[str] = []
    for folder in folders:
        layering.start_folder(folder)
        for path in message_files(folder.path):
            selected = path.resolve() in checker.selected
            if selected:
                files.append(display_path(path, here))
            try:
                text = read_text(path)
                node = parse_yaml(text, path)
            except LibraryError as error:
                if selected:
                    checker.add("yaml", error)
                continue
            try:
                if is_variant_node(node):
                    layering.add(build_variant(node, path, text, label=folder.label))
                else:
                    layering.add(build_file(node, path, label=folder.label))
            except LibraryError as error:
                if selected:
                    checker.add("schema", error)
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
                ceiling=READABILITY_CEILINGS.get(audience, READABILITY_CEILINGS["definition"]),
            )
        )
    return tuple(rows)


# -------------------------------------------------------------------------- output


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(report: CheckReport) -> str:
    """The findings as GitHub Actions workflow commands (``::error file=...::...``),
    one per line, so a pull request shows each problem on its line."""
    out = []
    for finding in report.findings:
        props = [f"file={_escape_property(finding.path)}"]
        if finding.line is not None:
            props.append(f"line={finding.line}")
        if finding.column is not None:
            props.append(f"col={finding.column}")
        props.append(f"title={_escape_property('advocacy-kit ' + finding.rule)}")
        body = finding.message
        if finding.hint:
            body += f"\nhint: {finding.hint}"
        if finding.detail:
            body += f"\n{finding.detail}"
        out.append(f"::error {','.join(props)}::{_escape_data(body)}")
    return "".join(line + os.linesep for line in out)
