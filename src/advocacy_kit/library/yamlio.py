"""Reading YAML files into node trees and walking them with every error located.

The YAML is loaded safely (PyYAML's C loader when present) into a node tree, which keeps
the position of every key and value. :class:`NodeReader` then turns nodes into Python
values against small field tables, so every error can say exactly where it is, refuse
duplicate keys and unknown fields (with a did-you-mean), and refuse values YAML silently
turned into another type (``NO`` read as false).
"""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
import types
import urllib.parse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advocacy_kit.errors import LibraryError, did_you_mean
from advocacy_kit.library.characters import character_kind, character_name, first_forbidden
from advocacy_kit.model import Origin


def _lazy_module(name: str) -> types.ModuleType:
    """Module ``name``, executed only when one of its attributes is first used."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # pragma: no cover - PyYAML is a dependency
        raise ModuleNotFoundError(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


if TYPE_CHECKING:
    import yaml as yaml
else:
    # PyYAML and its patterns take 20 ms to import: a draft whose library files are all
    # in the cache (advocacy_kit.cache) never loads it. Modules of the package that use
    # YAML import this name rather than PyYAML itself (issue 17).
    yaml = _lazy_module("yaml")


@functools.cache
def _loader() -> type[yaml.SafeLoader | yaml.CSafeLoader]:
    """PyYAML's C loader, several times faster, or the pure Python one where absent."""
    try:
        return yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        return yaml.SafeLoader


TAG_STR = "tag:yaml.org,2002:str"
TAG_INT = "tag:yaml.org,2002:int"
TAG_FLOAT = "tag:yaml.org,2002:float"
TAG_BOOL = "tag:yaml.org,2002:bool"
TAG_NULL = "tag:yaml.org,2002:null"
TAG_TIMESTAMP = "tag:yaml.org,2002:timestamp"
TAG_MERGE = "tag:yaml.org,2002:merge"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a leading BOM is allowed).

    Raises:
        LibraryError: the file is missing, unreadable or not UTF-8 (with the line and
            column of the first bad byte).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LibraryError(
            "file not found", path=path, hint="check the path and spelling"
        ) from None
    except OSError as exc:
        raise LibraryError(
            f"cannot read the file: {exc.strerror}",
            path=path,
            hint="check that it is a readable file",
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LibraryError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)",
            path=path,
            line=line,
            column=column,
            hint="save the file as UTF-8 in your editor (in Excel or Word: 'UTF-8' encoding)",
        ) from None


def parse_yaml(text: str, path: Path) -> yaml.Node:
    """Parse YAML ``text`` into a node tree.

    Raises:
        LibraryError: empty file, invalid YAML, or more than one document.
    """
    try:
        node = yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, path) from None
    except yaml.YAMLError as exc:
        raise LibraryError(
            f"invalid YAML: {exc}", path=path, hint="check the file's YAML syntax"
        ) from None
    if node is None:
        raise LibraryError(
            "the file is empty",
            path=path,
            line=1,
            column=1,
            hint="add messages (see README, 'The message file format') or delete the file",
        )
    return node


def _yaml_error(exc: yaml.MarkedYAMLError, path: Path) -> LibraryError:
    """PyYAML's error, located where the fix goes and keeping its context.

    A scalar that never ends (a missing closing quote) is only noticed where the file
    ends; the place to fix is where it starts, which PyYAML gives as the context ("while
    scanning a quoted scalar", issue 14). Other contexts ("while parsing a block
    mapping") point at where an enclosing structure began, so the problem's own place
    stays the location and the context is told alongside it.
    """
    problem = exc.problem or "invalid YAML"
    context, context_mark, mark = exc.context, exc.context_mark, exc.problem_mark
    hint = "check the indentation and that text containing ': ' or '#' is quoted"
    if context and context_mark is not None:
        if context.startswith("while scanning") or mark is None:
            # the end of the stream is past the last line: no line to name
            where = (
                "" if mark is None or "end of stream" in problem else f" on line {mark.line + 1}"
            )
            message = f"invalid YAML: {problem}{where}, {context} that starts here"
            mark = context_mark
            if "quoted scalar" in context:
                hint = "close the quote opened here with the same quote mark"
        else:
            message = f"invalid YAML: {problem} ({context} on line {context_mark.line + 1})"
    else:
        message = f"invalid YAML: {problem}"
    return LibraryError(
        message,
        path=path,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        hint=hint,
    )


class NodeReader:
    """Turns YAML nodes of one file into Python values, raising located errors."""

    def __init__(self, path: Path, label: str, source: str | None = None) -> None:
        self.path = path
        self.label = label
        #: The file's text, when known: locates a refused character to its own line.
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
        if self.source is not None:  # the character itself, when written as it is
            start, end = node.start_mark.index, node.end_mark.index
            found = self.source.find(char, start, end)
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
