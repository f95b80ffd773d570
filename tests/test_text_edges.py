"""Text at its edges: split_thread() with tags at the start of a text (they stay with
the words after them; a run of tags too long for one post is cut between tags), and
sentences() of a text that starts with a blank line (issue 14, 19)."""

from __future__ import annotations

import pytest

from advocacy_kit.text.sentences import sentences
from advocacy_kit.text.thread import split_thread


@pytest.mark.parametrize(
    ("text", "limit", "parts"),
    [
        pytest.param(
            "#SSWWeek Social workers help families in every country of the world every day.",
            40,
            [
                "#SSWWeek Social workers help 1/3",
                "families in every country of the 2/3",
                "world every day. 3/3",
            ],
            id="a-leading-tag-stays-with-the-word-after-it",
        ),
        pytest.param(
            "#SocialServiceWorkforce #SSWWeek #Workers #Families #Children. Workers help.",
            30,
            [
                "#SocialServiceWorkforce 1/4",
                "#SSWWeek #Workers 2/4",
                "#Families #Children. 3/4",
                "Workers help. 4/4",
            ],
            id="a-run-of-tags-longer-than-a-post-is-cut-between-tags",
        ),
    ],
)
def test_tags_at_the_start(text: str, limit: int, parts: list[str]) -> None:
    assert split_thread(text, limit=limit) == parts


def test_a_text_starting_with_a_blank_line_has_no_empty_sentence() -> None:
    assert sentences("\n\nWorkers help.\n\n\n\nFamilies too.") == ["Workers help.", "Families too."]
