"""The bookshop with SQLAlchemy 2.1: typed ORM models, sessions, select(), and Core."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import (
    CheckConstraint,
    Engine,
    ForeignKey,
    String,
    create_engine,
    func,
    select,
    update,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    sessionmaker,
)


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    books: Mapped[list[Book]] = relationship(
        back_populates="author", cascade="all, delete-orphan", order_by="Book.title"
    )


class Book(Base):
    __tablename__ = "books"
    __table_args__ = (CheckConstraint("stock >= 0", name="stock_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    isbn: Mapped[str] = mapped_column(String(17), unique=True)
    stock: Mapped[int] = mapped_column(server_default="0")
    note: Mapped[str | None]  # Optional in the type: a nullable column

    author: Mapped[Author] = relationship(back_populates="books")


def make_engine(url: str) -> Engine:
    # pool_pre_ping replaces connections the server closed while they sat in the pool.
    return create_engine(url, pool_pre_ping=True, pool_timeout=10)


def add_author(sessions: sessionmaker[Session], name: str, books: Iterable[tuple[str, str]]) -> int:
    """Add an author and their (title, isbn) books in one transaction."""
    with sessions.begin() as session:  # commits at the end, rolls back on an exception
        author = Author(name=name, books=[Book(title=t, isbn=i) for t, i in books])
        session.add(author)
        session.flush()  # sends the INSERTs now, so the id is known
        return author.id


def titles_by(sessions: sessionmaker[Session], name: str) -> list[str]:
    with sessions() as session:
        query = select(Book.title).join(Book.author).where(Author.name == name).order_by(Book.title)
        return list(session.scalars(query))


def sell(sessions: sessionmaker[Session], isbn: str, copies: int) -> int:
    """Take copies out of stock; the CHECK constraint refuses to go below zero."""
    with sessions.begin() as session:
        book = session.scalars(select(Book).where(Book.isbn == isbn)).one()
        book.stock -= copies
        session.flush()
        return book.stock


# Core: the same tables, as SQL expressions and rows instead of objects.
books_table = Book.__table__
authors_table = Author.__table__


def restock_all(engine: Engine, copies: int) -> int:
    with engine.begin() as conn:  # a connection with a transaction: COMMIT at the end
        result = conn.execute(update(books_table).values(stock=books_table.c.stock + copies))
        return result.rowcount


def books_per_author(engine: Engine) -> list[tuple[str, int]]:
    query = (
        select(authors_table.c.name, func.count(books_table.c.id).label("books"))
        .join(books_table, books_table.c.author_id == authors_table.c.id, isouter=True)
        .group_by(authors_table.c.name)
        .order_by(authors_table.c.name)
    )
    with engine.connect() as conn:
        return [(row.name, row.books) for row in conn.execute(query)]
