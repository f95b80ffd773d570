"""Help screens that read well at 80 columns and in a pipe (issue 14, item 9)."""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup

from advocacy_kit.cli.coercion import defer


class _Deferring:
    """Options checked cheaply when left out (cli/coercion.py); a mixin for typer's
    command classes, applied at parse time, once typer has added all its options."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse ``args`` as typer does, after deferring the options' checks."""
        defer(self.get_params(ctx))  # type: ignore[attr-defined]
        parsed: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        return parsed


class PlainHelp(_Deferring, TyperCommand):
    """A command whose help names each argument by its metavar alone.

    Typer writes an argument's type after its name (``NAME <str>``); for advocates
    the metavar (``NAME``, ``PATH...``) and the help say enough, as for options.
    """

    # The context and formatter are typer's own copy of click's: typed Any, not click's.
    def format_options(self, ctx: Any, formatter: Any) -> None:
        """The Arguments and Options sections, each a list of names and help."""
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                name = param.metavar or str(param.name).upper()
                many = "..." if param.nargs != 1 else ""
                arguments.append((name + many, record[1]))
            else:
                options.append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


class DeferredGroup(_Deferring, TyperGroup):
    """The root command, its own options (``--debug``, ``--version``, completion)
    checked as cheaply as the commands'."""
