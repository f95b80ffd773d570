"""Where the built-in messages and templates are found: installed as package data in a
wheel (``advocacy_kit/_data``), else at the root of a source checkout (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocacy_kit import resources


def test_a_source_checkout_uses_the_repository_folders() -> None:
    root = Path(resources.__file__).resolve().parents[2]
    assert resources.builtin_messages_dir() == root / "messages"
    assert resources.builtin_templates_dir() == root / "templates"


def test_an_installed_package_uses_its_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wheel's layout: the package folder holds ``_data``; nothing is above it."""
    package = tmp_path / "site-packages" / "advocacy_kit"
    (package / "_data" / "messages").mkdir(parents=True)
    (package / "_data" / "templates").mkdir()
    monkeypatch.setattr(resources, "_PACKAGE_DIR", package)
    assert resources.builtin_messages_dir() == package / "_data" / "messages"
    assert resources.builtin_templates_dir() == package / "_data" / "templates"
