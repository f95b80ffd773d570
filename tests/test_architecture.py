"""The architecture, tested (STYLE.md 14): the core imports no CLI libraries, and the
CLI starts without questionary or the heavy libraries."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import advocacy_kit

CLI_ONLY = ("typer", "rich", "questionary", "click", "prompt_toolkit")


def core_modules() -> list[str]:
    return sorted(
        m.name
        for m in pkgutil.walk_packages(advocacy_kit.__path__, "advocacy_kit.")
        if not m.name.startswith("advocacy_kit.cli") and m.name != "advocacy_kit.__main__"
    )


def loaded_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in json.loads(out.splitlines()[-1])}


def test_there_is_a_core() -> None:
    assert {
        "advocacy_kit.compose.drafts",
        "advocacy_kit.library.loader",
        "advocacy_kit.text.count",
    } <= set(core_modules())


def test_core_imports_no_cli_library() -> None:
    code = "\n".join(f"import {name}" for name in core_modules())
    assert loaded_after(code).isdisjoint(CLI_ONLY)


def test_help_loads_no_questionary() -> None:
    code = (
        "import sys\nfrom advocacy_kit.cli.app import app\n"
        "try:\n    app(['--help'], prog_name='advocacy-kit')\nexcept SystemExit:\n    pass"
    )
    loaded = loaded_after(code)
    assert "typer" in loaded
    assert loaded.isdisjoint({"questionary", "prompt_toolkit", "jinja2", "yaml", "emoji"})


def test_post_draft_loads_no_questionary_and_no_document_libraries() -> None:
    code = (
        "from advocacy_kit.cli.app import app\n"
        "try:\n    app(['draft', '-a', 'media', '-f', 'post', '--json'], prog_name='x')\n"
        "except SystemExit:\n    pass"
    )
    loaded = loaded_after(code)
    assert loaded.isdisjoint({"questionary", "prompt_toolkit", "typst", "docx", "babel"})


def loaded_modules_after_main(*args: str) -> set[str]:
    """The advocacy_kit modules a fresh interpreter loaded running the console script."""
    code = (
        "import sys, json\nfrom advocacy_kit.cli.app import main\n"
        f"sys.argv = ['advocacy-kit', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('advocacy_kit'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_console_script_loads_only_the_command_it_runs() -> None:
    from advocacy_kit.cli.app import COMMANDS

    loaded = loaded_modules_after_main("draft", "-a", "media", "-f", "post", "--json")
    commands = {f"advocacy_kit.cli.{module}" for _, module, _ in COMMANDS}
    assert loaded & commands == {"advocacy_kit.cli.draft"}


def test_help_lists_every_command() -> None:
    from typer.testing import CliRunner

    from advocacy_kit.cli.app import COMMANDS, app

    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = {
        line.split()[0]
        for line in result.stdout.split("\nCommands:\n", 1)[1].splitlines()
        if line.startswith("  ") and not line.startswith("   ")
    }
    assert listed == {name for name, _, _ in COMMANDS}
