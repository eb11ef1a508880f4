"""Tests for idioms_tstrings.py: hostile input against a real sqlite3 database and the HTML
escaper, and the f-string "before" falling for the same input.

t-strings are Python 3.14 syntax. On older interpreters each test proves instead that the
compiler refuses the file at its first t-string, which is what the chapter tells readers.
"""

from __future__ import annotations

import importlib
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).parent
HAS_TSTRINGS = sys.version_info >= (3, 14)

HOSTILE_NAME = "x' OR '1'='1"
DROP_TABLE = "Robert'); DROP TABLE users; --"
SCRIPT = "<script>alert('owned')</script>"


def sample_or_proof_of_refusal() -> ModuleType | None:
    """The sample module on 3.14+; on older Pythons, assert the SyntaxError and return None."""
    if HAS_TSTRINGS:
        return importlib.import_module("idioms_tstrings")
    source = (HERE / "idioms_tstrings.py").read_text(encoding="utf-8")
    with pytest.raises(SyntaxError) as refused:
        compile(source, "idioms_tstrings.py", "exec")
    assert refused.value.lineno is not None
    line = source.splitlines()[refused.value.lineno - 1]
    assert "(t'" in line or '(t"' in line, f"refused, but not at a t-string: {line!r}"
    return None


@pytest.fixture
def users() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE users (name TEXT, secret TEXT)")
    connection.executemany(
        "INSERT INTO users VALUES (?, ?)", [("ada", "a-secret"), ("grace", "g-secret")]
    )
    yield connection
    connection.close()


def test_the_f_string_query_falls_for_the_injection(users: sqlite3.Connection) -> None:
    # The chapter's "before": the value becomes SQL text and the WHERE clause matches everyone.
    name = HOSTILE_NAME
    query = f"SELECT secret FROM users WHERE name = '{name}'"  # noqa: S608 (the bad example)
    assert sorted(users.execute(query).fetchall()) == [("a-secret",), ("g-secret",)]


def test_sql_sends_values_as_parameters(users: sqlite3.Connection) -> None:
    sample = sample_or_proof_of_refusal()
    if sample is None:
        return
    assert sample.secrets_of(users, "ada") == [("a-secret",)]
    assert sample.secrets_of(users, HOSTILE_NAME) == []
    assert sample.secrets_of(users, DROP_TABLE) == []
    assert users.execute("SELECT count(*) FROM users").fetchone() == (2,)


def test_sql_keeps_text_and_values_apart() -> None:
    sample = sample_or_proof_of_refusal()
    if sample is None:
        return
    from string.templatelib import Interpolation, Template

    name = HOSTILE_NAME
    template = Template("SELECT * FROM users WHERE name = ", Interpolation(name, "name"))
    assert sample.sql(template) == ("SELECT * FROM users WHERE name = ?", (HOSTILE_NAME,))
    # A plain str (an f-string passed by mistake) is refused, not run.
    with pytest.raises(TypeError, match="takes a t-string"):
        sample.sql(f"SELECT * FROM users WHERE name = '{name}'")  # noqa: S608 (refused)
    # {name!r} would turn the value into SQL text: refused too.
    formatted = Template("SELECT * FROM users WHERE name = ", Interpolation(name, "name", "r"))
    with pytest.raises(ValueError, match=r"\{name\}"):
        sample.sql(formatted)


def test_html_escapes_every_value() -> None:
    sample = sample_or_proof_of_refusal()
    if sample is None:
        return
    card = sample.comment_card('" onmouseover="steal()', SCRIPT, 3.96)
    assert card == (
        '<p title="&quot; onmouseover=&quot;steal()">'
        "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;</p><span>4.0 stars</span>"
    )
    assert "<script>" not in card
    assert sample.comment_card("ada", "Nice & tidy", 5) == (
        '<p title="ada">Nice &amp; tidy</p><span>5.0 stars</span>'
    )
    with pytest.raises(TypeError, match="takes a t-string"):
        sample.html(f"<p>{SCRIPT}</p>")


def test_html_escaping_does_not_vet_a_url() -> None:
    # The limit the chapter states: escaping keeps a value inside its attribute, but a
    # javascript: URL needs no quotes or brackets, so it comes through unchanged.
    sample = sample_or_proof_of_refusal()
    if sample is None:
        return
    from string.templatelib import Interpolation, Template

    link = "javascript:alert(document.cookie)"
    anchor = Template('<a href="', Interpolation(link, "link"), '">profile</a>')
    assert sample.html(anchor) == f'<a href="{link}">profile</a>'


HOSTILE_FILE_NAME = "notes; touch pwned"


def test_a_shell_command_from_an_f_string_runs_the_injection(tmp_path: Path) -> None:
    # The "before" for command lines: the shell reads the file name as two commands.
    path = tmp_path / HOSTILE_FILE_NAME
    path.write_text("three little words\n", encoding="utf-8")
    subprocess.run(  # noqa: S602 (the bad example, run in a scratch folder)
        f"wc -w -- {path}", shell=True, cwd=tmp_path, capture_output=True, timeout=30, check=False
    )
    assert (tmp_path / "pwned").exists()


def test_command_keeps_each_value_one_argument(tmp_path: Path) -> None:
    sample = sample_or_proof_of_refusal()
    if sample is None:
        return
    from string.templatelib import Interpolation, Template

    path = tmp_path / HOSTILE_FILE_NAME
    path.write_text("three little words\n", encoding="utf-8")
    arguments = sample.word_count_command(str(path))
    assert arguments == ["wc", "-w", "--", str(path)]
    result = subprocess.run(  # noqa: S603 (a fixed program; the value is one argument)
        arguments, cwd=tmp_path, capture_output=True, text=True, timeout=30, check=True
    )
    assert result.stdout.split(maxsplit=1) == ["3", f"{path}\n"]
    assert not (tmp_path / "pwned").exists()
    # A value glued to literal text stays in that argument; an empty value stays an argument.
    glued = Template(
        "cp --target-directory=",
        Interpolation("my folder", "folder"),
        " ",
        Interpolation("", "empty"),
        " x",
    )
    assert sample.command(glued) == ["cp", "--target-directory=my folder", "", "x"]
    with pytest.raises(TypeError, match="takes a t-string"):
        sample.command(f"wc -w -- {path}")
