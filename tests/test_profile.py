"""The organisation profile (issue 7): files, layering, located errors, ``profile`` and
its use by ``draft``. The user's config folder is a temporary one in every test
(conftest's autouse fixture points HOME and XDG_CONFIG_HOME at it)."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advocacy_kit.cli.app import app
from advocacy_kit.errors import LibraryError, UsageError
from advocacy_kit.profile.fields import Profile, get_key
from advocacy_kit.profile.store import (
    load_profile,
    profile_template,
    read_profile,
    set_profile_value,
    team_profile_path,
    user_profile_path,
    with_value,
)

runner = CliRunner()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def user_file() -> Path:
    return user_profile_path()


def test_user_profile_lives_in_the_private_config_folder() -> None:
    if sys.platform.startswith("linux"):
        expected = Path(os.environ["XDG_CONFIG_HOME"]) / "advocacy-kit" / "profile.yaml"
        assert user_profile_path() == expected
    assert str(user_profile_path()).startswith(os.environ["HOME"])
    assert team_profile_path() == Path("advocacy-kit.yaml")


def test_no_files_is_an_empty_profile() -> None:
    assert load_profile() == Profile()
    assert load_profile().is_empty()


def test_every_key_is_read_with_its_line(user_file: Path) -> None:
    write(
        user_file,
        """
        # my profile
        organisation: Example Association of Social Workers
        sender: Jane Doe
        title: Programme Director
        address: |
          12 Example Road
          Nairobi
        email: jane@example.org
        signature: Jane Doe, on behalf of the association
        region: east-southern-africa
        hashtags: ["#SSWWeek", SocialWorkMatters, "#SSWWeek"]
        """,
    )
    profile = read_profile(user_file)
    assert profile == Profile(
        organisation="Example Association of Social Workers",
        sender="Jane Doe",
        title="Programme Director",
        address="12 Example Road\nNairobi",
        email="jane@example.org",
        signature="Jane Doe, on behalf of the association",
        region="east-southern-africa",
        hashtags=("#SSWWeek", "#SocialWorkMatters"),
    )
    assert profile.origins == {
        "organisation": f"{user_file}:2",
        "sender": f"{user_file}:3",
        "title": f"{user_file}:4",
        "address": f"{user_file}:5",
        "email": f"{user_file}:8",
        "signature": f"{user_file}:9",
        "region": f"{user_file}:10",
        "hashtags": f"{user_file}:11",
    }


def test_team_file_overrides_the_user_file_key_by_key(user_file: Path) -> None:
    write(user_file, "sender: Jane Doe\norganisation: Mine\nhashtags: '#A #B'\n")
    write(Path("advocacy-kit.yaml"), "organisation: The Team\n\ntitle: Officer\n")
    profile = load_profile()
    assert profile == Profile(
        sender="Jane Doe", organisation="The Team", title="Officer", hashtags=("#A", "#B")
    )
    assert profile.origins == {
        "sender": f"{user_file}:1",
        "organisation": "advocacy-kit.yaml:1",
        "title": "advocacy-kit.yaml:3",
        "hashtags": f"{user_file}:3",
    }


def test_comments_only_file_is_empty(user_file: Path) -> None:
    write(user_file, profile_template())
    assert read_profile(user_file) == Profile()


@pytest.mark.parametrize(
    ("text", "line", "column", "message", "hint"),
    [
        (
            "sender: Jane\norganization: X\n",
            2,
            1,
            "unknown field 'organization' in the profile",
            "did you mean 'organisation'? allowed fields: organisation, sender, title, "
            "address, email, signature, region, hashtags, handle_x, handle_bluesky, "
            "handle_mastodon, handle_threads, handle_linkedin, handle_facebook, reply-to, "
            "smtp.host, smtp.port, smtp.security, smtp.user, card.colors, card.logo",
        ),
        (
            "sender: Jane\nsender: Ann\n",
            2,
            1,
            "duplicate key 'sender' in the profile (first given on line 1)",
            "keep one of them; YAML would silently use only the last",
        ),
        (
            "title: no\n",
            1,
            8,
            "title was read as false, not text: YAML takes 'no' as a yes/no value",
            'put it in quotes: "no"',
        ),
        (
            "email: jane at example\n",
            1,
            8,
            "'jane at example' does not look like an email address",
            "write it like name@example.org",
        ),
        (
            "email: ñoño@example.org\n",
            1,
            8,
            "'ñoño@example.org' does not look like an email address",
            "write it like name@example.org",
        ),
        (
            "hashtags:\n  - '#ok'\n  - '#no-hyphens'\n",
            3,
            5,
            "'#no-hyphens' is not a hashtag",
            "write each hashtag as # followed by letters or digits, e.g. #SSWWeek",
        ),
        (
            "region: East Africa\n",
            1,
            9,
            "'East Africa' is not a region name",
            "use the variant's name: lower-case letters, digits and hyphens, e.g. kenya",
        ),
        (
            "- sender\n",
            1,
            1,
            "the profile must be a mapping of 'key: value' lines, not a list",
            "write the profile as indented 'key: value' lines",
        ),
    ],
)
def test_mistakes_are_located(
    user_file: Path, text: str, line: int, column: int, message: str, hint: str
) -> None:
    write(user_file, text)
    with pytest.raises(LibraryError) as caught:
        load_profile()
    error = caught.value
    assert (error.path, error.line, error.column, error.message, error.hint) == (
        str(user_file),
        line,
        column,
        message,
        hint,
    )
    result = runner.invoke(app, ["profile", "show"])
    assert result.exit_code == 2
    assert result.stderr == f"error: {user_file}:{line}:{column}: {message}\nhint: {hint}\n"


def test_a_broken_team_file_stops_draft_with_its_location() -> None:
    write(Path("advocacy-kit.yaml"), "sender: Jane\n  title: x\n")
    result = runner.invoke(app, ["draft", "--audience", "donors"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: advocacy-kit.yaml:2:")


def test_set_keeps_comments_and_other_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.yaml",
        """
        # our details
        sender: Jane Doe   # me
        hashtags:
          - "#SSWWeek"
          - "#Old"
        # the address is new
        address: |
          1 Road
          Town
        title: Director
        """,
    )
    set_profile_value("hashtags", "#New, SSWWeek", path=path)
    set_profile_value("address", "2 Lane\nCity\nCountry", path=path)
    set_profile_value("name", "Ann Other", path=path)
    set_profile_value("organization", "Org: with a colon", path=path)
    assert path.read_text(encoding="utf-8") == textwrap.dedent(
        """\
        # our details
        sender: Ann Other
        hashtags:
        - '#New'
        - '#SSWWeek'
        # the address is new
        address: |-
          2 Lane
          City
          Country
        title: Director
        organisation: 'Org: with a colon'
        """
    )
    assert read_profile(path) == Profile(
        sender="Ann Other",
        hashtags=("#New", "#SSWWeek"),
        address="2 Lane\nCity\nCountry",
        title="Director",
        organisation="Org: with a colon",
    )


def test_set_empty_removes_the_key(tmp_path: Path) -> None:
    path = write(tmp_path / "p.yaml", "sender: Jane\ntitle: Director\nemail: j@example.org\n")
    set_profile_value("title", "", path=path)
    assert path.read_text(encoding="utf-8") == "sender: Jane\nemail: j@example.org\n"


def test_set_rewrites_a_one_line_flow_file_in_block_form(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    assert (
        with_value("{sender: Jane, title: Boss}\n", path, get_key("title"), "Chief")
        == "sender: Jane\ntitle: Chief\n"
    )


def test_set_refuses_to_edit_an_invalid_file(user_file: Path) -> None:
    write(user_file, "sender: Jane\nsendr: Ann\n")
    before = user_file.read_bytes()
    result = runner.invoke(app, ["profile", "set", "title", "Director"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {user_file}:2:1: unknown field 'sendr'")
    assert user_file.read_bytes() == before


def test_set_mends_the_value_it_sets_but_no_other(user_file: Path) -> None:
    """A value the file has wrong (written by hand, or by an older version) is mended by
    setting that key; setting another key still names the wrong one."""
    write(user_file, "# mine\nemail: jane at example\nsender: Jane\n")
    result = runner.invoke(app, ["profile", "set", "title", "Director"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"error: {user_file}:2:8: 'jane at example' does not look like an email address"
    )
    result = runner.invoke(app, ["profile", "set", "email", "jane@example.org"])
    assert result.exit_code == 0, result.stderr
    assert user_file.read_text(encoding="utf-8") == (
        "# mine\nemail: jane@example.org\nsender: Jane\n"
    )


def test_set_unknown_key_and_bad_value() -> None:
    result = runner.invoke(app, ["profile", "set", "sendr", "Jane"])
    assert (result.exit_code, result.stderr) == (
        2,
        "error: unknown profile key 'sendr'\nhint: did you mean 'sender'? valid keys: "
        "address, card.colors, card.logo, email, handle_bluesky, handle_facebook, "
        "handle_linkedin, handle_mastodon, handle_threads, handle_x, hashtags, organisation, "
        "region, reply-to, sender, signature, smtp.host, smtp.port, smtp.security, smtp.user, "
        "title\n",
    )
    with pytest.raises(UsageError, match="is not a hashtag"):
        set_profile_value("hashtags", "#ok #no-hyphens", path=user_profile_path())
    assert not user_profile_path().exists()


def test_profile_set_then_show_json() -> None:
    for key, value in [
        ("organisation", "Example Association"),
        ("sender", "Jane Doe"),
        ("hashtags", "#SSWWeek SocialWorkMatters"),
    ]:
        result = runner.invoke(app, ["profile", "set", key, value])
        assert result.exit_code == 0, result.output
        assert result.stderr == f"set {key} in {user_profile_path()}\n"
    result = runner.invoke(app, ["profile", "show", "--json"])
    assert result.exit_code == 0
    user = str(user_profile_path())
    assert json.loads(result.stdout) == {
        "organisation": "Example Association",
        "sender": "Jane Doe",
        "title": None,
        "address": None,
        "email": None,
        "signature": None,
        "region": None,
        "hashtags": ["#SSWWeek", "#SocialWorkMatters"],
        "handle_x": None,
        "handle_bluesky": None,
        "handle_mastodon": None,
        "handle_threads": None,
        "handle_linkedin": None,
        "handle_facebook": None,
        "reply-to": None,
        "smtp.host": None,
        "smtp.port": None,
        "smtp.security": None,
        "smtp.user": None,
        "card.colors": None,
        "card.logo": None,
        "origins": {
            "organisation": f"{user}:4",
            "sender": f"{user}:5",
            "hashtags": f"{user}:6",
        },
        "files": {"user": user, "team": "advocacy-kit.yaml"},
    }


def test_profile_set_team_writes_the_folder_file() -> None:
    result = runner.invoke(app, ["profile", "set", "--team", "organisation", "The Team"])
    assert result.exit_code == 0
    assert (
        Path("advocacy-kit.yaml").read_text(encoding="utf-8").endswith("organisation: The Team\n")
    )
    assert not user_profile_path().exists()


def test_the_mail_server_is_set_in_the_profile_and_checked() -> None:
    for key, value in [
        ("smtp.host", "smtp.gmail.com"),
        ("smtp_port", "465"),
        ("smtp.security", "ssl"),
        ("smtp-user", "jane@gmail.com"),
    ]:
        result = runner.invoke(app, ["profile", "set", key, value])
        assert result.exit_code == 0, result.output
    assert load_profile() == Profile(
        smtp_host="smtp.gmail.com", smtp_port="465", smtp_security="ssl", smtp_user="jane@gmail.com"
    )
    assert "smtp.security: ssl\n" in user_profile_path().read_text(encoding="utf-8")
    result = runner.invoke(app, ["profile", "set", "smtp.security", "tls"])
    assert (result.exit_code, result.stderr) == (
        2,
        "error: 'tls' is not a security mode\n"
        "hint: e.g. starttls; security is one of starttls, ssl, none\n",
    )
    result = runner.invoke(app, ["profile", "set", "smtp.port", "eighty"])
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        2,
        "error: 'eighty' is not a port number",
    )


def test_profile_show_narrow_keeps_the_file_and_line_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    runner.invoke(app, ["profile", "set", "sender", "Jane Doe"])
    result = runner.invoke(app, ["profile", "show"])
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Profile\norganisation\n  value: -\nsender\n  value: Jane Doe\n"
        f"  from: {user_profile_path()}:4\ntitle\n"
    )


def test_profile_show_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # wide enough for the file's whole path
    runner.invoke(app, ["profile", "set", "sender", "Jane Doe"])
    result = runner.invoke(app, ["profile", "show"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split("│")[1].strip() for line in lines if line.startswith("│")][:2] == [
        "organisation",
        "sender",
    ]
    rows = [[cell.strip() for cell in line.split("│")[1:3]] for line in lines if "│" in line]
    assert ["sender", "Jane Doe"] in rows
    assert lines[-3:] == [
        f"your profile: {user_profile_path()}",
        "team profile: advocacy-kit.yaml (none in this folder)",
        "change a value with: advocacy-kit profile set KEY VALUE",
    ]


def _editor(tmp_path: Path, append: str) -> str:
    """An 'editor': a script that appends ``append`` to the file it is given."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "with open(sys.argv[1], 'a', encoding='utf-8') as f:\n"
        f"    f.write({append!r})\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def test_profile_edit_creates_the_template_and_checks_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "sender: Jane Doe\n"))
    monkeypatch.delenv("VISUAL", raising=False)
    result = runner.invoke(app, ["profile", "edit"])
    path = user_profile_path()
    assert result.exit_code == 0, result.output
    assert result.stderr == f"created {path}\nprofile checked: {path}\n"
    assert path.read_text(encoding="utf-8") == profile_template() + "sender: Jane Doe\n"
    assert load_profile() == Profile(sender="Jane Doe")


