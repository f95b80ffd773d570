"""The limits on what a template may make (issue 13), operation by operation: what each
allows gives the same result as plain Jinja2, what would pass a limit is refused before
it is made, naming the operation; and the time limit off the main thread."""

from __future__ import annotations

import signal
import time
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from advocacy_kit.errors import TemplateError
from advocacy_kit.output import limits
from advocacy_kit.output.render import render

#: Templates within the limits, and what each writes.
ALLOWED = [
    ("{{ 6 * 7 }}", "42"),
    ('{{ 3 * "ab" }}', "ababab"),
    ("{{ 1.5 * 2 }}", "3.0"),
    ("{{ 2.5 ** 2 }}|{{ 1 ** 100000000 }}|{{ 2 ** -1 }}", "6.25|1|0.5"),
    ("{{ 7 % 3 }}", "1"),
    ('{{ "%5.1f|%-3d|%s|%%" % (3.14159, 7, "x") }}', "  3.1|7  |x|%"),
    ('{{ "%*d" % (4, 7) }}|{{ "%05d" % 42 }}', "   7|00042"),
    ('{{ "ab".center(6, "*") }}|{{ "ab".zfill(4) }}', "**ab**|00ab"),
    ('{{ "a\\tb".expandtabs(4) }}|{{ "a\\tb".expandtabs(tabsize=2) }}', "a   b|a b"),
    ('{{ "aaa".replace("a", "bb") }}|{{ "ab".replace("", "-") }}', "bbbbbb|-a-b-"),
    ('{{ ", ".join(["a", "b"]) }}|{{ "abc".translate({97: "xyz"}) }}', "a, b|xyzbc"),
    ('{{ "ab"|center(6) }}|', "  ab  |"),
    ('{{ "a\\nb"|indent(2) }}|{{ "a\\nb"|indent("> ", first=true) }}', "a\n  b|> a\n> b"),
    ('{{ "a\\nb"|indent(width=3) }}', "a\n   b"),
    ('{{ "aaa"|replace("a", "bb") }}', "bbbbbb"),
    ('{{ "abc"|join("-") }}|{{ ["a", "b"]|join(d="+") }}', "a-b-c|a+b"),
    ('{{ "%s-%s"|format("a", "b") }}', "a-b"),
    ("{{ [1, 2, 3]|batch(2)|list }}|{{ [1, 2, 3]|slice(2)|list }}", "[[1, 2], [3]]|[[1, 2], [3]]"),
    (
        '{{ "aa bb"|wordwrap(2, true, "|") }}|{{ "aa bb"|wordwrap(2, wrapstring="/") }}',
        "aa|bb|aa/bb",
    ),
    (
        '{% for g in rows|groupby("k") %}{{ g.grouper }}{{ g.list|length }}{% endfor %}',
        "a2b1",
    ),
    (
        '{% set ns = namespace(n="ab") %}{% set ns.n = ns.n ~ "c" %}{{ [ns]|length }}{{ ns.n }}',
        "1abc",
    ),
    ("{{ lipsum(2, false, 3, 4)|wordcount }}", "6"),
    ("{{ tags|length }}|{{ fixed|length }}|{{ fixed.a }}", "2|1|b"),
]

#: Data the templates above use: a set and a read-only mapping are counted through too.
DATA = {
    "rows": [{"k": "a"}, {"k": "a"}, {"k": "b"}],
    "tags": {"x", "y"},
    "fixed": types.MappingProxyType({"a": "b"}),
}

#: Templates that would pass a limit, and the start of the error each ends in.
GROWS = "would make more than 1,000,000 characters or items"
REFUSED = [
    ("{{ 2 ** 200000 }}", "'**' would make a number of more than 100,000 bits"),
    (
        "{{ (2 ** 49000) * (2 ** 49000) * (2 ** 49000) }}",
        "'*' would make a number of more than 100,000 bits",
    ),
    ('{{ "%*d" % (2000000, 1) }}', "a format width over 1,000,000"),
    ('{{ "%2000000d" % 1 }}', "a format width over 1,000,000"),
    ('{{ "%2000000d"|format(1) }}', "a format width over 1,000,000"),
    ('{{ "a".zfill(2000000) }}', f"'.zfill()' {GROWS}"),
    ('{{ ("\\t" * 1000).expandtabs(2000) }}', f"'.expandtabs()' {GROWS}"),
    ('{{ ("a" * 1000).replace("a", "b" * 2000) }}', f"'.replace()' {GROWS}"),
    ('{{ ("x" * 1000).join(["y"] * 2000) }}', f"'.join()' {GROWS}"),
    ('{{ ("a" * 1000).translate({97: "b" * 2000}) }}', f"'.translate()' {GROWS}"),
    ('{{ "a"|center(2000000) }}', f"'|center' {GROWS}"),
    ('{{ ("a\\n" * 1000)|indent(2000) }}', f"'|indent' {GROWS}"),
    ('{{ ("a" * 1000)|replace("a", "b" * 2000) }}', f"'|replace' {GROWS}"),
    # Text joined with a long separator: refused before the join is made.
    ('{{ ("x" * 999)|join("y" * 2000) }}', f"'|join' {GROWS}"),
    ("{{ [1]|batch(2000000) }}", f"'|batch' {GROWS}"),
    ('{{ ("a" * 1000)|wordwrap(1, true, "x" * 2000) }}', f"'|wordwrap' {GROWS}"),
    (
        '{% for i in range(60) %}{% set s = "x" * 999999 %}{% endfor %}',
        "the template makes more than 50,000,000 characters of text for one document",
    ),
    ("{{ lipsum(200) }}", "lipsum() of more than 100 paragraphs or words"),
]


