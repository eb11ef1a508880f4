"""The chapter's PostgreSQL samples against a real PostgreSQL server started for this run.

One server per pytest run (databases_pg_server.py: initdb into a new temporary folder, a free
port on 127.0.0.1, SCRAM password authentication). The migration tests, and the one that lets
an injection drop a table, each get a database of their own, created from nothing and dropped
after; the others share one database migrated with the chapter's Alembic scripts, emptied
before each test.
"""

from __future__ import annotations

import dataclasses
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import databases_orm as orm
import databases_pg_pool as pg
import databases_pg_server
import psycopg
import pytest
from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from databases_pg_server import PostgresServer, start_postgres, stop_postgres
from psycopg_pool import ConnectionPool, PoolTimeout
from sqlalchemy import Engine, create_engine, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

CHAPTER = Path(__file__).parent
MIGRATIONS = CHAPTER / "databases_migrations"
INJECTIONS = [
    "' OR 1=1 --",
    "x'); DROP TABLE books; --",
    "Terry Pratchett' --",
    "'; SELECT pg_sleep(30); --",
]


@pytest.fixture(scope="session")
def server() -> Iterator[PostgresServer]:
    running = start_postgres()
    try:
        yield running
    finally:
        stop_postgres(running)


@pytest.fixture(scope="session")
def migrations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the migration scripts, so Alembic's imports write nothing into the chapter."""
    return Path(shutil.copytree(MIGRATIONS, tmp_path_factory.mktemp("alembic") / "migrations"))


def admin(server: PostgresServer) -> psycopg.Connection:
    return psycopg.connect(
        server.conninfo, password=server.password, autocommit=True, connect_timeout=5
    )


@contextmanager
def new_database(server: PostgresServer) -> Iterator[PostgresServer]:
    name = f"shop_{uuid.uuid4().hex[:12]}"
    with admin(server) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # noqa: S608 (our own generated name)
    try:
        yield dataclasses.replace(server, dbname=name)
    finally:
        with admin(server) as conn:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def alembic_config(migrations: Path, db: PostgresServer) -> Config:
    config = Config()  # no alembic.ini: everything it would hold, set here
    config.set_main_option("script_location", str(migrations))
    config.set_main_option("sqlalchemy.url", db.url)
    return config


@pytest.fixture
def empty_db(server: PostgresServer) -> Iterator[PostgresServer]:
    with new_database(server) as db:
        yield db


@pytest.fixture(scope="session")
def shop_db(server: PostgresServer, migrations: Path) -> Iterator[PostgresServer]:
    """One migrated database for the tests that only read and write rows."""
    with new_database(server) as db:
        command.upgrade(alembic_config(migrations, db), "head")
        yield db


@pytest.fixture
def db(shop_db: PostgresServer) -> PostgresServer:
    with psycopg.connect(shop_db.conninfo, password=shop_db.password, connect_timeout=5) as conn:
        conn.execute("TRUNCATE authors, books RESTART IDENTITY")
    return shop_db


@pytest.fixture(scope="session")
def shared_pool(shop_db: PostgresServer) -> Iterator[ConnectionPool]:
    with pg.make_pool(shop_db.conninfo, shop_db.password, max_size=2) as opened:
        yield opened


@pytest.fixture
def pool(db: PostgresServer, shared_pool: ConnectionPool) -> ConnectionPool:
    return shared_pool


@pytest.fixture(scope="session")
def shared_engine(shop_db: PostgresServer) -> Iterator[Engine]:
    made = orm.make_engine(shop_db.url)
    yield made
    made.dispose()


@pytest.fixture
def engine(db: PostgresServer, shared_engine: Engine) -> Engine:
    return shared_engine


