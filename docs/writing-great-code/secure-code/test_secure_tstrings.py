"""The t-string builders turn injections into data on 3.14+; on 3.11 the file does not even
compile, which is why the chapter says it needs 3.14."""

from __future__ import annotations

import importlib
import sqlite3
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).with_name("secure_tstrings.py")
HAS_TSTRINGS = sys.version_info >= (3, 14)


def test_3_11_rejects_the_file_and_3_14_compiles_it() -> None:
    source = SOURCE.read_text(encoding="utf-8")
    if HAS_TSTRINGS:
        compile(source, str(SOURCE), "exec")
    else:
        with pytest.raises(SyntaxError) as caught:
            compile(source, str(SOURCE), "exec")
        # The error points at the first t-string in the file, in find_customers.
        first_tstring = 'sql(t"SELECT id, name FROM customers WHERE name = {name}")'
        assert first_tstring in source.splitlines()[caught.value.lineno - 1]


def assert_no_templatelib() -> None:
    """Before 3.14 the runtime half of t-strings is missing too."""
    with pytest.raises(ModuleNotFoundError, match="string.templatelib"):
        importlib.import_module("string.templatelib")


def tstrings():  # type: ignore[no-untyped-def]
    """The module, on a Python that can import it; a clear failure otherwise."""
    assert HAS_TSTRINGS, "secure_tstrings needs Python 3.14+"
    return importlib.import_module("secure_tstrings")


@pytest.fixture
def db() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    connection.executemany("INSERT INTO customers (name) VALUES (?)", [("Ada",), ("Grace",)])
    return connection


def test_sql_injection_is_a_value(db: sqlite3.Connection) -> None:
    if not HAS_TSTRINGS:
        assert_no_templatelib()
        return
    module = tstrings()
    assert module.find_customers(db, "Grace") == [(2, "Grace")]
    assert module.find_customers(db, "' OR 1=1 --") == []
    assert module.find_customers(db, "Robert'); DROP TABLE customers; --") == []
    assert db.execute("SELECT count(*) FROM customers").fetchone() == (2,)


def test_sql_builder_output_and_its_refusals() -> None:
    if not HAS_TSTRINGS:
        assert_no_templatelib()
        return
    from string.templatelib import Interpolation, Template

    module = tstrings()
    name = "' OR 1=1 --"
    query = Template("SELECT id FROM customers WHERE name = ", Interpolation(name, "name"))
    assert module.sql(query) == ("SELECT id FROM customers WHERE name = ?", (name,))
    with pytest.raises(ValueError, match="no conversions or formats"):
        module.sql(Template("WHERE name = ", Interpolation(name, "name", "r")))


def test_html_values_are_escaped() -> None:
    if not HAS_TSTRINGS:
        assert_no_templatelib()
        return
    html = tstrings().comment_html('ada" onclick="x', "<script>alert(1)</script>")
    assert html == (
        '<p class="comment"><b>ada&quot; onclick=&quot;x</b>: '
        "&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )


def test_an_f_string_typed_for_a_t_string_is_refused(db: sqlite3.Connection) -> None:
    if not HAS_TSTRINGS:
        assert_no_templatelib()
        return
    module = tstrings()
    name = "' OR 1=1 --"
    # The slip: f instead of t. The values are already in the text, so refuse it.
    with pytest.raises(TypeError, match="takes a t-string, not str"):
        module.sql(f"SELECT id, name FROM customers WHERE name = '{name}'")  # noqa: S608
    with pytest.raises(TypeError, match="takes a t-string, not str"):
        module.to_html(f"<b>{'<script>alert(1)</script>'}</b>")
