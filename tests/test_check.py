"""`advocacy-kit check`: one failing and one passing fixture per rule, the output
formats, exit codes, and readability computed with no network."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.library.lint import run_checks
from advocacy_kit.library.loader import load_library
from advocacy_kit.library.rules import RULES, reading_grade
from advocacy_kit.library.variants import content_hash

runner = CliRunner()
SDG_HASH = content_hash(load_library().by_id("donors-sdg-targets").text)

MESSAGE = """\
messages:
  - id: {id}
    audience: donors
    title: A title
    text: {text}
"""

VARIANT_HEAD = """\
variant:
  name: {name}
  parent: {parent}
"""

CAMPAIGN = """\
campaign:
  id: local-week
  name: Local week
  editions:
    - year: 2025
      start: "2025-05-05"
      end: "2025-05-09"
      days:
        - day: 1
          date: "2025-05-05"
          topic: Funding the workforce
          tags: {tags}
"""

# rule -> (failing files, passing files): the passing files fix the one mistake.
CASES: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "yaml": (
        {"a.yaml": "messages:\n  - id: x\n   audience: donors\n"},
        {"a.yaml": MESSAGE.format(id="local-one", text="Workers help families.")},
    ),
    "schema": (
        {"a.yaml": MESSAGE.format(id="local-one", text="Workers help.") + "    titel: x\n"},
        {"a.yaml": MESSAGE.format(id="local-one", text="Workers help.")},
    ),
    "duplicate-id": (
        {
            "a.yaml": MESSAGE.format(id="local-one", text="Workers help."),
            "b.yaml": MESSAGE.format(id="local-one", text="Workers help too."),
        },
        {
            "a.yaml": MESSAGE.format(id="local-one", text="Workers help."),
            "b.yaml": MESSAGE.format(id="local-two", text="Workers help too."),
        },
    ),
    "unknown-id": (
        {
            "v.yaml": VARIANT_HEAD.format(name="r1", parent="global")
            + "messages:\n  - id: donors-sdg-target\n    ask: Fund it.\n"
        },
        {
            "v.yaml": VARIANT_HEAD.format(name="r1", parent="global")
            + "messages:\n  - id: donors-sdg-targets\n"
            + f"    based_on: {SDG_HASH}\n    ask: Fund it.\n"
        },
    ),
    "unknown-parent": (
        {"v.yaml": VARIANT_HEAD.format(name="r1", parent="globel")},
        {"v.yaml": VARIANT_HEAD.format(name="r1", parent="global")},
    ),
    "parent-cycle": (
        {
            "a.yaml": VARIANT_HEAD.format(name="r1", parent="r2"),
            "b.yaml": VARIANT_HEAD.format(name="r2", parent="r1"),
        },
        {
            "a.yaml": VARIANT_HEAD.format(name="r1", parent="r2"),
            "b.yaml": VARIANT_HEAD.format(name="r2", parent="global"),
        },
    ),
    "short-too-long": (
        {
            "a.yaml": MESSAGE.format(id="local-one", text="Workers help.")
            + "    short:\n      - "
            + "Workers help families every day. " * 10
            + "\n"
        },
        {
            "a.yaml": MESSAGE.format(id="local-one", text="Workers help.")
            + "    short:\n      - Workers help families every day.\n"
        },
    ),
    # Issue 12: the short drops "more than" and "by 2030" and names the network, not
    # its report; the passing one keeps them.
    "short-changes-claim": (
        {
            "a.yaml": MESSAGE.format(
                id="local-one",
                text="Workers reach more than 40% of families by 2030, according to a recent "
                "survey by Example Network.",
            )
            + "    evidence:\n      - claim: more than 40% of families by 2030\n"
            + "        source: a recent survey by Example Network\n"
            + "    short:\n      - Workers reach 40% of families (Example Network).\n"
        },
        {
            "a.yaml": MESSAGE.format(
                id="local-one",
                text="Workers reach more than 40% of families by 2030, according to a recent "
                "survey by Example Network.",
            )
            + "    evidence:\n      - claim: more than 40% of families by 2030\n"
            + "        source: a recent survey by Example Network\n"
            + "    short:\n      - Workers reach more than 40% of families by 2030, says a "
            + "recent survey by Example Network.\n"
        },
    ),
    "figure-without-source": (
        {"a.yaml": MESSAGE.format(id="local-one", text="Workers help 40% of families.")},
        {
            "a.yaml": MESSAGE.format(id="local-one", text="Workers help 40% of families.")
            + "    evidence:\n      - claim: 40% of families\n        source: A survey\n"
        },
    ),
    "untranslated": (
        {
            "v.yaml": VARIANT_HEAD.format(name="r1", parent="p1") + "  lang: fr\n",
            "p.yaml": VARIANT_HEAD.format(name="p1", parent="global"),
        },
        {
            "v.yaml": VARIANT_HEAD.format(name="r1", parent="p1"),
            "p.yaml": VARIANT_HEAD.format(name="p1", parent="global"),
        },
    ),
    "campaign": (
        {"week.yaml": CAMPAIGN.format(tags="[fundng]")},
        {"week.yaml": CAMPAIGN.format(tags="[funding]")},
    ),
    "readability": (
        {
            "a.yaml": MESSAGE.format(
                id="local-one",
                text="Comprehensive intersectoral institutionalization of multidimensional "
                "psychosocial accountability mechanisms necessitates extraordinarily "
                "sophisticated interdisciplinary organizational considerations "
                "notwithstanding considerable administrative complications.",
            )
        },
        {
            "a.yaml": MESSAGE.format(
                id="local-one", text="Social workers help families. They keep children safe."
            )
        },
    ),
}


def _check(folder: Path, *extra: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", str(folder), "--format", "json", *extra])
    return result.exit_code, json.loads(result.stdout)


def test_every_rule_has_fixtures() -> None:
    assert set(CASES) | {"stale"} == set(RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fails_then_passes(rule: str, build_tree, tmp_path: Path) -> None:
    bad, good = CASES[rule]
    code, report = _check(build_tree(bad, tmp_path / "bad"))
    assert code == 1
    assert {f["rule"] for f in report["findings"]} == {rule}
    code, report = _check(build_tree(good, tmp_path / "good"))
    assert (code, report["findings"]) == (0, [])


def test_duplicate_names_both_places(build_tree) -> None:
    folder = build_tree(CASES["duplicate-id"][0])
    _, report = _check(folder)
    [finding] = report["findings"]
    assert finding["path"].endswith("b.yaml") and finding["line"] == 2
    assert "a.yaml:2" in finding["message"]


def test_cycle_is_reported_at_each_parent_line(build_tree) -> None:
    folder = build_tree(CASES["parent-cycle"][0])
    _, report = _check(folder)
    assert [(Path(f["path"]).name, f["line"]) for f in report["findings"]] == [
        ("a.yaml", 3),
        ("b.yaml", 3),
    ]
    assert "r1 -> r2 -> r1" in report["findings"][0]["message"]


def test_stale_fails_then_passes_after_refresh(build_tree, tmp_path: Path) -> None:
    lib = build_tree(
        {
            "base.yaml": MESSAGE.format(id="local-one", text="Workers help families."),
            "variants/r1.yaml": VARIANT_HEAD.format(name="r1", parent="global")
            + "messages:\n  - id: local-one\n    amplify: In our region too.\n",
        }
    )
    code, report = _check(lib)
    assert code == 1
    assert [f["message"] for f in report["findings"]] == [
        "the change to message 'local-one' was never marked reviewed (no based_on)"
    ]
    assert runner.invoke(app, ["variant", "refresh", "r1", "-L", str(lib)]).exit_code == 0
    assert (lib / "variants/r1.yaml").read_text() == (
        "variant:\n  name: r1\n  parent: global\nmessages:\n  - id: local-one\n"
        "    #| Workers help families.\n"
        f"    based_on: {content_hash('Workers help families.')}\n"
        "    amplify: In our region too.\n"
    )
    assert _check(lib) == (0, _check(lib)[1]) and _check(lib)[1]["clean"]
    base = lib / "base.yaml"
    base.write_text(base.read_text().replace("help families", "help all families"))
    code, report = _check(lib)
    [finding] = report["findings"]
    assert (code, finding["rule"], finding["line"]) == (1, "stale", 7)
    assert finding["detail"] == ("what changed in the parent:\nWorkers help {+all+} families.")


def test_builtin_library_is_clean() -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "checked 7 files, 30 messages, 2 variants: no problems"


def test_table_and_github_formats(build_tree) -> None:
    folder = build_tree(CASES["figure-without-source"][0])
    table = runner.invoke(app, ["check", str(folder)])
    assert table.exit_code == 1
    assert "figure-without-source" in table.stdout
    assert table.stdout.splitlines()[-1] == "checked 1 file, 1 messages, 0 variants: 1 problem"
    github = runner.invoke(app, ["check", str(folder), "--format", "github"])
    assert github.exit_code == 1
    path = str(folder / "a.yaml").replace(":", "%3A").replace(",", "%2C")
    assert github.stdout == (
        f"::error file={path},line=2,title=advocacy-kit figure-without-source::"
        "message 'local-one' states 40 but no evidence gives a source for it%0A"
        "hint: add 'evidence:' with '- claim:' (quoting the figure) and 'source:'\n"
    )


def test_could_not_run_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr
    result = runner.invoke(app, ["check", "--format", "xml"])
    assert result.exit_code == 2


def test_readability_needs_no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """textstat 0.7.4+ looks words up in the CMU dictionary, downloading it through NLTK;
    our grade must come out with every connection refused and nothing written home."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    home = Path.home()
    grade = reading_grade("Social workers help families. They keep children safe.")
    assert 0 < grade < 8
    assert not (home / "nltk_data").exists()
    report = run_checks()
    assert report.clean and report.readability


def test_short_over_uses_platform_rules(build_tree) -> None:
    # 140 emoji: 140 graphemes (fits Bluesky's 300) but weighs 280 on X... and one more
    text = "\U0001f44b" * 141
    folder = build_tree(
        {"a.yaml": MESSAGE.format(id="local-one", text="Hi.") + f'    short:\n      - "{text}"\n'}
    )
    _, report = _check(folder)
    [finding] = report["findings"]
    assert finding["message"].startswith(
        "short version 1 of message 'local-one' is too long for x (282 of 280, 2 over)"
    )
