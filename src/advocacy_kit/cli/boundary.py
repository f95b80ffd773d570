"""The one error boundary: core errors become a short message and an exit code.

Every command is wrapped in :func:`command_boundary`. A user never sees a traceback for
bad input; an unexpected error says so, asks to be reported, and shows the traceback only
with ``--debug`` (or ``ADVOCACY_KIT_DEBUG=1``).
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from advocacy_kit.errors import AdvocacyKitError, ExitCode, visible

F = TypeVar("F", bound=Callable[..., Any])

DEBUG_ENV = "ADVOCACY_KIT_DEBUG"


def debug_enabled() -> bool:
    """True when tracebacks of internal errors should be shown."""
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


def report(error: AdvocacyKitError) -> None:
    """Print an error as one short block on standard error, with every hidden character
    of the data it quotes made visible."""
    sys.stderr.write(f"error: {visible(str(error))}\n")
    sys.stderr.flush()


def command_boundary(func: F) -> F:
    """Run a command, turning errors into messages and exit codes."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AdvocacyKitError as error:
            report(error)
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            sys.stderr.write("interrupted\n")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except BrokenPipeError:
            # The reader went away (| head): not an error worth a message.
            raise typer.Exit(int(ExitCode.OK)) from None
        except Exception as error:  # the last line of defence: never a bare traceback
            if debug_enabled():
                traceback.print_exc()
            sys.stderr.write(
                f"error: internal error: {type(error).__name__}: {visible(str(error))}\n"
                "hint: this is a bug in advocacy-kit; please report it with the command "
                f"you ran (run with --debug or {DEBUG_ENV}=1 to see the details)\n"
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None

    return wrapper  # type: ignore[return-value]
