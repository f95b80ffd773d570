"""The start-up cache (issue 17): parsed library files and compiled templates are reused
only while what they were made from is unchanged, and a damaged cache is rebuilt.

Each test runs the real console script in fresh processes, as a user would, with the
cache folder under the test's private home (tests/conftest.py sets XDG_CACHE_HOME).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from advocacy_kit import cache
from advocacy_kit.cache import NO_CACHE_ENV

MESSAGE_FILE = """\
messages:
  - id: local-news
    audience: media
    title: Local news
    text: Social service workers in our district answered {count} calls this winter.
"""

LETTER_TEMPLATE = "Letter {version} to {{{{ to }}}}\n"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The console script, run with bytecode writing allowed as after ``pip install``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return subprocess.run(
        [sys.executable, "-m", "advocacy_kit", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def cache_files() -> list[Path]:
    root = Path(os.environ["XDG_CACHE_HOME"]) / "advocacy-kit"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def post_text(library: Path) -> str:
    result = run("draft", "-a", "media", "-f", "post", "-m", "local-news", "--json",
                 "--library", str(library))  # fmt: skip
    assert result.returncode == 0, result.stderr
    pieces = json.loads(result.stdout)["pieces"]
    return " ".join(piece["text"] for piece in pieces)


def test_a_changed_message_file_is_read_again(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    message_file = library / "local.yaml"
    message_file.write_text(MESSAGE_FILE.format(count="1,200"), encoding="utf-8")
    assert "1,200 calls" in post_text(library)
    assert any(p.name.startswith("library-") for p in cache_files())
    assert "1,200 calls" in post_text(library)  # from the cache
    # Same size, and the same modification time restored: only the content differs.
    status = message_file.stat()
    message_file.write_text(MESSAGE_FILE.format(count="3,400"), encoding="utf-8")
    os.utime(message_file, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert "3,400 calls" in post_text(library)


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    template = templates / "letter.txt.j2"

    def letter() -> str:
        result = run("draft", "-a", "donors", "--to", "Ms Ada", "--templates", str(templates))
        assert result.returncode == 0, result.stderr
        return result.stdout

    template.write_text(LETTER_TEMPLATE.format(version="one"), encoding="utf-8")
    assert letter() == "Letter one to Ms Ada\n"
    assert any(p.name.startswith("template-") for p in cache_files())
    assert letter() == "Letter one to Ms Ada\n"  # from the cache
    status = template.stat()
    template.write_text(LETTER_TEMPLATE.format(version="two"), encoding="utf-8")
    os.utime(template, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert letter() == "Letter two to Ms Ada\n"


def test_a_damaged_cache_is_ignored_and_rebuilt() -> None:
    first = run("draft", "-a", "donors")
    assert first.returncode == 0, first.stderr
    damaged = cache_files()
    assert {p.name.split("-")[0] for p in damaged} == {"library", "template"}
    for path in damaged:
        path.write_bytes(b"\x80\x04 not a pickle nor compiled code")
    again = run("draft", "-a", "donors")
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout
    assert again.stderr == first.stderr
    for path in damaged:  # written afresh, atomically
        assert not path.read_bytes().startswith(b"\x80\x04 not")


def test_another_installs_folder_is_kept_until_unused_for_a_week() -> None:
    """Two installs sharing one cache (each its own code, so its own folder) do not
    empty each other's; a folder not written to for a week is removed."""
    root = Path(os.environ["XDG_CACHE_HOME"]) / "advocacy-kit"
    recent, old = root / ("a" * 24), root / ("b" * 24)
    for folder in (recent, old):
        folder.mkdir(parents=True)
        (folder / "library-x.pickle").write_bytes(b"an entry")
    week_ago = time.time() - 8 * 86400
    os.utime(old, (week_ago, week_ago))
    result = run("draft", "-a", "donors")
    assert result.returncode == 0, result.stderr
    assert recent.is_dir()
    assert (recent / "library-x.pickle").read_bytes() == b"an entry"
    assert not old.exists()
    assert len([p for p in root.iterdir() if p.is_dir()]) == 2  # ours, and the recent one


