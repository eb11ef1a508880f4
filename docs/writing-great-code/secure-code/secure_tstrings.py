"""t-strings (Python 3.14+) as SQL and HTML builders that cannot be injected."""

from __future__ import annotations

import html
import sqlite3
from string.templatelib import Interpolation, Template, convert


def sql(query: Template) -> tuple[str, tuple[object, ...]]:
    """t"... {value} ..." -> ("... ? ...", (value,)): values never enter the SQL text."""
    if not isinstance(query, Template):
        # An f typed for a t hands over a finished str, values already pasted in.
        raise TypeError(f"sql() takes a t-string, not {type(query).__name__}")
    parts: list[str] = []
    values: list[object] = []
    for item in query:
        if isinstance(item, Interpolation):
            if item.conversion or item.format_spec:
                raise ValueError(f"{{{item.expression}}}: no conversions or formats in SQL")
            parts.append("?")
            values.append(item.value)
        else:
            parts.append(item)
    return "".join(parts), tuple(values)


def to_html(markup: Template) -> str:
    """The template's text is trusted HTML; every interpolated value is escaped."""
    if not isinstance(markup, Template):
        raise TypeError(f"to_html() takes a t-string, not {type(markup).__name__}")
    out: list[str] = []
    for item in markup:
        if isinstance(item, Interpolation):
            value = format(convert(item.value, item.conversion), item.format_spec)
            out.append(html.escape(value))
        else:
            out.append(item)
    return "".join(out)


def find_customers(connection: sqlite3.Connection, name: str) -> list[tuple[int, str]]:
    query, values = sql(t"SELECT id, name FROM customers WHERE name = {name}")
    return connection.execute(query, values).fetchall()


def comment_html(author: str, text: str) -> str:
    return to_html(t'<p class="comment"><b>{author}</b>: {text}</p>')
