"""Every reader gets the Alliance's own words (issue 12).

Seed 004 (``tests/data/seeds/``) is read here, not the library: each key message
sentence must reach letters, talking points (txt, md, html, and docx and pdf read back),
handouts and the kit's e-mails word for word. Short versions, posts and kit posts keep
every figure with its qualifier and its source; ``@SSWAlliance`` appears only on X; a
member's e-mail carries no donor ask and is not signed by the Alliance. Golden letters,
one per audience in English and French, were read as their recipient would read them;
``ADVOCACY_KIT_UPDATE_EXPECTED=1`` rewrites them after a deliberate change.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import docx
import pypdf
import pytest
from typer.testing import CliRunner

from advocacy_kit.batch.pack import build_pack
from advocacy_kit.cli.app import app
from advocacy_kit.compose.posts import compose_posts
from advocacy_kit.library.claims import claim_changes
from advocacy_kit.library.loader import load_library, load_region
from conftest import SEEDS

runner = CliRunner()
AUDIENCES = ("donors", "media", "workforce")
GOLDEN = Path(__file__).parent / "data" / "expected" / "letters"
HEADS = {
    "donors": "Messages to donor groups, government and multilateral agencies",
    "media": "Messages to media and general public",
    "workforce": "Messages to members of the social service workforce",
}


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def seed_sentences(audience: str) -> list[str]:
    """Every sentence of the audience's key messages in seed 004, word for word."""
    text = (SEEDS / "004_4ae373b87e7d60db.txt").read_text(encoding="utf-8")
    start = text.index(HEADS[audience]) + len(HEADS[audience])
    ends = [text.index(h) for h in HEADS.values() if text.index(h) > start]
    body = text[start : min(ends) if ends else len(text)]
    items = [_flat(p) for p in re.split(r"\n\s*-\s*\d\)\s*", body) if p.strip()]
    sentences = []
    for item in items:
        sentences += [s for s in re.split(r"(?<=[.;:])\s+(?=[A-Z])", item) if s]
    assert len(sentences) >= 4, audience
    return sentences


