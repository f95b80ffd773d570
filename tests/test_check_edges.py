"""``advocacy-kit check`` over part of a library: problems in the files not asked about
are left out, and each problem is reported once, where it is written (issue 5, 19)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.library.report import CheckReport, Finding, github_annotations

runner = CliRunner()

MESSAGE = """\
messages:
  - id: {id}
    audience: donors
    title: A title
    text: Social workers help families.
"""


def _check(*args: str) -> tuple[int, list[tuple[str, str, int]]]:
    result = runner.invoke(app, ["check", *args, "--format", "json"])
    findings = json.loads(result.stdout)["findings"]
    return result.exit_code, [(f["rule"], Path(f["path"]).name, f["line"]) for f in findings]


def test_problems_of_files_not_checked_are_left_out(build_tree) -> None:
    lib = build_tree(
        {
            "good.yaml": MESSAGE.format(id="local-good"),
            "broken.yaml": "messages:\n  - id: x\n   audience: donors\n",
            "wrong.yaml": MESSAGE.format(id="local-wrong") + "    titel: x\n",
            "first.yaml": MESSAGE.format(id="local-twice"),
            "second.yaml": MESSAGE.format(id="local-twice"),
        }
    )
    assert _check(str(lib / "good.yaml"), "-L", str(lib)) == (0, [])
    assert _check(str(lib)) == (
        1,
        [
            ("yaml", "broken.yaml", 3),
            ("duplicate-id", "second.yaml", 2),
            ("schema", "wrong.yaml", 6),
        ],
    )


def test_a_variant_name_given_twice_is_reported_at_the_second(build_tree) -> None:
    variant = "variant:\n  name: r1\n  parent: global\n"
    lib = build_tree({"a.yaml": variant, "b.yaml": variant})
    assert _check(str(lib)) == (1, [("duplicate-id", "b.yaml", 2)])


def test_a_variant_below_a_broken_parent_is_not_blamed(build_tree) -> None:
    lib = build_tree(
        {
            "r1.yaml": "variant:\n  name: r1\n  parent: nowhere\n",
            "r2.yaml": "variant:\n  name: r2\n  parent: r1\n",
        }
    )
    assert _check(str(lib)) == (1, [("unknown-parent", "r1.yaml", 3)])


def test_stale_without_a_record_of_the_old_text(build_tree) -> None:
    lib = build_tree(
        {
            "r1.yaml": "variant:\n  name: r1\n  parent: global\nmessages:\n"
            "  - id: donors-sdg-targets\n    based_on: 0000abcd\n    ask: Fund it.\n"
        }
    )
    result = runner.invoke(app, ["check", str(lib), "--format", "json"])
    [finding] = json.loads(result.stdout)["findings"]
    assert (result.exit_code, finding["rule"], finding["line"]) == (1, "stale", 6)
    assert finding["message"].startswith(
        "the change to message 'donors-sdg-targets' is stale: 'global' changed the text "
        "since it was reviewed (based_on 0000abcd, now "
    )
    assert finding.get("detail") is None


def test_a_new_message_with_a_taken_id_is_reported_once(build_tree) -> None:
    """The variant's refused message leaves the parent's in its region, which is checked
    where it is written, not again as the variant's."""
    lib = build_tree(
        {
            "base.yaml": MESSAGE.format(id="local-one").replace("help families", "help 40%"),
            "r1.yaml": "variant:\n  name: r1\n  parent: global\n" + MESSAGE.format(id="local-one"),
        }
    )
    assert _check(str(lib)) == (
        1,
        [("figure-without-source", "base.yaml", 2), ("duplicate-id", "r1.yaml", 5)],
    )


def test_github_annotations_give_what_is_known() -> None:
    """Line, column, hint and detail each only when a finding has it; the body's line
    breaks and the properties' ':' and ',' escaped as GitHub reads them."""
    findings = (
        Finding("yaml", "too big", "a,b.yaml"),
        Finding("schema", "bad: key", "c.yaml", 3, 5, hint="fix it"),
        Finding("stale", "stale", "d.yaml", 7, detail="what changed:\nmore"),
    )
    report = CheckReport(findings=findings, files=(), variants=(), messages=0)
    assert github_annotations(report).splitlines() == [
        "::error file=a%2Cb.yaml,title=advocacy-kit yaml::too big",
        "::error file=c.yaml,line=3,col=5,title=advocacy-kit schema::bad: key%0Ahint: fix it",
        "::error file=d.yaml,line=7,title=advocacy-kit stale::stale%0Awhat changed:%0Amore",
    ]
