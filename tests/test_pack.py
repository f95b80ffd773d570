"""Campaign packs: the Social Service Workforce Week kit, day by day (issue 8)."""

from __future__ import annotations

import html
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advocacy_kit.batch.pack import Pack, build_pack
from advocacy_kit.batch.pack_text import SUBJECT_LIMIT, email_subject
from advocacy_kit.batch.pack_write import write_pack
from advocacy_kit.cli.app import app
from advocacy_kit.errors import LibraryError, UsageError
from advocacy_kit.library import loader as library_module
from advocacy_kit.library.campaign_days import campaign_problems, find_edition, linked_messages
from advocacy_kit.library.campaigns import load_campaign_file
from advocacy_kit.library.loader import load_library
from advocacy_kit.resources import builtin_messages_dir
from advocacy_kit.text.count import count
from advocacy_kit.text.rules import PLATFORM_NAMES
from conftest import SEEDS

CAMPAIGN_FILE = builtin_messages_dir() / "campaigns" / "sswweek.yaml"

runner = CliRunner()

#: A campaign whose every text tries to break out of HTML, Markdown and JavaScript.
HOSTILE = """\
    campaign:
      id: hostile-week
      name: Hostile <Week> & "Co"
      hashtag: "#HostileWeek"
      handle: "@hostile"
      actions: ["Click <a href='x'>here</a> & share"]
      editions:
        - year: 2030
          theme: "</pre><script>alert('theme')</script>"
          days:
            - day: 1
              date: "2030-03-18"
              topic: "<script>alert(\\"x\\")</script> & 'quotes' </textarea>"
              by: "Dr. <b>Bold</b> & Sons"
              tags: [family]
              posts:
                - text: "A <img src=x onerror=alert(1)> post & more #HostileWeek"
            - day: 2
              date: "2030-03-19"
              topic: "{{ 7 * 7 }} {% raw %} ]]> --> <!--"
              tags: [self-care]
"""


def _seed(name: str) -> str:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return path.read_text(encoding="utf-8")


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


@pytest.fixture(scope="module")
def pack_2019() -> Pack:
    return build_pack(
        library=load_library(), campaign="sswweek", year=2019, platform=PLATFORM_NAMES
    )


