"""Template fields of a merged letter: a row's context, and the fields a template reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from advocacy_kit.batch.problems import Problem, close_match
from advocacy_kit.batch.recipients import (
    ORGANISATION_COLUMNS,
    SENDER_ORGANISATION_COLUMNS,
    RecipientRow,
    Recipients,
)

#: Fields a merge fills for every row, beside the composed letter's own.
ROW_FIELDS = ("to", "address", "salutation", "fields", "sender", "organization")


def template_fields(env: Any, name: str, known: set[str]) -> list[tuple[str, str, int]]:
    """The fields template ``name`` (and templates it extends or includes) reads that
    are not in ``known``: ``(field, template file, line)``, first use of each.

    Both ``{{ constituency }}`` and ``{{ fields.constituency }}`` count.
    """
    from jinja2 import meta, nodes

    found: dict[str, tuple[str, str, int]] = {}
    pending, done = [name], set()
    while pending:
        current = pending.pop()
        if current in done:
            continue
        done.add(current)
        try:
            source, filename, _ = env.loader.get_source(env, current)
        except Exception:
            if current == name:
                raise
            continue  # an included template that cannot be read: rendering names the line
        env.get_template(current)  # compiled first: its errors name the template's file
        tree = env.parse(source, current, filename)
        undeclared = meta.find_undeclared_variables(tree) - _optional_names(tree)
        shown = _display_path(filename or current)
        for node in tree.find_all(nodes.Name):
            if (
                node.ctx == "load"
                and node.name in undeclared
                and node.name not in known
                and node.name not in env.globals
            ):
                found.setdefault(node.name, (node.name, shown, node.lineno))
        for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
            target = node.node
            if isinstance(target, nodes.Name) and target.name == "fields":
                key = node.attr if isinstance(node, nodes.Getattr) else None
                if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
                    key = str(node.arg.value)
                if key is not None:
                    found.setdefault("fields." + key, (key, shown, node.lineno))
        pending.extend(n for n in meta.find_referenced_templates(tree) if n)
    return list(found.values())


def _optional_names(tree: Any) -> set[str]:
    """Names a template guards itself: ``x is defined`` or ``x | default(...)``."""
    from jinja2 import nodes

    optional = set()
    for node in tree.find_all((nodes.Test, nodes.Filter)):
        guards = ("defined", "undefined") if isinstance(node, nodes.Test) else ("default", "d")
        if node.name in guards and isinstance(node.node, nodes.Name):
            optional.add(node.node.name)
    return optional


def _display_path(filename: str) -> str:
    path = Path(filename)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def missing_template_fields(
    table: Recipients,
    letter_context: Mapping[str, Any],
    template_name: str,
    kind: str,
    templates: Sequence[Path],
) -> list[Problem]:
    """A problem for each field the letter template reads that is neither a column nor
    the letter's own data (``letter_context``), naming the template line."""
    from advocacy_kit.output.render import environment, template_error

    env = environment(kind, templates=templates)
    columns = {key for key in table.keys if key}
    known = set(letter_context) | set(ROW_FIELDS) | {k for k in columns if k.isidentifier()}
    try:
        used = template_fields(env, template_name, known)
    except Exception as exc:  # a user's template that does not parse, or is refused
        raise template_error(exc, template_name) from None
    return [
        Problem(
            table.header_line,
            f"no column '{field_name}', which {template_file}:{line} uses"
            + close_match(field_name, columns),
        )
        for field_name, template_file, line in used
        if field_name not in columns
    ]


def fresh_copy(value: Any) -> Any:
    """``value`` with every list and dict in it copied: a letter's own data."""
    kind = type(value)
    if kind is dict:
        return {key: fresh_copy(item) for key, item in value.items()}
    if kind is list:
        return [fresh_copy(item) for item in value]
    return value  # strings, numbers, tuples of them: nothing a template can change


class FieldMapper:
    """Turns a row into a letter's template context (see README, 'Columns with a meaning')."""

    def __init__(self, table: Recipients, *, fresh: bool = True) -> None:
        self.fresh = fresh
        self.keys = [k for k in table.keys if k]
        self.positions = [i for i, k in enumerate(table.keys) if k]
        self.title = table.column("title")
        self.name = table.column("name")
        self.first = table.column("first_name")
        self.last = table.column("last_name")
        self.to = table.column("to")
        self.organisation = table.column(*ORGANISATION_COLUMNS)
        self.address = table.column("address")
        self.country = table.column("country")
        self.salutation = table.column("salutation")
        self.sender = table.column("sender")
        self.sender_organisation = table.column(*SENDER_ORGANISATION_COLUMNS)
        self._exposed: dict[int, list[tuple[int, str]]] = {}

    def _top_level(self, base: Mapping[str, Any]) -> list[tuple[int, str]]:
        found = self._exposed.get(id(base))
        if found is None:
            found = [
                (position, key)
                for position, key in zip(self.positions, self.keys, strict=True)
                if key.isidentifier() and key not in base and key not in ROW_FIELDS
            ]
            self._exposed[id(base)] = found
        return found

    def context(self, row: RecipientRow, base: Mapping[str, Any]) -> dict[str, Any]:
        """The template context of ``row``'s letter: ``base`` (the composed letter's,
        copied, so that a template changing its data changes only its own letter's: issue
        13), every column, and the fields with a meaning of their own.

        Without ``fresh`` the lists and dicts of ``base`` are shared, not copied: for
        letters only the immutable sandbox reads, which refuses every change to them."""
        values = row.values
        if self.fresh:
            context = {key: fresh_copy(value) for key, value in base.items()}
        else:
            context = dict(base)
        for position, key in self._top_level(base):
            context[key] = values[position]
        context["fields"] = {
            key: values[p] for p, key in zip(self.positions, self.keys, strict=True)
        }
        context["to"] = self._to(values) or None
        context["address"] = self._address(values)
        salutation = values[self.salutation] if self.salutation is not None else ""
        context["salutation"] = salutation.rstrip(",:;").strip() or None
        if self.sender is not None and values[self.sender]:
            context["sender"] = values[self.sender]
        if self.sender_organisation is not None and values[self.sender_organisation]:
            context["organization"] = values[self.sender_organisation]
        return context

    def _to(self, values: Sequence[str]) -> str:
        to = values[self.to] if self.to is not None else ""
        if to:
            return to
        if self.name is not None and values[self.name]:
            person = values[self.name]
        else:
            person = " ".join(
                values[i] for i in (self.first, self.last) if i is not None and values[i]
            )
        title = values[self.title] if self.title is not None else ""
        return f"{title} {person}".strip() if person else ""

    def _address(self, values: Sequence[str]) -> list[str]:
        address = []
        if self.organisation is not None and values[self.organisation]:
            address.append(values[self.organisation])
        if self.address is not None and values[self.address]:
            address.extend(
                line.strip() for line in values[self.address].splitlines() if line.strip()
            )
        if self.country is not None and values[self.country]:
            address.append(values[self.country])
        return address
