"""Posts written to files (issue 14, item 1; issue 19): every audience, platform and
``--thread`` choice, as .md, .txt and .html, read back and compared with ``--json``;
and a user's post templates (``--templates``) used on screen and in files."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from advocacy_kit.cli.app import app

runner = CliRunner()

AUDIENCES = ("donors", "media", "workforce")
PLATFORMS = ("x", "bluesky", "mastodon", "threads", "linkedin", "facebook", "sms", "all")


def draft(*args: str) -> Any:
    return runner.invoke(app, ["draft", "--format", "post", *args])


def expected_pieces(args: list[str]) -> tuple[list[dict[str, Any]], bool]:
    """The posts ``--json`` gives for the same options, and whether all fit."""
    result = draft(*args, "--json")
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    pieces = data["pieces"]
    return pieces, all(p["fits"] for p in pieces)


def length_line(piece: dict[str, Any]) -> str:
    over = "" if piece["fits"] else f", {piece['length'] - piece['limit']} over the limit"
    return f"{piece['length']}/{piece['limit']}{over}"


def markdown_posts(text: str) -> list[tuple[str, str, str]]:
    """(heading, post text, length line) of each post in a posts .md file, the post's
    text as a Markdown viewer shows it (CommonMark, by markdown-it-py)."""
    posts = []
    for section in text.split("\n## ")[1:]:
        lines = section.strip("\n").split("\n")
        heading, body, last = lines[0], "\n".join(lines[1:-1]).strip("\n"), lines[-1]
        assert last.startswith("*") and last.endswith("*"), section
        # Whoever copies a post from the file itself gets its hashtags and handles
        # as they are, without a backslash.
        assert "\\#" not in body and "\\@" not in body, body
        shown = MarkdownIt("commonmark").render(body)
        assert shown.startswith("<p>") and shown.endswith("</p>\n"), shown
        posts.append((heading, html.unescape(shown[3:-5]), last.strip("*")))
    return posts


class _Posts(HTMLParser):
    """Collects the h2 heading, the post's text and its length line of each section."""

    def __init__(self) -> None:
        super().__init__()
        self.posts: list[list[str]] = []
        self.into: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "h2":
            self.posts.append(["", "", ""])
            self.into = 0
        elif tag == "div" and "post" in classes:
            self.into = 1
        elif tag == "p" and "length" in classes:
            self.into = 2

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "div", "p"):
            self.into = None

    def handle_data(self, data: str) -> None:
        if self.into is not None and self.posts:
            self.posts[-1][self.into] += data


def html_posts(text: str) -> list[tuple[str, str, str]]:
    parser = _Posts()
    parser.feed(text)
    return [(h, t, n) for h, t, n in parser.posts]


def heading(piece: dict[str, Any], several: bool) -> str:
    text = ", ".join(piece["message_ids"])
    if piece.get("part"):
        text += f" ({piece['part'][0]}/{piece['part'][1]})"
    if several:
        text += f" on {piece['platform']}"
    return text


@pytest.mark.parametrize("thread", [False, True], ids=["single", "thread"])
@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_posts_to_md_txt_and_html_read_back(audience: str, platform: str, thread: bool) -> None:
    args = ["--audience", audience, "--platform", platform, *(["--thread"] if thread else [])]
    pieces, fits = expected_pieces(args)
    several = platform == "all"
    screen = draft(*args)
    assert screen.exit_code == (0 if fits else 1)
    for kind in ("md", "txt", "html"):
        result = draft(*args, "-o", f"posts.{kind}")
        assert result.exit_code == (0 if fits else 1), result.stderr
        assert result.stderr.startswith(f"wrote posts.{kind}\n")
        text = Path(f"posts.{kind}").read_text(encoding="utf-8")
        if kind == "txt":
            # The file holds what the screen shows, less the side-by-side table.
            assert screen.stdout.endswith(text)
            for piece in pieces:
                assert piece["text"] in text
            continue
        read = markdown_posts(text) if kind == "md" else html_posts(text)
        assert read == [(heading(p, several), p["text"], length_line(p)) for p in pieces]


def test_posts_md_names_the_platform_in_its_title() -> None:
    result = draft("--audience", "media", "--platform", "bluesky", "-o", "posts.md")
    assert result.exit_code == 0, result.stderr
    assert Path("posts.md").read_text(encoding="utf-8").startswith("# Posts for bluesky\n")


POST_TEMPLATES = {
    "post.md.j2": "MARK-MD {% for p in pieces %}[{{ p.text | md }}]{% endfor %}\n",
    "post.html.j2": "MARK-HTML <p>{{ pieces | length }} {{ platform }}</p>\n",
    "post.txt.j2": "MARK-TXT {% for p in pieces %}{{ p.message_ids | join('+') }};{% endfor %}\n",
}


@pytest.mark.parametrize("name", sorted(POST_TEMPLATES))
def test_user_post_templates_are_used(name: str, build_tree: Any) -> None:
    folder = build_tree({name: POST_TEMPLATES[name]})
    kind = name.split(".")[1]
    args = ["--audience", "media", "--platform", "bluesky", "--templates", str(folder)]
    result = draft(*args, "-o", f"posts.{kind}")
    assert result.exit_code == 0, result.stderr
    written = Path(f"posts.{kind}").read_text(encoding="utf-8")
    assert written.startswith(f"MARK-{kind.upper()} ")
    if kind == "txt":  # the screen uses the user's text template too
        assert draft(*args).stdout.rstrip("\n") == written.rstrip("\n")
    else:  # a user folder without post.txt.j2 leaves the screen as it was
        assert draft(*args).stdout == draft("--audience", "media", "--platform", "bluesky").stdout


def test_user_post_txt_template_gets_every_piece_key(build_tree: Any) -> None:
    folder = build_tree(
        {
            "post.txt.j2": "{% for p in pieces %}{{ p.platform }} {{ p.part }} "
            "{{ p.length }}/{{ p.limit }} {{ p.fits }} {{ p.notes | length }}\n{% endfor %}"
        }
    )
    result = draft("--audience", "media", "--platform", "x", "--templates", str(folder))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    pieces, _ = expected_pieces(["--audience", "media", "--platform", "x"])
    assert lines == [f"x None {p['length']}/{p['limit']} True 0" for p in pieces]


def test_posts_with_a_missing_templates_folder_exit_2(tmp_path: Path) -> None:
    result = draft("--audience", "media", "--templates", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "templates folder not found" in result.stderr
