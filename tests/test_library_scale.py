"""What keeps large libraries fast (issue 17) without changing a result: a region reads
only the variant files of its chain, reading grades are remembered between runs and
forgotten when a text changes, and ``check`` imports neither textstat nor NLTK."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.library.grade_cache import CACHE_FILE, text_key
from advocacy_kit.library.loader import load_region
from advocacy_kit.library.rules import reading_grade
from advocacy_kit.library.variant_index import guess_variant_name
from advocacy_kit.text.count import count

runner = CliRunner()

KENYA = "variant:\n  name: kenya\n  parent: east-southern-africa\n"
#: A variant file whose name is plain to read but whose YAML is broken.
BROKEN = "variant:\n  name: broken\n  parent: [unclosed\n"


def test_a_region_reads_only_the_variant_files_of_its_chain(build_tree) -> None:
    lib = build_tree({"variants/kenya.yaml": KENYA, "variants/broken.yaml": BROKEN})
    args = ["draft", "-a", "donors", "-f", "post", "-L", str(lib)]
    kenya = runner.invoke(app, [*args, "--region", "kenya"])
    assert kenya.exit_code == 0, kenya.stderr
    assert runner.invoke(app, [*args, "--region", "global"]).exit_code == 0
    broken = runner.invoke(app, [*args, "--region", "broken"])
    assert broken.exit_code == 2
    assert broken.stderr.startswith(f"error: {lib / 'variants' / 'broken.yaml'}:4:1: invalid YAML")
    # check reads every file, so the broken one is found there
    checked = runner.invoke(app, ["check", str(lib), "--format", "json"])
    assert [f["rule"] for f in json.loads(checked.stdout)["findings"]] == ["yaml"]


def test_an_unknown_region_is_the_error_a_full_read_gives(build_tree) -> None:
    lib = build_tree({"variants/kenya.yaml": KENYA})
    result = runner.invoke(app, ["draft", "-a", "donors", "-L", str(lib), "--region", "kenyaa"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: no variant called 'kenyaa'\nhint: did you mean 'kenya'? valid regions: "
        "east-southern-africa, fr, global, kenya; `advocacy-kit variant list` shows them\n"
    )


def test_a_misread_name_falls_back_to_reading_every_file(build_tree) -> None:
    """A ``name:`` line inside a note's block text is read first from the text; the
    parsed file says otherwise, so every file is read and the result is the same."""
    tricky = "variant:\n  note: |\n    name: other\n  name: kenya\n  parent: global\n"
    assert guess_variant_name(tricky) == "other"
    lib = build_tree({"variants/kenya.yaml": tricky})
    assert load_region(library=[lib], region="kenya").lineage == ("kenya", "global")


def test_a_name_given_twice_in_one_folder_is_still_refused(build_tree) -> None:
    lib = build_tree({"variants/a.yaml": KENYA, "variants/b.yaml": KENYA})
    result = runner.invoke(app, ["draft", "-a", "donors", "-L", str(lib), "--region", "kenya"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {lib / 'variants' / 'b.yaml'}:2:3: variant 'kenya' is defined twice in this "
        f"library (first at {lib / 'variants' / 'a.yaml'}:2)"
    )


def test_a_later_folder_replaces_an_indexed_variant(build_tree, tmp_path: Path) -> None:
    head = "variant:\n  name: kenya\n"
    first = build_tree({"kenya.yaml": head + "  hashtags: ['#First']\n"}, tmp_path / "one")
    second = build_tree({"kenya.yaml": head + "  hashtags: ['#Second']\n"}, tmp_path / "two")
    assert load_region(library=[first, second], region="kenya").hashtags == ("#Second",)
    assert load_region(library=[second, first], region="kenya").hashtags == ("#First",)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("variant:\n  name: kenya\n", "kenya"),
        ("# a comment\nvariant:  # the header\n  name: 'kenya'  # its name\n", "kenya"),
        ('variant:\n  title: K\n  name: "west-africa"\nmessages:\n  - id: x\n', "west-africa"),
        ("messages:\n  - id: a\n    name: kenya\n", None),
        ("variant: {name: kenya}\n", None),  # flow style: parsed to find out
        ("variant:\n  parent: global\nmessages:\n  - name: kenya\n", None),
    ],
)
def test_guess_variant_name(text: str, name: str | None) -> None:
    assert guess_variant_name(text) == name


MESSAGE = "messages:\n  - id: local\n    audience: donors\n    title: T\n    text: {text}\n"


def _readability(folder: Path) -> list[str]:
    """The readability findings of ``check`` on ``folder``."""
    result = runner.invoke(app, ["check", str(folder), "--format", "json"])
    findings = json.loads(result.stdout)["findings"]
    return [f["message"] for f in findings if f["rule"] == "readability"]


EASY = "Workers help families. They keep children safe."
PLANTED = "message 'local' reads at grade 30.0, above the donors ceiling of 24"


def test_grades_are_remembered_and_a_changed_text_is_graded_again(build_tree) -> None:
    """The cache is used (a grade planted in it is reported), and a text that changes is
    filed under a new key, so its grade is computed from the new text."""
    folder = build_tree({"local.yaml": MESSAGE.format(text=EASY)})
    assert _readability(folder) == []
    cache = Path.home() / ".cache" / "advocacy-kit" / CACHE_FILE
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert data["grades"][text_key(EASY)] == pytest.approx(reading_grade(EASY))
    data["grades"][text_key(EASY)] = 30.0  # planted: proves the cache is read
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert _readability(folder) == [PLANTED]
    changed = EASY.replace("safe", "well")
    (folder / "local.yaml").write_text(MESSAGE.format(text=changed), encoding="utf-8")
    assert _readability(folder) == []
    data = json.loads(cache.read_text(encoding="utf-8"))
    assert data["grades"][text_key(changed)] == pytest.approx(reading_grade(changed))


def test_a_cache_made_another_way_or_broken_is_ignored(build_tree) -> None:
    folder = build_tree({"local.yaml": MESSAGE.format(text=EASY)})
    cache = Path.home() / ".cache" / "advocacy-kit" / CACHE_FILE
    cache.parent.mkdir(parents=True)
    other = {"method": "another/way", "grades": {text_key(EASY): 30.0}}
    cache.write_text(json.dumps(other), encoding="utf-8")
    assert _readability(folder) == []
    cache.write_text("{not json", encoding="utf-8")
    assert _readability(folder) == []
    assert json.loads(cache.read_text(encoding="utf-8"))["method"] != "another/way"


def test_grades_match_textstats_offline_method() -> None:
    """The grade is textstat's Flesch-Kincaid with Pyphen syllables, without textstat."""
    from textstat.backend.metrics import words_per_sentence  # type: ignore[import-untyped]
    from textstat.backend.selections import list_words  # type: ignore[import-untyped]
    from textstat.backend.utils import get_pyphen  # type: ignore[import-untyped]

    from advocacy_kit.library.loader import load_variants

    variants = load_variants()
    texts = {
        m.text for name in variants.names() for m in variants.resolve(name).library.messages
    } | {"", "Yes.", "It's 65% of 'the' targets -- isn't it? Don't! A b c.", "One two"}
    for text in texts:
        words = list_words(text, lowercase=True)
        expected = 0.0
        if words:
            hyphen = get_pyphen("en_US")
            syllables = sum(len(hyphen.positions(w)) + 1 for w in words)
            expected = 0.39 * words_per_sentence(text) + 11.8 * syllables / len(words) - 15.59
        assert reading_grade(text) == pytest.approx(expected), text


def test_check_imports_neither_textstat_nor_nltk() -> None:
    probe = (
        "import sys\nfrom advocacy_kit.library.lint import run_checks\nrun_checks()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textstat', 'nltk'}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


_GRAPHEME = regex.compile(r"\X")


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)))
def test_graphemes_below_combining_marks_are_code_points(text: str) -> None:
    """Counting below U+0300 needs no Unicode data: each code point is a cluster, but
    CR LF."""
    assert count(text, "bluesky").length == len(_GRAPHEME.findall(text))
