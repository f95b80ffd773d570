"""The organisation profile: who letters and posts are from, typed once.

A profile is a small YAML file. The user's own lives in their config folder
(:func:`user_profile_path`, chosen by platformdirs); an ``advocacy-kit.yaml`` in the
current folder (:func:`team_profile_path`) overrides it key by key, so a team can share
one in a project folder; flags given to a command override both (the CLI applies them).

Example file::

    organisation: Example Association of Social Workers
    sender: Jane Doe
    title: Programme Director
    address: |
      12 Example Road
      Nairobi
    email: jane@example.org
    signature: Jane Doe, on behalf of the association
    region: east-southern-africa
    hashtags: ["#SSWWeek", "#SocialServiceWorkforce"]

Every file is read with :class:`advocacy_kit.library.yamlio.NodeReader`, so a mistake is reported
with its file, line and column and a hint.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from advocacy_kit.errors import UsageError, choice_hint
from advocacy_kit.library.yamlio import ID_PATTERN, NodeReader, parse_yaml, read_text

#: The application name platformdirs files the user's profile under.
APP_NAME = "advocacy-kit"
#: The file name of the user's profile inside their config folder.
PROFILE_FILE = "profile.yaml"
#: A profile in the current folder with this name overrides the user's, for a team.
TEAM_PROFILE_FILE = "advocacy-kit.yaml"

_HASHTAG = re.compile(r"^#\w+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class ProfileKey:
    """One key of the profile file: its name, what it is, and the names it answers to."""

    name: str
    label: str
    example: str
    multiline: bool = False
    many: bool = False
    aliases: tuple[str, ...] = ()


#: The keys of a profile file, in the order files are written and shown.
PROFILE_KEYS: tuple[ProfileKey, ...] = (
    ProfileKey(
        "organisation",
        "Your organisation",
        "Example Association of Social Workers",
        aliases=("organization", "org"),
    ),
    ProfileKey("sender", "Your name, as letters are signed", "Jane Doe", aliases=("name",)),
    ProfileKey("title", "Your title or role", "Programme Director", aliases=("role",)),
    ProfileKey(
        "address",
        "Your postal address (several lines allowed)",
        "12 Example Road\nNairobi",
        multiline=True,
    ),
    ProfileKey("email", "Your email address", "jane@example.org", aliases=("e-mail", "mail")),
    ProfileKey(
        "signature",
        "A closing line or signature block (several lines allowed)",
        "Jane Doe, on behalf of the association",
        multiline=True,
    ),
    ProfileKey(
        "region",
        "The regional or national variant to use by default",
        "east-southern-africa",
        aliases=("variant",),
    ),
    ProfileKey(
        "hashtags",
        "Hashtags to add to posts when they fit",
        "#SSWWeek #SocialServiceWorkforce",
        many=True,
        aliases=("hashtag", "tags"),
    ),
)

KEY_NAMES: tuple[str, ...] = tuple(key.name for key in PROFILE_KEYS)


@dataclass(frozen=True)
class Profile:
    """The organisation profile in force: every key is optional.

    ``origins`` says, for each key that has a value, the ``path:line`` it came from.
    """

    organisation: str | None = None
    sender: str | None = None
    title: str | None = None
    address: str | None = None
    email: str | None = None
    signature: str | None = None
    region: str | None = None
    hashtags: tuple[str, ...] = ()
    origins: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def value(self, key: str) -> str | tuple[str, ...] | None:
        """The value of profile key ``key`` (a canonical name)."""
        result: str | tuple[str, ...] | None = getattr(self, key)
        return result

    def is_empty(self) -> bool:
        """True when no key has a value."""
        return all(not self.value(key) for key in KEY_NAMES)

    def layered_over(self, base: Profile) -> Profile:
        """This profile's values where it has them, ``base``'s otherwise."""
        changes: dict[str, Any] = {}
        origins = dict(base.origins)
        for key in KEY_NAMES:
            if self.value(key):
                changes[key] = self.value(key)
                origins[key] = self.origins.get(key, "")
        return replace(base, **changes, origins=origins)

    def letter_fields(self, *, same_sender: bool = True) -> dict[str, str]:
        """The letter template fields this profile fills beyond sender and organisation.

        ``sender_title``, ``sender_address``, ``sender_email`` and ``signature``, for the
        ones that have a value. With ``same_sender`` false (a ``--sender`` flag named
        someone else) the personal ones (title, email, signature) are left out.

        Args:
            same_sender: Whether the letter is signed by the profile's sender.

        Returns:
            Template field name -> text.
        """
        personal = {"sender_title": self.title, "sender_email": self.email}
        personal["signature"] = self.signature
        chosen = {"sender_address": self.address, **(personal if same_sender else {})}
        return {name: value for name, value in chosen.items() if value}

    def to_json(self) -> dict[str, Any]:
        """A plain-data view for ``--json`` output."""
        data: dict[str, Any] = {}
        for item in fields(self):
            if item.name == "origins":
                continue
            value = getattr(self, item.name)
            data[item.name] = list(value) if isinstance(value, tuple) else value
        data["origins"] = dict(self.origins)
        return data


def get_key(name: str) -> ProfileKey:
    """The profile key called ``name`` or one of its aliases, case-insensitively.

    Raises:
        UsageError: no key has that name; the hint lists them.
    """
    wanted = name.strip().lower().replace("_", "-")
    for key in PROFILE_KEYS:
        if wanted == key.name or wanted in key.aliases:
            return key
    raise UsageError(
        f"unknown profile key '{name}'", hint=choice_hint(wanted, KEY_NAMES, what="keys")
    )


def user_profile_path() -> Path:
    """The user's own profile file, in their config folder (it may not exist yet)."""
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False) / PROFILE_FILE


