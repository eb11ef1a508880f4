"""The same behaviour tests for dedup written three ways (argparse, click, typer).

In-process runs use click's and typer's CliRunner and, for argparse, main() with pytest's
captured streams; Ctrl-C and SIGTERM are real signals raised while the tool reads. A few
real subprocesses run each version at the head of a real pipe, reading standard input.
"""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import cli_dedup_argparse
import cli_dedup_click
import cli_dedup_core
import cli_dedup_typer
import click
import pytest
import typer
from click.testing import CliRunner
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version
from typer.testing import CliRunner as TyperRunner

HERE = Path(__file__).parent
FRONT_ENDS = ["argparse", "click", "typer"]


@dataclass
class Outcome:
    status: int
    stdout: str
    stderr: str


def invoke(front_end: str, args: list[str], stdin: str, capsys, monkeypatch) -> Outcome:
    """Run one version of dedup in this process, as its own test tools would."""
    if front_end == "argparse":
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            cli_dedup_argparse.main(args)
            status = 0
        except SystemExit as done:
            status = done.code if isinstance(done.code, int) else 1
        captured = capsys.readouterr()
        return Outcome(status, captured.out, captured.err)
    if front_end == "click":
        result = CliRunner().invoke(cli_dedup_click.dedup, args, input=stdin)
    else:
        result = TyperRunner().invoke(cli_dedup_typer.app, args, input=stdin, color=False)
    return Outcome(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(params=FRONT_ENDS)
def dedup(request, capsys, monkeypatch):
    def run(*args: str, stdin: str = "") -> Outcome:
        return invoke(request.param, list(args), stdin, capsys, monkeypatch)

    run.front_end = request.param
    return run


LINES = "pear\napple\nPear\npear\nfig\napple\n"


def test_prints_each_line_once_in_first_seen_order(dedup) -> None:
    assert dedup(stdin=LINES) == Outcome(0, "pear\napple\nPear\nfig\n", "")
    assert dedup("-", stdin=LINES).stdout == "pear\napple\nPear\nfig\n"


def test_ignore_case_keeps_the_first_spelling(dedup) -> None:
    assert dedup("-i", stdin=LINES).stdout == "pear\napple\nfig\n"


def test_files_and_stdin_in_the_order_given(dedup, tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("one\ntwo\n", encoding="utf-8")
    second.write_text("three\none\n", encoding="utf-8")
    outcome = dedup(str(first), "-", str(second), stdin="two\nfour\n")
    assert outcome.stdout.splitlines() == ["one", "two", "four", "three"]


def test_sorting_by_count_and_alphabetically(dedup) -> None:
    assert dedup("--sort", "count", "-i", stdin=LINES).stdout.splitlines() == [
        "      3 pear",
        "      2 apple",
        "      1 fig",
    ]
    assert dedup("--sort", "alpha", stdin=LINES).stdout.splitlines()[0] == "      1 Pear"


def test_a_mistyped_choice_is_a_usage_error(dedup) -> None:
    outcome = dedup("--sort", "cout", stdin=LINES)
    assert (outcome.status, outcome.stdout) == (2, "")
    assert "'cout'" in outcome.stderr
    suggests = "maybe you meant 'count'?" in outcome.stderr
    # Only argparse suggests the choice, and only from Python 3.14 (where the sample asks).
    assert suggests == (dedup.front_end == "argparse" and sys.version_info >= (3, 14))


def test_a_missing_file_is_exit_status_1_with_one_line(dedup, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    outcome = dedup(str(missing))
    assert outcome == Outcome(1, "", f"dedup: error: {missing}: No such file or directory\n")


def test_the_config_file_sets_defaults_the_command_line_overrides(dedup, tmp_path) -> None:
    config = tmp_path / "dedup.toml"
    config.write_text('[dedup]\nignore_case = true\nsort = "count"\n', encoding="utf-8")
    assert dedup("--config", str(config), stdin=LINES).stdout.splitlines()[0] == "      3 pear"
    overridden = dedup("--config", str(config), "--sort", "input", stdin=LINES)
    assert overridden.stdout == "pear\napple\nfig\n"


def test_a_file_that_is_not_utf8_is_exit_status_1_with_one_line(dedup, tmp_path) -> None:
    latin1 = tmp_path / "café.txt"
    latin1.write_bytes("first line\ncafé\n".encode("latin-1"))
    outcome = dedup(str(latin1))
    assert (outcome.status, outcome.stderr) == (1, f"dedup: error: {latin1}: not UTF-8 text\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[dedup]\nsort = "count"\nignore_case = yes\n', r"dedup\.toml: Invalid value .*line 3"),
        ('[dedup]\nsort = "size"\n', r"dedup\.toml: sort must be one of input, count, alpha"),
        ("[dedup]\ncolour = true\n", r"dedup\.toml: unknown setting\(s\) in \[dedup\]: colour"),
        ('[dedup]\nignore_case = "no"\n', r"dedup\.toml: ignore_case must be true or false"),
        ("dedup = 3\n", r"dedup\.toml: dedup must be a table, \[dedup\]"),
    ],
    ids=["bad-toml", "bad-choice", "unknown-key", "wrong-type", "not-a-table"],
)
def test_a_bad_config_file_is_a_usage_error_naming_it(dedup, tmp_path, text, message) -> None:
    config = tmp_path / "dedup.toml"
    config.write_text(text, encoding="utf-8")
    outcome = dedup("--config", str(config), stdin=LINES)
    assert (outcome.status, outcome.stdout) == (2, "")
    assert re.search(message, outcome.stderr), outcome.stderr


@pytest.mark.parametrize(
    ("signum", "status", "message"),
    [(signal.SIGINT, 130, "dedup: interrupted\n"), (signal.SIGTERM, 143, "")],
    ids=["ctrl-c", "sigterm"],
)
def test_signals_end_the_program_with_128_plus_their_number(
    dedup, monkeypatch, signum, status, message
) -> None:
    def lines_then_a_signal(names: list[str]) -> Iterator[str]:
        yield "first\n"
        signal.raise_signal(signum)  # a real signal, delivered to this process
        yield "never read\n"

    monkeypatch.setattr(cli_dedup_core, "read_lines", lines_then_a_signal)
    before = signal.getsignal(signal.SIGTERM)
    assert dedup(stdin="") == Outcome(status, "first\n", message)
    assert signal.getsignal(signal.SIGTERM) is before, "guarded() must restore the handler"


def test_left_alone_click_reports_ctrl_c_as_aborted_and_typer_as_130() -> None:
    def interrupted() -> None:
        signal.raise_signal(signal.SIGINT)

    bare_click = CliRunner().invoke(click.command()(interrupted))
    assert (bare_click.exit_code, bare_click.stderr.strip()) == (1, "Aborted!")
    bare_typer = typer.Typer()
    bare_typer.command()(interrupted)
    assert TyperRunner().invoke(bare_typer).exit_code == 130


def test_the_entry_points_are_valid_and_name_the_three_commands() -> None:
    project = tomllib.loads((HERE / "cli_dedup_pyproject.toml").read_text(encoding="utf-8"))
    table = project["project"]
    assert canonicalize_name(table["name"]) == table["name"]
    Version(table["version"])
    assert "3.11" in SpecifierSet(table["requires-python"])
    assert {Requirement(line).name for line in table["dependencies"]} == {"click", "typer", "rich"}
    # The entry points specification: importable.module:object.attribute
    reference = re.compile(r"^\w+(\.\w+)*:\w+(\.\w+)*$")
    scripts = table["scripts"]
    assert set(scripts) == {"dedup", "dedup-click", "dedup-typer"}
    for command, target in scripts.items():
        assert reference.match(target), f"{command}: {target!r} is not module:object"
        module, _, name = target.partition(":")
        assert callable(getattr(import_module(module), name)), command


# -- real processes in a real pipe: `dedup - < big.txt | head -n 2` --------------------------


@pytest.fixture(scope="module")
def many_lines(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dedup") / "many.txt"
    # Far more than a pipe holds (64 KiB on Linux), so dedup is still writing when head exits.
    path.write_text("".join(f"line {number}\n" for number in range(100_000)), encoding="utf-8")
    return path


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_a_closed_pipe_ends_quietly_with_status_141(front_end: str, many_lines: Path) -> None:
    script = HERE / f"cli_dedup_{front_end}.py"
    with many_lines.open("rb") as stdin:
        dedup = subprocess.Popen(
            [sys.executable, str(script), "-"],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        head = subprocess.Popen(
            ["/usr/bin/head", "-n", "2"], stdin=dedup.stdout, stdout=subprocess.PIPE
        )
        dedup.stdout.close()  # head holds the only reading end now
        shown, _ = head.communicate(timeout=30)
        _, errors = dedup.communicate(timeout=30)
    assert shown == b"line 0\nline 1\n"
    assert (dedup.returncode, errors) == (141, b""), errors.decode()
