"""The limits on what a template may make, and for how long (issue 13).

No template, however crafted, may use unbounded time or memory:

- every value a template makes (text, list, dict; nested lists counted through, shared
  items as often as they appear) holds at most :data:`MAX_VALUE` characters or items,
  checked before an operation that could make a bigger one (``*``, ``**``, ``%``,
  ``str.center``, ``|indent``, ``|join``, ``str.format`` widths, ...) and after each;
- all the values made while rendering one document add up to at most :data:`MAX_WORK`;
  the document itself to at most :data:`MAX_OUTPUT`;
- ``range()`` and ``lipsum()`` are capped, integers kept to :data:`MAX_INT_BITS`, macros
  nested at most :data:`MAX_DEPTH` deep;
- one document renders in at most :data:`MAX_SECONDS` (checked at every call, attribute
  and output, and by a timer signal when rendering on the main thread).

Passing a limit raises :class:`LimitExceeded`, which the renderer turns into an error
naming the template's file and line. :mod:`advocacy_kit.output.sandbox` applies them.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import signal
import string
import threading
import time
import types
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.utils import Namespace
from msgspec import Struct, field

#: Characters in one text, or items in one list or dict, counted through nested lists.
MAX_VALUE = 1_000_000
#: Characters of one rendered document.
MAX_OUTPUT = 2_000_000
#: Characters of all the values made while rendering one document.
MAX_WORK = 50_000_000
#: Numbers in one ``range()``.
MAX_RANGE = 100_000
#: Bits of one integer (about 30,000 digits).
MAX_INT_BITS = 100_000
#: Macro calls (and recursive loops) inside one another.
MAX_DEPTH = 100
#: Paragraphs of ``lipsum()``, and words in each.
MAX_LIPSUM = 100
#: Seconds to render one document.
MAX_SECONDS = 5.0
#: Bytes of one template file.
MAX_TEMPLATE_BYTES = 1_000_000

#: The limits as the README and SECURITY.md state them (a test keeps them in step).
LIMITS: tuple[tuple[str, str], ...] = (
    ("one text, list or dict a template makes", f"{MAX_VALUE:,} characters or items"),
    ("one rendered document", f"{MAX_OUTPUT:,} characters"),
    ("all values made for one document", f"{MAX_WORK:,} characters"),
    ("`range()`", f"{MAX_RANGE:,} numbers"),
    ("integers", f"{MAX_INT_BITS:,} bits"),
    ("macros called inside macros", f"{MAX_DEPTH} deep"),
    ("`lipsum()`", f"{MAX_LIPSUM} paragraphs of at most {MAX_LIPSUM} words"),
    ("time to render one document", f"{MAX_SECONDS:g} seconds"),
    ("one template file", f"{MAX_TEMPLATE_BYTES:,} bytes"),
)

_LIMITS_HINT = "templates are limited so that no file can hang the tool; see SECURITY.md"


class Refused(SecurityError):
    """A template tried something the sandbox does not allow.

    Args:
        message: What the template tried.
        hint: What to do instead.
    """

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class LimitExceeded(Refused):
    """A template passed one of the limits of this module."""

    def __init__(self, message: str) -> None:
        super().__init__(message, _LIMITS_HINT)


class _Budget(Struct):
    """What one document's rendering has used so far."""

    deadline: float
    made: int = 0
    depth: int = 0
    expired: bool = False
    ticks: int = 0
    known: dict[int, tuple[Any, int]] = field(default_factory=dict)


BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "advocacy_kit_template_budget", default=None
)


def _over_time() -> LimitExceeded:
    return LimitExceeded(f"the template ran longer than {MAX_SECONDS:g} seconds")


def tick() -> None:
    """Stop a template that has run out of time (the clock is read every 64th call)."""
    budget = BUDGET.get()
    if budget is None:
        return
    budget.ticks += 1
    if budget.expired or (budget.ticks & 63 == 0 and time.monotonic() > budget.deadline):
        budget.expired = True
        raise _over_time()


def _on_alarm(signum: int, frame: object) -> None:
    """The timer signal: interrupts a loop that calls nothing the sandbox sees."""
    budget = BUDGET.get()
    if budget is not None:
        budget.expired = True
        raise _over_time()


class _Within:
    """The ``with`` of :func:`budget` (a class: a generator-based context manager costs
    more than the rest of a merged letter's budget, issue 17)."""

    __slots__ = ("_alarm", "_token")

    def __enter__(self) -> None:
        self._token = BUDGET.set(_Budget(deadline=time.monotonic() + MAX_SECONDS))
        self._alarm = _arm_alarm()

    def __exit__(self, *exc_info: object) -> None:
        if self._alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
        BUDGET.reset(self._token)


