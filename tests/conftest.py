"""Shared test set-up: a stable terminal, a private user folder, inline library trees."""

from __future__ import annotations

import os

# Before typer or rich are imported anywhere: plain, fixed-width output (STYLE.md, 10).
os.environ["_TYPER_FORCE_DISABLE_TERMINAL"] = "1"
os.environ["TERMINAL_WIDTH"] = "100"
os.environ["COLUMNS"] = "100"
os.environ.pop("ADVOCACY_KIT_LIBRARY", None)
os.environ.pop("ADVOCACY_KIT_DEBUG", None)

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
#: The Alliance's pages the library is built from (tests/data/seeds/README.md).
SEEDS = DATA / "seeds"

# The SMTP server fixture of the send tests (issue 15).
pytest_plugins = ("mailserver",)


def _isolate(monkeypatch: pytest.MonkeyPatch, home: Path, work: Path) -> None:
    """Point every user folder (config, data, cache) at ``home`` and work in ``work``."""
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("ADVOCACY_KIT_LIBRARY", raising=False)
    monkeypatch.delenv("ADVOCACY_KIT_SMTP_PASSWORD", raising=False)
    monkeypatch.chdir(work)


@pytest.fixture(scope="session", autouse=True)
def _private_session_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Isolation for fixtures of every scope (issue 19): session- and module-scoped
    fixtures run before the per-test fixture below, so they too must never see the real
    user folders or a ``./messages`` folder where pytest was started."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolate(monkeypatch, tmp_path_factory.mktemp("session-home"), tmp_path_factory.mktemp("w"))
        yield


@pytest.fixture(autouse=True)
def _private_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Point every user folder (config, data, cache) at a temporary one and run each
    test from an empty working folder, so no test reads or writes the real ones."""
    _isolate(monkeypatch, tmp_path_factory.mktemp("home"), tmp_path_factory.mktemp("work"))
    yield


def need_system_tool(found: object, what: str, package: str) -> None:
    """Stop a test that needs a Debian tool ``.ci/run`` installs: in CI (``CI`` set) a
    missing tool fails the test; elsewhere the test is skipped, saying what to install,
    so the README's test line passes on a machine with only Python."""
    if found:
        return
    message = f"{what} is needed: apt-get install {package} (.ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


BuildTree = Callable[[dict[str, str]], Path]


@pytest.fixture
def build_tree(tmp_path: Path) -> BuildTree:
    """Write ``{relative path: text}`` under a fresh folder and return the folder.

    Text is dedented, so fixtures can be written inline and indented in the test.
    """

    def build(files: dict[str, str], root: Path | None = None) -> Path:
        base = root or tmp_path / "tree"
        for name, text in files.items():
            path = base / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return base

    return build


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[None] | pytest.TestReport:
    """Inside CI (``CI`` set) a skipped test is a failure (issue 19): CI installs every
    tool and package the suite needs, so a skip there means something is missing."""
    report: pytest.TestReport = yield
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped inside CI, which must run every test: {reason}"
    return report
