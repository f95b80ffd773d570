"""``advocacy-kit draft``: whole outputs for every audience and format (issue 2).

Expected outputs live in ``tests/data/expected/`` and were read and approved by hand;
run with ``ADVOCACY_KIT_UPDATE_EXPECTED=1`` to rewrite them after a deliberate change,
then review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.library.loader import load_library
from conftest import BuildTree

EXPECTED = Path(__file__).parent / "data" / "expected"
LETTERHEAD = [
    "--to",
    "Hon. Minister of Social Welfare",
    "--sender",
    "Amina Njoroge",
    "--organization",
    "Example Association of Social Workers",
    "--date",
    "2026-10-19",
]

runner = CliRunner()


def expect(name: str, actual: str) -> None:
    """Compare ``actual`` with the approved output ``name``."""
    path = EXPECTED / name
    if os.environ.get("ADVOCACY_KIT_UPDATE_EXPECTED"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("audience", ["donors", "media", "workforce"])
@pytest.mark.parametrize("format", ["letter", "talking-points"])
def test_document_whole_output(audience: str, format: str) -> None:
    result = runner.invoke(app, ["draft", "--audience", audience, "--format", format, *LETTERHEAD])
    assert (result.exit_code, result.stderr) == (0, "")
    expect(f"{format}-{audience}.txt", result.stdout)


@pytest.mark.parametrize("audience", ["donors", "media", "workforce"])
def test_posts_whole_output(audience: str) -> None:
    result = runner.invoke(app, ["draft", "--audience", audience, "--format", "post"])
    assert (result.exit_code, result.stderr) == (0, "")
    expect(f"post-{audience}.txt", result.stdout)


@pytest.mark.parametrize(
    ("alias", "audience", "default_format"),
    [
        ("government", "donors", "letter"),
        ("multilateral", "donors", "letter"),
        ("public", "media", "talking-points"),
        ("members", "workforce", "talking-points"),
    ],
)
def test_aliases_and_default_formats(alias: str, audience: str, default_format: str) -> None:
    result = runner.invoke(app, ["draft", "--audience", alias, "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["audience"], data["format"]) == (audience, default_format)


def test_unknown_audience_exits_2_with_did_you_mean() -> None:
    result = runner.invoke(app, ["draft", "--audience", "donr"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: unknown audience 'donr'\n"
        "hint: did you mean 'donors'? valid audiences: donors (government, governments, "
        "multilateral, donor); media (public, general-public); workforce (members, workers)\n"
    )


def test_unknown_format_and_message() -> None:
    result = runner.invoke(app, ["draft", "-a", "donors", "--format", "leter"])
    assert (result.exit_code, result.stderr) == (
        2,
        "error: unknown format 'leter'\nhint: did you mean 'letter'? valid formats: "
        "letter, post, posts, talking-points, talking_points, tweet\n",
    )
    result = runner.invoke(app, ["draft", "-a", "donors", "-m", "donors-sdg-target"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: no message with id 'donors-sdg-target'\n"
        "hint: did you mean 'donors-sdg-targets'? valid ids: "
        + ", ".join(sorted(m.id for m in load_library().messages))
        + "; `advocacy-kit list` shows them all\n"
    )


def test_json_for_a_letter() -> None:
    result = runner.invoke(app, ["draft", "-a", "donors", "--json", *LETTERHEAD])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    text_result = runner.invoke(app, ["draft", "-a", "donors", *LETTERHEAD])
    assert data == {
        "audience": "donors",
        "format": "letter",
        "platform": None,
        "pieces": [
            {
                "message_ids": [
                    "donors-sdg-targets",
                    "donors-complex-issues",
                    "donors-lived-experience",
                ],
                "text": text_result.stdout,
                "length": None,
                "limit": None,
                "fits": None,
            }
        ],
    }


def test_json_for_posts_counts_x_weighted_length() -> None:
    from advocacy_kit.text.count import count

    result = runner.invoke(app, ["draft", "-a", "media", "--format", "tweet", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["audience"], data["format"], data["platform"]) == ("media", "post", "x")
    ids = [piece["message_ids"] for piece in data["pieces"]]
    assert ids == [[m.id] for m in load_library().for_audience("media")]
    for piece in data["pieces"]:
        assert piece["length"] == count(piece["text"], "x").length
        assert piece["limit"] == 280
        assert piece["fits"] is True
        assert "#SSWWeek" in piece["text"]


def test_chosen_messages_in_the_order_given() -> None:
    result = runner.invoke(
        app,
        [
            "draft",
            "-a",
            "donors",
            "-f",
            "post",
            "-m",
            "donors-lived-experience",
            "-m",
            "media-inclusion-equality",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    pieces = json.loads(result.stdout)["pieces"]
    assert [p["message_ids"] for p in pieces] == [
        ["donors-lived-experience"],
        ["media-inclusion-equality"],
    ]


def test_post_that_cannot_fit_exits_1_naming_the_message(build_tree) -> None:
    long_text = " ".join(["Sentence number one is here and it goes on."] * 3)
    library = build_tree(
        {
            "long.yaml": f"""\
                messages:
                  - id: far-too-long
                    audience: media
                    title: Too long
                    text: "{"Unsplittable" * 30} {long_text}"
            """
        }
    )
    result = runner.invoke(
        app,
        ["draft", "-a", "media", "-f", "post", "-m", "far-too-long", "-L", str(library), "--json"],
    )
    assert result.exit_code == 1
    piece = json.loads(result.stdout)["pieces"][0]
    assert piece["fits"] is False
    assert piece["length"] > 280
    assert result.stderr == (
        f"error: 1 post(s) do not fit: far-too-long on x ({piece['length'] - 280} over)\n"
        "hint: shorten the message's 'short' version, or use --thread to split it\n"
    )


def test_rich_markup_in_messages_prints_literally(build_tree) -> None:
    library = build_tree(
        {
            "markup.yaml": """\
                messages:
                  - id: markup
                    audience: media
                    title: "[bold]Loud[/] title"
                    text: "Text with [bold]markup[/] and [red]colour[/red]."
                    short: ["[bold]Short[/] [red]red[/red]"]
            """
        }
    )
    listing = runner.invoke(app, ["list", "-a", "media", "-L", str(library)])
    assert listing.exit_code == 0, listing.stderr
    assert "[bold]Loud[/] title" in listing.stdout
    points = runner.invoke(app, ["draft", "-a", "media", "-m", "markup", "-L", str(library)])
    assert points.exit_code == 0, points.stderr
    assert "Text with [bold]markup[/] and [red]colour[/red]." in points.stdout
    assert "\x1b" not in points.stdout  # an ESC in message text is refused at load (issue 13)


def test_output_file_by_extension_and_no_overwrite(tmp_path: Path) -> None:
    for name in ("letter.md", "letter.txt", "letter.html"):
        target = tmp_path / name
        result = runner.invoke(app, ["draft", "-a", "donors", *LETTERHEAD, "-o", str(target)])
        assert (result.exit_code, result.stdout) == (0, "")
        assert result.stderr == f"wrote {target}\n"
    assert (tmp_path / "letter.txt").read_text(encoding="utf-8") == runner.invoke(
        app, ["draft", "-a", "donors", *LETTERHEAD]
    ).stdout
    expect("letter-donors.md", (tmp_path / "letter.md").read_text(encoding="utf-8"))
    expect("letter-donors.html", (tmp_path / "letter.html").read_text(encoding="utf-8"))

    before = (tmp_path / "letter.md").read_bytes()
    refused = runner.invoke(app, ["draft", "-a", "media", "-o", str(tmp_path / "letter.md")])
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"error: {tmp_path / 'letter.md'}: the file exists already\n"
        "hint: run again with --force to replace it, or choose another name with -o\n"
    )
    assert (tmp_path / "letter.md").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "letter.html",
        "letter.md",
        "letter.txt",
    ]

    forced = runner.invoke(
        app, ["draft", "-a", "media", "-o", str(tmp_path / "letter.md"), "--force"]
    )
    assert forced.exit_code == 0, forced.stderr
    assert (tmp_path / "letter.md").read_bytes() != before


def test_unknown_output_extension(tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", "-a", "donors", "-o", str(tmp_path / "letter.rtf")])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"error: {tmp_path / 'letter.rtf'}: cannot write '.rtf' files")
    assert not (tmp_path / "letter.rtf").exists()


def test_html_output_escapes_message_text(build_tree, tmp_path: Path) -> None:
    library = build_tree(
        {
            "x.yaml": """\
                messages:
                  - id: script
                    audience: donors
                    title: Script
                    text: "<script>alert('x')</script> & more"
            """
        }
    )
    target = tmp_path / "out.html"
    result = runner.invoke(
        app, ["draft", "-a", "donors", "-m", "script", "-L", str(library), "-o", str(target)]
    )
    assert result.exit_code == 0, result.stderr
    html = target.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html


def test_list_json_and_table() -> None:
    result = runner.invoke(app, ["list", "--json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    library = load_library()
    assert [(r["id"], r["audience"], r["title"], r["length"]) for r in rows] == [
        (m.id, m.audience, m.title, len(m.text)) for m in library.messages
    ]
    table = runner.invoke(app, ["list", "--audience", "public"])
    assert table.exit_code == 0
    expect("list-media.txt", table.stdout)


def test_posts_for_several_platforms_side_by_side() -> None:
    from advocacy_kit.text.count import count

    result = runner.invoke(app, ["draft", "-a", "media", "-f", "post", "-p", "all", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    names = ["x", "bluesky", "mastodon", "threads", "linkedin", "facebook"]
    assert data["platform"] == names
    media = [m.id for m in load_library().for_audience("media")]
    assert [(p["platform"], p["message_ids"]) for p in data["pieces"]] == [
        (name, [mid]) for name in names for mid in media
    ]
    for piece in data["pieces"]:
        check = count(piece["text"], piece["platform"])
        assert (piece["length"], piece["limit"], piece["fits"]) == (
            check.length,
            check.limit,
            True,
        )
    table = runner.invoke(app, ["draft", "-a", "media", "-f", "post", "-p", "x", "-p", "sms"])
    assert table.stdout.startswith("Posts by platform")
    assert "== x ==" in table.stdout and "== sms ==" in table.stdout


LONG_SMS = """\
    messages:
      - id: long-sms
        audience: donors
        title: Too long for one text message
        text: >-
          Social service workers support children, young people and families in their
          communities, in schools, in hospitals and in courts, and they connect people
          with the health, education and justice services they need every day of the year
