"""Every built-in template is overridable (issue 19): each one, copied into a
``--templates`` folder with a marker added, is the one every command that uses it
renders, in every output kind it serves.

A new built-in template needs a row in USES; ``test_every_template_has_a_use`` fails
until it has one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.resources import builtin_templates_dir
from readers import read_back

runner = CliRunner()
MARKER = "OVERRIDDEN-BY-THE-USER"
RECIPIENTS = "title,name,organisation,email\nHon.,Jane Otieno,Ministry of Gender,jane@example.org\n"

#: Template -> the command lines that render it, each with the file its output lands in
#: ({out} is a scratch folder). A folder as output means every file in it is read.
USES: dict[str, list[tuple[list[str], str]]] = {
    "letter.txt.j2": [
        (["draft", "-a", "donors", "-o", "{out}/letter.txt"], "letter.txt"),
        (["merge", "-a", "donors", "-r", "people.csv", "--out", "{out}/m", "--format", "txt"], "m"),
    ],
    "letter.md.j2": [
        (["draft", "-a", "donors", "-o", "{out}/letter.md"], "letter.md"),
        (["merge", "-a", "donors", "-r", "people.csv", "--out", "{out}/m", "--format", "md"], "m"),
    ],
    "letter.html.j2": [
        (["draft", "-a", "donors", "-o", "{out}/letter.html"], "letter.html"),
        (
            ["merge", "-a", "donors", "-r", "people.csv", "--out", "{out}/m", "--format", "html"],
            "m",
        ),
    ],
    "base.html.j2": [
        (["draft", "-a", "donors", "-o", "{out}/letter.html"], "letter.html"),
        (["handout", "-a", "media", "-o", "{out}/h.html"], "h.html"),
    ],
    "letter.typ": [
        (["draft", "-a", "donors", "-o", "{out}/letter.pdf"], "letter.pdf"),
        (["merge", "-a", "donors", "-r", "people.csv", "--out", "{out}/m", "--format", "pdf"], "m"),
    ],
    "talking-points.txt.j2": [
        (["draft", "-a", "media", "-f", "talking-points", "-o", "{out}/tp.txt"], "tp.txt")
    ],
    "talking-points.md.j2": [
        (["draft", "-a", "media", "-f", "talking-points", "-o", "{out}/tp.md"], "tp.md")
    ],
    "talking-points.html.j2": [
        (["draft", "-a", "media", "-f", "talking-points", "-o", "{out}/tp.html"], "tp.html")
    ],
    "handout.txt.j2": [(["handout", "-a", "media", "-o", "{out}/h.txt"], "h.txt")],
    "handout.md.j2": [(["handout", "-a", "media", "-o", "{out}/h.md"], "h.md")],
    "handout.html.j2": [(["handout", "-a", "media", "-o", "{out}/h.html"], "h.html")],
    "handout.typ": [(["handout", "-a", "media", "-o", "{out}/h.pdf"], "h.pdf")],
    "post.md.j2": [
        (["draft", "-a", "media", "-f", "post", "-o", "{out}/posts.md"], "posts.md"),
        (["draft", "-a", "media", "-f", "post", "--thread", "-o", "{out}/t.md"], "t.md"),
    ],
    # A card is an image: its marker is a square of MARKER_COLOUR (see with_marker).
    "card.typ": [
        (["card", "-a", "media", "-s", "square", "--out", "{out}/cards"], "cards"),
        (["pack", "sswweek", "--year", "2019", "-p", "x", "--out", "{out}/kit"], "kit"),
    ],
    "post.html.j2": [
        (["draft", "-a", "media", "-f", "post", "-o", "{out}/posts.html"], "posts.html")
    ],
    **{
        f"pack/{name}": [
            (["pack", "sswweek", "--year", "2019", "-p", "x", "--out", "{out}/kit"], "kit")
        ]
        for name in (
            "README.md.j2",
            "email.txt.j2",
            "index.html.j2",
            "posts.txt.j2",
            "talking-points.txt.j2",
        )
    },
}


def builtin_templates() -> list[str]:
    root = builtin_templates_dir()
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


#: Templates whose output is an image, and the colour their marker is drawn in.
IMAGE_TEMPLATES = ("card.typ",)
MARKER_COLOUR = (255, 0, 255)


def with_marker(text: str, name: str) -> str:
    """The template with MARKER where its output is sure to show it."""
    if name in IMAGE_TEMPLATES:  # a square placed on the page, taking no room from it
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("#set page(")) + 1
        square = '#place(top + left, rect(width: 24pt, height: 24pt, fill: rgb("#ff00ff")))'
        return "\n".join([*lines[:at], square, *lines[at:]]) + "\n"
    if name.endswith(".typ"):
        return f"{text}\n{MARKER}\n"
    block = re.search(r"\{%-?\s*block body\s*-?%\}", text)
    if block and "{% extends" in text:  # a child: only its blocks show
        return text[: block.end()] + f"<p>{MARKER}</p>" + text[block.end() :]
    if name.endswith(".html.j2"):  # the base page: outside every block
        return re.sub(r"(<body[^>]*>)", rf"\1<p>{MARKER}</p>", text, count=1)
    return f"{MARKER}\n{text}"


def test_every_template_has_a_use() -> None:
    assert sorted(set(builtin_templates()) - set(USES)) == []


@pytest.mark.parametrize(
    ("name", "args", "where"),
    [(name, args, where) for name, uses in USES.items() for args, where in uses],
)
def test_override_is_used(name: str, args: list[str], where: str, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    target = mine / name
    target.parent.mkdir(parents=True)
    source = builtin_templates_dir() / name
    target.write_text(with_marker(source.read_text(encoding="utf-8"), name), encoding="utf-8")
    Path("people.csv").write_text(RECIPIENTS, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    command = [a.replace("{out}", str(out)) for a in args] + ["--templates", str(mine)]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, (command, result.stdout, result.stderr)
    written = out / where
    files = [written] if written.is_file() else sorted(p for p in written.rglob("*") if p.is_file())
    if name in IMAGE_TEMPLATES:
        images = [p for p in files if p.suffix == ".png"]
        assert images, f"{command} wrote no image"
        for image in images:
            with Image.open(image) as opened:
                assert opened.convert("RGB").getpixel((4, 4)) == MARKER_COLOUR, image
        return
    readable = [p for p in files if p.suffix in (".txt", ".md", ".html", ".pdf", ".eml")]
    assert readable, f"{command} wrote nothing to read"
    assert any(MARKER in read_back(p) for p in readable), f"{name} not used by {command}"


def test_without_the_override_there_is_no_marker(tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", "-a", "donors", "-o", str(tmp_path / "l.md")])
    assert result.exit_code == 0
    assert MARKER not in (tmp_path / "l.md").read_text(encoding="utf-8")
