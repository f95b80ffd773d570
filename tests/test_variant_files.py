"""Malformed variant files: each mistake one located error with a hint (issue 3, 19)."""

from __future__ import annotations

import pytest

from advocacy_kit.errors import LibraryError
from advocacy_kit.library.loader import load_region, load_variants

HEAD = """\
variant:
  name: {name}
  parent: global
"""


def _error(build_tree, text: str) -> str:
    library = build_tree({"r1.yaml": text})
    with pytest.raises(LibraryError) as caught:
        load_variants(library=[library])
    return str(caught.value).removeprefix(str(library / "r1.yaml"))


CHANGE = "messages:\n  - id: donors-sdg-targets\n"

#: Case -> (what follows the header in the file, the error after the file's name).
#: The header names the variant ``r1``, or ``global`` where nothing follows it.
CASES = {
    "called-global": (
        "",
        ":2:9: a variant cannot be called 'global'\n"
        "hint: 'global' is the name of the library every variant starts from",
    ),
    "lang-not-a-tag": (
        "  lang: French\n",
        ":4:9: lang 'French' is not a language tag\n"
        "hint: write a BCP 47 language tag in lower case, e.g. fr, pt or sw-KE",
    ),
    "hashtag-without-hash": (
        "  hashtags: ['#Ours', 'SSWWeek']\n",
        ":4:13: hashtag 'SSWWeek' must start with '#' and have no spaces\n"
        'hint: write it in quotes, e.g. "#SSWWeek"',
    ),
    "handle-with-space": (
        "  handles: '@Our Alliance'\n",
        ":4:12: handle '@Our Alliance' must start with '@' and have no spaces\n"
        'hint: write it in quotes, e.g. "@SSWAlliance"',
    ),
    "replace-and-amplify": (
        CHANGE + "    replace: A.\n    amplify: B.\n",
        ":7:14: a message change has both 'replace:' and 'amplify:'\n"
        "hint: replace the parent's text, or add to it, not both",
    ),
    "changes-nothing": (
        CHANGE + "    based_on: abcd\n",
        ":5:5: a message change changes nothing\nhint: add 'amplify:' (text added to the "
        "parent's) or 'replace:' (a new text); a new message needs audience, title and text",
    ),
    "based-on-not-a-hash": (
        CHANGE + "    based_on: not-a-hash\n    ask: Fund it.\n",
        ":6:15: based_on must be the short hash the tooling wrote\n"
        "hint: remove the line and run `advocacy-kit variant refresh NAME` to write it again",
    ),
}


@pytest.mark.parametrize(("rest", "expected"), CASES.values(), ids=CASES.keys())
def test_malformed_variant_is_located(build_tree, rest: str, expected: str) -> None:
    name = "global" if not rest else "r1"
    assert _error(build_tree, HEAD.format(name=name) + rest) == expected


def test_a_change_need_not_say_what_it_was_based_on(build_tree) -> None:
    library = build_tree(
        {"r1.yaml": HEAD.format(name="r1") + CHANGE + "    ask: Fund the workforce.\n"}
    )
    resolution = load_region(library=[library], region="r1")
    assert resolution.library.by_id("donors-sdg-targets").ask == "Fund the workforce."