def write(folder: Path, source: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "t.txt.j2").write_text(source, encoding="utf-8")


def refusal(tmp_path: Path, source: str, data: dict[str, Any] | None = None) -> TemplateError:
    write(tmp_path / "tpl", source)
    with pytest.raises(TemplateError) as caught:
        render("t.txt.j2", data or {}, kind="txt", templates=[tmp_path / "tpl"])
    return caught.value


@pytest.mark.parametrize(("source", "written"), ALLOWED)
def test_what_the_limits_allow_renders_as_usual(tmp_path: Path, source: str, written: str) -> None:
    write(tmp_path, source)
    assert render("t.txt.j2", DATA, kind="txt", templates=[tmp_path]) == written


@pytest.mark.parametrize(("source", "message"), REFUSED)
def test_what_would_pass_a_limit_is_refused(tmp_path: Path, source: str, message: str) -> None:
    error = refusal(tmp_path, source)
    assert error.message == message
    assert (error.path, error.line) == (str(tmp_path / "tpl" / "t.txt.j2"), 1)
    assert error.hint == "templates are limited so that no file can hang the tool; see SECURITY.md"


def test_a_filter_given_the_wrong_kind_of_value_fails_as_in_jinja(tmp_path: Path) -> None:
    error = refusal(tmp_path, '{{ 5|join(",") }}')
    assert error.message == "the template failed: TypeError: 'int' object is not iterable"
    assert error.line == 1


def test_a_document_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    error = refusal(tmp_path, '{% for i in range(3) %}{{ "x" * 999999 }}{% endfor %}')
    assert error.message == "the template writes more than 2,000,000 characters"
    assert (error.path, error.line) == (str(tmp_path / "tpl" / "t.txt.j2"), None)


@pytest.mark.parametrize(
    "value",
    [[[0] * 20, "x" * 999_990], [{f"k{n}": n for n in range(20)}, "x" * 999_990]],
    ids=["list", "dict"],
)
def test_data_bigger_than_a_value_may_be_is_refused(tmp_path: Path, value: list[Any]) -> None:
    error = refusal(tmp_path, "{{ v|length }}", {"v": value})
    assert error.message == "the template makes a value of more than 1,000,000 characters or items"


def test_the_time_limit_holds_off_the_main_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No timer signal there: the clock read at the template's calls stops it."""
    monkeypatch.setattr(limits, "MAX_SECONDS", 0.2)
    source = "{% for i in range(100000) %}{% for j in range(1000) %}{% set x = j + 1 %}"
    source += "{% endfor %}{% endfor %}"
    with ThreadPoolExecutor(1) as pool:
        start = time.monotonic()
        error = pool.submit(refusal, tmp_path, source).result()
    assert error.message == "the template ran longer than 0.2 seconds"
    assert time.monotonic() - start < 30


def test_a_timer_signal_between_documents_does_nothing(tmp_path: Path) -> None:
    """As in the command, where no other handler is set (pytest-timeout sets one)."""
    write(tmp_path, "{{ 1 + 1 }}")
    theirs = signal.signal(signal.SIGALRM, signal.SIG_DFL)
    try:
        assert render("t.txt.j2", {}, kind="txt", templates=[tmp_path]) == "2"
        assert signal.getsignal(signal.SIGALRM) is limits._on_alarm  # left installed
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        time.sleep(0.2)  # the signal arrives, with no document being rendered
        assert render("t.txt.j2", {}, kind="txt", templates=[tmp_path]) == "2"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, theirs)
