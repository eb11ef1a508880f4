"""Tests for the editor configuration files of "Editors and IDEs".

The chapter promises what each file does; these tests read the files and check
those promises, so an edit that breaks one fails here.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent


def load_json(name: str) -> dict[str, Any]:
    # VS Code accepts comments in these files; ours stay plain JSON so any tool reads them.
    return json.loads((HERE / name).read_text(encoding="utf-8"))


@pytest.fixture
def settings() -> dict[str, Any]:
    return load_json("vscode-settings.json")


def test_python_files_are_formatted_by_ruff_on_save(settings: dict[str, Any]) -> None:
    python = settings["[python]"]
    assert python["editor.defaultFormatter"] == "charliermarsh.ruff"
    assert python["editor.formatOnSave"] is True


def test_saving_fixes_lint_and_sorts_imports_with_ruff(settings: dict[str, Any]) -> None:
    actions = settings["[python]"]["editor.codeActionsOnSave"]
    # "explicit": on a save you ask for, not on every auto-save while you type.
    assert actions == {
        "source.fixAll.ruff": "explicit",
        "source.organizeImports.ruff": "explicit",
    }


def test_tests_are_discovered_with_pytest_not_unittest(settings: dict[str, Any]) -> None:
    assert settings["python.testing.pytestEnabled"] is True
    assert settings["python.testing.unittestEnabled"] is False
    assert settings["python.testing.pytestArgs"] == ["tests"]


def test_pylance_type_checks_in_standard_mode(settings: dict[str, Any]) -> None:
    assert settings["python.analysis.typeCheckingMode"] == "standard"


def test_settings_hold_no_machine_specific_interpreter_path(settings: dict[str, Any]) -> None:
    # The file is committed: a path to one person's interpreter breaks everyone else's.
    text = json.dumps(settings)
    assert "python.defaultInterpreterPath" not in settings
    assert "/home/" not in text
    assert "\\\\" not in text


def test_recommended_extensions_include_the_formatter_the_settings_use(
    settings: dict[str, Any],
) -> None:
    recommendations = load_json("vscode-extensions.json")["recommendations"]
    assert "ms-python.python" in recommendations
    assert settings["[python]"]["editor.defaultFormatter"] in recommendations


def test_helix_uses_a_type_checking_server_and_ruff_and_formats_on_save() -> None:
    with (HERE / "helix-languages.toml").open("rb") as file:
        config = tomllib.load(file)
    (python,) = [language for language in config["language"] if language["name"] == "python"]
    assert python["language-servers"] == ["basedpyright", "ruff"]
    assert python["auto-format"] is True
    # Every server the language names is defined, with the command that starts it.
    servers = config["language-server"]
    assert servers["basedpyright"]["command"] == "basedpyright-langserver"
    assert servers["ruff"] == {"command": "ruff", "args": ["server"]}