def team_profile_path(cwd: Path | None = None) -> Path:
    """The team profile file of the folder ``cwd`` (default: the current folder)."""
    return (cwd or Path()) / TEAM_PROFILE_FILE


def _has_content(text: str) -> bool:
    """True unless the text is only blank lines, comments and document markers."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped not in ("---", "..."):
            return True
    return False


def _split_hashtags(values: Sequence[str]) -> list[str]:
    words: list[str] = []
    for value in values:
        words.extend(w for w in re.split(r"[\s,]+", value) if w)
    return words


def normalise_hashtag(word: str) -> str | None:
    """``word`` as a hashtag with its ``#``, or None when it cannot be one."""
    tag = word if word.startswith("#") else "#" + word
    return tag if _HASHTAG.match(tag) else None


def _check_value(key: ProfileKey, value: str) -> str | None:
    """Why ``value`` is wrong for ``key``, or None when it is fine."""
    if key.name == "email" and not _EMAIL.match(value):
        return f"'{value}' does not look like an email address"
    if key.name == "region" and not ID_PATTERN.match(value):
        return f"'{value}' is not a region name"
    if not key.multiline and "\n" in value:
        return f"{key.name} must be one line"
    return None


def _hint(key: ProfileKey) -> str:
    if key.name == "region":
        return "use the variant's name: lower-case letters, digits and hyphens, e.g. kenya"
    if key.name == "email":
        return "write it like name@example.org"
    if key.many:
        return "write each hashtag as # followed by letters or digits, e.g. #SSWWeek"
    return f"write it on one line, e.g. {key.example}"


class _ProfileReader(NodeReader):
    """Reads one profile file into a :class:`Profile`."""

    def profile(self, node: yaml.Node) -> Profile:
        found = self.fields(node, what="the profile", allowed=KEY_NAMES)
        assert isinstance(node, yaml.MappingNode)
        key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
        values: dict[str, Any] = {}
        origins: dict[str, str] = {}
        for name, value_node in found.items():
            key = get_key(name)
            if isinstance(value_node, yaml.ScalarNode) and value_node.tag.endswith(":null"):
                continue
            if key.many:
                items = (
                    [value_node]
                    if isinstance(value_node, yaml.ScalarNode)
                    else self.sequence(value_node, what="hashtags")
                )
                tags = []
                for item in items:
                    for word in _split_hashtags([self.text(item, what="a hashtag")]):
                        tag = normalise_hashtag(word)
                        if tag is None:
                            raise self.error(item, f"'{word}' is not a hashtag", hint=_hint(key))
                        tags.append(tag)
                values[name] = tuple(dict.fromkeys(tags))
            else:
                text = self.text(value_node, what=name)
                problem = _check_value(key, text)
                if problem is not None:
                    raise self.error(value_node, problem, hint=_hint(key))
                values[name] = text
            origins[name] = f"{self.path}:{key_lines[name]}"
        return Profile(**values, origins=origins)


def read_profile(path: Path) -> Profile:
    """Read one profile file; a missing or empty (all comments) file is an empty profile.

    Raises:
        LibraryError: the file is unreadable, invalid YAML, has an unknown or duplicate
            key, or a value of the wrong kind; located at its line and column.
    """
    if not path.exists():
        return Profile()
    text = read_text(path)
    if not _has_content(text):
        return Profile()
    node = parse_yaml(text, path)
    return _ProfileReader(path, "profile").profile(node)


def load_profile(*, cwd: Path | None = None, user_path: Path | None = None) -> Profile:
    """The profile in force: the user's file with the team file of ``cwd`` over it.

    Args:
        cwd: The folder whose ``advocacy-kit.yaml`` overrides the user's profile
            (default: the current folder).
        user_path: The user's profile file (default: :func:`user_profile_path`).

    Returns:
        The merged :class:`Profile` (empty when neither file exists).

    Raises:
        LibraryError: either file is invalid (see :func:`read_profile`).
    """
    user = read_profile(user_path or user_profile_path())
    team = read_profile(team_profile_path(cwd))
    return team.layered_over(user)