def draft(*args: str) -> str:
    result = runner.invoke(app, ["draft", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def read_back(path: Path) -> str:
    """What a reader sees in ``path``: text, the page of HTML, Word's paragraphs, or the
    PDF's text (line-end hyphens and breaks undone by comparing without spaces)."""
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    if path.suffix == ".docx":
        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return text


def assert_word_for_word(sentences: list[str], text: str, *, pdf: bool = False) -> None:
    if pdf:  # PDF text has its own line breaks and hyphenation: compare without them
        squeeze = lambda s: re.sub(r"[\s\u00ad\u2010-]+", "", s)  # noqa: E731
        haystack = squeeze(text)
        for sentence in sentences:
            assert squeeze(sentence) in haystack, sentence
        return
    haystack = _flat(text.replace("\\", ""))
    for sentence in sentences:
        assert sentence in haystack, sentence


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("kind", ["txt", "md", "html", "docx", "pdf"])
@pytest.mark.parametrize("format", ["letter", "talking-points"])
def test_documents_carry_every_key_message_word_for_word(
    audience: str, kind: str, format: str
) -> None:
    path = Path(f"{format}-{audience}.{kind}")
    draft("-a", audience, "-f", format, "--to", "Dr Mei Chen", "-o", str(path))
    assert_word_for_word(seed_sentences(audience), read_back(path), pdf=kind == "pdf")


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("kind", ["txt", "md", "html", "pdf"])
def test_handouts_carry_every_key_message_word_for_word(audience: str, kind: str) -> None:
    path = Path(f"handout-{audience}.{kind}")
    result = runner.invoke(app, ["handout", "-a", audience, "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    assert_word_for_word(seed_sentences(audience), read_back(path), pdf=kind == "pdf")


@pytest.mark.parametrize("year", [2016, 2018, 2019])
def test_kit_emails_carry_the_days_messages_word_for_word(year: int) -> None:
    library = load_library()
    every = {s for a in AUDIENCES for s in seed_sentences(a)}
    pack = build_pack(library=library, campaign="sswweek", year=year)
    seen = 0
    for day in pack.days:
        for message in day.messages:
            sentences = [s for s in every if s in _flat(message.text)]
            assert sentences, message.id
            assert_word_for_word(sentences, day.email)
            assert_word_for_word(sentences, day.talking_points)
            seen += 1
    assert seen >= 5


def _libraries() -> list[tuple[str, object]]:
    return [("global", load_library()), ("fr", load_region(region="fr").library)]


@pytest.mark.parametrize("platform", ["x", "bluesky", "mastodon", "threads", "linkedin", "sms"])
def test_every_post_keeps_figures_qualifiers_and_source(platform: str) -> None:
    for _name, library in _libraries():
        messages = library.messages  # type: ignore[attr-defined]
        for piece in compose_posts(library=library, messages=messages, platform=platform):  # type: ignore[arg-type]
            message = next(m for m in messages if m.id == piece.message_ids[0])
            sources = [e.source for e in message.evidence]
            for short in message.short:
                assert not claim_changes(message.text, short, sources=sources), short
            if piece.fits:
                changes = claim_changes(message.text, piece.text, sources=sources)
                assert not changes, (piece.text, changes.describe())


def test_linkedin_and_facebook_posts_are_the_official_text() -> None:
    library = load_library()
    for platform in ("linkedin", "facebook"):
        for piece in compose_posts(library=library, messages=library.messages, platform=platform):
            message = library.by_id(piece.message_ids[0])
            assert piece.text.startswith(_flat(message.text)), piece.text


def test_kit_posts_keep_figures_and_sources() -> None:
    for _name, library in _libraries():
        pack = build_pack(library=library, campaign="sswweek", year=2019)  # type: ignore[arg-type]
        for day in pack.days:
            for group in day.platforms:
                for post in group.posts:
                    if post.kind != "message":
                        continue
                    message = library.by_id(post.message_ids[0])  # type: ignore[attr-defined]
                    sources = [e.source for e in message.evidence]
                    assert not claim_changes(message.text, post.text, sources=sources), post


def test_sswalliance_only_on_x() -> None:
    for audience in AUDIENCES:
        text = draft("-a", audience, "-f", "post", "-p", "all")
        for block in text.split("== ")[1:]:
            platform, _, posts = block.partition(" ==")
            assert ("@SSWAlliance" in posts) == (platform == "x"), platform
    for year in (2016, 2018, 2019):
        pack = build_pack(library=load_library(), campaign="sswweek", year=year)
        for day in pack.days:
            for group in day.platforms:
                for post in group.posts:
                    if group.platform != "x":
                        assert "@SSWAlliance" not in post.text, (group.platform, post.text)
        for name, text in pack.files:
            if "/posts-" in name and not name.endswith("posts-x.txt"):
                assert "@SSWAlliance" not in text.replace("tag @SSWAlliance", ""), name


def test_member_emails_carry_no_donor_ask_nor_the_alliance_signature() -> None:
    library = load_library()
    donor_asks = [m.ask for m in library.for_audience("donors") if m.ask]
    assert donor_asks
    for year in (2016, 2018, 2019):
        pack = build_pack(
            library=library, campaign="sswweek", year=year, sender="Amina", organization="KASW"
        )
        for day in pack.days:
            flat = _flat(day.email)
            for ask in donor_asks:
                assert _flat(ask) not in flat, (year, day.number, ask)
            assert day.email.rstrip().endswith("Amina\nKASW"), day.email[-80:]
            assert "Global Social Service Workforce Alliance\n" not in day.email[-200:]
            assert "/social-service-workforce-week" not in day.email
    unsigned = build_pack(library=library, campaign="sswweek", year=2019)
    assert unsigned.days[0].email.rstrip().endswith("[Your name]\n[Your organisation]")


def test_before_the_week_lines_only_before_the_week() -> None:
    pack = build_pack(library=load_library(), campaign="sswweek", year=2019)
    line = "Begin planning how you can share the daily materials"
    assert all(line not in day.email for day in pack.days)
    readme = dict(pack.files)["README.md"]
    assert readme.index("## Before the week") < readme.index(line)


def test_guest_blog_is_presented_as_one() -> None:
    pack = build_pack(library=load_library(), campaign="sswweek", year=2018)
    first = pack.days[0]
    assert first.topic.startswith("A Call to Action")
    assert (
        "Guest blog by FICE International: “FICE International supports the Social "
        "Service Workforce Week”" in _flat(first.email)
    )
    subjects = [day.subject for day in pack.days]
    assert all(re.match(r"SSWWeek 2018, day \d: ", s) for s in subjects), subjects


def test_french_kit_is_french() -> None:
    resolution = load_region(region="fr")
    pack = build_pack(library=resolution.library, campaign="sswweek", year=2019, lang="fr")
    files = dict(pack.files)
    assert '<html lang="fr">' in files["index.html"]
    email = pack.days[0].email
    assert email.startswith("Objet\u00a0: SSWWeek 2019, jour 1\u00a0: ")
    for english in ("Dear colleagues", "TODAY'S TOPIC", "SAMPLE POSTS", "Thank you"):
        assert english not in email
        assert english not in files["README.md"]
    for english in ("Posts to share", "E-mail to members", ">Copy<", "Last copied"):
        assert english not in files["index.html"], english
    posts = files["day-1-2019-10-21/posts-bluesky.txt"]
    assert posts.startswith("Publications Bluesky pour le jour 1")
    assert "Sujet\u00a0:" in posts


# -- golden letters, one per audience in English and French ---------------------------

RECIPIENTS = {
    "donors": (
        "Hon. Florence Bore, Cabinet Secretary for Labour and Social Protection\nNairobi",
        None,
    ),
    "media": ("The Editor, Example Daily News", None),
    "workforce": ("Members of the Example Association of Social Workers", "Dear colleagues"),
}
FRENCH_RECIPIENTS = {
    "donors": ("Madame la Ministre, Ministère de la Solidarité\nDakar", None),
    "media": ("M. Paul Ndiaye, rédacteur en chef, Journal d'exemple", None),
    "workforce": ("Membres de l'Association des travailleurs sociaux", "Chères et chers collègues"),
}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("audience", AUDIENCES)
def test_golden_letters(audience: str, lang: str) -> None:
    to, salutation = (RECIPIENTS if lang == "en" else FRENCH_RECIPIENTS)[audience]
    args = ["-a", audience, "-f", "letter", "--to", to, "--date", "2026-10-19"]
    organization = "Example Association of Social Workers"
    if lang == "fr":
        organization = "Association des travailleurs sociaux"
        args += ["--region", "fr"]
    args += ["--sender", "Amina Njoroge", "--organization", organization]
    if salutation:
        args += ["--salutation", salutation]
    text = draft(*args)
    path = GOLDEN / f"{audience}-{lang}.txt"
    if os.environ.get("ADVOCACY_KIT_UPDATE_EXPECTED"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
    if lang == "en":
        assert_word_for_word(seed_sentences(audience), text)