def test_profile_edit_reports_a_mistake_and_keeps_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "sender: yes\n"))
    monkeypatch.delenv("VISUAL", raising=False)
    path = write(user_profile_path(), "title: Director\n")
    result = runner.invoke(app, ["profile", "edit"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}:2:9: sender was read as true, not text: YAML takes 'yes' as a "
        'yes/no value\nhint: put it in quotes: "yes"; the file is kept as you saved it: '
        "run `advocacy-kit profile edit` to fix it\n"
    )
    assert path.read_text(encoding="utf-8") == "title: Director\nsender: yes\n"


# -- draft uses the profile; flags override it --

LETTER = ["draft", "--audience", "donors", "--format", "letter", "--date", "2026-10-19"]


def _letter_head(args: list[str]) -> list[str]:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[:4]


def test_letters_use_the_profile_and_flags_override_it(user_file: Path) -> None:
    write(user_file, "sender: Jane Doe\norganisation: Example Association\n")
    assert _letter_head(LETTER) == ["Jane Doe", "Example Association", "", "19 October 2026"]
    assert _letter_head([*LETTER, "--sender", "Ann Other"]) == [
        "Ann Other",
        "Example Association",
        "",
        "19 October 2026",
    ]
    write(Path("advocacy-kit.yaml"), "organisation: The Team\n")
    assert _letter_head(LETTER) == ["Jane Doe", "The Team", "", "19 October 2026"]
    assert _letter_head([*LETTER, "--organisation", "Flag Org"]) == [
        "Jane Doe",
        "Flag Org",
        "",
        "19 October 2026",
    ]