def parse_value(key: ProfileKey, value: str) -> str | tuple[str, ...]:
    """Check and normalise a value typed for ``key`` (``profile set``).

    Hashtags are split on spaces and commas and given their ``#``. In one-line keys a
    literal ``\\n`` is not special; multi-line keys keep the newlines they are given.

    Raises:
        UsageError: the value is not valid for the key.
    """
    if key.many:
        tags: list[str] = []
        for word in _split_hashtags([value]):
            tag = normalise_hashtag(word)
            if tag is None:
                raise UsageError(f"'{word}' is not a hashtag", hint=_hint(key))
            tags.append(tag)
        return tuple(dict.fromkeys(tags))
    text = value.strip()
    problem = _check_value(key, text)
    if problem is not None:
        raise UsageError(problem, hint=_hint(key))
    return text


class _Dumper(yaml.SafeDumper):
    """Writes several-line text as a ``|`` block, the way people write it by hand."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_entry(key: str, value: str | Sequence[str]) -> str:
    """One ``key: value`` entry of a profile file, ending in a newline."""
    data = {key: list(value) if not isinstance(value, str) else value}
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )


def _entry_lines(key_node: yaml.Node, value_node: yaml.Node) -> tuple[int, int]:
    """The 0-based line range [start, end) holding one top-level entry."""
    last = value_node
    if isinstance(value_node, yaml.SequenceNode) and not value_node.flow_style:
        last = value_node.value[-1] if value_node.value else value_node
    end = last.end_mark
    end_line = end.line if end.column == 0 else end.line + 1
    return key_node.start_mark.line, max(end_line, key_node.start_mark.line + 1)


def with_value(text: str, path: Path, key: ProfileKey, value: str | Sequence[str] | None) -> str:
    """The text of a profile file with ``key`` set to ``value`` (removed when None).

    Only the lines of that entry change: comments and other keys stay as written.

    Raises:
        LibraryError: the existing text is not a valid profile.
    """
    entry = dump_entry(key.name, value) if value is not None else ""
    if not _has_content(text):
        base = text if not text or text.endswith("\n") else text + "\n"
        return base + entry
    node = parse_yaml(text, path)
    current = _ProfileReader(path, "profile").profile(node)  # refuse a file already wrong
    assert isinstance(node, yaml.MappingNode)
    if node.flow_style:
        # A one-line {key: value} file: write it out again in block form.
        rebuilt = [
            dump_entry(name, current_value)
            for name in KEY_NAMES
            if name != key.name and (current_value := current.value(name))
        ]
        return "".join(rebuilt) + entry
    lines = text.splitlines(keepends=True)
    for key_node, value_node in node.value:
        if key_node.value == key.name:
            start, end = _entry_lines(key_node, value_node)
            return "".join([*lines[:start], entry, *lines[end:]])
    base = text if text.endswith("\n") else text + "\n"
    return base + entry


def set_profile_value(key: str, value: str | None, *, path: Path) -> ProfileKey:
    """Set (or, with ``value`` None or empty, remove) one key of the profile at ``path``.

    The file and its folder are created when missing; the change is written atomically
    and only that key's lines change.

    Returns:
        The :class:`ProfileKey` that was set.

    Raises:
        UsageError: unknown key or invalid value.
        LibraryError: the existing file is invalid (fix it first, e.g. with ``edit``).
        OutputError: the file cannot be written.
    """
    from advocacy_kit.files import write_atomic

    chosen = get_key(key)
    parsed = parse_value(chosen, value) if value and value.strip() else None
    if parsed == ():
        parsed = None
    text = read_text(path) if path.exists() else profile_template(header_only=True)
    new_text = with_value(text, path, chosen, parsed)
    _check_text(new_text, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, new_text, force=True)
    return chosen


def _check_text(text: str, path: Path) -> None:
    if _has_content(text):
        _ProfileReader(path, "profile").profile(parse_yaml(text, path))


def profile_template(*, header_only: bool = False) -> str:
    """The commented starter text of a new profile file."""
    lines = [
        "# advocacy-kit profile: who your letters and posts are from.",
        "# Remove the '# ' in front of a line to use it. Flags given to a command",
        "# (--sender, --organisation, --hashtag, ...) override these values.",
    ]
    if not header_only:
        for key in PROFILE_KEYS:
            lines.append(f"# {key.label}:")
            example: str | list[str] = key.example
            if key.many:
                example = key.example.split()
            lines.extend("# " + line for line in dump_entry(key.name, example).splitlines())
    return "\n".join(lines) + "\n"
