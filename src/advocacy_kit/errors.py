"""One exception root for advocacy-kit, with the exit codes of DESIGN.md section 7.

Every error a user can cause carries where it happened (path, line, column) and a hint
saying what to do next. The CLI's single error boundary turns them into one short block
on standard error and the matching exit code.
"""

from __future__ import annotations

import difflib
import enum
import unicodedata
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


#: Characters shown by name although they are not controls: bidi marks, embeddings,
#: overrides and isolates, which reorder the text around them (issue 13).
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: Format characters that are part of ordinary text and stay as they are: the joiners of
#: emoji sequences and of Indic and Persian script, and the soft hyphen.
_KEPT_FORMAT = frozenset("\u200c\u200d\u00ad")


def visible(text: str, *, newlines: bool = True) -> str:
    """``text`` as a terminal may show it: every control, escape, bidi and invisible
    format character made visible, so data cannot move the cursor, retitle the window,
    clear the screen or reorder what the user reads.

    C0 and C1 controls and DEL become ``\\x1b``-style escapes; bidi controls, other
    format characters, line and paragraph separators and lone surrogates (undecodable
    bytes of a file name) become ``<U+202E>``. Tab stays; a newline stays unless
    ``newlines`` is false (for text that must keep to one line), when it becomes ``\\n``.

    Args:
        text: Any string, from data or from the command line.
        newlines: Keep newlines as they are.

    Returns:
        Printable text; the same string when there was nothing to show.
    """
    if text.isprintable() and (newlines or "\n" not in text):
        return text  # the common case, checked in C
    kept = text.replace("\n", "") if newlines else text
    if kept.replace("\t", "").isprintable():
        return text  # printable lines: also checked in C, not a character at a time
    return "".join(_visible_char(char, newlines) for char in text)


def _visible_char(char: str, newlines: bool) -> str:
    """One character of :func:`visible`'s result."""
    if char == "\t" or (char == "\n" and newlines):
        return char
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return "\\n" if char == "\n" else f"\\x{code:02x}"
    if char in _KEPT_FORMAT:
        return char
    if char in _BIDI or unicodedata.category(char) in ("Cf", "Cs", "Zl", "Zp"):
        return f"<U+{code:04X}>"
    return char
