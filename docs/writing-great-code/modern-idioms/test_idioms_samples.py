"""Tests for the chapter's programs that run on every sample Python: pattern matching, the
three data classes, batching (3.13+, refused with a clear ImportError on 3.11) and the
context managers, against real files and the real environment."""

from __future__ import annotations

import functools
import importlib
import os
import sqlite3
import sys
import weakref
from dataclasses import dataclass
from pathlib import Path

import attrs
import pydantic
import pytest
from idioms_context import Savepoint, environment, paste_columns
from idioms_matching import describe
from idioms_models import Order, OrderRequest, Reading, parse_order

# -- pattern matching ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"type": "push", "branch": "main", "commits": [{}, {}]}, "2 commit(s) pushed to main"),
        ({"type": "push", "branch": "main", "commits": []}, "empty push to main"),
        ({"type": "issue", "action": "reopened", "number": 7}, "issue #7 reopened"),
        # A number sent as a string does not match int(number): it falls to the next case.
        ({"type": "issue", "action": "opened", "number": "7"}, "issue event 'opened' ignored"),
        ({"type": "issue", "action": "closed", "number": 7}, "issue event 'closed' ignored"),
        ({"type": "star", "extra": True}, "unknown event type 'star'"),
    ],
)
def test_describe_matches_each_shape(event: object, expected: str) -> None:
    assert describe(event) == expected


@pytest.mark.parametrize("not_an_event", [None, [], "push", {"kind": "push"}, {"type": 3}])
def test_describe_refuses_what_is_not_an_event(not_an_event: object) -> None:
    with pytest.raises(ValueError, match="not an event"):
        describe(not_an_event)


# -- dataclass, Pydantic, attrs -----------------------------------------------------------


def test_a_good_request_becomes_a_frozen_order() -> None:
    order = parse_order(b'{"sku": "ABC-1234", "quantity": 3}')
    assert order == Order(sku="ABC-1234", quantity=3, gift=False)
    with pytest.raises(AttributeError):
        order.quantity = 4  # type: ignore[misc]
    with pytest.raises(TypeError):
        Order("ABC-1234", 3)  # type: ignore[misc]  # kw_only: positional arguments refused
    assert not hasattr(order, "__dict__")  # slots=True


def test_what_slots_costs() -> None:
    # The page's three caveats about slots=True, each checked for real.
    order = Order(sku="ABC-1234", quantity=1)
    with pytest.raises(TypeError, match="cannot create weak reference"):
        weakref.ref(order)

    @dataclass(frozen=True, slots=True, kw_only=True, weakref_slot=True)
    class ReferableOrder:
        sku: str

    referable = ReferableOrder(sku="ABC-1234")
    assert weakref.ref(referable)() is referable

    @dataclass(slots=True)
    class Product:
        name: str

        @functools.cached_property
        def shout(self) -> str:
            return self.name.upper()

        def __str__(self) -> str:
            return "product " + super().__str__()

    with pytest.raises(TypeError, match="No '__dict__'"):
        _ = Product("tea").shout
    if sys.version_info < (3, 14):  # zero-argument super() in a slotted dataclass: gh-90562
        with pytest.raises(TypeError, match=r"super\(type, obj\)"):
            str(Product("tea"))
    else:
        assert str(Product("tea")).endswith("Product(name='tea')")


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'{"sku": "ABC-1234", "quantity": "3"}', "int_type"),  # strict: no "3" -> 3
        (b'{"sku": "ABC-1234", "quantity": 1, "gift": "yes"}', "bool_type"),  # nor "yes"
        (b'{"sku": "ABC-1234", "quantity": 0}', "greater_than"),
        (b'{"sku": "ABC-1234", "quantity": 101}', "less_than_equal"),
        (b'{"sku": "abc; DROP", "quantity": 1}', "string_pattern_mismatch"),
        (b'{"sku": "ABC-1234", "quantity": 1, "price": 0}', "extra_forbidden"),
        (b'{"sku": "ABC-1234"}', "missing"),
        (b'{"sku": "ABC-1234", "quantity": 1', "json_invalid"),
    ],
)
def test_bad_requests_are_refused_at_the_edge(body: bytes, problem: str) -> None:
    with pytest.raises(pydantic.ValidationError) as refused:
        parse_order(body)
    assert [error["type"] for error in refused.value.errors()] == [problem]


def test_without_strict_pydantic_would_repair_the_mistakes() -> None:
    # The reason for strict=True: the same model in lax mode turns "3" and "yes" into data.
    class LaxOrderRequest(OrderRequest):
        model_config = pydantic.ConfigDict(strict=False)  # merged with the parent's settings

    assert LaxOrderRequest.model_config["extra"] == "forbid"
    body = b'{"sku": "ABC-1234", "quantity": "3", "gift": "yes"}'
    order = LaxOrderRequest.model_validate_json(body)
    assert (order.quantity, order.gift) == (3, True)


def test_attrs_converts_and_validates_on_init_and_assignment() -> None:
    reading = Reading("boiler", "21.5")  # type: ignore[arg-type]
    assert reading.celsius == 21.5
    reading.celsius = "-3"  # type: ignore[assignment]
    assert reading.celsius == -3.0
    with pytest.raises(ValueError, match="must be >= -273.15"):
        reading.celsius = -300
    with pytest.raises(ValueError, match="Length of 'sensor' must be >= 1"):
        Reading("", 20.0)
    assert attrs.asdict(reading) == {"sensor": "boiler", "celsius": -3.0}


