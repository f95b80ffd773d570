"""Letter file names from recipients' data: safe on every common system, never clashing."""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections.abc import Sequence

from advocacy_kit.batch.problems import Problem
from advocacy_kit.batch.recipients import NAME_COLUMNS, ORGANISATION_COLUMNS, Recipients
from advocacy_kit.errors import UsageError

#: File names Windows refuses whatever the extension (``CON.md`` included).
RESERVED_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)

#: Longest file name stem, in characters and in UTF-8 bytes: room is left for the
#: extension and write_atomic's temporary name within the usual 255-byte limit.
MAX_STEM_CHARS = 100
MAX_STEM_BYTES = 200

_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"-{2,}")
_NUMBERS = re.compile(r"\d+")


def safe_file_stem(text: str, *, fallback: str) -> str:
    """A file name stem from data that is safe on every common system.

    Path separators, characters Windows forbids, control characters and leading dots
    go (so ``../../etc/x`` becomes ``etc-x``); spaces become ``-``; Windows' reserved
    device names (``CON``, ``NUL``, ``COM1``, ...) get a leading ``_``; a name longer
    than :data:`MAX_STEM_CHARS` characters or :data:`MAX_STEM_BYTES` UTF-8 bytes is cut
    and ends in a short hash of the whole, so two long names stay apart.

    Args:
        text: The name wanted.
        fallback: The stem to use when nothing of ``text`` is left.
    """
    stem = unicodedata.normalize("NFC", text)
    if not stem.isprintable():  # control, format and separator characters become spaces
        stem = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in stem)
    stem = _UNSAFE_CHARS.sub("-", stem)
    stem = _SPACES.sub("-", stem.strip())
    stem = _DASHES.sub("-", stem).strip("-._ ")
    if not stem:
        stem = fallback
    if len(stem) > MAX_STEM_CHARS or len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
        cut = stem[: MAX_STEM_CHARS - 9]
        while len(cut.encode("utf-8")) > MAX_STEM_BYTES - 9:
            cut = cut[:-1]
        stem = f"{cut.rstrip('-._ ')}-{digest}"
    if stem.split(".")[0].upper() in RESERVED_NAMES:
        stem = "_" + stem
    return stem


def name_key(file_name: str) -> str:
    """What two file names are compared by: case folded, Unicode NFC."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", file_name).casefold())


def pattern_fields(pattern: str, *, example: str = "{last_name}-{organisation}") -> list[str]:
    """The column names a ``--name`` pattern uses (``{last_name}-{organisation}``).

    Args:
        pattern: The pattern.
        example: A pattern of the file's own columns, for the hint.

    Raises:
        UsageError: the pattern is malformed or uses more than plain names.
    """
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise UsageError(
            f"--name pattern '{pattern}' is malformed: {exc}",
            hint=f'write column names in braces, e.g. --name "{example}"',
        ) from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or conversion is not None:
            raise UsageError(
                f"--name pattern '{pattern}' uses '{{{name}}}'",
                hint="only column names go in braces, e.g. {last_name} or {row:04d}",
            )
        if spec and ("{" in spec or any(int(n) > MAX_STEM_CHARS for n in _NUMBERS.findall(spec))):
            # "{row:999999999d}" would make a 1 GB name for every row before it was cut
            raise UsageError(
                f"--name pattern '{pattern}' asks for '{{{name}:{spec}}}'",
                hint=f"a file name is cut at {MAX_STEM_CHARS} characters: give a width up to "
                f"{MAX_STEM_CHARS}, e.g. {{row:04d}}",
            )
        names.append(name)
    return names


def checked_pattern(pattern: str, table: Recipients) -> list[str]:
    """The fields of a ``--name`` pattern, after trying it out.

    Raises:
        UsageError: the pattern cannot be used (the hint shows ``table``'s own columns).
    """
    example = example_pattern(table)
    fields = pattern_fields(pattern, example=example)
    try:
        string.Formatter().vformat(pattern, (), dict.fromkeys(fields, "") | {"row": 1, "line": 1})
    except ValueError as exc:
        raise UsageError(
            f"--name pattern '{pattern}' cannot be used: {exc}",
            hint=f'e.g. --name "{example}"'
            + ("" if "{row" in example else f' or --name "{{row:04d}}-{example}"'),
        ) from None
    return fields


def default_pattern(recipients: Recipients) -> str:
    """The ``--name`` pattern used when none is given, from the columns there are."""
    keys = set(recipients.keys)
    if "name" in keys:
        return "{name}"
    if set(NAME_COLUMNS) <= keys:
        return "{last_name}-{first_name}"
    for key in ("last_name", *ORGANISATION_COLUMNS, "email"):
        if key in keys:
            return "{" + key + "}"
    return "letter-{row:04d}"


#: Columns that tell recipients apart, in the order a hint suggests adding them.
_TELLING_COLUMNS = (
    "name",
    "last_name",
    "first_name",
    "organisation",
    "organization",
    "email",
    "country",
    "title",
)


def example_pattern(table: Recipients, pattern: str | None = None) -> str:
    """A ``--name`` pattern of ``table``'s own columns for a hint: ``pattern`` (by
    default :func:`default_pattern`'s) with one more column when that helps."""
    base = pattern or default_pattern(table)  # a pattern given has been checked already
    used = set(pattern_fields(base))
    if pattern is None and len(used) > 1:
        return base
    keys = [key for key in table.keys if key.isidentifier()]
    preferred = [key for key in _TELLING_COLUMNS if key in keys]
    extra = next((key for key in [*preferred, *keys] if key not in used), "row")
    return f"{base}-{{{extra}}}"


def duplicate_names(table: Recipients, names: Sequence[str]) -> list[Problem]:
    """Rows whose file name another row has, compared without case and after Unicode
    normalisation."""
    problems = []
    first_with: dict[str, int] = {}
    for position, file_name in enumerate(names):
        key = name_key(file_name)
        if key in first_with:
            earlier = table.rows[first_with[key]]
            problems.append(
                Problem(
                    table.rows[position].line,
                    f"the letter's file name '{file_name}' is the same as line "
                    f"{earlier.line}'s (names are compared ignoring case): "
                    "add a column to --name to tell them apart",
                )
            )
        else:
            first_with[key] = position
    return problems