class _PageParser(HTMLParser):
    """Collects the post paragraphs, copy buttons, ids, scripts and external references."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.posts: dict[str, str] = {}
        self.buttons: list[str] = []
        self.images: dict[str, str] = {}
        self.ids: set[str] = set()
        self.sections: list[str] = []
        self.scripts = 0
        self.external: list[str] = []
        self.tags: list[str] = []
        self.links: list[str] = []
        self._post: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "section" and "day" in (values.get("class") or ""):
            self.sections.append(values.get("id") or "")
        if tag == "p" and values.get("class") == "post":
            self._post = values.get("id")
            self._text = []
        if tag == "button" and "copy" in (values.get("class") or ""):
            self.buttons.append(values.get("data-copy") or "")
        if tag == "script":
            self.scripts += 1
            if values.get("src"):
                self.external.append(values["src"] or "")
        if tag == "img":  # the day's share cards, files of the kit itself
            source = values.get("src") or ""
            self.images[source] = values.get("alt") or ""
            if ":" in source or source.startswith(("/", "\\")):
                self.external.append(source)
        if tag in ("link", "iframe", "object", "embed"):
            self.external.append(tag)
        if tag == "a":
            self.links.append(values.get("href") or "")

    def handle_data(self, data: str) -> None:
        if self._post is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._post is not None:
            self.posts[self._post] = "".join(self._text)
            self._post = None


def _parse(page: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(page)
    parser.close()
    return parser


# --------------------------------------------------------------------------- the campaign file


def test_campaign_file_loads_and_is_clean() -> None:
    campaign = load_campaign_file(CAMPAIGN_FILE)
    assert campaign.id == "sswweek"
    assert (campaign.hashtag, campaign.handle) == ("#SSWWeek", "@SSWAlliance")
    assert [e.year for e in campaign.editions] == [2019, 2018, 2017, 2016, 2015, 2014]
    assert campaign_problems(campaign, load_library()) == ()


def test_every_fact_of_the_campaign_file_is_in_the_seeds() -> None:
    """Topics, bylines, themes, webinars, events and drafted posts appear in seeds 000,
    001 or 003, word for word (the seed pages lost two separators when scraped)."""
    seeds = _norm(_seed("000") + _seed("001") + _seed("003"))
    scraped = {"msw, founder": "mswfounder", "twitter chat from": "twitter chatfrom"}
    campaign = load_campaign_file(CAMPAIGN_FILE)
    # "For the last five years, the Alliance has held ... (SSWWeek) as a means to ..."
    facts = [(campaign.about or "").partition("Workforce Week ")[2]]
    for edition in campaign.editions:
        facts.append((edition.theme or "").rstrip("."))
        for day in edition.days:
            facts += [day.topic or "", day.by or "", *day.events, *day.posts]
            facts += [t for pair in day.also for t in pair if t]
            facts += [day.question or "", day.link or ""]
        for webinar in edition.webinars:
            facts += [webinar.title, webinar.with_ or ""]
    for fact in filter(None, facts):
        wanted = _norm(fact)
        for fixed, as_scraped in scraped.items():
            wanted = wanted.replace(fixed, as_scraped)
        assert wanted in seeds, fact


def test_2019_and_2018_days_match_the_seed_announcements() -> None:
    """Each day's number, date and topic read together as the announcements give them:
    "Day 2, October 22: Support, Guidance and Reunification ..."."""
    campaign = load_campaign_file(CAMPAIGN_FILE)
    seeds = " ".join((_seed("000") + " " + _seed("001")).split())
    months = {9: "September", 10: "October"}
    checked = 0
    for year in (2019, 2018):
        for day in find_edition(campaign, year).days:
            if year == 2018 and day.day == 1:
                continue  # day one's blog: "Today marks day one" (seed 001), checked above
            _y, month, date = (int(part) for part in (day.date or "").split("-"))
            assert f"Day {day.day}, {months[month]} {date}: {day.topic}" in seeds
            checked += 1
    assert checked == 9


def test_every_day_links_key_messages_by_tag() -> None:
    library = load_library()
    tags = {t for m in library.messages for t in m.tags}
    for edition in load_campaign_file(CAMPAIGN_FILE).editions:
        for day in edition.days:
            assert day.tags and set(day.tags) <= tags
            linked = linked_messages(day, library)
            assert 1 <= len(linked) <= 3
            assert all(set(m.tags) & set(day.tags) for m in linked)
    self_care = find_edition(load_campaign_file(CAMPAIGN_FILE), 2019).days[4]
    assert linked_messages(self_care, library)[0].id == "workforce-self-care"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "campaign:\n  id: w\n  name: W\n  editions:\n    - year: 2030\n      days:\n"
            "        - day: 1\n          date: '2030-02-30'\n",
            "week.yaml:8:17: date '2030-02-30' is not a real date",
            id="impossible-date",
        ),
        pytest.param(
            "campaign:\n  id: w\n  name: W\n  editions:\n    - year: 2030\n      days:\n"
            "        - day: 1\n          date: '2031-02-03'\n",
            "week.yaml:8:17: date '2031-02-03' is not in the edition's year 2030",
            id="date-in-another-year",
        ),
        pytest.param(
            "campaign:\n  id: w\n  name: W\n  editions:\n    - year: 2030\n      days:\n"
            "        - day: 1\n        - day: 1\n",
            "week.yaml:8:11: day 1 is given twice in the 2030 edition (first on line 7)",
            id="day-twice",
        ),
        pytest.param(
            "campaign:\n  id: w\n  name: W\n  editions:\n    - year: 2030\n    - year: 2030\n",
            "week.yaml:6:7: the 2030 edition is given twice (first on line 5)",
            id="edition-twice",
        ),
        pytest.param(
            "campaign:\n  id: w\n  name: W\n  hashtag: SSWWeek\n",
            "week.yaml:4:12: hashtag 'SSWWeek' is not a hashtag",
            id="hashtag-without-hash",
        ),
        pytest.param(
            "campaign:\n  id: w\n  name: W\n  editions:\n    - year: 2030\n      days:\n"
            "        - day: 1\n          topik: T\n",
            "week.yaml:8:11: unknown field 'topik' in a campaign day",
            id="misspelled-field",
        ),
        pytest.param(
            "campaign:\n  id: w\n  name: W\n  editions:\n    - year: 2030\n      days:\n"
            "        - day: 1\n          tags: [Self Care]\n",
            "week.yaml:8:18: tag 'Self Care' is not a valid id",
            id="bad-tag",
        ),
        pytest.param(
            "messages: []\n",
            "week.yaml:1:1: unknown field 'messages' in a campaign file",
            id="not-a-campaign",
        ),
    ],
)
def test_invalid_campaign_files_are_located(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "week.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        load_campaign_file(path)
    assert str(caught.value).split("\nhint: ")[0] == str(path.parent / expected)


def test_campaign_problems_name_unknown_tags(tmp_path: Path) -> None:
    path = tmp_path / "week.yaml"
    path.write_text(
        "campaign:\n  id: w\n  name: W\n  editions:\n    - year: 2030\n      days:\n"
        "        - day: 1\n          topic: T\n          tags: [self-cair]\n"
        "        - day: 2\n",
        encoding="utf-8",
    )
    problems = campaign_problems(load_campaign_file(path), load_library())
    assert [str(p) for p in problems] == [
        f"{path}:7:11: day 1 of the 2030 edition: no key message has the tag 'self-cair'\n"
        "hint: did you mean 'self-care'? use a tag from the key messages; "
        "`advocacy-kit list` shows them",
        f"{path}:7:11: day 1 of the 2030 edition links to no key message\n"
        "hint: add 'tags:' naming tags of the key messages that fit its topic",
        f"{path}:10:11: day 2 of the 2030 edition has no topic\n"
        "hint: add a 'topic:' line; the e-mail and posts of the day are built on it",
        f"{path}:10:11: day 2 of the 2030 edition links to no key message\n"
        "hint: add 'tags:' naming tags of the key messages that fit its topic",
    ]


# --------------------------------------------------------------------------- the 2019 pack


def test_2019_pack_has_five_days_with_the_seed_topics(pack_2019: Pack) -> None:
    seed = " ".join(_seed("000").split())
    announced = re.findall(r"Day (\d), October (\d+): (.+?), by ", seed)
    assert len(announced) == 5
    assert [(d.number, d.date, d.topic) for d in pack_2019.days] == [
        (int(n), f"2019-10-{int(date):02d}", topic) for n, date, topic in announced
    ]
    assert pack_2019.days[1].also == (
        (
            "Engaging the Global Social Service Workforce to Protect Children on the Move",
            "International Social Service-USA",
        ),
    )


def test_every_post_fits_its_platform_and_each_day_has_variants(pack_2019: Pack) -> None:
    for day in pack_2019.days:
        assert [g.platform for g in day.platforms] == list(PLATFORM_NAMES)
        for group in day.platforms:
            texts = [p.text for p in group.posts]
            assert len(set(texts)) == len(texts)
            if group.platform != "sms":
                assert len(texts) >= 4, (day.number, group.platform)
            for post in group.posts:
                check = count(post.text, group.platform)
                assert check.fits, (post.id, check)
                assert (post.length, post.limit) == (check.length, check.limit)
        assert any(day.topic in p.text for p in day.posts("x"))


def test_email_subjects_fit_and_each_email_carries_the_day(pack_2019: Pack) -> None:
    files = dict(pack_2019.files)
    for day in pack_2019.days:
        assert len(day.subject) <= SUBJECT_LIMIT
        assert "\n" not in day.subject
        email = files[f"{day.slug}/email.txt"]
        assert email == day.email
        assert email.startswith(f"Subject: {day.subject}\n\nDear colleagues,\n")
        flat = " ".join(email.split())
        assert day.topic in flat
        assert "This year's theme: The many ways the social service workforce collaborates" in flat
        for message in day.messages:
            assert " ".join(message.text.split()) in flat
        for post in day.posts("x")[:3]:
            assert f"\n- {post.text}\n" in email
        assert "WHAT YOU CAN DO TODAY" in email
        assert day.actions
        for action in day.actions:
            assert f"- {action}" in flat
    # One pattern every day (issue 12), the topic cut at a word where it is too long.
    assert [day.subject for day in pack_2019.days] == [
        "SSWWeek 2019, day 1: Investing in Supervision is an Investment in Outcomes…",
        "SSWWeek 2019, day 2: Support, Guidance and Reunification for Children…",
        "SSWWeek 2019, day 3: Improving Mental Health through Social Work in Hospital…",
        "SSWWeek 2019, day 4: Addressing Violence and Stress through…",
        "SSWWeek 2019, day 5: Self-care in the Social Service Workforce",
    ]


def test_subject_is_cut_at_a_word_when_nothing_fits() -> None:
    campaign = load_campaign_file(CAMPAIGN_FILE)
    subject = email_subject(campaign=campaign, year=2030, day=3, topic="word " * 40)
    assert len(subject) <= SUBJECT_LIMIT
    assert subject.startswith("SSWWeek 2030, day 3: word word")
    assert subject.endswith("word…")


def test_talking_points_per_day(pack_2019: Pack) -> None:
    files = dict(pack_2019.files)
    points = files["day-5-2019-10-25/talking-points.txt"]
    assert points.startswith("SELF-CARE IN THE SOCIAL SERVICE WORKFORCE\n")
    assert "1. Self-care and continuous learning\n" in points
    assert "For discussion:\n" in points


def test_index_html_parses_and_has_a_copy_button_per_post(pack_2019: Pack) -> None:
    page = dict(pack_2019.files)["index.html"]
    parsed = _parse(page)
    assert parsed.sections == [d.slug for d in pack_2019.days]
    expected = {p.id: p.text for d in pack_2019.days for g in d.platforms for p in g.posts}
    assert parsed.posts == expected
    assert set(expected) <= set(parsed.buttons)
    assert set(parsed.buttons) <= parsed.ids
    # The label is the word "Copy", not the repr of dict.copy (Jinja2 looks up w.copy
    # as an attribute first).
    assert page.count('">Copy</button>') == len(expected)
    assert "built-in method" not in page
    assert parsed.scripts == 1
    assert parsed.external == []
    cards = {c.file: c.card.alt_text for d in pack_2019.days for c in d.cards}
    assert len(cards) == 2 * len(pack_2019.days)
    assert parsed.images == cards
    assert "<link" not in page and "http" not in page.split("<main>")[0]
    for text in expected.values():
        assert f">{html.escape(text, quote=False)}</p>" in page  # as nh3 writes text


def test_readme_tells_members_how_to_use_the_kit(pack_2019: Pack) -> None:
    readme = dict(pack_2019.files)["README.md"]
    assert readme.startswith("# Social Service Workforce Week 2019: your kit for the week\n")
    assert "**Open `index.html`**" in readme
    for day in pack_2019.days:
        assert f"`{day.slug}/`" in readme


# --------------------------------------------------------------------------- escaping


def test_hostile_campaign_text_is_escaped_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE.replace("\n    ", "\n").removeprefix("    "), encoding="utf-8")
    pack = build_pack(library=load_library(), campaign=str(path), platform=["x", "facebook"])
    page = dict(pack.files)["index.html"]
    parsed = _parse(page)
    assert parsed.scripts == 1  # only the page's own copy script
    assert "b" not in parsed.tags
    assert all(src.startswith("day-") and src.endswith(".png") for src in parsed.images)
    # Only the page's own anchors and the download links of the day's cards.
    assert all(href.startswith(("#day-", "day-")) for href in parsed.links)
    posts = {p.id: p.text for d in pack.days for g in d.platforms for p in g.posts}
    assert parsed.posts == posts
    assert any("<img src=x onerror=alert(1)>" in text for text in posts.values())
    assert any("<script>" in text for text in posts.values())
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in page
    # Message text is data, never a template: {{ 7 * 7 }} stays as written.
    assert "{{ 7 * 7 }} {% raw %} ]]&gt; --&gt; &lt;!--" in page
    email = dict(pack.files)["day-2-2030-03-19/email.txt"]
    assert "{{ 7 * 7 }}" in email
    readme = dict(pack.files)["README.md"]
    assert "<script>" not in readme and "\\<script\\>" in readme


# --------------------------------------------------------------------------- writing and the CLI


def test_pack_command_writes_the_kit(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    result = runner.invoke(
        app, ["pack", "sswweek", "--year", "2019", "--platform", "x", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    names = [
        "README.md",
        "index.html",
        *(
            f"{d['folder']}/{f}"
            for d in data["days"]
            for f in (
                "email.txt",
                "email.eml",
                "posts-x.txt",
                "talking-points.txt",
                "card-square.png",
                "card-square.alt.txt",
                "card-landscape.png",
                "card-landscape.alt.txt",
            )
        ),
    ]
    assert data["files"] == names
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        names
    )
    assert [d["topic"] for d in data["days"]][2] == (
        "Improving Mental Health through Social Work in Hospital Settings"
    )
    assert result.stderr == f"wrote 42 files to {out}\n"
    posts = (out / "day-3-2019-10-23" / "posts-x.txt").read_text(encoding="utf-8")
    first = data["days"][2]["posts"]["x"][0]
    assert f"--- post 1 of {len(data['days'][2]['posts']['x'])} (" in posts
    assert f"\n{first['text']}\n" in posts


def test_pack_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    args = ["pack", "sswweek", "--platform", "bluesky", "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    readme = out / "README.md"
    readme.write_text("my notes", encoding="utf-8")
    again = runner.invoke(app, args)
    assert again.exit_code == 2
    assert again.stderr == (
        f"error: {readme}: the file exists already (and 41 more)\n"
        "hint: run again with --force to replace the pack, or choose another --out folder\n"
    )
    assert readme.read_text(encoding="utf-8") == "my notes"
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0
    assert readme.read_text(encoding="utf-8").startswith("# Social Service Workforce Week 2019")


def test_pack_writes_nothing_when_the_campaign_file_is_invalid(tmp_path: Path) -> None:
    bad = tmp_path / "week.yaml"
    bad.write_text(
        "campaign:\n  id: w\n  name: W\n  editions:\n    - year: 2030\n      dayz: []\n",
        encoding="utf-8",
    )
    out = tmp_path / "kit"
    result = runner.invoke(app, ["pack", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {bad}:6:7: unknown field 'dayz' in a campaign edition\n"
        "hint: did you mean 'days'? allowed fields: year, edition, start, end, theme, link, "
        "days, webinars\n"
    )
    assert not out.exists()


def test_pack_writes_nothing_when_a_library_campaign_is_invalid(build_tree) -> None:  # type: ignore[no-untyped-def]
    tree = build_tree({"campaigns/bad.yaml": "campaign:\n  id: bad\n  name: B\n  hashtag: NO\n"})
    out = tree.parent / "kit"
    result = runner.invoke(app, ["pack", "sswweek", "--library", str(tree), "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tree / 'campaigns' / 'bad.yaml'}:4:12: ")
    assert not out.exists()


def test_own_campaign_file_makes_a_pack(tmp_path: Path) -> None:
    week = tmp_path / "national-week.yaml"
    week.write_text(
        "campaign:\n"
        "  id: national-week\n"
        "  name: National Social Work Week\n"
        '  hashtag: "#SocialWorkWeek"\n'
        "  editions:\n"
        "    - year: 2030\n"
        "      days:\n"
        "        - day: 1\n"
        '          date: "2030-03-18"\n'
        "          topic: Our workforce partners with communities\n"
        "          tags: [community]\n",
        encoding="utf-8",
    )
    out = tmp_path / "kit"
    result = runner.invoke(app, ["pack", str(week), "-p", "mastodon", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    email = (out / "day-1-2030-03-18" / "email.txt").read_text(encoding="utf-8")
    assert email.startswith(
        "Subject: SocialWorkWeek 2030, day 1: Our workforce partners with communities\n"
    )
    assert "1. Partners with communities\n" in email
    assert "- Post about today's topic with #SocialWorkWeek.\n" in email


def test_each_day_has_its_email_as_an_eml_draft_from_the_profile(tmp_path: Path) -> None:
    import email as email_package
    from email import policy

    for key, value in [("sender", "Amina Diallo"), ("email", "amina@example.org")]:
        assert runner.invoke(app, ["profile", "set", key, value]).exit_code == 0
    out = tmp_path / "kit"
    result = runner.invoke(app, ["pack", "sswweek", "--year", "2019", "-p", "x", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    day = out / "day-1-2019-10-21"
    text = (day / "email.txt").read_text(encoding="utf-8")
    raw = (day / "email.eml").read_bytes()
    message = email_package.message_from_bytes(raw, policy=policy.default)
    subject, _, body = text.partition("\n")
    # Collapse spaces: CPython's header folding can double the space before an
    # encoded word ("for  Children…"); the words are the same.
    assert " ".join(str(message["Subject"]).split()) == subject.removeprefix("Subject: ")
    assert str(message["From"]) == "Amina Diallo <amina@example.org>"
    assert message["To"] is None and message["X-Unsent"] == "1"  # a draft to address
    assert message.get_content().replace("\r\n", "\n") == body.lstrip("\n")


def test_zip_holds_the_whole_folder(tmp_path: Path) -> None:
    out = tmp_path / "sswweek-2018"
    result = runner.invoke(
        app, ["pack", "sswweek", "--year", "2018", "-p", "x", "--out", str(out), "--zip"]
    )
    assert result.exit_code == 0, result.stderr
    archive = tmp_path / "sswweek-2018.zip"
    assert result.stderr == f"wrote 43 files to {out} and {archive}\n"
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert len(names) == 42
        for name in names:
            assert name.startswith("sswweek-2018/")
            on_disk = out / name.removeprefix("sswweek-2018/")
            assert opened.read(name) == on_disk.read_bytes()
    again = runner.invoke(
        app, ["pack", "sswweek", "--year", "2018", "-p", "x", "--out", str(tmp_path / "other")]
    )
    assert again.exit_code == 0


def test_write_pack_checks_every_file_before_writing_any(tmp_path: Path) -> None:
    pack = build_pack(library=load_library(), campaign="sswweek", platform=["x"])
    out = tmp_path / "kit"
    (tmp_path / "kit.zip").write_bytes(b"an older zip")
    with pytest.raises(Exception, match="exists already"):
        write_pack(pack, out=out, zip=True)
    assert not out.exists()
    assert write_pack(pack, out=out, zip=True, force=True)[-1] == tmp_path / "kit.zip"
    assert zipfile.is_zipfile(tmp_path / "kit.zip")


def test_out_must_be_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["pack", "sswweek", "--out", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {target}: this is a file, not a folder\n"
        "hint: give --out a folder name (it is created when missing)\n"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            ["sswweek", "--year", "2017"],
            "error: the 2017 edition of 'sswweek' has no daily topics\n"
            "hint: years with daily topics: 2016, 2018, 2019\n",
            id="year-without-days",
        ),
        pytest.param(
            ["sswweek", "--year", "2031"],
            "error: the campaign 'sswweek' has no 2031 edition\n"
            "hint: years with daily topics: 2016, 2018, 2019\n",
            id="unknown-year",
        ),
        pytest.param(
            ["sswweak"],
            "error: no campaign called 'sswweak'\n"
            "hint: did you mean 'sswweek'? valid campaigns: sswweek\n",
            id="misspelled-campaign",
        ),
        pytest.param(
            ["sswweek", "--platform", "myspace"],
            "error: unknown platform 'myspace'\nhint: valid platforms: bluesky, facebook, "
            "linkedin, mastodon, sms, threads, x\n",
            id="unknown-platform",
        ),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    out = tmp_path / "kit"
    result = runner.invoke(app, ["pack", *args, "--out", str(out)])
    assert (result.exit_code, result.stderr) == (2, expected)
    assert not out.exists()


def test_posts_too_long_for_a_platform_are_left_out_with_a_note(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    result = runner.invoke(
        app, ["pack", "sswweek", "--year", "2016", "-p", "x", "-p", "facebook", "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        "note: day 1: the drafted post “Today @SSWAlliance launches Social Servi…” does not "
        "fit x (84 over) and is left out there\n"
    )
    facebook = (out / "day-1-2016-09-26" / "posts-facebook.txt").read_text(encoding="utf-8")
    x_posts = (out / "day-1-2016-09-26" / "posts-x.txt").read_text(encoding="utf-8")
    drafted = "Read how in today’s blog: http://bit.ly/1gYsnem"
    assert drafted in facebook and drafted not in x_posts
    assert "A strong #socialservices system requires a strong workforce." in x_posts


def test_no_post_fitting_a_day_exits_1(tmp_path: Path) -> None:
    week = tmp_path / "week.yaml"
    long_topic = "A " + " ".join(["remarkably"] * 40) + " long topic"
    week.write_text(
        "campaign:\n  id: w\n  name: Week\n  editions:\n    - year: 2030\n      days:\n"
        f"        - day: 1\n          topic: {long_topic}\n",
        encoding="utf-8",
    )
    out = tmp_path / "kit"
    result = runner.invoke(app, ["pack", str(week), "-p", "sms", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "error: no post fits day 1 on sms\n"
        "hint: add shorter 'short' versions to the day's key messages, or a shorter topic\n"
    )
    assert "No post of this day fits SMS." in (out / "day-1" / "posts-sms.txt").read_text(
        encoding="utf-8"
    )


def test_region_uses_the_variant_messages_when_variants_exist(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    result = runner.invoke(
        app, ["pack", "sswweek", "--region", "no-such-region", "-p", "x", "--out", str(out)]
    )
    assert result.exit_code == 2
    assert not out.exists()
    assert result.stderr.startswith("error: no variant called 'no-such-region'\n")
    resolution = library_module.load_region(region="east-southern-africa")
    pack = build_pack(
        library=resolution.library,
        campaign="sswweek",
        year=2018,
        platform=["facebook"],
        region="east-southern-africa",
        hashtags=resolution.hashtags,
    )
    regional = resolution.library.by_id("donors-lived-experience").text
    assert regional != load_library().by_id("donors-lived-experience").text
    strategy_day = dict(pack.files)["day-3-2018-09-26/email.txt"]
    assert " ".join(regional.split()) in " ".join(strategy_day.split())
    assert "Key messages: east-southern-africa" in dict(pack.files)["index.html"]
    for hashtag in resolution.hashtags:
        assert any(hashtag in p.text for d in pack.days for p in d.posts("facebook"))


def test_unknown_year_raises_usage_error() -> None:
    with pytest.raises(UsageError):
        find_edition(load_campaign_file(CAMPAIGN_FILE), 1999)