# -- itertools.batched --------------------------------------------------------------------


def test_batched_where_it_exists_and_a_clear_error_where_not() -> None:
    if sys.version_info < (3, 12):
        # batched arrived in 3.12 and its strict= in 3.13; on 3.11 the import itself fails.
        with pytest.raises(ImportError, match="cannot import name 'batched'"):
            importlib.import_module("idioms_batching")
        return
    if sys.version_info < (3, 13):
        # On 3.12 the import works and the first call with strict= fails.
        with pytest.raises(TypeError, match="strict"):
            list(importlib.import_module("idioms_batching").batches_for_upload(["a"], 1))
        return
    batching = importlib.import_module("idioms_batching")
    rows = [f"row{n}" for n in range(7)]
    assert list(batching.batches_for_upload(rows, 3)) == [
        ("row0", "row1", "row2"),
        ("row3", "row4", "row5"),
        ("row6",),
    ]
    assert batching.pair_up([1, 2, 3, 4]) == [(1, 2), (3, 4)]
    with pytest.raises(ValueError, match="incomplete batch"):
        batching.pair_up([1, 2, 3])


# -- context managers ---------------------------------------------------------------------


def test_environment_restores_values_even_after_an_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # monkeypatch only guarantees a clean start and end for the test itself.
    monkeypatch.setenv("IDIOMS_MODE", "production")
    monkeypatch.delenv("IDIOMS_NEW", raising=False)
    with pytest.raises(RuntimeError), environment(IDIOMS_MODE="test", IDIOMS_NEW="1"):
        assert os.environ["IDIOMS_MODE"] == "test"
        assert os.environ["IDIOMS_NEW"] == "1"
        raise RuntimeError("boom")
    assert os.environ["IDIOMS_MODE"] == "production"
    assert "IDIOMS_NEW" not in os.environ


def test_environment_restores_values_when_setting_one_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The operating system refuses a NUL byte after IDIOMS_MODE has already been changed.
    monkeypatch.setenv("IDIOMS_MODE", "production")
    monkeypatch.delenv("IDIOMS_BAD", raising=False)
    with (
        pytest.raises(ValueError, match="null byte"),
        environment(IDIOMS_MODE="test", IDIOMS_BAD="a\0b"),
    ):
        pytest.fail("the block must not run")
    assert os.environ["IDIOMS_MODE"] == "production"
    assert "IDIOMS_BAD" not in os.environ


def test_savepoint_keeps_good_work_and_undoes_failed_work() -> None:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        connection.execute("CREATE TABLE stock (item TEXT PRIMARY KEY, count INTEGER)")
        with Savepoint(connection) as db:
            db.execute("INSERT INTO stock VALUES ('tea', 40)")
            with pytest.raises(sqlite3.IntegrityError), Savepoint(connection) as inner:
                inner.execute("UPDATE stock SET count = 0 WHERE item = 'tea'")
                inner.execute("INSERT INTO stock VALUES ('tea', 1)")  # duplicate key
            # Only the inner block was undone: the outer insert is still there.
            assert db.execute("SELECT count FROM stock").fetchall() == [(40,)]
        assert not connection.in_transaction  # the outer RELEASE committed
        with pytest.raises(RuntimeError), Savepoint(connection) as db:
            db.execute("DELETE FROM stock")
            raise RuntimeError("changed my mind")
        assert connection.execute("SELECT item, count FROM stock").fetchall() == [("tea", 40)]
        assert not connection.in_transaction
    finally:
        connection.close()


def test_savepoint_changes_survive_in_another_connection(tmp_path: Path) -> None:
    database = tmp_path / "stock.db"
    writer = sqlite3.connect(database, isolation_level=None)
    try:
        writer.execute("CREATE TABLE stock (item TEXT, count INTEGER)")
        with Savepoint(writer) as db:
            db.execute("INSERT INTO stock VALUES ('towel', 3)")
    finally:
        writer.close()
    reader = sqlite3.connect(database)
    try:
        assert reader.execute("SELECT * FROM stock").fetchall() == [("towel", 3)]
    finally:
        reader.close()


def test_paste_columns_closes_every_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = tmp_path / "names.txt"
    ages = tmp_path / "ages.txt"
    names.write_text("ada\ngrace\n", encoding="utf-8")
    ages.write_text("36\n85\n", encoding="utf-8")
    opened = []
    real_open = Path.open

    def recording_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        handle = real_open(self, *args, **kwargs)  # type: ignore[arg-type]
        opened.append(handle)
        return handle

    # Spying (not replacing) Path.open: the files are real, this only keeps hold of them.
    monkeypatch.setattr(Path, "open", recording_open)
    target = tmp_path / "people.tsv"
    assert paste_columns([names, ages], target) == 2
    assert [handle.name for handle in opened if handle.mode == "r"] == [str(names), str(ages)]
    assert all(handle.closed for handle in opened)
    assert target.read_text(encoding="utf-8") == "ada\t36\ngrace\t85\n"

    ages.write_text("36\n", encoding="utf-8")  # one line short
    opened.clear()
    with pytest.raises(ValueError, match="shorter than argument 1"):
        paste_columns([names, ages], target)
    assert [handle.name for handle in opened] == [str(names), str(ages)]  # output not opened
    assert all(handle.closed for handle in opened)
    assert target.read_text(encoding="utf-8") == "ada\t36\ngrace\t85\n"  # not overwritten
