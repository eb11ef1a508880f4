"""The bookshop on PostgreSQL with psycopg 3 and a connection pool."""

from __future__ import annotations

from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool


def make_pool(conninfo: str, password: str, *, max_size: int = 10) -> ConnectionPool:
    """A pool that is open and has its first connection before it is returned."""
    pool = ConnectionPool(
        conninfo,
        min_size=1,
        max_size=max_size,
        timeout=10,  # seconds a caller waits for a free connection before PoolTimeout
        max_idle=300,  # close connections unused for five minutes, down to min_size
        check=ConnectionPool.check_connection,  # test each connection as it leaves the pool
        kwargs={
            "password": password,
            "connect_timeout": 5,
            "options": "-c statement_timeout=5s",  # the server cancels slower queries
            "row_factory": dict_row,
        },
        open=False,
    )
    pool.open(wait=True, timeout=30)  # fail now, not at the first request, if it cannot connect
    return pool


def add_author(pool: ConnectionPool, name: str, books: list[tuple[str, str]]) -> int:
    """Add an author and their (title, isbn) books: all of them or, on any error, none."""
    with pool.connection() as conn:  # commits when the block ends, rolls back if it raises
        row = conn.execute(
            "INSERT INTO authors (name) VALUES (%s) RETURNING id", (name,)
        ).fetchone()
        author_id: int = row["id"]
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO books (author_id, title, isbn) VALUES (%s, %s, %s)",
                [(author_id, title, isbn) for title, isbn in books],
            )
        return author_id


def titles_by(pool: ConnectionPool, name: str) -> list[str]:
    with pool.connection() as conn:
        rows = conn.execute(
            """SELECT b.title FROM books AS b JOIN authors AS a ON a.id = b.author_id
               WHERE a.name = %(name)s ORDER BY b.title""",
            {"name": name},
        ).fetchall()
    return [row["title"] for row in rows]


def count_rows(pool: ConnectionPool, table: str) -> int:
    """Count a table's rows; the name is an identifier, so it is quoted, not passed as data."""
    query = sql.SQL("SELECT count(*) AS n FROM {}").format(sql.Identifier(table))
    with pool.connection() as conn:
        return int(conn.execute(query).fetchone()["n"])
