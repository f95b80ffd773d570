"""What one operation of a template would make, refused before it is done (issue 13).

:mod:`advocacy_kit.output.limits` holds the limits and checks every value made; the
checks here look at an operation's operands first, so that ``"x" * 10**9``, a
``{:>999999999}`` width or a ``|join`` of a huge list is refused before Python builds
it. :mod:`advocacy_kit.output.sandbox` calls them.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from typing import Any

from advocacy_kit.output.limits import MAX_INT_BITS, MAX_VALUE, LimitExceeded, weight


def need(size: int, what: str) -> None:
    """Refuse an operation whose result would hold ``size`` characters or items."""
    if size > MAX_VALUE:
        raise LimitExceeded(f"{what} would make more than {MAX_VALUE:,} characters or items")


def as_int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def check_int_size(left: Any, right: Any, operator: str) -> None:
    """Refuse ``*`` and ``**`` on integers whose result would pass :data:`MAX_INT_BITS`."""
    if not (isinstance(left, int) and isinstance(right, int)):
        return
    if operator == "*":
        bits = left.bit_length() + right.bit_length()
    elif abs(left) > 1 and right > 0:
        bits = right * left.bit_length()
    else:
        bits = 0
    if bits > MAX_INT_BITS:
        raise LimitExceeded(f"'{operator}' would make a number of more than {MAX_INT_BITS:,} bits")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
_DIGITS = re.compile(r"\d+")


def _check_widths(numbers: Iterable[str], dynamic: bool, args: Iterable[Any]) -> None:
    """Refuse a format whose widths or precisions (given, or taken from ``args`` when
    ``dynamic``) would pad a value past :data:`MAX_VALUE`."""
    widths = [int(n) for n in numbers]
    if dynamic:
        widths += [abs(a) for a in args if isinstance(a, int)]
    if widths and max(widths) > MAX_VALUE:
        raise LimitExceeded(f"a format width over {MAX_VALUE:,}")


def check_percent(text: str, args: Any) -> None:
    """``text % args``: widths of every ``%`` field."""
    numbers: list[str] = []
    dynamic = False
    for match in _PERCENT_SPEC.finditer(text):
        for group in match.groups():
            if group == "*":
                dynamic = True
            elif group:
                numbers.append(group)
    values = args if isinstance(args, tuple) else (args,)
    _check_widths(numbers, dynamic, values)


def check_format(text: str, args: Iterable[Any], kwargs: Mapping[str, Any]) -> None:
    """``text.format(...)``: widths of every field's format spec."""
    numbers: list[str] = []
    dynamic = False
    for _, _, spec, _ in string.Formatter().parse(text):
        if spec:
            numbers += _DIGITS.findall(spec)
            dynamic = dynamic or "{" in spec
    _check_widths(numbers, dynamic, [*args, *kwargs.values()])


def check_repeat(left: Any, right: Any) -> None:
    """``sequence * n`` (either way round)."""
    if isinstance(left, int) and not isinstance(right, int):
        left, right = right, left
    if isinstance(right, int) and isinstance(left, (str, bytes, list, tuple)):
        need(weight(left, MAX_VALUE) * max(right, 0), "'*'")
    check_int_size(left, right, "*")


def check_method(obj: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> tuple[Any, ...]:
    """Refuse a ``str`` or ``bytes`` method call whose result would pass the limit;
    returns the arguments to call it with (``join``'s, made a list once)."""
    owner = getattr(obj, "__self__", None)
    if not isinstance(owner, (str, bytes)):
        return args
    name = getattr(obj, "__name__", "")
    size = len(owner)
    what = f"'.{name}()'"
    if name in ("center", "ljust", "rjust", "zfill") and args:
        need(as_int(args[0]), what)
    elif name == "expandtabs":
        tab = args[0] if args else kwargs.get("tabsize", 8)
        tabs = owner.count("\t") if isinstance(owner, str) else owner.count(b"\t")
        need(size + tabs * as_int(tab), what)
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        times = owner.count(old) if old else size + 1
        need(size + times * max(len(new) - len(old), 0), what)
    elif name == "join" and args:
        items = list(args[0])
        need(sum(weight(i) for i in items) + size * len(items), what)
        return (items, *args[1:])
    elif name == "translate" and args and isinstance(args[0], Mapping):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        need(size * max(longest, 1), what)
    return args


#: The built-in filters whose result can be much bigger than their input.
GROWING_FILTERS = frozenset(
    {"center", "indent", "replace", "join", "format", "batch", "slice", "wordwrap"}
)


def check_filter(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> tuple[Any, ...]:
    """Refuse a built-in filter whose result would pass the limit; returns its arguments
    (``join``'s value made a list once)."""
    value = args[0] if args else None
    text = str(value) if isinstance(value, (str, int, float)) else ""
    what = f"'|{name}'"
    option = args[1] if len(args) > 1 else None
    if name == "center":
        need(as_int(option if option is not None else kwargs.get("width", 80)), what)
    elif name == "indent":
        width = option if option is not None else kwargs.get("width", 4)
        pad = len(width) if isinstance(width, str) else as_int(width)
        need(len(text) + pad * (text.count("\n") + 1), what)
    elif name == "replace" and len(args) >= 3:
        old, new = str(args[1]), str(args[2])
        times = text.count(old) if old else len(text) + 1
        need(len(text) + times * max(len(new) - len(old), 0), what)
    elif name == "join" and isinstance(value, Iterable):
        items = list(value)  # a text's characters, when it is text
        sep = str(option if option is not None else kwargs.get("d", ""))
        need(sum(weight(i) for i in items) + len(sep) * len(items), what)
        return (items, *args[1:])
    elif name == "format":
        check_percent(text, args[1:] or tuple(kwargs.values()))
    elif name in ("batch", "slice"):
        need(as_int(option), what)
    elif name == "wordwrap":
        wrap = args[3] if len(args) > 3 else kwargs.get("wrapstring")
        need(len(text) * max(len(str(wrap or "")), 1), what)
    return args
