"""Walking YAML node trees into Python values, every error at its file, line and column.

:class:`NodeReader` turns the nodes :func:`advocacy_kit.library.yamlio.parse_yaml` reads
into values against small field tables: it refuses duplicate keys and unknown fields
(with a did-you-mean), values YAML silently turned into another type (``NO`` read as
false), hidden characters and URLs that are not http, https or mailto.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from advocacy_kit.errors import LibraryError, did_you_mean
from advocacy_kit.library.characters import character_kind, character_name, first_forbidden
from advocacy_kit.library.yamlio import (
    ID_PATTERN,
    TAG_BOOL,
    TAG_FLOAT,
    TAG_INT,
    TAG_MERGE,
    TAG_NULL,
    TAG_STR,
    TAG_TIMESTAMP,
    yaml,
)
from advocacy_kit.model import Origin

if TYPE_CHECKING:
    from pathlib import Path


class NodeReader:
    """Turns YAML nodes of one file into Python values, raising located errors."""

    def __init__(self, path: Path, label: str, source: str) -> None:
        self.path = path
        self.label = label
        #: The file's text: locates a refused character to its own line.
        self.source = source

    def error(self, node: yaml.Node, message: str, hint: str) -> LibraryError:
        mark = node.start_mark
        return LibraryError(
            message, path=self.path, line=mark.line + 1, column=mark.column + 1, hint=hint
        )

    def origin(self, node: yaml.Node) -> Origin:
        mark = node.start_mark
        return Origin(str(self.path), mark.line + 1, mark.column + 1, self.label)

    def fields(
        self,
        node: yaml.Node,
        *,
        what: str,
        allowed: Sequence[str],
        required: Sequence[str] = (),
    ) -> dict[str, yaml.Node]:
        """Check ``node`` is a mapping of known, unique keys; return key -> value node."""
        if not isinstance(node, yaml.MappingNode):
            raise self.error(
                node,
                f"{what} must be a mapping of 'key: value' lines, not {_describe(node)}",
                hint=f"write {what} as indented 'key: value' lines",
            )
        result: dict[str, yaml.Node] = {}
        key_nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == TAG_MERGE:
                raise self.error(
                    key_node,
                    f"YAML merge keys ('<<') are not supported in {what}",
                    hint="write the fields out in full, so each file reads on its own",
                )
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != TAG_STR:
                raise self.error(key_node, f"unexpected key in {what}", hint="keys are plain words")
            key = key_node.value
            if key in result:
                first = key_nodes[key].start_mark.line + 1
                raise self.error(
                    key_node,
                    f"duplicate key '{key}' in {what} (first given on line {first})",
                    hint="keep one of them; YAML would silently use only the last",
                )
            if key not in allowed:
                guess = did_you_mean(key, allowed)
                hint = f"did you mean '{guess}'? " if guess else ""
                raise self.error(
                    key_node,
                    f"unknown field '{key}' in {what}",
                    hint=hint + "allowed fields: " + ", ".join(allowed),
                )
            result[key] = value_node
            key_nodes[key] = key_node
        for key in required:
            if key not in result:
                raise self.error(
                    node,
                    f"{what} has no '{key}'",
                    hint=f"add a '{key}:' line to it",
                )
        return result

    def text(self, node: yaml.Node, *, what: str) -> str:
        """A non-empty string. Numbers and dates are taken as written."""
        if isinstance(node, yaml.ScalarNode):
            if node.tag in (TAG_STR, TAG_INT, TAG_FLOAT, TAG_TIMESTAMP):
                value = str(node.value).strip()
                if value:
                    self._refuse_hidden(node, value, what)
                    return value
                raise self.error(node, f"{what} is empty", hint=f"write the {what} or remove it")
            if node.tag == TAG_BOOL:
                raise self.error(
                    node,
                    f"{what} was read as {_bool_word(node.value)}, not text: YAML takes "
                    f"'{node.value}' as a yes/no value",
                    hint=f'put it in quotes: "{node.value}"',
                )
            if node.tag == TAG_NULL:
                raise self.error(node, f"{what} is empty", hint=f"write the {what} or remove it")
        raise self.error(
            node,
            f"{what} must be text, not {_describe(node)}",
            hint="write it on the same line after the colon, or as an indented block after '>-'",
        )

    def _refuse_hidden(self, node: yaml.Node, value: str, what: str) -> None:
        """Refuse a control, bidi or invisible character in a text (issue 13)."""
        at = first_forbidden(value)
        if at is None:
            return
        char = value[at]
        error = self.error(
            node,
            f"{what} holds {character_name(char)}, {character_kind(char)}",
            hint="delete it: text holds printable characters, line breaks and tabs only "
            "(in quotes, an escape such as \\u202e or \\e counts too)",
        )
        # The character itself, when written as it is rather than as an escape.
        found = self.source.find(char, node.start_mark.index, node.end_mark.index)
        if found >= 0:
            error.line = self.source.count("\n", 0, found) + 1
            error.column = found - (self.source.rfind("\n", 0, found) + 1) + 1
        raise error

    def optional_text(self, fields: dict[str, yaml.Node], key: str, *, what: str) -> str | None:
        node = fields.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == TAG_NULL):
            return None
        return self.text(node, what=what)

    def url(self, fields: dict[str, yaml.Node], key: str, *, what: str) -> str | None:
        """An optional link a reader can follow: http, https or mailto only (issue 13), so
        no ``javascript:`` or ``data:`` address reaches a page or a document."""
        value = self.optional_text(fields, key, what=what)
        if value is None:
            return None
        parts = urllib.parse.urlsplit(value)
        scheme = parts.scheme.lower()
        usable = (scheme in ("http", "https") and parts.netloc) or (
            scheme == "mailto" and "@" in parts.path
        )
        if not usable or any(c.isspace() for c in value):
            raise self.error(
                fields[key],
                f"{what} '{value}' is not a web or e-mail address",
                hint="write the full address, starting with https:// (or http://, mailto:)",
            )
        return value

    def integer(self, node: yaml.Node, *, what: str) -> int:
        if isinstance(node, yaml.ScalarNode) and node.tag == TAG_INT:
            return int(node.value)
        raise self.error(node, f"{what} must be a whole number", hint="write digits only, e.g. 3")

    def sequence(self, node: yaml.Node, *, what: str) -> list[yaml.Node]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        raise self.error(
            node,
            f"{what} must be a list, not {_describe(node)}",
            hint="write each item on its own line starting with '- '",
        )

    def texts(self, node: yaml.Node | None, *, what: str) -> tuple[str, ...]:
        """A list of strings; a single string is taken as a list of one."""
        if node is None:
            return ()
        if isinstance(node, yaml.ScalarNode) and node.tag != TAG_NULL:
            return (self.text(node, what=what),)
        if isinstance(node, yaml.ScalarNode):
            return ()
        return tuple(self.text(item, what=what) for item in self.sequence(node, what=what))

    def identifier(self, node: yaml.Node, *, what: str = "id") -> str:
        """An id: lower-case letters, digits and hyphens."""
        value = self.text(node, what=what)
        if not ID_PATTERN.match(value):
            raise self.error(
                node,
                f"{what} '{value}' is not a valid id",
                hint="use lower-case letters, digits and hyphens, e.g. donors-sdg-targets",
            )
        return value

    def records(
        self, node: yaml.Node | None, build: Callable[[yaml.Node], Any], *, what: str
    ) -> tuple[Any, ...]:
        if node is None:
            return ()
        return tuple(build(item) for item in self.sequence(node, what=what))


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == TAG_NULL:
        return "nothing"
    return f"'{node.value}'"


def _bool_word(value: str) -> str:
    return "true" if value.lower() in ("yes", "y", "true", "on") else "false"
