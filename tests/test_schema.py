"""`advocacy-kit schema`: a valid JSON Schema that accepts every built-in file and
rejects the mistakes the loader rejects."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.library.schema import message_file_schema
from advocacy_kit.resources import builtin_messages_dir

runner = CliRunner()
VALIDATOR = jsonschema.Draft202012Validator(message_file_schema())
BUILTIN = sorted(builtin_messages_dir().rglob("*.yaml"))


def test_schema_is_valid_and_printed() -> None:
    jsonschema.Draft202012Validator.check_schema(message_file_schema())
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == message_file_schema()


@pytest.mark.parametrize("path", BUILTIN, ids=lambda p: p.name)
def test_every_builtin_file_validates(path: Path) -> None:
    errors = [e.message for e in VALIDATOR.iter_errors(yaml.safe_load(path.read_text("utf-8")))]
    assert errors == []


@pytest.mark.parametrize(
    "text",
    [
        "messages:\n  - id: x\n    audience: donors\n    title: T\n    text: X\n    titel: y\n",
        "messages:\n  - id: X Y\n    audience: donors\n    title: T\n    text: X\n",
        "variant:\n  name: r\n  lang: French\n",
        "variant:\n  name: r\nmessages:\n  - id: x\n    replace: A\n    amplify: B\n",
        "variant:\n  name: r\n  hashtags: [SSWWeek]\n",
    ],
)
def test_mistakes_are_rejected(text: str) -> None:
    assert list(VALIDATOR.iter_errors(yaml.safe_load(text)))


def test_schema_written_to_a_file_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "message-file.schema.json"
    assert runner.invoke(app, ["schema", "-o", str(target)]).exit_code == 0
    assert json.loads(target.read_text()) == message_file_schema()
    again = runner.invoke(app, ["schema", "-o", str(target)])
    assert again.exit_code == 2 and "--force" in again.stderr