def test_posts_carry_the_profile_hashtags_unless_flags_say_otherwise(user_file: Path) -> None:
    write(user_file, "hashtags: '#SocialWorkMatters'\n")
    args = ["draft", "--audience", "media", "--format", "post", "--json"]
    with_profile = json.loads(runner.invoke(app, args).stdout)
    assert all("#SocialWorkMatters" in p["text"] for p in with_profile["pieces"])
    flagged = json.loads(runner.invoke(app, [*args, "--hashtag", "#Other"]).stdout)
    assert all(
        "#Other" in p["text"] and "#SocialWorkMatters" not in p["text"] for p in flagged["pieces"]
    )


FULL_PROFILE = """
organisation: Example Association
sender: Jane Doe
title: Programme Director
address: |
  12 Example Road
  Nairobi
email: jane@example.org
signature: Jane Doe, on behalf of the association
"""


def test_a_letter_carries_every_letterhead_key_in_text_and_markdown(user_file: Path) -> None:
    write(user_file, FULL_PROFILE)
    text = runner.invoke(app, LETTER).stdout
    assert text.startswith(
        "Jane Doe\nProgramme Director\nExample Association\n12 Example Road\nNairobi\n"
        "jane@example.org\n\n19 October 2026\n\nDear Sir or Madam,\n"
    )
    closing = text[text.index("Yours sincerely,") : text.index("\nSources")]
    assert closing == (
        "Yours sincerely,\n\nJane Doe, on behalf of the association\nProgramme Director\n"
        "Example Association\n"
    )
    assert runner.invoke(app, [*LETTER, "-o", "letter.md"]).exit_code == 0
    markdown = Path("letter.md").read_text(encoding="utf-8")
    assert markdown.startswith(
        "Jane Doe  \nProgramme Director  \nExample Association  \n12 Example Road  \n"
        "Nairobi  \njane@example.org\n\n19 October 2026\n\n"
    )
    assert (
        "Yours sincerely,\n\nJane Doe, on behalf of the association  \nProgramme Director  \n"
        "Example Association\n\n## Sources\n"
    ) in markdown


