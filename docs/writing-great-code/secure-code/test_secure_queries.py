"""Classic SQL injections are plain data to the parameterised queries, and work against the
string-built ones, on an in-memory SQLite database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from secure_queries import add_customer, find_customers, list_customers

ALWAYS_TRUE = "' OR 1=1 --"
BOBBY_TABLES = "Robert'); DROP TABLE customers; --"


@pytest.fixture
def db() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    for name in ("Ada", "Grace", "Linus"):
        add_customer(connection, name)
    yield connection
    connection.close()


def find_customers_by_formatting(connection: sqlite3.Connection, name: str) -> list[tuple]:
    """The bad example from the chapter."""
    query = f"SELECT id, name FROM customers WHERE name = '{name}'"  # noqa: S608 (deliberate)
    return connection.execute(query).fetchall()


def add_customer_by_formatting(connection: sqlite3.Connection, name: str) -> None:
    connection.executescript(f"INSERT INTO customers (name) VALUES ('{name}')")  # noqa: S608


def table_names(connection: sqlite3.Connection) -> list[str]:
    return [row[0] for row in connection.execute("SELECT name FROM sqlite_schema")]


def test_parameters_find_exactly_the_name(db: sqlite3.Connection) -> None:
    assert find_customers(db, "Grace") == [(2, "Grace")]
    assert find_customers(db, ALWAYS_TRUE) == []


def test_formatting_returns_every_row(db: sqlite3.Connection) -> None:
    assert find_customers_by_formatting(db, "Grace") == [(2, "Grace")]
    assert len(find_customers_by_formatting(db, ALWAYS_TRUE)) == 3


def test_parameters_store_bobby_tables_as_a_name(db: sqlite3.Connection) -> None:
    new_id = add_customer(db, BOBBY_TABLES)
    assert find_customers(db, BOBBY_TABLES) == [(new_id, BOBBY_TABLES)]
    assert "customers" in table_names(db)


def test_formatting_drops_the_table(db: sqlite3.Connection) -> None:
    add_customer_by_formatting(db, BOBBY_TABLES)
    assert "customers" not in table_names(db)


def test_execute_runs_one_statement_only(db: sqlite3.Connection) -> None:
    # sqlite3's execute() refuses a second statement, so the DROP needs executescript;
    # the OR 1=1 trick above needs no second statement and works anyway.
    with pytest.raises(sqlite3.ProgrammingError, match="one statement at a time"):
        db.execute(f"INSERT INTO customers (name) VALUES ('{BOBBY_TABLES}')")  # noqa: S608
    assert "customers" in table_names(db)


def test_sort_orders_come_from_the_allow_list(db: sqlite3.Connection) -> None:
    assert [name for _, name in list_customers(db, "newest")] == ["Linus", "Grace", "Ada"]
    with pytest.raises(ValueError, match="unknown sort order"):
        list_customers(db, "name; DROP TABLE customers")
    assert "customers" in table_names(db)
