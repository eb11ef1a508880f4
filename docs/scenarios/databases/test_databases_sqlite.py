"""databases_sqlite.py against real SQLite files in tmp_path, on every sample Python."""

from __future__ import annotations

import gc
import sqlite3
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from databases_sqlite import add_author, connect, create_schema, delete_author, titles_by

CHAPTER = Path(__file__).with_name("index.rst")
BOOKS = [("Mort", "978-0552131063"), ("Small Gods", "978-0552138901")]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(tmp_path / "shop.db")
    create_schema(conn)
    add_author(conn, "Terry Pratchett", BOOKS)
    yield conn
    conn.close()


def test_connect_turns_on_foreign_keys_and_wal(tmp_path: Path) -> None:
    conn = connect(tmp_path / "shop.db")
    try:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        if sys.version_info >= (3, 12):
            assert conn.autocommit is False
            assert conn.in_transaction  # PEP 249 mode: a transaction is always open
        else:
            assert conn.isolation_level == "DEFERRED"
    finally:
        conn.close()


def test_autocommit_is_new_in_312_and_opens_a_transaction_at_once(tmp_path: Path) -> None:
    if sys.version_info < (3, 12):
        with pytest.raises(TypeError, match="autocommit"):
            sqlite3.connect(tmp_path / "x.db", autocommit=False)
        return
    # The trap connect() avoids: with autocommit=False from the start, the transaction
    # is already open and SQLite ignores or refuses the pragmas.
    conn = sqlite3.connect(tmp_path / "x.db", autocommit=False)
    try:
        assert conn.in_transaction
        conn.execute("PRAGMA foreign_keys = ON")
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 0
        with pytest.raises(sqlite3.OperationalError, match="within a transaction"):
            conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    # With autocommit=True, the with block is no transaction: an error rolls nothing back.
    conn = sqlite3.connect(tmp_path / "y.db", autocommit=True)
    try:
        conn.execute("CREATE TABLE t (n INTEGER)")
        with pytest.raises(ZeroDivisionError), conn:
            conn.execute("INSERT INTO t VALUES (1)")
            1 / 0  # noqa: B018 (an error inside the block)
        assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 1
    finally:
        conn.close()


def test_committed_rows_survive_reopening(db: sqlite3.Connection, tmp_path: Path) -> None:
    db.close()
    again = connect(tmp_path / "shop.db")
    try:
        assert titles_by(again, "Terry Pratchett") == ["Mort", "Small Gods"]
    finally:
        again.close()


def test_a_failed_transaction_leaves_nothing_behind(db: sqlite3.Connection) -> None:
    # The second book reuses an ISBN: the UNIQUE constraint fails half-way through.
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        add_author(db, "Ursula K. Le Guin", [("Earthsea", "978-1"), ("Copy", BOOKS[0][1])])
    count = db.execute("SELECT count(*) FROM authors WHERE name = ?", ("Ursula K. Le Guin",))
    assert count.fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM books").fetchone()[0] == 2


def test_closing_without_commit_discards_the_work(db: sqlite3.Connection, tmp_path: Path) -> None:
    db.execute("INSERT INTO authors (name) VALUES (?)", ("Never committed",))
    db.close()
    again = connect(tmp_path / "shop.db")
    try:
        assert again.execute("SELECT count(*) FROM authors").fetchone()[0] == 1
    finally:
        again.close()


def test_with_block_commits_but_does_not_close(db: sqlite3.Connection) -> None:
    with db:
        db.execute("INSERT INTO authors (name) VALUES (?)", ("Jo Walton",))
    assert db.execute("SELECT count(*) FROM authors").fetchone()[0] == 2  # still open
    db.close()
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        db.execute("SELECT 1")


def test_an_unclosed_connection_warns_since_313(tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        forgotten = connect(tmp_path / "forgotten.db")
        del forgotten
        gc.collect()
    unclosed = [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert len(unclosed) == (1 if sys.version_info >= (3, 13) else 0)


def test_named_placeholders_need_a_dictionary_since_314(db: sqlite3.Connection) -> None:
    query = "SELECT name FROM authors WHERE name = :author"
    assert db.execute(query, {"author": "Terry Pratchett"}).fetchone()[0] == "Terry Pratchett"
    if sys.version_info >= (3, 14):
        with pytest.raises(sqlite3.ProgrammingError, match="named parameter"):
            db.execute(query, ("Terry Pratchett",))
    else:  # 3.11 accepts a tuple (3.12 and 3.13 with a DeprecationWarning)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            assert db.execute(query, ("Terry Pratchett",)).fetchone() is not None


def test_foreign_keys_are_enforced_and_cascade(db: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), db:
        db.execute("INSERT INTO books (author_id, title, isbn) VALUES (99, 'Orphan', 'x')")
    assert delete_author(db, "Terry Pratchett") == 1
    assert db.execute("SELECT count(*) FROM books").fetchone()[0] == 0


def test_wal_readers_see_the_last_commit_while_a_writer_works(
    db: sqlite3.Connection, tmp_path: Path
) -> None:
    reader = connect(tmp_path / "shop.db")
    try:
        db.execute("INSERT INTO authors (name) VALUES (?)", ("Writing now",))
        assert db.in_transaction
        # Not blocked, and not shown the uncommitted row.
        assert reader.execute("SELECT count(*) FROM authors").fetchone()[0] == 1
        db.commit()
        reader.commit()  # end the reader's snapshot
        assert reader.execute("SELECT count(*) FROM authors").fetchone()[0] == 2
    finally:
        reader.close()


INJECTIONS = ["' OR 1=1 --", "x'); DROP TABLE books; --", "Terry Pratchett' --"]


@pytest.mark.parametrize("attack", INJECTIONS)
def test_parameters_keep_injection_attempts_as_plain_text(
    db: sqlite3.Connection, attack: str
) -> None:
    assert titles_by(db, attack) == []
    assert delete_author(db, attack) == 0
    assert db.execute("SELECT count(*) FROM books").fetchone()[0] == 2


def titles_by_unsafe(conn: sqlite3.Connection, author: str) -> list[str]:
    rows = conn.execute(
        "SELECT books.title FROM books JOIN authors ON authors.id = books.author_id "  # noqa: S608
        f"WHERE authors.name = '{author}' ORDER BY books.title"
    )
    return [row["title"] for row in rows]


def test_string_formatting_falls_for_the_injection(db: sqlite3.Connection) -> None:
    add_author(db, "Secret Author", [("Unpublished", "978-9")])
    assert titles_by_unsafe(db, "Nobody") == []
    # The attacker's quote ends the string; OR 1=1 matches every row; -- comments out the rest.
    assert titles_by_unsafe(db, "' OR 1=1 --") == ["Mort", "Small Gods", "Unpublished"]


def test_the_chapter_shows_the_unsafe_query_as_a_bad_example() -> None:
    text = CHAPTER.read_text(encoding="utf-8")
    assert "f\"WHERE authors.name = '{author}' ORDER BY books.title\"" in text
