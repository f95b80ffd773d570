"""Variants: each layering rule, provenance line numbers, nested parents, cycles,
`variant new`, `variant diff`, `--region` on draft and list, and the French letter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.errors import LibraryError, UsageError
from advocacy_kit.library.loader import load_region, load_variants
from advocacy_kit.library.staleness import format_word_diff, word_diff
from advocacy_kit.library.variants import content_hash

runner = CliRunner()

BASE = """\
definition:
  text: The workforce is everyone who helps.
messages:
  - id: local-one
    audience: donors
    title: One
    text: Workers help families.
    short:
      - Workers help.
    evidence:
      - claim: a claim
        source: A source
  - id: local-two
    audience: donors
    title: Two
    text: Workers keep children safe.
"""

REGION = """\
variant:
  name: region
  parent: global
  hashtags: ["#Region"]
definition:
  amplify: Here it includes para social workers.
messages:
  - id: local-one
    amplify: In our region too.
    evidence:
      - claim: another claim
        source: Another source
  - id: local-two
    replace: Workers protect children.
    title: Two, regional
  - id: region-new
    audience: media
    title: New
    text: A message only here.
"""

COUNTRY = """\
variant:
  name: country
  parent: region
  handles: ["@Country"]
messages:
  - id: local-one
    ask: Fund the workers.