def budget() -> contextlib.AbstractContextManager[None]:
    """Render one document within the time and work limits."""
    return _Within()


try:  # signal.getsignal turns its answer into an enum: 3.5 µs a document (issue 17)
    from _signal import getsignal as _getsignal  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - a Python without CPython's _signal
    _getsignal = signal.getsignal


def _arm_alarm() -> bool:
    """Start the timer signal; False when a timer cannot be used here (not the main
    thread, no ``setitimer``, another SIGALRM handler set). The handler stays installed
    between documents: without a budget it does nothing."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        return False
    previous = _getsignal(signal.SIGALRM)
    if previous is not _on_alarm:
        if previous not in (signal.SIG_DFL, signal.SIG_IGN, None):
            return False
        signal.signal(signal.SIGALRM, _on_alarm)
    # Repeats, in case the first interruption lands in code that swallows it.
    signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS, 0.05)
    return True


def weight(value: Any, cap: int = MAX_VALUE) -> int:
    """The size of ``value``: characters of text plus items of lists and dicts, counted
    through nested ones (an item shared twice counts twice, as printing it would). Stops
    counting once past ``cap``. A list already weighed while rendering the same document
    is not walked again (when long or heavy enough to be remembered)."""
    kind = type(value)
    if kind is str:
        return len(value)
    if kind in _UNITS:
        return 1
    budget = BUDGET.get()
    known = budget.known if budget is not None else {}
    total = 0
    stack = [value]
    while stack and total <= cap:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            total += len(item)
        elif kind is int:  # as _other_weight counts it, without the call
            total += max(1, item.bit_length() // 64)
        elif kind in _UNITS:  # never remembered: only lists and mappings are
            total += 1
        elif id(item) in known:
            total += known[id(item)][1]
        elif kind is list or kind is tuple:
            total += 1 + len(item)
            if total <= cap:
                stack.extend(item)
        elif kind is dict:
            total += 1 + len(item)
            if total <= cap:
                stack.extend(item.values())
                stack.extend(item.keys())
        else:
            total += _other_weight(item, stack)
    # A list of _REMEMBERED items weighs more than _REMEMBERED: most values stop here.
    big = (
        total > _REMEMBERED
        and isinstance(value, (list, tuple, Mapping))
        and (len(value) >= _REMEMBERED or total >= _REMEMBERED_WEIGHT)
    )
    if budget is not None and total <= cap and big:
        # Kept with the value itself, so its id cannot be reused during the render.
        known[id(value)] = (value, total)
    return total


def _other_weight(item: Any, stack: list[Any]) -> int:
    """:func:`weight`'s count for anything but a plain str, list, tuple or dict (whose
    children it puts on ``stack``)."""
    if isinstance(item, (str, bytes)):
        return len(item)
    if isinstance(item, (list, tuple, set, frozenset)):
        stack.extend(item)
        return 1 + len(item)
    if isinstance(item, Mapping):
        stack.extend(item.keys())
        stack.extend(item.values())
        return 1 + len(item)
    if isinstance(item, range):
        return len(item)
    if isinstance(item, Namespace):
        stack.append(dict(item._Namespace__attrs))
        return 0
    if isinstance(item, int) and not isinstance(item, bool):
        return max(1, item.bit_length() // 64)
    return 1


#: Lists this long, or shorter ones this heavy (a pack's days, weighed by every part of
#: the page), are remembered with their weight (:func:`weight`); small light ones are not.
_REMEMBERED, _REMEMBERED_WEIGHT = 16, 1000

#: Types that weigh 1 (as :func:`_other_weight` finds): None, bools, floats, generators.
_UNITS = frozenset({type(None), bool, float, types.GeneratorType})


def check(value: Any) -> Any:
    """Refuse ``value`` when it is bigger than :data:`MAX_VALUE`; count it as made."""
    kind = type(value)
    if kind is str:
        size = len(value)
    elif kind is int:  # what weight() gives, for the commonest value after text
        size = max(1, value.bit_length() // 64)
    else:
        size = weight(value)
    if size > MAX_VALUE:
        raise LimitExceeded(
            f"the template makes a value of more than {MAX_VALUE:,} characters or items"
        )
    budget = BUDGET.get()
    if budget is not None:
        budget.made += size
        if budget.made > MAX_WORK:
            raise LimitExceeded(
                f"the template makes more than {MAX_WORK:,} characters of text for one document"
            )
    return value


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
