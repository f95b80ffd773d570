"""Where the built-in message library and templates live.

In a wheel they are installed as package data (``advocacy_kit/_data``); in a source
checkout or an editable install they are the ``messages/`` and ``templates/`` folders at
the repository root. Both layouts are supported so that contributors editing the YAML see
their change at once.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent.parent / name


def builtin_messages_dir() -> Path:
    """The folder of the built-in key messages."""
    return _data_dir("messages")


def builtin_templates_dir() -> Path:
    """The folder of the built-in templates."""
    return _data_dir("templates")
