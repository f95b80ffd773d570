"""Documents at their edges: a library without a definition, posts asked for as a Word
file through the library's API, evidence with a link in a Word handout, an address
Python's e-mail package cannot write, and a script that would end its own element."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec
import pytest

from advocacy_kit.compose.drafts import compose_draft
from advocacy_kit.errors import OutputError, UsageError
from advocacy_kit.library.loader import load_library
from advocacy_kit.output.clean_html import with_script
from advocacy_kit.output.documents import letter_parts, render_document
from advocacy_kit.output.eml import Mailbox, build_email
from advocacy_kit.output.handout import render_handout
from advocacy_kit.output.handout_model import Handout, HandoutSection, TalkingPoint
from readers import read_back


def letter_opening(definition: bool) -> str:
    library = load_library()
    if not definition:
        library = msgspec.structs.replace(library, definition=None)
    draft = compose_draft(
        library=library, audience="donors", format="letter", date=dt.date(2026, 10, 19)
    )
    return str(letter_parts(draft.extras["context"])["body"][0]["text"])


def test_without_a_definition_the_letter_opens_without_it() -> None:
    definition = load_library().definition
    assert definition is not None
    without = letter_opening(definition=False)
    assert definition.text not in without
    assert letter_opening(definition=True) == f"{without} {definition.text}"


def test_posts_cannot_be_rendered_as_a_document() -> None:
    draft = compose_draft(library=load_library(), audience="media", format="post")
    with pytest.raises(OutputError) as caught:
        render_document(draft, "docx")
    assert caught.value.message == "posts cannot be written as .docx"
    assert caught.value.hint == "write posts to a .txt, .md or .html file"


def test_evidence_with_a_link_shows_it_in_word(tmp_path: Path) -> None:
    evidence = {"claim": "Caseloads fell", "source": "A report", "url": "https://example.org/r"}
    point = TalkingPoint(title="Point", text="Text.", evidence=(evidence,))
    section = HandoutSection("media", "Media", "Headline", (), (point,), (), ())
    path = tmp_path / "h.docx"
    path.write_bytes(bytes(render_handout(Handout(title="T", sections=(section,)), "docx")))
    assert "Evidence: Caseloads fell. Source: A report (https://example.org/r)" in read_back(path)


def test_an_address_the_email_package_cannot_write_is_refused() -> None:
    sender = Mailbox("amina@example.org", "Amina")
    with pytest.raises(UsageError) as caught:
        build_email(sender=sender, to=[Mailbox("ñoño@example.org")], subject="S", text="T")
    assert caught.value.message.startswith(
        "To 'ñoño@example.org' is not a valid e-mail address: Internationalized characters "
        "before the @-sign are not supported: 'ñ'."
    )
    assert caught.value.hint == "correct the address (it looks like name@example.org)"


def test_a_script_that_would_end_its_own_element_is_refused() -> None:
    page = "<html><body><p>x</p></body></html>"
    assert (
        with_script(page, "go();")
        == "<html><body><p>x</p><script>\ngo();\n</script>\n</body></html>"
    )
    with pytest.raises(ValueError, match=r"^the script may not end its own element$"):
        with_script(page, "x = '</SCRIPT>';")