def tables(db: PostgresServer) -> dict[str, set[str]]:
    engine = create_engine(db.url, connect_args={"connect_timeout": 5})
    try:
        inspector = inspect(engine)
        return {
            t: {c["name"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()
        }
    finally:
        engine.dispose()


# -- the server ----------------------------------------------------------------------------------


def test_the_server_is_real_and_checks_passwords(server: PostgresServer) -> None:
    with admin(server) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()
        assert version is not None and int(version[0]) >= 150000
        assert conn.execute("SHOW password_encryption").fetchone() == ("scram-sha-256",)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(server.conninfo, password=server.password[::-1], connect_timeout=5)


def processes_using(folder: Path) -> list[str]:
    """Command lines of running processes that mention folder (the server's -D option)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # the process ended while we looked
            continue
        if str(folder) in text:
            found.append(text)
    return found


@pytest.mark.parametrize("failure", ["pg_ctl gives up waiting", "interrupted once started"])
def test_a_failed_start_leaves_no_server_and_no_folder(
    monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    made: list[Path] = []
    real_mkdtemp = databases_pg_server.tempfile.mkdtemp
    real_run = databases_pg_server._run

    def recording_mkdtemp(**kwargs: str) -> str:
        made.append(Path(real_mkdtemp(**kwargs)))
        return str(made[-1])

    def failing_run(server_user: str | None, command: list[str], log: Path) -> None:
        if command[1] == "start" and failure == "pg_ctl gives up waiting":
            # pg_ctl launches the server, then stops waiting for it at once and fails.
            command = [a if not a.startswith("--timeout=") else "--timeout=0" for a in command]
        real_run(server_user, command, log)
        if command[1] == "start":  # the server is up: fail as a Ctrl-C at this moment would
            raise KeyboardInterrupt

    monkeypatch.setattr(databases_pg_server.tempfile, "mkdtemp", recording_mkdtemp)
    monkeypatch.setattr(databases_pg_server, "_run", failing_run)
    with pytest.raises((RuntimeError, KeyboardInterrupt)):
        start_postgres()
    assert len(made) == 1
    assert not made[0].exists()
    assert processes_using(made[0]) == []


# -- Alembic -------------------------------------------------------------------------------------


def test_migrations_go_up_and_down(empty_db: PostgresServer, migrations: Path) -> None:
    config = alembic_config(migrations, empty_db)
    command.upgrade(config, "0001")
    assert tables(empty_db) == {
        "alembic_version": {"version_num"},
        "authors": {"id", "name"},
        "books": {"id", "author_id", "title", "isbn"},
    }
    command.upgrade(config, "head")
    assert tables(empty_db)["books"] == {"id", "author_id", "title", "isbn", "stock", "note"}
    command.check(config)  # the models in databases_orm.py match the migrated schema
    command.downgrade(config, "-1")
    assert tables(empty_db)["books"] == {"id", "author_id", "title", "isbn"}
    command.downgrade(config, "base")
    assert tables(empty_db) == {"alembic_version": {"version_num"}}


def test_alembic_check_notices_a_model_the_migrations_lack(
    empty_db: PostgresServer, tmp_path: Path
) -> None:
    # Migrations without 0002: the models have stock and note, the migrated schema does not.
    lacking = shutil.copytree(
        MIGRATIONS, tmp_path / "lacking", ignore=shutil.ignore_patterns("0002_*")
    )
    config = alembic_config(Path(lacking), empty_db)
    command.upgrade(config, "head")
    with pytest.raises(CommandError, match="New upgrade operations detected"):
        command.check(config)


def test_a_migration_adds_stock_to_existing_rows(
    empty_db: PostgresServer, migrations: Path
) -> None:
    config = alembic_config(migrations, empty_db)
    command.upgrade(config, "0001")
    with psycopg.connect(empty_db.conninfo, password=empty_db.password, connect_timeout=5) as conn:
        conn.execute("INSERT INTO authors (id, name) VALUES (1, 'Terry Pratchett')")
        conn.execute("INSERT INTO books (author_id, title, isbn) VALUES (1, 'Mort', '1')")
    command.upgrade(config, "head")
    with psycopg.connect(empty_db.conninfo, password=empty_db.password, connect_timeout=5) as conn:
        assert conn.execute("SELECT title, stock FROM books").fetchall() == [("Mort", 0)]


# -- psycopg 3 and its pool ----------------------------------------------------------------------

BOOKS = [("Mort", "978-0552131063"), ("Small Gods", "978-0552138901")]


def test_pool_round_trip(pool: ConnectionPool) -> None:
    pg.add_author(pool, "Terry Pratchett", BOOKS)
    assert pg.titles_by(pool, "Terry Pratchett") == ["Mort", "Small Gods"]
    assert pg.count_rows(pool, "books") == 2


def test_a_failed_transaction_is_rolled_back(pool: ConnectionPool) -> None:
    pg.add_author(pool, "Terry Pratchett", BOOKS)
    with pytest.raises(psycopg.errors.UniqueViolation):
        pg.add_author(pool, "Ursula K. Le Guin", [("Earthsea", "1"), ("Copy", BOOKS[0][1])])
    # The author's INSERT succeeded before the books failed; the rollback took it back.
    assert pg.count_rows(pool, "authors") == 1
    assert pg.titles_by(pool, "Ursula K. Le Guin") == []


def test_the_pool_times_out_instead_of_waiting_for_ever(db: PostgresServer) -> None:
    with pg.make_pool(db.conninfo, db.password, max_size=1) as pool, pool.connection():
        with pytest.raises(PoolTimeout), pool.connection(timeout=0.5):
            pass


def test_the_server_cancels_slow_queries(pool: ConnectionPool) -> None:
    with pool.connection() as conn:
        assert conn.execute("SHOW statement_timeout").fetchone() == {"statement_timeout": "5s"}
        conn.execute("SET LOCAL statement_timeout = '200ms'")  # this transaction only
        with pytest.raises(psycopg.errors.QueryCanceled):
            conn.execute("SELECT pg_sleep(5)")
    assert pg.count_rows(pool, "books") == 0  # the pool hands out a healthy connection again


@pytest.mark.parametrize("attack", INJECTIONS)
def test_parameters_store_and_find_attacks_as_plain_text(pool: ConnectionPool, attack: str) -> None:
    pg.add_author(pool, "Terry Pratchett", BOOKS)
    assert pg.titles_by(pool, attack) == []
    pg.add_author(pool, attack, [("A title", "42")])
    assert pg.titles_by(pool, attack) == ["A title"]
    assert pg.count_rows(pool, "books") == 3  # no table dropped, no rows leaked


def test_identifiers_are_quoted_not_formatted(pool: ConnectionPool) -> None:
    with pytest.raises(psycopg.errors.UndefinedTable, match='"books; DROP TABLE authors"'):
        pg.count_rows(pool, "books; DROP TABLE authors")
    assert pg.count_rows(pool, "authors") == 0


def add_author_unsafe(pool: ConnectionPool, name: str) -> None:
    with pool.connection() as conn:
        conn.execute(f"INSERT INTO authors (name) VALUES ('{name}')")  # noqa: S608 (bad example)


def test_string_formatting_lets_the_attacker_drop_a_table(
    empty_db: PostgresServer, migrations: Path
) -> None:
    command.upgrade(alembic_config(migrations, empty_db), "head")  # a database to throw away
    with pg.make_pool(empty_db.conninfo, empty_db.password, max_size=1) as pool:
        add_author_unsafe(pool, "Terry Pratchett")
        assert pg.titles_by(pool, "Terry Pratchett") == []
        add_author_unsafe(pool, "x'); DROP TABLE books; --")
        with pool.connection() as conn:
            assert conn.execute("SELECT to_regclass('books') AS t").fetchone() == {"t": None}
    text = (CHAPTER / "index.rst").read_text(encoding="utf-8")
    assert """conn.execute(f"INSERT INTO authors (name) VALUES ('{name}')")""" in text


# -- SQLAlchemy, ORM and Core --------------------------------------------------------------------


@pytest.fixture(params=["postgresql", "sqlite"])
def sessions(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    """The same models on the migrated PostgreSQL database and on a SQLite file."""
    if request.param == "postgresql":
        made = request.getfixturevalue("engine")
    else:
        made = orm.make_engine(f"sqlite:///{tmp_path / 'shop.db'}")
        orm.Base.metadata.create_all(made)
    yield sessionmaker(made)
    made.dispose()


def test_orm_round_trip(sessions: sessionmaker[Session]) -> None:
    author_id = orm.add_author(sessions, "Terry Pratchett", BOOKS)
    assert orm.titles_by(sessions, "Terry Pratchett") == ["Mort", "Small Gods"]
    with sessions() as session:
        author = session.get(orm.Author, author_id)
        assert author is not None
        assert [book.title for book in author.books] == ["Mort", "Small Gods"]


def test_orm_rolls_back_a_failed_unit_of_work(sessions: sessionmaker[Session]) -> None:
    orm.add_author(sessions, "Terry Pratchett", BOOKS)
    with pytest.raises(IntegrityError):
        orm.add_author(sessions, "Ursula K. Le Guin", [("Copy", BOOKS[0][1])])
    assert orm.titles_by(sessions, "Ursula K. Le Guin") == []


def test_check_constraint_stops_overselling(sessions: sessionmaker[Session]) -> None:
    orm.add_author(sessions, "Terry Pratchett", BOOKS)
    engine = sessions.kw["bind"]
    assert orm.restock_all(engine, 3) == 2
    assert orm.sell(sessions, BOOKS[0][1], 2) == 1
    with pytest.raises(IntegrityError, match="stock_not_negative"):
        orm.sell(sessions, BOOKS[0][1], 2)
    with sessions() as session:  # the refused sale changed nothing
        stock = select(orm.Book.stock).where(orm.Book.isbn == BOOKS[0][1])
        assert session.scalars(stock).one() == 1
    assert orm.books_per_author(engine) == [("Terry Pratchett", 2)]


@pytest.mark.parametrize("attack", INJECTIONS)
def test_orm_queries_are_parameterised(sessions: sessionmaker[Session], attack: str) -> None:
    orm.add_author(sessions, "Terry Pratchett", BOOKS)
    assert orm.titles_by(sessions, attack) == []
    orm.add_author(sessions, attack, [])
    assert orm.books_per_author(sessions.kw["bind"]) == sorted(
        [("Terry Pratchett", 2), (attack, 0)]
    )
