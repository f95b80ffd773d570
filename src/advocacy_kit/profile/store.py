"""Profile files: where they are, reading them into a :class:`Profile`, and setting one
key without disturbing the rest.

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

Every file is read with :class:`advocacy_kit.library.yamlio.NodeReader`, so a mistake is
reported with its file, line and column and a hint; the keys and the checks on values
are :mod:`advocacy_kit.profile.fields`'s.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advocacy_kit.library.nodes import NodeReader
from advocacy_kit.library.yamlio import parse_yaml, read_text, yaml
from advocacy_kit.profile.fields import (
    KEY_NAMES,
    PROFILE_KEYS,
    Profile,
    ProfileKey,
    attribute,
    check_value,
    get_key,
    normalise_hashtag,
    parse_value,
    split_hashtags,
    value_hint,
)
from advocacy_kit.profile.regions import check_region

#: The application name platformdirs files the user's profile under.
APP_NAME = "advocacy-kit"
#: The file name of the user's profile inside their config folder.
PROFILE_FILE = "profile.yaml"
#: A profile in the current folder with this name overrides the user's, for a team.
TEAM_PROFILE_FILE = "advocacy-kit.yaml"


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
                    for word in split_hashtags([self.text(item, what="a hashtag")]):
                        tag = normalise_hashtag(word)
                        if tag is None:
                            raise self.error(
                                item, f"'{word}' is not a hashtag", hint=value_hint(key)
                            )
                        tags.append(tag)
                values[attribute(name)] = tuple(dict.fromkeys(tags))
            else:
                text = self.text(value_node, what=name)
                problem = check_value(key, text)
                if problem is not None:
                    raise self.error(value_node, problem, hint=value_hint(key))
                values[attribute(name)] = self._relative_to_file(key, text)
            origins[name] = f"{self.path}:{key_lines[name]}"
        return Profile(**{attribute(k): v for k, v in values.items()}, origins=origins)

    def _relative_to_file(self, key: ProfileKey, text: str) -> str:
        """A logo's path as written, or, when relative, taken from the file's folder
        (a team file names the logo beside it)."""
        if key.name != "card.logo" or Path(text).expanduser().is_absolute():
            return text
        return str(Path(self.path).parent / text)


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
    return _ProfileReader(path, "profile", text).profile(node)


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


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


@functools.cache
def _dumper() -> type[yaml.SafeDumper]:
    """A dumper that writes several-line text as a ``|`` block, the way people write it
    by hand (made on first use: PyYAML loads only when a profile is written)."""

    class _Dumper(yaml.SafeDumper):
        pass

    _Dumper.add_representer(str, _represent_str)
    return _Dumper


def dump_entry(key: str, value: str | Sequence[str]) -> str:
    """One ``key: value`` entry of a profile file, ending in a newline."""
    data = {key: list(value) if not isinstance(value, str) else value}
    return yaml.dump(
        data,
        Dumper=_dumper(),
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

    Only the lines of that entry change: comments and other keys stay as written. The
    other values are not checked here (the caller checks the new text), so setting a
    key mends a value of it the file had wrong.

    Raises:
        LibraryError: the existing text is not YAML, or not a mapping of keys.
    """
    entry = dump_entry(key.name, value) if value is not None else ""
    if not _has_content(text):
        base = text if not text or text.endswith("\n") else text + "\n"
        return base + entry
    node = parse_yaml(text, path)
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        # Refuses what is not a mapping; a one-line file is rebuilt from its values.
        current = _ProfileReader(path, "profile", text).profile(node)
        assert isinstance(node, yaml.MappingNode)
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


def set_profile_value(
    key: str,
    value: str | None,
    *,
    path: Path,
    library: Sequence[str | Path] = (),
) -> ProfileKey:
    """Set (or, with ``value`` None or empty, remove) one key of the profile at ``path``.

    The file and its folder are created when missing; the change is written atomically
    and only that key's lines change. A region must name a variant of the library
    folders in force (the built-in one, ``./messages``, ``$ADVOCACY_KIT_LIBRARY`` and
    ``library``).

    Returns:
        The :class:`ProfileKey` that was set.

    Raises:
        UsageError: unknown key or invalid value (a region no variant has).
        LibraryError: the existing file is invalid (fix it first, e.g. with ``edit``).
        OutputError: the file cannot be written.
    """
    from advocacy_kit.files import write_atomic

    chosen = get_key(key)
    parsed = parse_value(chosen, value) if value and value.strip() else None
    if chosen.name == "region" and isinstance(parsed, str):
        check_region(parsed, library=library)
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
        _ProfileReader(path, "profile", text).profile(parse_yaml(text, path))


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
