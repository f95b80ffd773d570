"""Rendering once what a merge's letters say alike (issue 17): a specialised template
writes, for each of its contexts, exactly what the template writes; whatever differs
between the contexts, even in one row of thousands, is rendered per letter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.errors import TemplateError
from advocacy_kit.output.render import Template

SHARED = ["one", "two"]


def contexts() -> list[dict[str, Any]]:
    """Three letters' data: ``to`` and ``words.greeting`` differ, ``seats`` differs in
    the last one only, the rest is alike (``items`` the same list, as a merge shares)."""
    return [
        {
            "to": to,
            "items": SHARED,
            "subject": "Funding",
            "seats": seats,
            "none": None,
            "words": {"greeting": f"Dear {to}", "thanks": "Thanks", "list": ["a", "b"]},
        }
        for to, seats in (("Ann", 3), ("Bob", 3), ("Cy", 4))
    ]


def both(folder: Path, source: str, kind: str = "md") -> tuple[list[str], list[str]]:
    """Each context rendered by the template and by its specialised form."""
    (folder / f"letter.{kind}.j2").write_text(source, encoding="utf-8")
    template = Template(f"letter.{kind}.j2", kind=kind, templates=[folder])
    given = contexts()
    special = template.specialised(given)

    def render(t: Template, context: dict[str, Any]) -> str:
        try:
            return t.render(context)
        except TemplateError as exc:
            return f"error: {exc.message}"

    return [render(template, c) for c in given], [render(special, c) for c in given]


TEMPLATES = [
    "{{ subject }} {{ to }}\n{% for i in items %}{{ loop.index }}{{ i | md }}{% endfor %}\n",
    "{% set n = seats %}{{ subject }}\n{% if n > 3 %}many{% else %}few{% endif %}\n",
    "{% set s = subject %}{% if to %}{% set s = s ~ to %}{% endif %}{{ s }}|{{ subject }}\n",
    "{{ words.thanks }} {{ words.greeting }} {{ words['thanks'] }} {{ words.list | join }}\n",
    "{{ subject.split('n') | join('-') }} {{ to.upper() }} {{ missing is defined }}\n",
    "{% set ns = namespace(c=0) %}{% for i in items %}{% set ns.c = ns.c + 1 %}"
    "{% endfor %}{{ ns.c }} {{ subject }}\n",
    "{{ range(3) | list }} {{ subject }} {{ [1, 2] | random is number }}\n",
    "{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m(subject) }}{{ m(to) }}{{ subject }}\n",
    "{{ subject }}{{ undefined_name }}\n",
    "{{ subject }}{% for i in items %}{{ seats }}{% endfor %}{{ none }}{{ 1 / (seats - 3) }}\n",
    "{{ self }}{{ subject | center(9) }}{% for x in words.list %}{{ x }}{% endfor %}\n",
]


@pytest.mark.parametrize("source", TEMPLATES)
def test_specialised_templates_write_the_same(tmp_path: Path, source: str) -> None:
    full, special = both(tmp_path, source)
    assert special == full


def test_the_parts_alike_are_rendered_once(tmp_path: Path) -> None:
    (tmp_path / "letter.md.j2").write_text("{{ subject }}{% for i in items %}{{ i }}{% endfor %}\n")
    template = Template("letter.md.j2", kind="md", templates=[tmp_path])
    special = template.specialised(contexts())
    assert special is not template
    # Proof it was rendered once: data not among those given still shows theirs.
    other = {**contexts()[0], "subject": "Other", "items": ["x"]}
    assert special.render(other) == template.render(contexts()[0]) != template.render(other)
    assert template.specialised(contexts()[:1]) is template  # one letter: nothing to gain


def test_html_letters_write_the_same(tmp_path: Path) -> None:
    full, special = both(
        tmp_path, "<p>{{ subject }}</p>{{ to }}<b>{{ words.thanks }}</b>\n", "html"
    )
    assert special == full and "&lt;" not in full[0]


FRAGMENTS = [
    "{{ ", " }}", "{% ", " %}", "if ", "for x in ", "endif", "endfor", "set s = ", "to",
    "subject", "items", "seats", "words", "words.greeting", "words.thanks", "none", "x",
    "s", "loop.index", " ~ ", "|join", "|md", "|length", "|upper", " else ", "(", ")",
    "[", "]", ",", "1", " + ", " * 2", "\n", "text ", ".split()", " is defined",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))
def test_any_template_writes_the_same(tmp_path_factory: Any, source: str) -> None:
    folder = tmp_path_factory.mktemp("tpl")
    try:
        full, special = both(folder, source)
    except TemplateError:  # does not parse: nothing to specialise
        return
    assert special == full


def test_a_value_alike_in_all_rows_but_one_is_rendered_per_letter() -> None:
    Path("tpl").mkdir()
    Path("tpl/letter.md.j2").write_text("{{ to }} in {{ country }}: {{ subject }}\n")
    rows = "".join(f"Person {i},{'Ghana' if i == 41 else 'Kenya'}\n" for i in range(50))
    Path("r.csv").write_text("name,country\n" + rows)
    result = CliRunner().invoke(
        app, ["merge", "-a", "donors", "-r", "r.csv", "-o", "out", "--templates", "tpl"]
    )
    assert result.exit_code == 0, result.stderr
    assert Path("out/Person-41.md").read_text().startswith("Person 41 in Ghana:")
    assert Path("out/Person-40.md").read_text().startswith("Person 40 in Kenya:")


def test_data_shared_by_some_letters_and_not_the_last(tmp_path: Path) -> None:
    """``words`` is one object in the first letters and another in the last, where one
    of its keys differs: that key is rendered per letter."""
    (tmp_path / "letter.md.j2").write_text("{{ words.greeting }} {{ words.thanks }}\n")
    template = Template("letter.md.j2", kind="md", templates=[tmp_path])
    shared = {"greeting": "Dear all", "thanks": "Thanks"}
    given = [{"words": shared}, {"words": shared}, {"words": {**shared, "greeting": "Hi"}}]
    special = template.specialised(given)
    assert [special.render(c) for c in given] == [template.render(c) for c in given]
    assert special.render(given[2]).startswith("Hi Thanks")