def test_another_sender_by_flag_drops_the_personal_keys(user_file: Path) -> None:
    write(user_file, FULL_PROFILE)
    text = runner.invoke(app, [*LETTER, "--sender", "Ann Other"]).stdout
    assert text.startswith(
        "Ann Other\nExample Association\n12 Example Road\nNairobi\n\n19 October 2026\n"
    )
    assert "Yours sincerely,\n\nAnn Other\nExample Association\n" in text


def test_the_profile_region_is_the_default_region(user_file: Path) -> None:
    from advocacy_kit.cli.guided import region_names

    regions = region_names()
    assert regions, "the built-in library ships regional variants"
    args = ["draft", "--audience", "donors", "--date", "2026-10-19"]
    write(user_file, f"region: {regions[-1]}\n")
    by_profile = runner.invoke(app, args)
    by_flag = runner.invoke(app, [*args, "--region", regions[-1]])
    global_ = runner.invoke(app, [*args, "--region", "global"])
    assert by_profile.exit_code == by_flag.exit_code == global_.exit_code == 0
    assert by_profile.stdout == by_flag.stdout != global_.stdout


@pytest.mark.parametrize("command", ["handout", "card", "pack"])
def test_every_command_takes_the_profile_region(
    user_file: Path, tmp_path: Path, command: str
) -> None:
    """The profile's region is the default of every command that reads the messages,
    not only of draft and merge."""
    from advocacy_kit.cli.guided import region_names

    region = region_names()[-1]
    args, read = {
        "handout": (["handout", "-a", "media", "-o"], lambda out: out.read_text("utf-8")),
        "card": (
            ["card", "-a", "media", "-m", "media-inclusion-equality", "--size", "square", "--out"],
            lambda out: (out / "media-inclusion-equality-square.alt.txt").read_text("utf-8"),
        ),
        "pack": (
            ["pack", "sswweek", "--year", "2019", "--no-cards", "--out"],
            lambda out: (out / "index.html").read_text("utf-8"),
        ),
    }[command]
    write(user_file, f"region: {region}\n")
    seen = []
    for name, extra in (
        ("profile", []),
        ("flag", ["--region", region]),
        ("global", ["--region", "global"]),
    ):
        out = tmp_path / (f"{name}.md" if command == "handout" else name)
        result = runner.invoke(app, [*args, str(out), *extra])
        assert result.exit_code == 0, result.stderr
        seen.append(read(out))
    assert seen[0] == seen[1] != seen[2]


