"""Questions on the terminal: the ONLY module of advocacy-kit that imports questionary.

Every question uses questionary's ``unsafe_ask()``, so Ctrl-C raises
:class:`KeyboardInterrupt` (the error boundary turns it into exit code 130) instead of
returning None. Without a terminal nothing is asked: :func:`require_terminal` fails with
exit code 2 naming the flags to pass instead (STYLE.md, habit 8).

Every text a question shows (its message, answers, descriptions, instruction, a
prefilled answer, a validation error) passes through :func:`~advocacy_kit.errors.visible`
first: message titles, profile values and region names are data, and a control or bidi
character in them must not drive the terminal (issue 13).

questionary (and prompt_toolkit under it) is imported only when a question is asked, so
``advocacy-kit --help`` and every command given in full start without it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

from msgspec import Struct

from advocacy_kit.errors import UsageError, visible


class Option(Struct, frozen=True):
    """One answer offered by a question: the value returned, what the user reads, and
    an optional longer description shown under the list for the highlighted answer."""

    value: str
    title: str
    description: str | None = None


def has_terminal() -> bool:
    """True when standard input and output are both a terminal someone can answer on."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def require_terminal(missing: Sequence[str], *, example: str) -> None:
    """Fail unless questions can be asked on a terminal.

    Args:
        missing: The flags the user must pass when there is no terminal, e.g.
            ``["--audience"]``.
        example: A whole command that passes them, with the choices where useful.

    Raises:
        UsageError: there is no terminal (exit code 2); the message names the flags.
    """
    if has_terminal():
        return
    plural = len(missing) > 1
    raise UsageError(
        f"missing option{'s' if plural else ''} {', '.join(missing)}, and no terminal to ask on",
        hint=f"pass {'them' if plural else 'it'} on the command line, e.g. {example}; "
        "or run the command in a terminal to be guided",
    )


def _shown(text: str) -> str:
    """``text`` as a question may show it: on one line, with every control, bidi and
    invisible character made visible."""
    return visible(text, newlines=False)


class Prompter:
    """Asks questions with questionary.

    Args:
        input: A prompt_toolkit input to read keys from (tests pass a pipe input);
            None means the terminal.
        output: A prompt_toolkit output (tests pass ``DummyOutput()``); None means the
            terminal.
    """

    def __init__(self, *, input: Any = None, output: Any = None) -> None:
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output

    def select(self, message: str, options: Sequence[Option], *, default: str | None = None) -> str:
        """One answer from a list (arrow keys and Enter); returns its value."""
        import questionary

        choices = [
            questionary.Choice(
                title=_shown(o.title),
                value=o.value,
                description=_shown(o.description) if o.description else None,
            )
            for o in options
        ]
        chosen = next((c for c in choices if c.value == default), None)
        answer: str = questionary.select(
            _shown(message),
            choices=choices,
            default=chosen,
            instruction="(arrow keys, Enter)",
            **self._io,
        ).unsafe_ask()
        return answer

    def checkbox(self, message: str, options: Sequence[Option], *, what: str) -> list[str]:
        """Several answers (space ticks, Enter accepts), all ticked at first.

        At least one must stay ticked: the question says so and waits otherwise.
        """
        import questionary

        choices = [
            questionary.Choice(
                title=_shown(o.title),
                value=o.value,
                description=_shown(o.description) if o.description else None,
                checked=True,
            )
            for o in options
        ]

        def at_least_one(selected: list[str]) -> bool | str:
            return True if selected else _shown(f"keep at least one {what} ticked")

        answer: list[str] = questionary.checkbox(
            _shown(message),
            choices=choices,
            validate=at_least_one,
            instruction="(all ticked: Space unticks, Enter accepts)",
            **self._io,
        ).unsafe_ask()
        return answer

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Callable[[str], str | None] | None = None,
        instruction: str | None = None,
    ) -> str:
        """A line of text, prefilled with ``default``; ``validate`` returns an error or None.

        A default with a character :func:`visible` shows otherwise is prefilled as shown;
        kept as it is, the answer is the default itself.
        """
        import questionary

        prefilled = _shown(default)

        def check(value: str) -> bool | str:
            problem = validate(value) if validate is not None else None
            return True if problem is None else _shown(problem)

        answer: str = questionary.text(
            _shown(message),
            default=prefilled,
            validate=check,
            instruction=_shown(instruction) if instruction else None,
            **self._io,
        ).unsafe_ask()
        return default.strip() if answer == prefilled else answer.strip()

    def confirm(self, message: str, *, default: bool = False) -> bool:
        """A yes-or-no question."""
        import questionary

        answer: bool = questionary.confirm(
            _shown(message), default=default, **self._io
        ).unsafe_ask()
        return answer


def ask_secret(message: str) -> str:
    """A password typed on the terminal without being shown (``getpass``); Ctrl-C is an
    interrupt. Nothing keeps it after it is returned."""
    import getpass

    return getpass.getpass(_shown(message))
