"""Reading YAML files into node trees and walking them with every error located.

The YAML is loaded safely (PyYAML's C loader when present) into a node tree, which keeps
the position of every key and value; :class:`advocacy_kit.library.nodes.NodeReader`
then turns nodes into Python values, every error located.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING

from advocacy_kit.errors import LibraryError
from advocacy_kit.files import read_at_most
from advocacy_kit.library.characters import character_name


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

#: Bytes of one YAML file (issue 13's limits; README and SECURITY.md state them).
MAX_YAML_BYTES = 10_000_000
#: Levels of nesting in one YAML file.
MAX_YAML_DEPTH = 50
#: Values (keys, texts, lists) in one YAML file, counting each alias expanded.
MAX_YAML_VALUES = 1_000_000


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a leading BOM is allowed).

    Raises:
        LibraryError: the file is missing, unreadable or not UTF-8 (with the line and
            column of the first bad byte).
    """
    try:
        data = read_at_most(path, MAX_YAML_BYTES)
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
    if data is None:
        raise LibraryError(
            f"the file is over {MAX_YAML_BYTES:,} bytes, far more than any message file",
            path=path,
            hint="split it into several files, or check that it is the file you meant",
        )
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
        LibraryError: empty file, invalid YAML, more than one document, or a tree too
            deep or too big once its aliases are expanded.
    """
    try:
        node = yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, path) from None
    except yaml.reader.ReaderError as exc:  # the only other error composing raises
        raise _character_error(exc, text, path) from None
    if node is not None:
        _check_size(node, path)
    if node is None:
        raise LibraryError(
            "the file is empty",
            path=path,
            line=1,
            column=1,
            hint="add messages (see README, 'The message file format') or delete the file",
        )
    return node


def _character_error(exc: yaml.reader.ReaderError, text: str, path: Path) -> LibraryError:
    """A character YAML refuses anywhere in a file, such as a control, located where it
    is: its first place in the text, as the reader stops at the first one."""
    char = chr(exc.character)
    at = text.find(char)
    return LibraryError(
        f"invalid YAML: the file holds {character_name(char)}, which YAML does not allow",
        path=path,
        line=text.count("\n", 0, at) + 1,
        column=at - (text.rfind("\n", 0, at) + 1) + 1,
        hint="delete it: a YAML file holds printable characters, line breaks and tabs only",
    )


def _check_size(root: yaml.Node, path: Path) -> None:
    """Refuse a node tree nested too deeply, or too big once its aliases (``*name``,
    which repeat what ``&name`` marks) are expanded: a few lines of aliases can stand
    for billions of values (the "billion laughs")."""
    count = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if depth > MAX_YAML_DEPTH or count > MAX_YAML_VALUES:
            what = (
                f"nested more than {MAX_YAML_DEPTH} levels deep"
                if depth > MAX_YAML_DEPTH
                else f"more than {MAX_YAML_VALUES:,} values once its aliases are expanded"
            )
            raise LibraryError(
                f"the file is {what}",
                path=path,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
                hint="message files need no deep nesting and no aliases (*name); "
                "write the values out",
            )
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [(key, depth + 1), (value, depth + 1)]


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
