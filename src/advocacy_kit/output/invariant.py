"""Rendering once what every letter of a merge says alike (issue 17).

A merge renders one template for thousands of contexts that differ in a few values (the
recipient, the greeting) and agree in the rest (the messages, the asks, the sources).
:func:`specialise` finds the top-level parts of the template (``{{ }}`` output, ``{% if
%}`` and ``{% for %}`` blocks) that read only values equal in every context, renders
each run of them once, in the sandbox, and puts the text in their place: a template that
writes the same documents, doing per letter only what differs.

It is conservative: a part that calls anything (a method, a macro, ``range()``), sets a
variable, uses ``include``, ``import``, blocks or an unknown filter, or reads a value
that is not the same object or equal text in every context, is rendered per letter as
before; a template that extends another, or any doubt while rendering the parts once,
leaves the template as it is.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any

import jinja2
from jinja2 import nodes

#: Nodes a part rendered once may not hold: calls and everything that reaches other
#: templates, macros or the rendering context itself.
_UNSAFE = (
    nodes.Call,
    nodes.Block,
    nodes.Include,
    nodes.Import,
    nodes.FromImport,
    nodes.Extends,
    nodes.Macro,
    nodes.CallBlock,
    nodes.FilterBlock,
    nodes.Scope,
    nodes.With,
    nodes.EvalContextModifier,
    nodes.ScopedEvalContextModifier,
    nodes.NSRef,
    nodes.ContextReference,
    nodes.DerivedContextReference,
    nodes.InternalName,
    nodes.ImportedName,
    nodes.EnvironmentAttribute,
    nodes.ExtensionAttribute,
    nodes.Assign,
    nodes.AssignBlock,
    nodes.Break,
    nodes.Continue,
)
#: Filters whose result is not a function of their input.
_CHANCE = frozenset({"random", "shuffle"})
#: Methods of text, lists and dicts whose result depends on their arguments alone.
_PURE_METHODS = frozenset(
    {
        "splitlines", "split", "rsplit", "strip", "lstrip", "rstrip", "upper", "lower",
        "title", "capitalize", "startswith", "endswith", "replace", "items", "keys",
        "values", "get",
    }
)  # fmt: skip
_MISSING = object()
#: Names Jinja2 gives a meaning of its own.
_SPECIAL = frozenset({"self", "loop", "caller", "varargs", "kwargs", "super"})
#: Plain values compared by equality; anything else must be the very same object.
_PLAIN = (str, int, float, bool, type(None))


def same(left: Any, right: Any) -> bool:
    """Whether a template reading ``left`` or ``right`` writes the same thing: the same
    object, or values of the same plain type that are equal (lists, tuples and dicts of
    them item by item, in order)."""
    if left is right:
        return True
    kind = type(left)
    if kind is not type(right):
        return False
    if kind in _PLAIN:
        return bool(left == right) and left == left  # a NaN is never the same
    if kind is list or kind is tuple:
        return len(left) == len(right) and all(map(same, left, right))
    if kind is dict:
        return list(left) == list(right) and all(same(left[k], right[k]) for k in left)
    return False


class _Reads:
    """Which names and ``name.key`` a template reads are the same in every context."""

    def __init__(self, env: jinja2.Environment, contexts: Sequence[Mapping[str, Any]]) -> None:
        first = contexts[0]
        self.env = env
        self.keys = set(first)
        names = set(first)
        attrs = {key: set(value) for key, value in first.items() if type(value) is dict}
        for context in contexts[1:]:
            self.keys.update(context)
            for key in [k for k in names if context.get(k, _MISSING) is not first[k]]:
                if not same(context.get(key, _MISSING), first[key]):
                    names.discard(key)
            for key, alike in attrs.items():
                value, base = context.get(key), first[key]
                if value is base or not alike:
                    continue
                if type(value) is not dict:
                    alike.clear()
                    continue
                for attr in [a for a in alike if value.get(a, _MISSING) is not base[a]]:
                    if not same(value.get(attr, _MISSING), base[attr]):
                        alike.discard(attr)
        self.names = names
        #: ``name.key`` alike in every context, of a ``name`` that is not.
        self.attrs = {
            (key, attr) for key, alike in attrs.items() if key not in names for attr in alike
        }
        self.stored: set[str] = set()
        self.stored_fixed: set[str] = set()

    def name(self, name: str) -> bool:
        """Whether the variable ``name`` holds the same in every context here."""
        if name in _SPECIAL:
            return False
        if name in self.stored:
            return name in self.stored_fixed
        if name in self.keys:
            return name in self.names
        return name not in self.env.globals  # undefined in every context

    def fixed(self, node: nodes.Node, local: frozenset[str] = frozenset()) -> bool:
        """Whether ``node`` reads only values the same in every context, and nothing
        else that could differ between two renderings."""
        if isinstance(node, nodes.Call):
            return self._pure_call(node, local)
        if isinstance(node, _UNSAFE):
            return False
        if isinstance(node, nodes.Name):
            return node.ctx != "load" or node.name in local or self.name(node.name)
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            target = node.node
            if (
                isinstance(target, nodes.Name)
                and target.name not in local
                and not self.name(target.name)
            ):
                return (target.name, _key(node)) in self.attrs
        if isinstance(node, nodes.Filter) and (
            node.name in _CHANCE or node.name not in self.env.filters
        ):
            return False
        if isinstance(node, nodes.Test) and node.name not in self.env.tests:
            return False
        if isinstance(node, nodes.For):
            if node.recursive or not self.fixed(node.iter, local):
                return False
            inner = local | {n.name for n in node.target.find_all(nodes.Name)} | {"loop"}
            parts = [*node.body, *node.else_, *([node.test] if node.test else [])]
            return all(self.fixed(part, inner) for part in parts)
        return all(self.fixed(child, local) for child in node.iter_child_nodes())

    def _pure_call(self, node: nodes.Call, local: frozenset[str]) -> bool:
        """A call of a text, list or dict method that changes nothing (``.split()``)."""
        callee = node.node
        return (
            isinstance(callee, nodes.Getattr)
            and callee.attr in _PURE_METHODS
            and node.dyn_args is None
            and node.dyn_kwargs is None
            and all(self.fixed(part, local) for part in (callee.node, *node.args))
            and all(self.fixed(kwarg.value, local) for kwarg in node.kwargs)
        )

    def settle(self, body: Sequence[nodes.Node]) -> None:
        """Which variables the template sets hold the same in every context: those
        every top-level part setting them sets from such values only."""
        setters = [(node, _stores(node)) for node in body]
        self.stored = set().union(*(names for _, names in setters))
        self.stored_fixed = {
            n
            for n in self.stored
            if n in self.names or (n not in self.keys and n not in self.env.globals)
        }
        changed = True
        while changed:
            changed = False
            for node, names in setters:
                if names & self.stored_fixed and not self.reads_fixed(node):
                    self.stored_fixed -= names
                    changed = True

    def reads_fixed(self, node: nodes.Node) -> bool:
        """:meth:`fixed` for a part that may set variables (a ``{% set %}``)."""
        if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            return all(self.fixed(child) for child in node.iter_child_nodes())
        if isinstance(node, nodes.If):
            return all(self.reads_fixed(child) for child in node.iter_child_nodes())
        return self.fixed(node)


def _key(node: nodes.Getattr | nodes.Getitem) -> str | None:
    if isinstance(node, nodes.Getattr):
        return node.attr
    arg = node.arg
    return arg.value if isinstance(arg, nodes.Const) and isinstance(arg.value, str) else None


def _stores(node: nodes.Node) -> set[str]:
    return {n.name for n in node.find_all(nodes.Name) if n.ctx in ("store", "param")}


def specialise(
    env: jinja2.Environment, name: str, contexts: Sequence[Mapping[str, Any]]
) -> jinja2.Template | None:
    """Template ``name`` with the top-level parts that write the same for every one of
    ``contexts`` rendered once, as text; None when there is nothing to gain or any doubt.

    Rendering the result with any of ``contexts`` writes what the template writes.
    """
    from advocacy_kit.output.limits import budget

    if len(contexts) < 2:
        return None
    source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]

    def parse() -> nodes.Template:
        return env.parse(source, name, filename)

    tree = parse()
    if any(True for _ in tree.find_all((nodes.Extends, nodes.Block))):
        return None
    reads = _Reads(env, contexts)
    reads.settle(tree.body)
    once = [
        isinstance(node, (nodes.Output, nodes.If, nodes.For)) and reads.fixed(node)
        for node in tree.body
    ]
    setup = [
        not once[i] and isinstance(node, (nodes.Assign, nodes.If)) and reads.reads_fixed(node)
        for i, node in enumerate(tree.body)
    ]
    runs = _runs(once)
    if not runs:
        return None

    def compile_parts(parts: Sequence[int | str]) -> Any:
        """A template of the parts at these indices, text standing for itself."""
        fresh = parse().body
        body = [
            fresh[part]
            if isinstance(part, int)
            else nodes.Output([nodes.TemplateData(part)], lineno=1)
            for part in parts
        ]
        template = nodes.Template(body, lineno=1)
        template.set_environment(env)
        code = env.compile(template, name, filename)
        return env.template_class.from_code(env, code, env.make_globals(None), None)

    # One rendering of every run, each between two marks, after the parts that set
    # what they read.
    marks = [(f"\x00{secrets.token_hex(16)}<", f">{secrets.token_hex(16)}\x00") for _ in runs]
    probe: list[int | str] = []
    for i in range(len(tree.body)):
        starts = [n for n, (start, _) in enumerate(runs) if start == i]
        probe += [marks[n][0] for n in starts]
        if setup[i] or any(start <= i < end for start, end in runs):
            probe.append(i)
        probe += [marks[n][1] for n, (_, end) in enumerate(runs) if end == i + 1]
    try:
        with budget():  # the bare render: no postprocess of a part
            whole = jinja2.Template.render(compile_parts(probe), contexts[0])
    except Exception:  # rendered per letter instead, which names the error's row
        return None
    texts: dict[int, str] = {}
    for (start, _), (opening, closing) in zip(runs, marks, strict=True):
        if whole.count(opening) != 1 or whole.count(closing) != 1:
            return None
        texts[start] = whole.partition(opening)[2].partition(closing)[0]
    kept = [i for i in range(len(tree.body)) if not any(s < i < e for s, e in runs)]
    kept = _unread_sets_dropped(tree.body, kept, once, setup)
    template: jinja2.Template = compile_parts([texts.get(i, i) for i in kept])
    return template


def _runs(once: Sequence[bool]) -> list[tuple[int, int]]:
    """The runs of consecutive parts rendered once, as (start, end) indices."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, flag in enumerate([*once, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _unread_sets_dropped(
    body: Sequence[nodes.Node], kept: list[int], once: Sequence[bool], setup: Sequence[bool]
) -> list[int]:
    """``kept`` without the parts that only set variables (from values the same in every
    context) that no part still rendered per letter needs: the parts that read them are
    text now."""

    def loads(i: int) -> set[str]:
        return {n.name for n in body[i].find_all(nodes.Name) if n.ctx == "load"}

    quiet = {i for i in kept if setup[i] and not any(True for _ in body[i].find_all(nodes.Output))}
    needed: set[str] = set()
    for i in kept:
        if not once[i] and i not in quiet:
            needed |= loads(i)
    dropped = set()
    for i in reversed(kept):  # a set feeds only the parts after it
        if i in quiet:
            if _stores(body[i]) & needed:
                needed |= loads(i)
            else:
                dropped.add(i)
    return [i for i in kept if i not in dropped]
