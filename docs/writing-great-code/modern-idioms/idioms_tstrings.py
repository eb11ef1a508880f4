"""Build SQL, HTML and command lines from t-strings (PEP 750, Python 3.14+) without injection.

A t-string is not a str: it keeps the literal text and each interpolated value apart, so
the function that receives it decides what happens to the values.
"""

from __future__ import annotations

import sqlite3
from html import escape
from string.templatelib import Interpolation, Template, convert


def sql(template: Template) -> tuple[str, tuple[object, ...]]:
    """Return a query with ``?`` placeholders and its parameters, for sqlite3."""
    if not isinstance(template, Template):
        raise TypeError("sql() takes a t-string, not a str")
    query: list[str] = []
    params: list[object] = []
    for part in template:
        if isinstance(part, str):
            query.append(part)
        else:
            if part.conversion or part.format_spec:
                # A value is a parameter, never text: formatting would make it text.
                raise ValueError(f"no conversion or format spec in SQL: {{{part.expression}}}")
            query.append("?")
            params.append(part.value)
    return "".join(query), tuple(params)


def html(template: Template) -> str:
    """Render a template to HTML, escaping every value (quotes included)."""
    if not isinstance(template, Template):
        raise TypeError("html() takes a t-string, not a str")
    return "".join(
        part if isinstance(part, str) else escape(render(part), quote=True) for part in template
    )


def command(template: Template) -> list[str]:
    """Split a t-string into arguments for subprocess.run(), for use without a shell.

    The literal text is split on whitespace; each value stays whole inside the argument it
    is written in, whatever spaces, quotes or semicolons it contains.
    """
    if not isinstance(template, Template):
        raise TypeError("command() takes a t-string, not a str")
    arguments: list[str] = []
    current: str | None = None  # the argument being built, if any
    for part in template:
        if isinstance(part, Interpolation):
            current = (current or "") + render(part)
            continue
        words = part.split()
        if part[:1].isspace() and current is not None:
            arguments.append(current)
            current = None
        if not words:
            continue
        if current is not None:
            words[0] = current + words[0]
        arguments.extend(words[:-1])
        current = words[-1]
        if part[-1:].isspace():
            arguments.append(current)
            current = None
    if current is not None:
        arguments.append(current)
    return arguments


def render(part: Interpolation) -> str:
    return format(convert(part.value, part.conversion), part.format_spec)


def secrets_of(connection: sqlite3.Connection, name: str) -> list[tuple[str]]:
    query, params = sql(t"SELECT secret FROM users WHERE name = {name}")
    return connection.execute(query, params).fetchall()


def word_count_command(path: str) -> list[str]:
    return command(t"wc -w -- {path}")


def comment_card(author: str, comment: str, rating: float) -> str:
    return html(t'<p title="{author}">{comment}</p><span>{rating:.1f} stars</span>')
