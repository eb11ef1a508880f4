"""ruff and a forgotten breakpoint(): what the chapter says about rule T100, run for real.

ruff 0.16 put T100 into its default rule set, but a ``select`` list replaces the defaults,
and the guide's recommended list (the code style chapter's ruff-recommended.toml) does not
name it: so the chapter tells readers to add ``T10``. Each case runs the ruff the tests run
with, on a small file in tmp_path, with ``--isolated`` so no other configuration leaks in.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

RUFF = Path(sys.executable).parent / ("ruff.exe" if sys.platform == "win32" else "ruff")
RECOMMENDED = (
    Path(__file__).resolve().parents[2] / "writing-great-code/code-style/ruff-recommended.toml"
)
FORGOTTEN = "def total(prices: list[int]) -> int:\n    breakpoint()\n    return sum(prices)\n"


def t100_found(tmp_path: Path, *options: str) -> bool:
    program = tmp_path / "shop.py"
    program.write_text(FORGOTTEN, encoding="utf-8")
    result = subprocess.run(  # noqa: S603 (the test environment's ruff, fixed arguments)
        [str(RUFF), "check", "--isolated", "--output-format", "concise", *options, str(program)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr  # 2 would be ruff failing, not a finding
    return "T100" in result.stdout


def test_ruffs_default_rules_find_a_breakpoint(tmp_path: Path) -> None:
    version = subprocess.run(  # noqa: S603
        [str(RUFF), "--version"], capture_output=True, text=True, timeout=60, check=True
    ).stdout.split()[1]
    assert tuple(map(int, version.split(".")[:2])) >= (0, 16)  # the chapter's "since 0.16"
    assert t100_found(tmp_path)


def test_the_recommended_select_list_misses_it_until_t10_is_added(tmp_path: Path) -> None:
    selected = tomllib.loads(RECOMMENDED.read_text(encoding="utf-8"))["lint"]["select"]
    assert not t100_found(tmp_path, "--select", ",".join(selected))
    assert t100_found(tmp_path, "--select", ",".join(selected), "--extend-select", "T10")
