"""The wheel carries messages/ and templates/, and works installed on its own (issue 2).

Both tests build the wheel from this checkout with the build tools already installed
(no isolation, so nothing is downloaded); the second installs it into a fresh virtual
environment whose only other packages are this environment's (by a .pth line), and
drafts a letter from a folder outside the repository.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("advocacy_kit-*.whl")
    return built


def test_wheel_contains_messages_and_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("messages", "templates"):
        expected = {
            f"advocacy_kit/_data/{folder}/{p.relative_to(REPO / folder).as_posix()}"
            for p in (REPO / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert expected, folder
        assert expected <= names, sorted(expected - names)
    assert "advocacy_kit/cli/app.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "advocacy-kit = advocacy_kit.cli.app:main" in text


def test_installed_wheel_drafts_a_letter(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    python = bindir / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    # The dependencies come from this environment; its .pth files (our editable
    # install) are not processed from a path added this way, so the wheel's copy is used.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "deps.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n" + sysconfig.get_paths()["platlib"] + "\n"
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import advocacy_kit.resources as r; print(r.builtin_messages_dir())",
        ],
        cwd=outside,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(env_dir)
    result = subprocess.run(
        [str(bindir / "advocacy-kit"), "draft", "--audience", "donors", "--date", "2026-10-19"],
        cwd=outside,
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("19 October 2026\n\nDear Sir or Madam,\n")
    assert "more than 65% of the Sustainable Development Goal" in " ".join(result.stdout.split())
    module = subprocess.run(
        [str(python), "-m", "advocacy_kit", "list", "--json"],
        cwd=outside,
        capture_output=True,
        text=True,
    )
    assert module.returncode == 0, module.stderr
    assert '"id": "donors-sdg-targets"' in module.stdout