def test_an_unwritable_cache_folder_is_no_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    result = run("draft", "-a", "donors")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    result = run("draft", "-a", "media", "-f", "post")
    assert result.returncode == 0, result.stderr
    assert cache_files() == []


def test_a_post_draft_from_the_cache_loads_no_yaml_or_jinja2() -> None:
    code = (
        "import sys, json\nfrom advocacy_kit.cli.app import main\n"
        "sys.argv = ['advocacy-kit', 'draft', '-a', 'media', '-f', 'post']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('yaml', 'jinja2')"
        " and type(sys.modules[m]).__name__ == 'module']\n"
        "print(json.dumps(loaded))"
    )
    for _ in range(2):  # the first run fills the cache
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    assert json.loads(out.splitlines()[-1]) == []


def test_an_entry_that_cannot_be_written_leaves_no_temporary_file() -> None:
    """A folder where the entry's file would go: the rename fails, the run goes on."""
    folder = cache.cache_folder()
    assert folder is not None
    (folder / "entry" / "inside").mkdir(parents=True)
    cache.store("entry", {"a": 1})
    assert sorted(p.name for p in folder.iterdir()) == ["entry"]
    assert cache.load("entry") is None


def _run_probing_yaml(*args: str) -> tuple[str, bool]:
    """The console script's standard output, and whether it loaded the YAML parser."""
    code = (
        "import sys, json\nfrom advocacy_kit.cli.app import main\n"
        f"sys.argv = ['advocacy-kit', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps('yaml' in sys.modules"
        " and type(sys.modules['yaml']).__name__ == 'module'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout.splitlines()
    return "\n".join(out[:-1]), json.loads(out[-1])


def test_check_shares_the_parsed_files_and_reads_a_changed_one_again(tmp_path: Path) -> None:
    """``check`` takes an unchanged file from the cache that ``draft`` and ``list`` use
    too (no YAML parser loaded). A changed file is parsed again, and a broken one is
    reported every time, never taken from the cache."""
    library = tmp_path / "library"
    library.mkdir()
    message_file = library / "local.yaml"
    message_file.write_text(MESSAGE_FILE.format(count="1,200"), encoding="utf-8")

    def check() -> tuple[list[str], bool]:
        out, loaded_yaml = _run_probing_yaml("check", "--format", "json", "--library", str(library))
        return [finding["rule"] for finding in json.loads(out)["findings"]], loaded_yaml

    found, loaded_yaml = check()  # the first run parses every file (variants included)
    assert loaded_yaml and "figure-without-source" in found  # "1,200 calls", no source
    assert check() == (found, False)
    draft = ("draft", "-a", "media", "-f", "post", "-m", "local-news", "--library", str(library))
    out, loaded_yaml = _run_probing_yaml(*draft)
    assert "1,200 calls" in out and not loaded_yaml  # a draft reads what check parsed
    message_file.write_text(MESSAGE_FILE.format(count="1,200") + "  - id: [\n", encoding="utf-8")
    broken, loaded_yaml = check()
    assert loaded_yaml and "yaml" in broken and "figure-without-source" not in broken
    assert check() == (broken, True)  # still broken: reported again, never cached
    message_file.write_text(MESSAGE_FILE.format(count="3,400").replace("title", "titel"))
    misspelt, loaded_yaml = check()
    assert loaded_yaml and "schema" in misspelt
    message_file.write_text(MESSAGE_FILE.format(count="3,400"), encoding="utf-8")
    assert check() == (found, True)  # parsed again once mended
    assert check() == (found, False)  # and from the cache after that
    out, loaded_yaml = _run_probing_yaml(*draft)
    assert "3,400 calls" in out and not loaded_yaml
