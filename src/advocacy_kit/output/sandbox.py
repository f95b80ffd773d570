"""The bounded Jinja2 sandbox every template runs in (issue 13).

Templates come from organisations and are untrusted. Jinja2's immutable sandbox keeps
them from reaching Python or changing the data they are given; :class:`BoundedSandbox`
adds the limits of :mod:`advocacy_kit.output.limits` (and the checks of
:mod:`advocacy_kit.output.growth`) at every place a template can make
a value: calls, operators, filters, literals, ``~``, ``namespace()`` and output.
"""

from __future__ import annotations

import builtins
import functools
from collections.abc import Callable, Iterable
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace, generate_lorem_ipsum
from jinja2.visitor import NodeTransformer

from advocacy_kit.output.growth import (
    GROWING_FILTERS,
    as_int,
    check_filter,
    check_format,
    check_int_size,
    check_method,
    check_percent,
    check_repeat,
    need,
)
from advocacy_kit.output.limits import (
    BUDGET,
    MAX_DEPTH,
    MAX_LIPSUM,
    MAX_OUTPUT,
    MAX_RANGE,
    LimitExceeded,
    budget,
    check,
    tick,
    weight,
)


def guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` with the limits: its input and result checked, growth refused first."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0
    grows = name in GROWING_FILTERS

    @functools.wraps(func)  # keeps jinja_pass_arg, so Jinja passes the same context
    def guarded(*args: Any, **kwargs: Any) -> Any:
        tick()
        for value in args[skip:]:
            check(value)
        for value in kwargs.values():
            check(value)
        if grows:
            args = (*args[:skip], *check_filter(name, args[skip:], kwargs))
        return check(func(*args, **kwargs))

    return guarded


def bounded_range(*args: int) -> range:
    """``range()`` of at most :data:`MAX_RANGE` numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise LimitExceeded(f"range() of more than {MAX_RANGE:,} numbers")
    return numbers


def bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """``lipsum()`` of at most :data:`MAX_LIPSUM` paragraphs of :data:`MAX_LIPSUM` words
    (the argument names are Jinja2's)."""
    if builtins.max(as_int(n), as_int(min), as_int(max)) > MAX_LIPSUM:
        raise LimitExceeded(f"lipsum() of more than {MAX_LIPSUM} paragraphs or words")
    return str(generate_lorem_ipsum(n=n, html=html, min=min, max=max))


class BoundedNamespace(Namespace):
    """``namespace()``, whose attributes are checked like every value a template makes."""

    def __setitem__(self, name: str, value: Any) -> None:
        tick()
        super().__setitem__(name, check(value))


class _Checks(NodeTransformer):
    """Routes values made by template syntax alone (list, tuple and dict literals, the
    operands of ``~``) through :meth:`BoundedSandbox.call`, which checks their size."""

    @staticmethod
    def _checked(node: nodes.Expr) -> nodes.Expr:
        checker = nodes.EnvironmentAttribute("checked", lineno=node.lineno)
        return nodes.Call(checker, [node], [], None, None, lineno=node.lineno)

    def visit_List(self, node: nodes.List) -> nodes.Expr:
        self.generic_visit(node)
        return self._checked(node)

    def visit_Dict(self, node: nodes.Dict) -> nodes.Expr:
        self.generic_visit(node)
        return self._checked(node)

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Expr:
        self.generic_visit(node)
        return self._checked(node) if node.ctx == "load" else node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Expr:
        self.generic_visit(node)
        node.nodes = [self._checked(operand) for operand in node.nodes]
        return node


class _CheckingCodeGenerator(CodeGenerator):
    """Jinja2's code generator, after :class:`_Checks` has rewritten the template."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        super().visit_Template(_Checks().visit(node), frame)


def _bounded_concat(chunks: Iterable[str]) -> str:
    """Join a document's (or a macro's, or a block's) output, up to :data:`MAX_OUTPUT`."""
    parts: list[str] = []
    append = parts.append
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise LimitExceeded(f"the template writes more than {MAX_OUTPUT:,} characters")
        append(chunk)
        if len(parts) & 255 == 0:
            tick()
    return str(check("".join(parts)))


def _printed(value: Any) -> Any:
    """Every ``{{ value }}``: checked before it is turned into text."""
    tick()
    return check(value)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox with the limits of this module.

    Args:
        postprocess: Applied to every rendered document (the HTML sanitiser).
        **options: Passed to :class:`jinja2.Environment`.
    """

    intercepted_binops = frozenset({"+", "*", "**", "%"})
    code_generator_class = _CheckingCodeGenerator

    def __init__(self, postprocess: Callable[[str], str] | None = None, **options: Any) -> None:
        super().__init__(finalize=_printed, **options)
        self.postprocess = postprocess
        self.concat = _bounded_concat  # type: ignore[method-assign]
        self.checked = check  # what _Checks calls; see call()
        self.globals.update(range=bounded_range, lipsum=bounded_lipsum, namespace=BoundedNamespace)
        self.template_class = BoundedTemplate

    def guard_filters(self) -> None:
        """Put every filter registered so far behind the limits."""
        self.filters = {name: guard_filter(name, f) for name, f in self.filters.items()}

    def getattr(self, obj: Any, attribute: str) -> Any:
        tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        tick()
        return super().getitem(obj, argument)

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        tick()
        if operator == "*":
            check_repeat(left, right)
        elif operator == "**":
            check_int_size(left, right, "**")
        elif operator == "%" and isinstance(left, str):
            check_percent(left, right)
            check(right)
        elif operator == "+":
            need(weight(left) + weight(right), "'+'")
        return check(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = value.__self__
        is_map = value.__name__ == "format_map"

        @functools.wraps(wrapped)
        def bounded(*args: Any, **kwargs: Any) -> str:
            check_format(text, args if not is_map else (), args[0] if is_map and args else kwargs)
            return str(check(wrapped(*args, **kwargs)))

        return bounded

    def call(self, context: jinja2.runtime.Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        tick()
        if obj is check:  # a literal or an operand of '~' (see _Checks), checked once
            return check(args[0])
        for value in (*args, *kwargs.values()):
            check(value)
        args = check_method(obj, args, kwargs)
        if not isinstance(obj, (Macro, LoopContext)):
            return check(super().call(context, obj, *args, **kwargs))
        budget = BUDGET.get()
        assert budget is not None  # macros and loops run only inside BoundedTemplate.render
        if budget.depth >= MAX_DEPTH:
            raise LimitExceeded(f"macros call each other more than {MAX_DEPTH} deep")
        budget.depth += 1
        try:
            return check(super().call(context, obj, *args, **kwargs))
        finally:
            budget.depth -= 1


class BoundedTemplate(jinja2.Template):
    """A template that renders each document within one :func:`budget` and passes the
    result through its environment's ``postprocess``."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with budget():
            text = super().render(*args, **kwargs)
        postprocess = getattr(self.environment, "postprocess", None)
        return postprocess(text) if postprocess is not None else text
