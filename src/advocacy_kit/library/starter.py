"""The commented starter file ``advocacy-kit variant new`` writes."""

from __future__ import annotations

from pathlib import Path

from advocacy_kit.errors import UsageError, choice_hint
from advocacy_kit.files import write_atomic
from advocacy_kit.library.loader import load_variants
from advocacy_kit.library.staleness import previous_lines
from advocacy_kit.library.variant_file import LANG_PATTERN
from advocacy_kit.library.variants import GLOBAL, Resolution, content_hash
from advocacy_kit.library.yamlio import ID_PATTERN

_STARTER_HEAD = """\
# {title}: a variant of the key messages, layered over '{parent}'.
#
# How to fill it in (then run `advocacy-kit check` before you share it):
# - Every message of '{parent}' is listed below, commented out (lines starting with '#').
#   To change one, remove the '# ' in front of its block (in most editors: select the
#   lines and press Ctrl+/), then write your text under 'amplify:' or 'replace:'.
#     amplify:  your text is ADDED after the parent's text.
#     replace:  your text REPLACES the parent's text (e.g. a translation).
#   You may also give a new 'title:', 'short:' versions for posts, an 'ask:' or
#   'evidence:' (every figure needs a source: 'claim:' and 'source:').
# - To add a message of your own, write an entry with id, audience (donors, media or
#   workforce), title and text (see the example at the end).
# - The '#|' lines and 'based_on:' are written by advocacy-kit: they record the text you
#   worked from. Leave them as they are; when the parent's text changes,
#   `advocacy-kit check` tells you, and `advocacy-kit variant refresh {name}` marks your
#   change reviewed.
# - Use only facts you can source: new wording is welcome, new figures need evidence.
# yaml-language-server: $schema={schema}
variant:
  name: {name}
  title: {title}
  parent: {parent}
{lang_line}  # hashtags: ["#SSWWeek"]
  # handles: ["@SSWAlliance"]
"""


def starter_text(*, name: str, parent: Resolution, lang: str | None = None) -> str:
    """The commented starter file ``variant new`` writes: the header, and every parent
    message as a commented-out block ready to be uncommented and filled in."""
    title = name.replace("-", " ").title()
    lang_line = f"  lang: {lang}\n" if lang else f"  # lang: {parent.lang}\n"
    out = [
        _STARTER_HEAD.format(
            name=name,
            title=title,
            parent=parent.name,
            lang_line=lang_line,
            schema=SCHEMA_HINT,
        )
    ]
    definition = parent.library.definition
    if definition is not None:
        out.append("\n# definition:\n")
        out.extend(f"#   {line}\n" for line in previous_lines(definition.text, "", width=84))
        out.append(f"#   based_on: {content_hash(definition.text)}\n")
        out.append("#   amplify: >-\n#     Write here what your region or country adds.\n")
    out.append("\nmessages:\n")
    for message in parent.library.messages:
        out.append(f"  # {message.audience}: {message.title}\n")
        out.append(f"  # - id: {message.id}\n")
        out.extend(f"  #   {line}\n" for line in previous_lines(message.text, "", width=82))
        out.append(f"  #   based_on: {content_hash(message.text)}\n")
        out.append("  #   amplify: >-\n  #     Write here what you add to this message.\n\n")
    out.append(
        "  # A message of your own:\n"
        f"  # - id: {name}-my-message\n"
        "  #   audience: donors\n"
        "  #   title: A short title\n"
        "  #   text: >-\n"
        "  #     The whole message, in your words.\n"
    )
    return "".join(out)


#: What a variant's ``yaml-language-server`` line points at: the schema file written by
#: ``advocacy-kit schema -o message-file.schema.json``, next to the library folder.
SCHEMA_HINT = "../message-file.schema.json"


def new_variant(
    *,
    name: str,
    parent: str = GLOBAL,
    lang: str | None = None,
    library: str | Path | None = None,
    cwd: Path | None = None,
    force: bool = False,
) -> Path:
    """Write a commented starter variant file, ``<library>/variants/<name>.yaml``.

    Args:
        name: The new variant's name (lower-case letters, digits, hyphens).
        parent: The variant it layers over, or ``global``.
        lang: Its language, when not the parent's.
        library: The library folder to write into (default ``./messages``).
        cwd: The current folder.
        force: Replace the file if it exists.

    Returns:
        The file written.

    Raises:
        UsageError: a bad name or language, or an unknown parent.
        OutputError: the file exists (without ``force``).
    """

    if not ID_PATTERN.match(name) or name == GLOBAL:
        raise UsageError(
            f"'{name}' cannot be a variant name",
            hint="use lower-case letters, digits and hyphens, e.g. kenya or west-africa",
        )
    if lang is not None and not LANG_PATTERN.match(lang):
        raise UsageError(f"'{lang}' is not a language tag", hint="write e.g. fr, pt or sw-KE")
    base = cwd or Path.cwd()
    folder = Path(library) if library is not None else base / "messages"
    extra = [folder] if library is not None and folder.is_dir() else []
    variants = load_variants(library=extra, cwd=cwd)
    if parent != GLOBAL and parent not in variants.variants:
        raise UsageError(
            f"no variant called '{parent}' to be the parent",
            hint=choice_hint(parent, [n for n in variants.names() if n != name], what="parents"),
        )
    resolution = variants.resolve(parent)
    target = folder / "variants" / f"{name}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, starter_text(name=name, parent=resolution, lang=lang), force=force)
    return target