"""


def test_thread_splits_what_cannot_fit_and_every_part_fits(build_tree: BuildTree) -> None:
    from advocacy_kit.text.count import count

    library = build_tree({"long.yaml": LONG_SMS})
    args = ["draft", "-a", "donors", "-f", "post", "-p", "sms", "-m", "long-sms"]
    plain = runner.invoke(app, [*args, "-L", str(library), "--json"])
    assert plain.exit_code == 1
    over = [p for p in json.loads(plain.stdout)["pieces"] if not p["fits"]]
    assert [p["message_ids"] for p in over] == [["long-sms"]]
    assert plain.stderr.startswith("error: 1 post(s) do not fit: long-sms on sms (")

    threaded = runner.invoke(app, [*args, "-L", str(library), "--thread", "--json"])
    assert threaded.exit_code == 0, threaded.stderr
    parts = json.loads(threaded.stdout)["pieces"]
    total = len(parts)
    assert total > 1
    assert [p["part"] for p in parts] == [[n, total] for n in range(1, total + 1)]
    for number, part in enumerate(parts, start=1):
        assert part["text"].endswith(f" {number}/{total}")
        assert part["fits"] and count(part["text"], "sms").fits
    words = " ".join(p["text"].rsplit(" ", 1)[0] for p in parts).split()
    original = " ".join(LONG_SMS.split("text: >-", 1)[1].split()).split()
    assert words[: len(original)] == original


def test_mastodon_server_limit() -> None:
    result = runner.invoke(
        app,
        ["draft", "-a", "media", "-f", "post", "-p", "mastodon", "--mastodon-limit", "150"],
    )
    assert result.exit_code == 1
    assert "/150 on mastodon" in result.stdout


def test_output_that_is_a_folder_and_missing_templates_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", "-a", "donors", "-o", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {tmp_path}: this is a folder, not a file name\n"
        "hint: give a file name, e.g. -o letter.md\n"
    )
    missing = tmp_path / "no-templates"
    result = runner.invoke(app, ["draft", "-a", "donors", "--templates", str(missing)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {missing}: templates folder not found\n"
        "hint: give the folder that holds your .j2 templates\n"
    )


def test_sms_parts_allows_longer_texts_and_says_what_they_cost(build_tree: BuildTree) -> None:
    """Issue 18: every built-in donors message fits one SMS (a shorter version or a
    clause); a text that cannot exits 1 naming --sms-parts, and --sms-parts 2 allows two
    parts and says what that costs."""
    builtin = runner.invoke(app, ["draft", "-a", "donors", "-f", "post", "-p", "sms"])
    assert (builtin.exit_code, builtin.stderr) == (0, "")
    library = build_tree({"long.yaml": LONG_SMS})
    args = ["draft", "-a", "donors", "-f", "post", "-p", "sms", "-m", "long-sms"]
    one = runner.invoke(app, [*args, "-L", str(library)])
    assert one.exit_code == 1
    assert one.stderr.endswith(
        "hint: shorten the message's 'short' version, or use --thread to split it, or "
        "allow longer texts with --sms-parts 2\n"
    )
    two = runner.invoke(app, [*args, "-L", str(library), "--sms-parts", "2"])
    assert two.exit_code == 0, two.stderr
    assert two.stderr == (
        "SMS: 1 messages take 2 parts in all (2); each part is charged as one SMS, per recipient\n"
    )
    pieces = [line for line in two.stdout.splitlines() if line.startswith("[")]
    assert len(pieces) == 1
    assert pieces[0].startswith("[long-sms: ") and pieces[0].endswith("/306 on sms]")
