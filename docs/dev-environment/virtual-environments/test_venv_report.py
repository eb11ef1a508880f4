"""Tests for venv_report.py: they build real virtual environments in tmp_path.

Each test that creates an environment uses ``venv`` without pip, so it takes well
under a second and needs no network.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import venv_report

SCRIPT = Path(venv_report.__file__)
BIN = "Scripts" if os.name == "nt" else "bin"
PYTHON = "python.exe" if os.name == "nt" else "python"


def make_environment(where: Path) -> Path:
    venv.EnvBuilder(with_pip=False).create(where)
    return where / BIN / PYTHON


def run_report(python: Path | str) -> dict[str, object]:
    # -I: ignore PYTHON* variables and the user's site-packages, so the test sees
    # only what the environment itself decides.
    result = subprocess.run(
        [str(python), "-I", str(SCRIPT)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def test_inside_a_new_environment_prefix_and_base_prefix_differ(tmp_path: Path) -> None:
    env_dir = tmp_path / ".venv"
    facts = run_report(make_environment(env_dir))

    assert facts["in_virtual_environment"] is True
    assert Path(str(facts["prefix"])).resolve() == env_dir.resolve()
    assert facts["prefix"] != facts["base_prefix"]
    # The environment borrows its standard library from the base interpreter.
    assert Path(str(facts["base_prefix"])).resolve() == Path(sys.base_prefix).resolve()


def test_the_base_interpreter_is_not_in_an_environment(tmp_path: Path) -> None:
    # pyvenv.cfg's "home" is the folder of the base interpreter: run that one.
    env_dir = tmp_path / "env"
    make_environment(env_dir)
    home = Path(venv_report.read_pyvenv_cfg(env_dir)["home"])
    base_python = next(
        candidate
        for name in (PYTHON, "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}")
        if (candidate := home / name).exists()
    )
    facts = run_report(base_python)

    assert facts["in_virtual_environment"] is False
    assert facts["prefix"] == facts["base_prefix"]
    assert "pyvenv_cfg" not in facts


def test_pyvenv_cfg_records_the_base_interpreter_and_isolation(tmp_path: Path) -> None:
    env_dir = tmp_path / ".venv"
    make_environment(env_dir)
    settings = venv_report.read_pyvenv_cfg(env_dir)

    assert Path(settings["home"]).is_dir()
    assert settings["include-system-site-packages"] == "false"
    major, minor = sys.version_info[:2]
    assert settings["version"].startswith(f"{major}.{minor}.")


def test_the_report_quotes_the_environment_s_own_pyvenv_cfg(tmp_path: Path) -> None:
    env_dir = tmp_path / ".venv"
    facts = run_report(make_environment(env_dir))

    assert facts["pyvenv_cfg"] == venv_report.read_pyvenv_cfg(env_dir)


def test_system_site_packages_option_shows_in_pyvenv_cfg(tmp_path: Path) -> None:
    env_dir = tmp_path / "shared"
    venv.EnvBuilder(with_pip=False, system_site_packages=True).create(env_dir)

    assert venv_report.read_pyvenv_cfg(env_dir)["include-system-site-packages"] == "true"


def test_an_environment_has_its_own_empty_site_packages(tmp_path: Path) -> None:
    python = make_environment(tmp_path / ".venv")
    result = subprocess.run(
        [str(python), "-I", "-c", "import importlib.util as u; print(u.find_spec('pytest'))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    # pytest is installed where this test runs, but not in the new environment.
    assert result.stdout.strip() == "None"


def test_the_venv_command_keeps_the_environment_out_of_git(tmp_path: Path) -> None:
    env_dir = tmp_path / ".venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(env_dir)],
        check=True,
        timeout=60,
    )
    ignore_file = env_dir / ".gitignore"
    if sys.version_info < (3, 13):  # the chapter says: from 3.13 on, so older ones must not
        assert not ignore_file.exists()
        return
    assert "*" in ignore_file.read_text(encoding="utf-8").split()


def test_read_pyvenv_cfg_ignores_lines_without_a_value(tmp_path: Path) -> None:
    (tmp_path / "pyvenv.cfg").write_text(
        "home = /opt/python/bin\n\nprompt = my project\n", encoding="utf-8"
    )
    assert venv_report.read_pyvenv_cfg(tmp_path) == {
        "home": "/opt/python/bin",
        "prompt": "my project",
    }


def venv_command(env_dir: Path) -> Path:
    """Make an environment the way the chapter's readers do, with the command line."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True, timeout=60
    )
    return env_dir / BIN / PYTHON


def test_bin_python_is_a_link_to_the_base_interpreter(tmp_path: Path) -> None:
    python = venv_command(tmp_path / ".venv")
    if os.name == "nt":  # the chapter says Windows gets a launcher instead
        assert not python.is_symlink()
        return
    assert python.is_symlink()
    base = Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    assert python.resolve() == base.resolve()


def test_the_default_prompt_is_the_folder_name(tmp_path: Path) -> None:
    venv_command(tmp_path / ".venv")
    activate = (tmp_path / ".venv" / BIN / "activate").read_text(encoding="utf-8")
    # What bash's activate shows in brackets: "(.venv) " up to 3.12, ".venv" from 3.13 on.
    [prompt] = re.findall(r"^\s*VIRTUAL_ENV_PROMPT=(.*)$", activate, re.M)
    assert prompt.strip("'\" ").strip("()") == ".venv"


def test_the_venv_command_installs_pip_unless_told_not_to(tmp_path: Path) -> None:
    env_dir = tmp_path / ".venv"
    result = subprocess.run(
        [sys.executable, "-m", "venv", str(env_dir)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    has_ensurepip = subprocess.run(
        [sys.executable, "-I", "-c", "import ensurepip"], capture_output=True, check=False
    )
    if has_ensurepip.returncode != 0:
        # Debian splits ensurepip off (python3-venv): venv then fails while installing pip,
        # which shows that it tries to.
        assert result.returncode != 0
        assert "ensurepip" in result.stdout + result.stderr
        return
    assert result.returncode == 0, result.stderr
    assert list(env_dir.glob("lib*/python*/site-packages/pip")) or list(
        env_dir.glob("Lib/site-packages/pip")
    )
