"""What ``advocacy-kit check`` found, as records, and as GitHub Actions annotations."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from msgspec import Struct


class Finding(Struct, frozen=True):
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


class Readability(Struct, frozen=True):
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


class CheckReport(Struct, frozen=True):
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
