"""Option values checked without typer's adapters give what typer's adapters give
(cli/coercion.py; issue 17, goal 1)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from advocacy_kit.cli import coercion
from advocacy_kit.cli.app import build_app


def _commands(command: Any) -> Iterator[Any]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _commands(sub)


def _parameters() -> list[tuple[str, Any, Any]]:
    """Every parameter of every command, help options included, with a context."""
    found = []
    for command in _commands(typer.main.get_command(build_app())):
        ctx = command.context_class(command, info_name=command.name)
        found += [(f"{command.name} {p.name}", p, ctx) for p in command.get_params(ctx)]
    return found


PARAMETERS = _parameters()


def _outcome(coerce: Any, value: Any, param: Any, ctx: Any) -> tuple[Any, ...]:
    """What coercing ``value`` gives: the value and its type, or the error's words."""
    try:
        result = coerce(value, param=param, ctx=ctx)
    except BadParameter as error:
        return ("error", error.format_message())
    kinds = [type(item) for item in result] if isinstance(result, list) else []
    return ("value", result, type(result), kinds)


@pytest.fixture
def paths(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "folder").mkdir()
    return {
        "file": str(tmp_path / "file.txt"),
        "folder": str(tmp_path / "folder"),
        "missing": str(tmp_path / "missing" / "x.pdf"),
    }


def _values(param: Any, paths: dict[str, str]) -> list[Any]:
    texts = [
        "media", "", "12", "007", "-3", "+4", " 5 ", "1.5", "1_000", "\u0663", "1" * 18,
        "1" * 19, "1" * 5000, "x/y", "-", "\udcff", paths["file"], paths["folder"],
        paths["missing"],
    ]  # fmt: skip
    default = [] if callable(param.default) else [param.default]
    if param.multiple or param.nargs == -1:
        # Typer hands over a list where the option was given, a tuple where it was not.
        many = [(text,) for text in texts] + [[text] for text in texts]
        return [None, (), [], *default, "media", *many, tuple(texts), list(texts)]
    return [None, *default, True, 3, 2.5, *texts]


@pytest.mark.parametrize(("name", "param", "ctx"), PARAMETERS, ids=[p[0] for p in PARAMETERS])
def test_every_option_is_checked_as_typer_checks_it(
    name: str, param: Any, ctx: Any, paths: dict[str, str]
) -> None:
    typers_own = build_runtime_param(param.type_descriptor)
    for value in _values(param, paths):
        expected = _outcome(typers_own.coerce, value, param, ctx)
        assert _outcome(coercion._DEFERRED.coerce, value, param, ctx) == expected, value


def test_the_options_of_every_command_are_deferred_when_parsed() -> None:
    """Parsing leaves no option with typer's own adapter unless its value needed it."""
    command = typer.main.get_command(build_app("draft"))
    ctx = command.make_context("advocacy-kit", ["draft", "-a", "media", "--year", "x"])
    assert all(p._runtime_param is coercion._DEFERRED for p in command.get_params(ctx))
    draft = command.commands["draft"]
    sub = draft.make_context("draft", ["-a", "media", "-f", "post", "--sms-parts", "-2"])
    by_name = {p.name: p._runtime_param for p in draft.get_params(sub)}
    assert by_name["audience"] is coercion._DEFERRED
    # A negative number goes to typer, which builds its adapter for that option alone.
    assert by_name["sms_parts"] is not coercion._DEFERRED
    assert sum(runtime is not coercion._DEFERRED for runtime in by_name.values()) == 1
    assert sub.params["sms_parts"] == -2


@pytest.mark.parametrize(
    "args",
    [
        ["draft", "-a", "media", "-f", "post"],
        ["draft", "-a", "donors", "-o", "letter.md"],
        ["pack", "sswweek", "--year", "2019", "--out", "pack"],
        ["draft", "-a", "media", "-f", "post", "-p", "x", "-p", "bluesky", "-L", "own"],
    ],
)
def test_usual_commands_load_no_pydantic(args: list[str], tmp_path: Path) -> None:
    """Typer imports pydantic only to build an adapter: these commands need none."""
    (tmp_path / "own").mkdir()
    code = (
        "import sys, json\nfrom advocacy_kit.cli.app import main\n"
        f"sys.argv = ['advocacy-kit', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('pydantic'))))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.splitlines()[-1]) == []
