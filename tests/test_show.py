"""`advocacy-kit show`: one message in full with its chain of origins."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from advocacy_kit.cli.app import app

runner = CliRunner()

LIB = {
    "base.yaml": """\
messages:
  - id: local-one
    audience: donors
    title: One
    text: Workers help families.
    ask: Fund them.
""",
    "variants/region.yaml": """\
variant:
  name: region
messages:
  - id: local-one
    amplify: In our region too.
""",
}


def test_show_with_region_prints_the_chain(build_tree, monkeypatch) -> None:
    lib = build_tree(LIB)
    monkeypatch.chdir(lib)
    result = runner.invoke(app, ["show", "local-one", "--region", "region", "-L", str(lib)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "local-one (donors), region region\n"
        "Title: One\n"
        "\n"
        "Workers help families. In our region too.\n"
        "\n"
        "Ask: Fund them.\n"
        "\n"
        "Where it came from:\n"
        "  1. global: defined at base.yaml:2\n"
        "  2. region: amplify at variants/region.yaml:4 (not reviewed)\n"
    )


def test_show_json_and_unknown_id(build_tree) -> None:
    lib = build_tree(LIB)
    result = runner.invoke(app, ["show", "local-one", "-L", str(lib), "--json"])
    data = json.loads(result.stdout)
    assert (data["region"], data["lang"]) == ("global", "en")
    assert [(s["variant"], Path(s["path"]).name, s["line"]) for s in data["chain"]] == [
        ("global", "base.yaml", 2)
    ]
    missing = runner.invoke(app, ["show", "local-on", "-L", str(lib)])
    assert missing.exit_code == 2
    assert "did you mean 'local-one'?" in missing.stderr


def test_show_builtin_french_definition() -> None:
    result = runner.invoke(app, ["show", "definition", "--region", "fr"])
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "definition (definition), region fr\nTitle: Définition du personnel des services sociaux\n"
    )
    assert "(up to date)" in result.stdout
