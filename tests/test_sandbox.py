"""The bounded sandbox and the HTML cleaner (issue 13), in process: whatever a template
says, rendering ends in a document or a TemplateError; whatever it writes into HTML,
no script survives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocacy_kit.errors import TemplateError
from advocacy_kit.output.clean_html import clean_html
from advocacy_kit.output.limits import MAX_VALUE
from advocacy_kit.output.render import render

#: Pieces templates are made of, good and bad, so random sequences reach the parser,
#: the sandbox's checks and the limits rather than only plain text.
FRAGMENTS = [
    "{{ ", " }}", "{% ", " %}", "{# ", " #}", "if ", "for x in ", "endif", "endfor",
    "macro m(a)", "endmacro", "m(", ")", "set s = ", "include 'x.j2'", "name", "items",
    "words", "|join", "|upper", "|length", "|wrap(5)", "|md", "|center(", "|indent(",
    "range(", "lipsum(", "10**", "99999999", "'x' * ", " ~ ", "[", "]", ",", "(", "1",
    "0", "/", "*", "+", "%", ".append(1)", ".__class__", "loop.index", "namespace(",
    "'{:>9}'.format(", "recursive", "\n", "text", " ", "\"", "'",
]  # fmt: skip

templates = st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join)
CONTEXT = {"name": "Ann", "items": ["a", "b"], "words": {"greeting": "Dear"}}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tpl")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=templates)
def test_any_template_renders_or_fails_cleanly(folder: Path, source: str) -> None:
    (folder / "t.txt.j2").write_text(source, encoding="utf-8")
    try:
        out = render("t.txt.j2", CONTEXT, kind="txt", templates=[folder])
    except TemplateError as error:
        assert error.message
        return
    assert len(out) <= 2 * MAX_VALUE
    assert CONTEXT == {"name": "Ann", "items": ["a", "b"], "words": {"greeting": "Dear"}}


#: Markup an attacker might put in a cell that a template prints with ``|safe``.
HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:x()'>",
    "<a href=\"JaVaScRiPt:x()\">", "<iframe src=//evil></iframe>", "<svg onload=x()>",
    "<style>@import 'http://evil';</style>", "<a href='data:text/html,<script>x</script>'>",
    "<object data=x>", "<p style='background:url(javascript:x)'>", "<body onload=x()>",
    "</p>", "<b>", "text", "<meta http-equiv=refresh content='0;url=javascript:x'>",
    "<form action=javascript:x><button>",
    "<math><mtext><table><mglyph><style><img src=x onerror=x()>",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE), max_size=8).map("".join))
def test_no_script_survives_the_cleaner(cell: str) -> None:
    document = (
        '<!DOCTYPE html><html lang="en"><head><title>t</title><style>p{color:red}</style>'
        f"</head><body><p>{cell}</p></body></html>"
    )
    cleaned = clean_html(document).lower()
    assert "<script" not in cleaned
    assert not re.search(r"<[^>]*\son\w+\s*=", cleaned)
    assert "javascript:" not in cleaned
    assert "data:" not in cleaned
    assert "<iframe" not in cleaned and "<object" not in cleaned
    assert "@import" not in cleaned and "url(" not in cleaned
    assert cleaned.startswith('<!doctype html>\n<html lang="en">')


def test_the_document_frame_and_harmless_markup_are_kept() -> None:
    document = (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n<title>T</title>\n'
        '</head>\n<body>\n<p class="x"><b>Bonjour</b> <a href="https://example.org">ici</a>'
        "</p>\n</body>\n</html>\n"
    )
    assert clean_html(document) == (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n<title>T</title>\n'
        '</head>\n<body>\n<p class="x"><b>Bonjour</b> <a href="https://example.org">ici</a>'
        "</p>\n</body>\n</html>\n"
    )


def test_one_document_cannot_change_the_next(folder: Path) -> None:
    """A fresh, unchangeable context per document: the first render's attempt to change
    the shared list is refused and the list is as it was."""
    (folder / "grow.txt.j2").write_text("{% set _ = items.append(1) %}{{ items|length }}")
    items = ["a"]
    for _ in range(2):
        with pytest.raises(TemplateError, match="unsafe"):
            render("grow.txt.j2", {"items": items}, kind="txt", templates=[folder])
    assert items == ["a"]


def test_weight_of_units_and_remembered_lists() -> None:
    """The shortcuts of ``weight`` count as its general rule does."""
    from advocacy_kit.output.limits import _other_weight, budget, weight

    for value in (None, True, 1.5, (x for x in "ab")):
        assert weight(value) == _other_weight(value, []) == 1
    long = ["ab"] * 20
    with budget():
        assert weight(long) == weight(long) == 1 + 20 + 40  # the second from memory
        assert weight([long, None, 2.0]) == 1 + 3 + 61 + 2
    assert weight("abc") == 3
