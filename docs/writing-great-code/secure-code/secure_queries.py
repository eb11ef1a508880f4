"""Queries with parameters: the driver sends values apart from the SQL text."""

from __future__ import annotations

import sqlite3

# Names of columns and sort orders cannot be parameters: pick them from a fixed table.
SORT_ORDERS = {"name": "name", "newest": "id DESC"}


def add_customer(connection: sqlite3.Connection, name: str) -> int | None:
    with connection:  # commit on success, roll back on error
        cursor = connection.execute("INSERT INTO customers (name) VALUES (?)", (name,))
    return cursor.lastrowid


def find_customers(connection: sqlite3.Connection, name: str) -> list[tuple[int, str]]:
    rows = connection.execute("SELECT id, name FROM customers WHERE name = ?", (name,))
    return rows.fetchall()


def list_customers(connection: sqlite3.Connection, order: str) -> list[tuple[int, str]]:
    try:
        order_by = SORT_ORDERS[order]
    except KeyError:
        raise ValueError(f"unknown sort order; choose one of {sorted(SORT_ORDERS)}") from None
    # order_by comes from SORT_ORDERS, never from the caller: the one safe f-string here.
    query = f"SELECT id, name FROM customers ORDER BY {order_by}"  # noqa: S608
    return connection.execute(query).fetchall()
