"""One exception root for advocacy-kit, with the exit codes of DESIGN.md section 7.

Every error a user can cause carries where it happened (path, line, column) and a hint
saying what to do next. The CLI's single error boundary turns them into one short block
on standard error and the matching exit code.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from pathlib import Path


class ExitCode(enum.IntEnum):
    """Process exit codes, one table for the whole tool."""

    OK = 0
    WANTING = 1  # content found wanting: check problems, a post that cannot fit
    BAD_INPUT = 2  # bad usage or bad input
    INTERNAL = 3  # an unexpected internal error
    INTERRUPTED = 130


class AdvocacyKitError(Exception):
    """Root of every error advocacy-kit raises on purpose.

    Args:
        message: What is wrong, in one sentence.
        path: The file the problem is in, if any.
        line: 1-based line number in ``path``.
        column: 1-based column number in ``path``.
        hint: What the user can do about it.
    """

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint

    @property
    def location(self) -> str | None:
        """``path:line:col`` (as much of it as is known), or None."""
        if self.path is None:
            return None
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        where = self.location
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f"\nhint: {self.hint}"
        return text


class UsageError(AdvocacyKitError):
    """A flag or argument the user gave does not make sense."""


class LibraryError(AdvocacyKitError):
    """A message file is unreadable, invalid YAML, or not of the expected shape."""


class TemplateError(AdvocacyKitError):
    """A template is missing, malformed or uses an undefined variable."""


class OutputError(AdvocacyKitError):
    """An output file cannot be written (exists already, folder missing, ...)."""


class ContentWanting(AdvocacyKitError):
    """The content itself falls short: a post that cannot fit, check problems."""

    exit_code = ExitCode.WANTING


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return the choice closest to ``word`` when one is close enough, else None."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def choice_hint(word: str, choices: Iterable[str], *, what: str) -> str:
    """A hint naming the valid ``choices`` and, when one is close, a did-you-mean."""
    options = sorted(set(choices))
    guess = did_you_mean(word, options)
    listing = ", ".join(options)
    if guess:
        return f"did you mean '{guess}'? valid {what}: {listing}"
    return f"valid {what}: {listing}"
