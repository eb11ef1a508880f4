"""Tests for "Code style": the recommended ruff configuration (ruff-recommended.toml) flags
the rules the chapter names in the untidy sample and passes the tidy one (tidy_inventory.py),
which also has to work."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from tidy_inventory import Item, quantity_of, read_items, reorder_report

HERE = Path(__file__).parent
CONFIG = HERE / "ruff-recommended.toml"
UNTIDY = HERE / "untidy_inventory.py.txt"
TIDY = HERE / "tidy_inventory.py"
BIN = "Scripts" if sys.platform == "win32" else "bin"
RUFF = Path(sys.executable).parent / ("ruff.exe" if sys.platform == "win32" else "ruff")

# The rules the chapter names, each with the line of the untidy sample that breaks it.
NAMED_RULES = {
    "E401": 1,  # two imports on one line
    "I001": 1,  # imports not sorted and grouped
    "F401": 1,  # sys is never used
    "N802": 4,  # readItems is not snake_case
    "B006": 4,  # a list as a default argument
    "SIM115": 5,  # open() without a with block
    "PTH123": 5,  # open() instead of Path.open()
    "PTH118": 5,  # os.path.join instead of /
    "UP031": 17,  # % formatting instead of an f-string
    "C404": 22,  # dict([...]) instead of a dict comprehension
    "E722": 23,  # bare except
    "E711": 25,  # == None
}


def ruff(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    if not RUFF.exists():
        pytest.fail(f"{RUFF} is missing: ruff is in the test dependency group")
    return subprocess.run(
        [str(RUFF), *map(str, args), "--config", str(CONFIG), "--no-cache"],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=HERE,
    )


def test_the_config_is_valid_toml_with_the_rule_sets_the_chapter_lists() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["line-length"] == 88
    assert config["lint"]["select"] == [
        "F", "E", "W", "I", "N", "B", "UP", "SIM", "C4", "PTH", "S", "RUF"
    ]  # fmt: skip


def test_the_untidy_sample_breaks_every_rule_the_chapter_names() -> None:
    result = ruff(
        "check",
        "--output-format",
        "json",
        "--stdin-filename",
        "untidy_inventory.py",
        "-",
        stdin=UNTIDY.read_text(encoding="utf-8"),
    )
    assert result.returncode == 1, result.stderr
    found = {(item["code"], item["location"]["row"]) for item in json.loads(result.stdout)}
    assert set(NAMED_RULES.items()) <= found
    assert {code for code, _ in found} == set(NAMED_RULES), "the chapter names every rule"


def test_the_tidy_sample_passes_the_linter_and_the_formatter() -> None:
    checked = ruff("check", TIDY)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    formatted = ruff("format", "--check", TIDY)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def test_the_tidy_sample_reports_what_to_reorder(tmp_path: Path) -> None:
    (tmp_path / "stock.csv").write_text(
        "name,quantity,reorder_level\ntowels,2,5\ntea,40,10\npeanuts,0,12\n",
        encoding="utf-8",
    )
    items = read_items(tmp_path)
    assert items[0] == Item("towels", 2, 5)
    assert reorder_report(items) == ["1. towels: 2 left", "2. peanuts: 0 left"]
    assert quantity_of(items, "tea") == 40
    assert quantity_of(items, "babel fish") == 0
