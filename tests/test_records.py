"""Records are msgspec Structs (records.py; issue 17): immutable, compared and shown as
the dataclasses they replace were, and made without compiling code at import."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pickle
import pkgutil
import ssl

import msgspec
import pytest

import advocacy_kit
from advocacy_kit.batch.smtp import SmtpSettings
from advocacy_kit.errors import UsageError
from advocacy_kit.model import CampaignDay, Edition, Origin
from advocacy_kit.records import compare_without, repr_without


def _classes() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(advocacy_kit.__path__, "advocacy_kit."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        found += [c for _, c in inspect.getmembers(module, inspect.isclass)]
    return [c for c in found if c.__module__.startswith("advocacy_kit.")]


def test_no_record_is_a_dataclass() -> None:
    """A dataclass costs about 1 ms of start-up to make; a Struct a few microseconds."""
    classes = _classes()
    assert len(classes) > 100
    assert [c.__qualname__ for c in classes if dataclasses.is_dataclass(c)] == []
    assert sum(issubclass(c, msgspec.Struct) for c in classes) > 80


def test_records_are_immutable_and_survive_the_cache() -> None:
    origin = Origin("messages/x.yaml", 3)
    with pytest.raises(AttributeError):
        origin.line = 4  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(origin)) == origin
    assert msgspec.structs.replace(origin, line=4) == Origin("messages/x.yaml", 4)
    assert repr(origin) == "Origin(path='messages/x.yaml', line=3, column=1, library='built-in')"


def test_where_a_day_was_read_is_left_out_of_its_equality() -> None:
    one = CampaignDay(1, "2019-10-21", "Topic", origin=Origin("a.yaml", 1))
    other = CampaignDay(1, "2019-10-21", "Topic", origin=Origin("b.yaml", 9))
    assert one == other and hash(one) == hash(other)
    assert one != msgspec.structs.replace(other, topic="Another")
    assert one != (1, "2019-10-21", "Topic")
    edition = Edition(2019, None, None, None, None, origin=Origin("a.yaml", 1))
    assert edition == msgspec.structs.replace(edition, origin=None)


def test_the_password_is_never_shown() -> None:
    settings = SmtpSettings("smtp.example.org", user="me", password="s3cret-word")
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings)
    assert repr(settings).startswith("SmtpSettings(host='smtp.example.org', port=None, ")
    assert "ssl_context" not in repr(settings)
    with_context = msgspec.structs.replace(settings, ssl_context=ssl.create_default_context())
    assert with_context == settings and hash(with_context) == hash(settings)
    # A changed copy is checked as a new one is (dataclasses.replace called __init__).
    with pytest.raises(UsageError, match="unknown security"):
        msgspec.structs.replace(settings, security="smoke-signals")


def test_the_decorators_on_a_record_of_their_own() -> None:
    @compare_without("note")
    @repr_without("secret")
    class Pair(msgspec.Struct, frozen=True):
        left: int
        note: str = ""
        secret: str = ""

    assert Pair(1, "a") == Pair(1, "b") and Pair(1) != Pair(2)
    assert Pair(1).__eq__(object()) is NotImplemented
    assert (
        repr(Pair(1, "n", "x"))
        == "test_the_decorators_on_a_record_of_their_own.<locals>.Pair(left=1, note='n')"
    )