KENYA = "variant:\n  name: kenya\n  parent: east-southern-africa\n"


def test_set_refuses_a_region_no_variant_has(user_file: Path) -> None:
    """Issue 14, 13: checked when set, with a did-you-mean from the variants in force."""
    write(Path("messages/variants/kenya.yaml"), KENYA)  # ./messages of the current folder
    result = runner.invoke(app, ["profile", "set", "region", "kenyaa"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: no variant called 'kenyaa'\nhint: did you mean 'kenya'? valid regions: "
        "east-southern-africa, fr, global, kenya; `advocacy-kit variant list` shows them\n"
    )
    assert not user_file.exists()
    assert runner.invoke(app, ["profile", "set", "region", "kenya"]).exit_code == 0
    assert read_profile(user_file).region == "kenya"


@pytest.mark.parametrize("command", ["draft", "merge", "handout", "card", "pack"])
def test_an_unknown_profile_region_names_the_profile_file(
    user_file: Path, tmp_path: Path, command: str
) -> None:
    """A region written by hand (or a variant since removed) is reported at the profile's
    line, saying it came from there; ``--region`` still overrides it."""
    write(user_file, "sender: Ann Other\nregion: kenyaa\n")
    recipients = write(tmp_path / "r.csv", "name\nAnn\n")
    args = {
        "draft": ["draft", "-a", "donors"],
        "merge": ["merge", "-a", "donors", "--recipients", str(recipients), "-o", "out"],
        "handout": ["handout", "-a", "donors", "-o", "handout.md"],
        "card": ["card", "-a", "donors", "--out", "cards"],
        "pack": ["pack", "sswweek", "--year", "2019", "--no-cards", "--out", "kit"],
    }[command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {user_file}:2: no variant called 'kenyaa': it is the region your profile "
        "sets\nhint: valid regions: east-southern-africa, fr, global; `advocacy-kit variant "
        "list` shows them; change it with `advocacy-kit profile set region NAME`, or give "
        "--region\n"
    )
    assert runner.invoke(app, [*args, "--region", "global"]).exit_code == 0
