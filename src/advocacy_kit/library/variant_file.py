"""One variant file (``variant:`` plus changes) read into a :class:`Variant`, with
every error pinned to file:line:col."""

from __future__ import annotations

import re
from pathlib import Path

from advocacy_kit.library.message_file import MessageReader, is_null
from advocacy_kit.library.variants import GLOBAL, PREVIOUS_MARK, Variant, VariantEntry
from advocacy_kit.library.yamlio import yaml

_VARIANT_TOP_FIELDS = ("variant", "definition", "messages")
VARIANT_FIELDS = ("name", "parent", "lang", "title", "hashtags", "handles", "note")
CHANGE_FIELDS = (
    "id",
    "replace",
    "amplify",
    "based_on",
    "title",
    "short",
    "evidence",
    "ask",
    "tags",
    "note",
)
DEFINITION_CHANGE_FIELDS = ("replace", "amplify", "based_on", "title", "short", "note")
#: A language tag as BCP 47 writes it: ``fr``, ``pt-BR``, ``sw-KE``.
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_HASH_PATTERN = re.compile(r"^[0-9a-f]{4,64}$")


class _VariantLoader(MessageReader):
    """Builds the :class:`Variant` of one variant file."""

    def __init__(self, path: Path, label: str, text: str) -> None:
        super().__init__(path, label, text)
        self.lines = text.splitlines()

    def variant(self, node: yaml.Node) -> Variant:
        top = self.fields(node, what="a variant file", allowed=_VARIANT_TOP_FIELDS)
        head_node = top["variant"]
        head = self.fields(
            head_node, what="the variant header", allowed=VARIANT_FIELDS, required=("name",)
        )
        name = self.identifier(head["name"], what="variant name")
        if name == GLOBAL:
            raise self.error(
                head["name"],
                f"a variant cannot be called '{GLOBAL}'",
                hint=f"'{GLOBAL}' is the name of the library every variant starts from",
            )
        parent = self.identifier(head["parent"], what="parent") if "parent" in head else GLOBAL
        lang = self.optional_text(head, "lang", what="lang")
        if lang is not None and not LANG_PATTERN.match(lang):
            raise self.error(
                head["lang"],
                f"lang '{lang}' is not a language tag",
                hint="write a BCP 47 language tag in lower case, e.g. fr, pt or sw-KE",
            )
        hashtags = self.texts(head.get("hashtags"), what="hashtag")
        handles = self.texts(head.get("handles"), what="handle")
        self._marked(head.get("hashtags"), hashtags, "#", "hashtag")
        self._marked(head.get("handles"), handles, "@", "handle")
        definition = None
        if "definition" in top and not is_null(top["definition"]):
            definition = self.change(top["definition"], definition=True)
        entries: tuple[VariantEntry, ...] = ()
        if "messages" in top and not is_null(top["messages"]):
            entries = tuple(
                self.entry(item) for item in self.sequence(top["messages"], what="messages")
            )
        return Variant(
            name=name,
            parent=parent,
            origin=self.origin(head_node),
            lang=lang,
            title=self.optional_text(head, "title", what="title"),
            hashtags=hashtags,
            handles=handles,
            definition=definition,
            entries=entries,
            parent_line=head["parent"].start_mark.line + 1 if "parent" in head else None,
            lang_line=head["lang"].start_mark.line + 1 if "lang" in head else None,
        )

    def _marked(
        self, node: yaml.Node | None, values: tuple[str, ...], mark: str, what: str
    ) -> None:
        for value in values:
            if not value.startswith(mark) or len(value) < 2 or " " in value:
                assert node is not None
                raise self.error(
                    node,
                    f"{what} '{value}' must start with '{mark}' and have no spaces",
                    hint=f'write it in quotes, e.g. "{mark}SSWWeek"'
                    if mark == "#"
                    else f'write it in quotes, e.g. "{mark}SSWAlliance"',
                )

    def entry(self, node: yaml.Node) -> VariantEntry:
        if isinstance(node, yaml.MappingNode) and any(
            isinstance(k, yaml.ScalarNode) and k.value == "text" for k, _ in node.value
        ):
            message = self.message(node)
            return VariantEntry(id=message.id, action="add", origin=message.origin, message=message)
        return self.change(node, definition=False)

    def change(self, node: yaml.Node, *, definition: bool) -> VariantEntry:
        what = "the definition change" if definition else "a message change"
        fields = self.fields(
            node,
            what=what,
            allowed=DEFINITION_CHANGE_FIELDS if definition else CHANGE_FIELDS,
            required=() if definition else ("id",),
        )
        if "replace" in fields and "amplify" in fields:
            raise self.error(
                fields["amplify"],
                f"{what} has both 'replace:' and 'amplify:'",
                hint="replace the parent's text, or add to it, not both",
            )
        action = next((a for a in ("replace", "amplify") if a in fields), "change")
        changes = set(fields) - {"id", "based_on", "note"}
        if not changes:
            hint = (
                "add 'amplify:' (text added to the parent's) or 'replace:' (a new text); "
                "a new message needs audience, title and text"
            )
            raise self.error(node, f"{what} changes nothing", hint=hint)
        based_on = None
        based_on_line = None
        previous = None
        if "based_on" in fields:
            based_node = fields["based_on"]
            based_on = str(getattr(based_node, "value", "")).strip().lower()
            if not isinstance(based_node, yaml.ScalarNode) or not _HASH_PATTERN.match(based_on):
                raise self.error(
                    based_node,
                    "based_on must be the short hash the tooling wrote",
                    hint="remove the line and run `advocacy-kit variant refresh NAME` to "
                    "write it again",
                )
            based_on_line = based_node.start_mark.line + 1
            previous = self._previous(based_node.start_mark.line)
        keys = [k.start_mark.line + 1 for k, _ in node.value]
        evidence = (
            self.records(fields["evidence"], self.evidence, what="evidence")
            if "evidence" in fields
            else None
        )
        return VariantEntry(
            id="definition" if definition else self.identifier(fields["id"]),
            action=action,
            origin=self.origin(node),
            text=self.text(fields[action], what=action) if action != "change" else None,
            title=self.optional_text(fields, "title", what="title"),
            short=self.texts(fields["short"], what="short version") if "short" in fields else None,
            evidence=evidence,
            ask=self.optional_text(fields, "ask", what="ask"),
            tags=self.texts(fields.get("tags"), what="tag"),
            note=self.optional_text(fields, "note", what="note"),
            based_on=based_on,
            based_on_line=based_on_line,
            previous=previous,
            insert_line=keys[1] if len(keys) > 1 else keys[0],
            indent=node.start_mark.column,
        )

    def _previous(self, index: int) -> str | None:
        """The ``#|`` lines right above line ``index`` (0-based), joined."""
        found: list[str] = []
        at = index - 1
        while at >= 0 and self.lines[at].strip().startswith(PREVIOUS_MARK):
            found.insert(0, self.lines[at].strip()[len(PREVIOUS_MARK) :].strip())
            at -= 1
        return " ".join(found) if found else None


def is_variant_node(node: yaml.Node) -> bool:
    """Whether a parsed file is a variant file (it has a top-level ``variant:``)."""
    return isinstance(node, yaml.MappingNode) and any(
        isinstance(k, yaml.ScalarNode) and k.value == "variant" for k, _ in node.value
    )


def build_variant(node: yaml.Node, path: Path, text: str, *, label: str = "built-in") -> Variant:
    """Build the :class:`Variant` of a parsed variant file (``text`` is its source, for
    the ``#|`` lines that record the parent text a change was reviewed against).

    Raises:
        LibraryError: the file is not of the expected shape.
    """
    return _VariantLoader(path, label, text).variant(node)
