"""The edges of PDF and template output: many characters the fonts lack, a fixed
creation time, character maps written with ranges, templates too big, not UTF-8 or
including one that is missing, a damaged cache entry, a template out of memory."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import jinja2
import pytest
from pypdf import PdfReader

from advocacy_kit.errors import TemplateError, UsageError
from advocacy_kit.model import Library
from advocacy_kit.output import pdf
from advocacy_kit.output import render as render_module
from advocacy_kit.output.handout import compose_handout, render_handout
from advocacy_kit.output.handout_model import Handout, HandoutSection, TalkingPoint
from advocacy_kit.output.limits import MAX_TEMPLATE_BYTES
from advocacy_kit.output.render import render
from test_pdf import letter_data

#: Fourteen characters the bundled fonts lack, and a word joiner, which prints nothing.
CJK = "一二三四五六七八九十百千万亿"
JOINER = "\u2060"


def test_a_long_list_of_missing_characters_is_shortened() -> None:
    text = f"{CJK[:7]}{JOINER}{CJK[7:]}"
    result = pdf.PdfRenderer().render(
        "letter.typ", letter_data(body=[{"kind": "paragraph", "text": text}])
    )
    assert result.missing == tuple(CJK)
    named = ", ".join(f"{c} (U+{ord(c):04X})" for c in CJK[:12])
    assert result.messages()[0] == (
        f"the PDF's fonts cannot show 14 character(s), which are left out: {named} "
        f"and 2 more; {pdf.FONT_PATH_ADVICE}"
    )


def test_without_a_warn_function_the_warnings_are_python_warnings() -> None:
    point = TalkingPoint(title="Point", text=f"Text {CJK[:2]}.")
    section = HandoutSection("media", "Media", "Headline", (), (point,), (), ())
    with pytest.warns(pdf.FontWarning, match=r"^the PDF's fonts cannot show 2 character"):
        data = render_handout(Handout(title="Title", sections=(section,)), "pdf")
    assert "1 Point\nText " in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_source_date_epoch_sets_the_creation_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = pdf.PdfRenderer().render("letter.typ", letter_data())
    metadata = PdfReader(io.BytesIO(result.data)).metadata
    assert metadata is not None
    assert metadata.creation_date == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)


def test_a_missing_pdf_template_is_named(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        pdf.PdfRenderer(templates=[tmp_path]).render("nope.typ", {})
    assert caught.value.message == "template 'nope.typ' not found"
    assert caught.value.hint == "check the name, or the folder given with --templates"


def test_character_maps_written_with_ranges_are_read() -> None:
    """PDF writers other than Typst's list runs of glyphs as ranges (PDF 1.7, 9.10.3);
    a malformed entry gives no character instead of an error."""
    cmap = textwrap.dedent(
        """\
        begincmap
        4 beginbfrange
        <0003> <0005> <0041>
        <0010> <0011> [<00E9> <00F1>]
        <0020> <0021> <00410042>
        <0030> <0031>
        endbfrange
        2 beginbfchar
        <0001> <D800>
        <0002> <ABC>
        endbfchar
        endcmap
        """
    ).encode("ascii")
    document = b"%PDF-1.7\n1 0 obj\n<<>>\nstream\n" + zlib.compress(cmap) + b"\nendstream\n"
    document += b"2 0 obj\n<<>>\nstream\r\n" + b"plain bytes, no map" + b"\nendstream\n"
    assert pdf.printed_characters(document) == {"A", "B", "C", "é", "ñ"}


def test_handout_for_every_audience_of_an_empty_library() -> None:
    with pytest.raises(UsageError) as caught:
        compose_handout(library=Library(messages=()), audience="all")
    assert caught.value.message == "the library has no messages for any audience"
    assert caught.value.hint == "add messages with an 'audience:' to your library"


def template_error(folder: Path, content: bytes, name: str = "t.txt.j2") -> TemplateError:
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(content)
    with pytest.raises(TemplateError) as caught:
        render(name, {}, kind="txt", templates=[folder])
    return caught.value


def test_a_template_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    error = template_error(tmp_path, b"x" * (MAX_TEMPLATE_BYTES + 1))
    assert error.message == "template 't.txt.j2' is over 1,000,000 bytes"
    assert error.hint == "templates are limited so that no file can hang the tool; see SECURITY.md"


def test_a_template_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    error = template_error(tmp_path, "Grüße".encode("latin-1"))
    assert error.message == "template 't.txt.j2' is not UTF-8 text (byte 3)"
    assert error.hint == "save the template as UTF-8"


def test_an_included_template_that_is_missing_is_named_at_its_line(tmp_path: Path) -> None:
    error = template_error(tmp_path, b'Hello\n{% include "gone.txt.j2" %}\n')
    assert error.message == "template 'gone.txt.j2' not found"
    assert (error.path, error.line) == (str(tmp_path / "t.txt.j2"), 2)


def test_a_damaged_cache_entry_is_compiled_again(tmp_path: Path) -> None:
    (tmp_path / "t.txt.j2").write_text("{{ 2 + 3 }}", encoding="utf-8")
    assert render("t.txt.j2", {}, kind="txt", templates=[tmp_path]) == "5"
    cache = Path(os.environ["XDG_CACHE_HOME"])
    (entry,) = cache.rglob("template-txt-*.bytecode")
    damaged = jinja2.bccache.bc_magic + b"not a pickle"
    entry.write_bytes(damaged)
    render_module._environment.cache_clear()  # as in a new run: read the cache
    assert render("t.txt.j2", {}, kind="txt", templates=[tmp_path]) == "5"
    assert entry.read_bytes() != damaged


#: Renders a template that keeps 45 values of 4 MB each (within the limits) in a process
#: that may use only 64 MB more than it has.
OUT_OF_MEMORY = """
import resource, sys
from pathlib import Path
from advocacy_kit.errors import TemplateError
from advocacy_kit.output.render import render
folder = Path(sys.argv[1])
source = "".join(f"{{% set v{n} = '\\U0001F600' * 999999 %}}" for n in range(45))
(folder / "t.txt.j2").write_text(source + "{{ v0|length }}", encoding="utf-8")
size = next(l for l in open("/proc/self/status") if l.startswith("VmSize")).split()[1]
limit = int(size) * 1024 + (64 << 20)
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
try:
    render("t.txt.j2", {}, kind="txt", templates=[folder])
except TemplateError as error:
    print(error.message, error.hint, sep="\\n")
"""


def test_a_template_that_runs_out_of_memory_fails_cleanly(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", OUT_OF_MEMORY, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "ADVOCACY_KIT_NO_CACHE": "1"},
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "the template ran out of memory\nmake the template do less\n"