"""


@pytest.fixture
def lib(build_tree) -> Path:
    return build_tree(
        {"base.yaml": BASE, "variants/region.yaml": REGION, "variants/country.yaml": COUNTRY}
    )


def test_amplify_replace_change_add_and_definition(lib: Path) -> None:
    region = load_region(library=[lib], region="region")
    one = region.message("local-one")
    assert one.text == "Workers help families. In our region too."
    assert one.short == ("Workers help.",)  # amplifying keeps the short versions
    assert [e.claim for e in one.evidence] == ["a claim", "another claim"]
    two = region.message("local-two")
    assert (two.text, two.title, two.short) == ("Workers protect children.", "Two, regional", ())
    assert region.message("region-new").audience == "media"
    assert region.library.definition is not None
    assert region.library.definition.text == (
        "The workforce is everyone who helps. Here it includes para social workers."
    )
    assert region.hashtags == ("#Region",)


def test_nested_chain_and_provenance_lines(lib: Path) -> None:
    country = load_region(library=[lib], region="country")
    assert country.lineage == ("country", "region", "global")
    assert country.message("local-one").ask == "Fund the workers."
    assert country.message("local-one").text == "Workers help families. In our region too."
    chain = [
        (s.variant, s.action, Path(s.origin.path).name, s.origin.line)
        for s in country.chain("local-one")
    ]
    assert chain == [
        ("global", "defined", "base.yaml", 4),
        ("region", "amplify", "region.yaml", 8),
        ("country", "change", "country.yaml", 6),
    ]
    assert (country.hashtags, country.handles) == (("#Region",), ("@Country",))


def test_later_library_replaces_a_variant_of_the_same_name(
    lib: Path, build_tree, tmp_path: Path
) -> None:
    other = build_tree(
        {"region.yaml": REGION.replace("In our region too.", "Also here.")}, tmp_path / "other"
    )
    region = load_region(library=[lib, other], region="region")
    assert region.message("local-one").text == "Workers help families. Also here."


def test_adding_an_existing_id_names_both_places(build_tree) -> None:
    lib = build_tree(
        {
            "base.yaml": BASE,
            "v.yaml": "variant:\n  name: r\nmessages:\n  - id: local-one\n    audience: donors\n"
            "    title: T\n    text: Again.\n",
        }
    )
    with pytest.raises(LibraryError) as caught:
        load_region(library=[lib], region="r")
    assert caught.value.line == 4
    assert "defined twice" in caught.value.message and "base.yaml:4" in caught.value.message


def test_cycle_and_unknown_region(build_tree) -> None:
    lib = build_tree(
        {
            "a.yaml": "variant:\n  name: a\n  parent: b\n",
            "b.yaml": "variant:\n  name: b\n  parent: a\n",
        }
    )
    with pytest.raises(LibraryError, match="cycle of parents: a -> b -> a"):
        load_region(library=[lib], region="a")
    with pytest.raises(UsageError, match="no variant called 'c'"):
        load_region(library=[lib], region="c")


def test_word_diff() -> None:
    parts = word_diff("Workers help families.", "Workers help all families now.")
    assert format_word_diff(parts) == "Workers help [-families.-] {+all families now.+}"


def test_variant_new_writes_a_starter_that_checks_clean(tmp_path: Path) -> None:
    folder = tmp_path / "messages"
    result = runner.invoke(
        app, ["variant", "new", "kenya", "--parent", "east-southern-africa", "-L", str(folder)]
    )
    assert result.exit_code == 0, result.stderr
    path = folder / "variants" / "kenya.yaml"
    text = path.read_text()
    assert "  name: kenya\n  title: Kenya\n  parent: east-southern-africa\n" in text
    variants = load_variants(library=[folder])
    assert variants.resolve("kenya").lineage == ("kenya", "east-southern-africa", "global")
    assert runner.invoke(app, ["check", str(path)]).exit_code == 0
    # uncomment one block: it is a valid, reviewed amplification at once
    block = text[text.index("  # - id: donors-sdg-targets") :].split("\n\n")[0]
    live = "\n".join(
        line.replace("  # ", "  ", 1) if not line.startswith("  # donors") else line
        for line in block.splitlines()
    )
    path.write_text(text.replace(block, live))
    check = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert check.exit_code == 0, check.stdout
    assert (
        load_region(library=[folder], region="kenya")
        .message("donors-sdg-targets")
        .text.endswith("Write here what you add to this message.")
    )
    again = runner.invoke(app, ["variant", "new", "kenya", "-L", str(folder)])
    assert again.exit_code == 2 and "exists already" in again.stderr


def test_variant_diff_and_list_region(lib: Path) -> None:
    result = runner.invoke(app, ["variant", "diff", "region", "-L", str(lib), "--json"])
    assert result.exit_code == 0
    diffs = {d["id"]: d for d in json.loads(result.stdout)}
    assert diffs["local-two"]["diff"] == [
        {"op": "equal", "text": "Workers"},
        {"op": "delete", "text": "keep children safe."},
        {"op": "insert", "text": "protect children."},
    ]
    listed = runner.invoke(app, ["list", "--region", "country", "-L", str(lib), "--json"])
    rows = {r["id"]: r for r in json.loads(listed.stdout)}
    assert (rows["local-one"]["from"], rows["local-one"]["action"]) == ("country", "change")
    assert rows["local-one"]["where"].endswith("country.yaml:6")
    assert rows["region-new"]["where"].endswith("region.yaml:16")


def test_builtin_variants_resolve_with_seed_facts_only() -> None:
    esa = load_region(region="east-southern-africa")
    assert "13 countries" in esa.message("esa-community-workforce").text
    assert all(not s.stale for m in esa.library.messages for s in esa.chain(m.id))
    fr = load_region(region="fr")
    assert fr.lang == "fr"
    assert all(fr.text_lang(m.id) == "fr" for m in fr.library.messages)
    assert "65\u00a0%" in fr.message("donors-sdg-targets").text  # French typography


def test_french_letter_has_french_boilerplate() -> None:
    result = runner.invoke(
        app,
        ["draft", "-a", "donors", "--region", "fr", "--date", "2026-10-19", "--sender", "Awa"],
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.replace("\u00a0", " ").splitlines()  # French no-break spaces
    assert lines[:6] == [
        "Awa",
        "",
        "19 octobre 2026",
        "",
        "Madame, Monsieur,",
        "",
    ]
    assert "Objet : Investir dans le personnel des services sociaux" in lines
    assert "Je vous prie d'agréer, Madame, Monsieur, l'expression de ma haute" in result.stdout
    assert "Dear" not in result.stdout and "Yours sincerely" not in result.stdout


def test_region_posts_carry_the_variant_hashtag() -> None:
    result = runner.invoke(
        app, ["draft", "-a", "donors", "-f", "post", "--region", "east-southern-africa", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    texts = [p["text"] for p in json.loads(result.stdout)["pieces"]]
    assert any("#socialservices" in t for t in texts)


def test_content_hash_ignores_wrapping() -> None:
    assert content_hash("a  b\nc") == content_hash("a b c") != content_hash("a b d")


def test_an_id_added_twice_in_one_variant_names_that_variant(build_tree) -> None:
    """Issue 14, 10: the earlier definition is in the child's own file, not its parent's."""
    child = (
        "variant:\n  name: kenya\n  parent: east-southern-africa\nmessages:\n"
        "  - id: kenya-own\n    audience: donors\n    title: T\n    text: One.\n"
        "  - id: kenya-own\n    audience: donors\n    title: T\n    text: Two.\n"
    )
    lib = build_tree({"variants/kenya.yaml": child})
    result = runner.invoke(app, ["draft", "-a", "donors", "--region", "kenya", "-L", str(lib)])
    path = lib / "variants" / "kenya.yaml"
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}:9:5: message id 'kenya-own' is defined twice: here and at {path}:5 "
        "(earlier in this variant)\nhint: to change the parent's message use 'replace:' or "
        "'amplify:' instead of 'text:'; to add a new one give it another id\n"
    )


def test_an_inherited_id_added_again_names_the_layer_that_defined_it(build_tree) -> None:
    lib = build_tree({"base.yaml": BASE, "variants/region.yaml": REGION})
    country = (
        "variant:\n  name: country\n  parent: region\nmessages:\n"
        "  - id: local-one\n    audience: donors\n    title: T\n    text: Again.\n"
    )
    lib = build_tree({"variants/country.yaml": country})
    result = runner.invoke(app, ["draft", "-a", "donors", "--region", "country", "-L", str(lib)])
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.endswith(f"here and at {lib / 'base.yaml'}:4 (in 'global')"), first


def test_the_unknown_parent_hint_never_offers_the_variant_itself(build_tree) -> None:
    lib = build_tree({"variants/kenya.yaml": "variant:\n  name: kenya\n  parent: kenyaa\n"})
    result = runner.invoke(app, ["check", str(lib), "--format", "json"])
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "unknown-parent"
    assert finding["hint"] == "valid parents: east-southern-africa, fr, global"
    drafted = runner.invoke(app, ["draft", "-a", "donors", "--region", "kenya", "-L", str(lib)])
    assert drafted.stderr.endswith("hint: valid parents: east-southern-africa, fr, global\n")
