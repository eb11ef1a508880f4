"""A small bookshop database with sqlite3: pragmas, explicit transactions, parameters."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS authors (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    ) STRICT""",
    """CREATE TABLE IF NOT EXISTS books (
        id INTEGER PRIMARY KEY,
        author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        isbn TEXT NOT NULL UNIQUE
    ) STRICT""",
]


def connect(path: Path | str) -> sqlite3.Connection:
    """Open the database with foreign keys on, WAL journaling and PEP 249 transactions."""
    # Autocommit mode first: SQLite ignores these pragmas inside a transaction.
    conn = sqlite3.connect(path, timeout=5.0, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    if sys.version_info >= (3, 12):
        conn.autocommit = False  # a transaction is always open; commit() or rollback() ends it
    else:
        conn.isolation_level = "DEFERRED"  # 3.11: BEGIN before INSERT, UPDATE and DELETE
    conn.row_factory = sqlite3.Row
    return conn


def create_schema(conn: sqlite3.Connection) -> None:
    with conn:  # commits when the block succeeds, rolls back when it raises
        for statement in SCHEMA:
            conn.execute(statement)


def add_author(conn: sqlite3.Connection, name: str, books: Iterable[tuple[str, str]]) -> int:
    """Add an author and their (title, isbn) books: all of them, or none if one fails."""
    with conn:
        row = conn.execute("INSERT INTO authors (name) VALUES (?) RETURNING id", (name,))
        author_id: int = row.fetchone()["id"]
        conn.executemany(
            "INSERT INTO books (author_id, title, isbn) VALUES (?, ?, ?)",
            [(author_id, title, isbn) for title, isbn in books],
        )
    return author_id


def titles_by(conn: sqlite3.Connection, author: str) -> list[str]:
    rows = conn.execute(
        """SELECT books.title FROM books JOIN authors ON authors.id = books.author_id
           WHERE authors.name = :author ORDER BY books.title""",
        {"author": author},
    )
    return [row["title"] for row in rows]


def delete_author(conn: sqlite3.Connection, name: str) -> int:
    """Delete an author; their books go too (ON DELETE CASCADE). Returns authors deleted."""
    with conn:
        return conn.execute("DELETE FROM authors WHERE name = ?", (name,)).rowcount
