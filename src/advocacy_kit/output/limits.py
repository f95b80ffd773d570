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
naming the template's file and line. :mod:`advocacy_kit.output.growth` checks an
operation before it is done; :mod:`advocacy_kit.output.sandbox` applies both.
"""

from __future__ import annotations

import contextlib
import contextvars
import signal
import threading
import time
import types
from collections.abc import Mapping
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
