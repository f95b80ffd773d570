"""Problems found in a recipients file, collected and reported all at once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from msgspec import Struct

from advocacy_kit.errors import AdvocacyKitError, did_you_mean

#: How many problems an error lists before saying how many more there are.
MAX_LISTED_PROBLEMS = 50


class Problem(Struct, frozen=True):
    """One thing wrong with the recipients file, at a line (or sheet row)."""

    line: int | None
    message: str


class RecipientsError(AdvocacyKitError):
    """The recipients file has problems; nothing was written.

    Its text lists every problem as ``FILE:LINE: what is wrong``, one a line.
    """

    def __init__(self, label: str, problems: Sequence[Problem], *, hint: str) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: p.line or 0))
        count = len(self.problems)
        lines = [
            f"{label}:{p.line}: {p.message}" if p.line else f"{label}: {p.message}"
            for p in self.problems[:MAX_LISTED_PROBLEMS]
        ]
        if count > MAX_LISTED_PROBLEMS:
            lines.append(f"... and {count - MAX_LISTED_PROBLEMS} more problems")
        noun = "problem" if count == 1 else "problems"
        message = f"{count} {noun} found, no letter was written\n" + "\n".join(lines)
        super().__init__(message, path=label, hint=hint)


def close_match(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the choice closest to ``word``, or nothing."""
    guess = did_you_mean(word, list(choices))
    return f" (did you mean '{guess}'?)" if guess else ""


def hint_for(problems: Sequence[Problem], *, name_example: str | None = None) -> str:
    """The ``hint:`` for a list of problems: what to do about the commonest kind.

    Args:
        problems: The problems.
        name_example: A ``--name`` pattern with more of the file's own columns, for
            rows whose file names clash.
    """
    text = " ".join(p.message for p in problems)
    if "not UTF-8" in text:
        return (
            "save the file as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8), then fix "
            "the other lines and run again"
        )
    if "file name" in text and name_example:
        return f'fix these lines, or use --name with more columns, e.g. --name "{name_example}"'
    return "fix these lines in the recipients file and run the same command again"


def stop_on(label: str, problems: Sequence[Problem], *, name_example: str | None = None) -> None:
    """Raise every problem found so far at once, if there is any.

    Raises:
        RecipientsError: there are problems.
    """
    if problems:
        raise RecipientsError(label, problems, hint=hint_for(problems, name_example=name_example))
