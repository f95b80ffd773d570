"""The journey matrix (issue 14): every command with every output kind it accepts, for
every audience, with no region and with each shipped region, run through the real
command line, and what it wrote read back the way its reader would get it.

The check on a document is the reader's: the key messages of that audience (as the
region resolves them) are in it, word for word. Files are read back with the library a
reader's program would use: pypdf for PDF, python-docx for Word, an HTML parser.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.library.loader import load_region
from readers import read_back, squeeze

runner = CliRunner()

AUDIENCES = ("donors", "media", "workforce")
REGIONS = (None, "east-southern-africa", "fr")
DOCUMENT_KINDS = ("screen", "json", ".md", ".txt", ".html", ".pdf", ".docx")
POST_KINDS = ("screen", "json", ".md", ".txt", ".html")
PLATFORMS = ("x", "bluesky", "mastodon", "threads", "linkedin", "facebook", "sms")


def opening_words(text: str, count: int = 12) -> str:
    return " ".join(text.split()[:count])


def messages_for(audience: str, region: str | None) -> list[tuple[str, str]]:
    """(id, official text) of each key message of ``audience`` under ``region``."""
    library = load_region(region=region).library
    return [(m.id, m.text) for m in library.for_audience(audience)]


def run(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stdout


def produce(args: list[str], kind: str, name: str) -> str:
    """Run ``args`` writing ``kind`` (screen, json or a file ending) and read it back."""
    if kind == "screen":
        return run(args)
    if kind == "json":
        return json.dumps(json.loads(run([*args, "--json"])), ensure_ascii=False)
    path = Path(name + kind)
    out = run([*args, "-o", str(path)])
    assert path.is_file(), out
    return read_back(path)


def region_args(region: str | None) -> list[str]:
    return ["--region", region] if region else []


@pytest.mark.parametrize("region", REGIONS, ids=lambda r: r or "global")
@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
@pytest.mark.parametrize("format", ["letter", "talking-points"])
@pytest.mark.parametrize("audience", AUDIENCES)
def test_draft_documents(audience: str, format: str, kind: str, region: str | None) -> None:
    args = ["draft", "-a", audience, "-f", format, *region_args(region)]
    text = produce(args, kind, format)
    if kind == "json":
        text = "\n".join(piece["text"] for piece in json.loads(text)["pieces"])
    missing = [
        message_id
        for message_id, official in messages_for(audience, region)
        if squeeze(opening_words(official)) not in squeeze(text)
    ]
    assert missing == [], f"official text of {missing} not in the {format} ({kind})"


@pytest.mark.parametrize("thread", [False, True], ids=["single", "thread"])
@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("region", REGIONS, ids=lambda r: r or "global")
@pytest.mark.parametrize("audience", AUDIENCES)
def test_draft_posts(audience: str, region: str | None, platform: str, thread: bool) -> None:
    args = ["draft", "-a", audience, "-f", "post", "-p", platform, *region_args(region)]
    args += ["--thread"] if thread else []
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code in (0, 1), result.stderr  # 1: a post that cannot fit, said so
    assert "Traceback" not in result.stderr
    posts = [piece["text"] for piece in json.loads(result.stdout)["pieces"]]
    assert posts and all(post.strip() for post in posts)
    if thread:
        assert result.exit_code == 0, "a thread always fits"
    for kind in POST_KINDS[2:]:
        path = Path(f"posts-{platform}{kind}")
        written = runner.invoke(app, [*args, "-o", str(path)])
        assert written.exit_code == result.exit_code, written.stderr
        text = squeeze(read_back(path))
        assert [p for p in posts if squeeze(p) not in text] == [], kind
    screen = squeeze(runner.invoke(app, args).stdout)
    assert [p for p in posts if squeeze(p) not in screen] == []


@pytest.mark.parametrize("region", REGIONS, ids=lambda r: r or "global")
@pytest.mark.parametrize("kind", [".pdf", ".docx", ".html", ".md", ".txt"])
@pytest.mark.parametrize("audience", [*AUDIENCES, "all"])
def test_handout(audience: str, kind: str, region: str | None) -> None:
    text = produce(["handout", "-a", audience, *region_args(region)], kind, "handout")
    audiences = AUDIENCES if audience == "all" else (audience,)
    missing = [
        message_id
        for name in audiences
        for message_id, official in messages_for(name, region)
        if squeeze(opening_words(official)) not in squeeze(text)
    ]
    assert missing == []


RECIPIENTS = (
    "title,name,organisation,email\n"
    "Hon.,Jane Otieno,Ministry of Gender,jane@example.org\n"
    "Dr,Mei Chen,Health Fund,mei@example.org\n"
)


@pytest.mark.parametrize("region", REGIONS, ids=lambda r: r or "global")
@pytest.mark.parametrize("format", ["md", "txt", "html", "pdf", "docx"])
def test_merge(format: str, region: str | None) -> None:
    Path("people.csv").write_text(RECIPIENTS, encoding="utf-8")
    args = ["merge", "-a", "donors", "-r", "people.csv", "--out", "letters"]
    run([*args, "--format", format, *region_args(region)])
    letters = sorted(p for p in Path("letters").iterdir() if p.suffix == f".{format}")
    assert len(letters) == 2
    with Path("letters/manifest.csv").open(encoding="utf-8-sig") as handle:
        assert len(list(csv.DictReader(handle))) == 2
    for letter, name in zip(letters, ["Jane Otieno", "Mei Chen"], strict=False):
        text = read_back(letter)
        assert squeeze(name) in squeeze(text) or any(
            squeeze(n) in squeeze(text) for n in ("Jane Otieno", "Mei Chen")
        )
        missing = [
            message_id
            for message_id, official in messages_for("donors", region)
            if squeeze(opening_words(official)) not in squeeze(text)
        ]
        assert missing == [], letter.name


@pytest.mark.parametrize("region", REGIONS, ids=lambda r: r or "global")
@pytest.mark.parametrize("year", [2016, 2018, 2019])
def test_pack(year: int, region: str | None) -> None:
    run(["pack", "sswweek", "--year", str(year), "--out", "kit", *region_args(region)])
    files = sorted(p for p in Path("kit").rglob("*") if p.is_file())
    assert any(p.name == "index.html" for p in files)
    for path in files:
        if path.suffix in (".txt", ".md", ".html"):
            assert read_back(path).strip(), path
    page = read_back(Path("kit/index.html"))
    assert str(year) in page


@pytest.mark.parametrize("region", REGIONS, ids=lambda r: r or "global")
@pytest.mark.parametrize("audience", AUDIENCES)
def test_card(audience: str, region: str | None) -> None:
    data = json.loads(
        run(["card", "-a", audience, "--out", "cards", "--json", *region_args(region)])
    )
    library = load_region(region=region).library
    shown = set()
    for card in data["cards"]:
        with Image.open(card["file"]) as image:
            assert image.size == (card["width"], card["height"])
        alt = Path(card["alt_file"]).read_text(encoding="utf-8")
        assert squeeze(card["text"]) in squeeze(alt)
        message = library.by_id(card["message_id"])
        # The official text, or a hand-written short version (a list item ends as a
        # sentence on a card: compare without the final punctuation).
        versions = [squeeze(v)[:-1] for v in (message.text, *message.short)]
        assert squeeze(card["text"])[:-1] in versions, card["message_id"]
        shown.add(card["message_id"])
    wanted = {m.id for m in library.for_audience(audience) if m.role != "introduction"}
    assert shown == wanted


@pytest.mark.parametrize("region", REGIONS, ids=lambda r: r or "global")
@pytest.mark.parametrize("kind", ["screen", "json"])
def test_list_and_show(kind: str, region: str | None) -> None:
    listing = produce(["list", *region_args(region)], kind, "list")
    for audience in AUDIENCES:
        for message_id, official in messages_for(audience, region):
            assert message_id in listing
            shown = produce(["show", message_id, *region_args(region)], kind, "show")
            if kind == "json":
                shown = json.loads(shown)["text"]
            assert squeeze(opening_words(official)) in squeeze(shown)


@pytest.mark.parametrize("kind", ["screen", "json"])
def test_count_every_platform(kind: str) -> None:
    text = produce(["count", "Social service workers protect children. #SSWWeek"], kind, "c")
    for platform in PLATFORMS:
        assert platform in text.lower()


@pytest.mark.parametrize("kind", ["screen", "json"])
def test_check_the_built_in_library(kind: str) -> None:
    args = ["check", *(["--format", "json"] if kind == "json" else [])]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_schema_and_variant_list() -> None:
    schema = json.loads(run(["schema"]))
    assert schema["$schema"].startswith("https://json-schema.org/")
    listing = run(["variant", "list"])
    for region in REGIONS[1:]:
        assert region and region in listing
