"""The CI and Read the Docs configuration: valid against their schemas, and true to our rules
(SHA-pinned actions, a read-only token, every stage of `make test` on every pull request with
one "all green" check over them, a link check that never runs on one, HTML/PDF/EPUB from the
locked dependencies). Each rule is also shown to catch a broken copy, so none of these tests
can pass by checking nothing. The stages themselves (`make test-stage`) are collected to show
that together they run every test of `make test` exactly once."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import conf_values
import pytest
import yaml
from conftest import ROOT
from uv_support import pinned_uv_version

GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
CI = WORKFLOWS / "ci.yml"
LINKCHECK = WORKFLOWS / "linkcheck.yml"
DEPENDABOT = GITHUB / "dependabot.yml"
RTD = ROOT / ".readthedocs.yaml"
CHECK_JSONSCHEMA = ROOT / ".venv" / "bin" / "check-jsonschema"

SCHEMAS = {  # schemas vendored in check-jsonschema: nothing is downloaded
    "vendor.github-workflows": sorted(WORKFLOWS.glob("*.y*ml")),
    "vendor.dependabot": [DEPENDABOT],
    "vendor.readthedocs": [RTD],
}


def check_schema(schema: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def load(text: str) -> dict[Any, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict), "not a YAML mapping"
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` block (YAML 1.1 reads a bare `on` key as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on or {}


# -- Rules: each returns the problems it finds in a file's text ----------------------------

SHA_PIN = re.compile(r"^\s*(?:-\s*)?uses:\s*([^@\s]+)@([0-9a-f]{40})\s+#\s*v\d+(\.\d+)*\s*$")


def unpinned_actions(text: str) -> list[str]:
    """Every `uses:` names a full commit SHA, with the version it is in a comment."""
    return [
        f"line {number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), 1)
        if re.match(r"^\s*(?:-\s*)?uses:", line) and not SHA_PIN.match(line)
    ]


def permission_problems(text: str) -> list[str]:
    """A top-level `permissions:` block, and no write access anywhere in the workflow."""
    workflow = load(text)
    problems = [] if "permissions" in workflow else ["no top-level permissions"]
    blocks = [workflow.get("permissions")]
    blocks += [job.get("permissions") for job in (workflow.get("jobs") or {}).values()]
    for block in blocks:
        if block in ("write-all",) or (
            isinstance(block, dict) and "write" in map(str, block.values())
        ):
            problems.append(f"write permission: {block}")
    return problems


def ci_problems(text: str) -> list[str]:
    """CI runs on every pull request and push to main: a matrix job runs `make test-stage`
    for each stage that `make test-stages` lists, and an "all green" job, run whatever
    happened (`if: always()`), needs every other job and fails unless each one succeeded."""
    workflow = load(text)
    on = triggers(workflow)
    problems = []
    if "pull_request" not in on:
        problems.append("not run on pull_request")
    push = on.get("push") or {}
    if "main" not in (push.get("branches") or []):
        problems.append("not run on push to main")
    jobs = workflow.get("jobs") or {}
    runs = {
        name: "\n".join(step.get("run", "") for step in job.get("steps", []))
        for name, job in jobs.items()
    }
    listing = [name for name, run in runs.items() if re.search(r"\bmake\b.*\btest-stages\b", run)]
    staged = [
        name
        for name, run in runs.items()
        if re.search(r"^make test-stage STAGE=\"\$STAGE\"$", run, re.MULTILINE)
        and "${{ matrix.stage }}" in str(jobs[name].get("steps"))
    ]
    if not listing:
        problems.append("no job lists the stages with `make test-stages`")
    if not staged:
        problems.append("no job runs `make test-stage` for each stage of its matrix")
    for name in staged:
        matrix = ((jobs[name].get("strategy") or {}).get("matrix") or {}).get("stage")
        if not (listing and matrix == f"${{{{ fromJSON(needs.{listing[0]}.outputs.stages) }}}}"):
            problems.append(f"job {name}: its stages are not those `make test-stages` lists")
    green = [name for name, job in jobs.items() if job.get("name") == "all green"]
    if len(green) != 1:
        return [*problems, "no single job named 'all green'"]
    job = jobs[green[0]]
    needs = job.get("needs") or []
    needs = [needs] if isinstance(needs, str) else needs
    if missing := sorted(set(jobs) - {green[0]} - set(needs)):
        problems.append(f"all green does not need: {missing}")
    if "always()" not in str(job.get("if", "")):
        problems.append("all green is skipped, not failed, when a stage fails (no if: always())")
    if not re.search(r"needs\.\*\.result", str(job.get("steps"))):
        problems.append("all green does not check the stages' results")
    return problems


def linkcheck_problems(text: str) -> list[str]:
    """The link check is weekly or by hand, never on a pull request, and runs make linkcheck."""
    workflow = load(text)
    on = triggers(workflow)
    problems = [f"triggered by {event}" for event in on if event.startswith("pull_request")]
    if "schedule" not in on or "workflow_dispatch" not in on:
        problems.append("not scheduled and dispatchable")
    if "make linkcheck" not in text:
        problems.append("does not run make linkcheck")
    return problems


def rtd_problems(text: str) -> list[str]:
    """RTD builds the three formats with the locked dependencies and our build Python."""
    config = load(text)
    problems = []
    if not {"pdf", "epub"} <= set(config.get("formats") or []):
        problems.append("formats does not list pdf and epub")
    jobs = (config.get("build") or {}).get("jobs") or {}
    builds = jobs.get("build") or {}
    strict = "$(scripts/project-facts strict-flags)"  # conf.py's strict_sphinx_flags
    for fmt in ("html", "pdf", "epub"):
        commands = " ".join(builds.get(fmt) or [])
        if strict not in commands or f"$READTHEDOCS_OUTPUT/{fmt}" not in commands:
            problems.append(f"no strict {fmt} build into $READTHEDOCS_OUTPUT/{fmt}")
    post_build = " ".join(jobs.get("post_build") or [])
    downloads = ("$(scripts/project-facts downloads)", '"_build/latex/$1"', '"_build/epub/$2"')
    if not all(part in post_build for part in (*downloads, "/html/downloads")):
        problems.append("the PDF and EPUB are not copied to html/downloads (the pages link there)")
    install = " ".join(jobs.get("install") or [])
    if not re.search(r"\buv sync --frozen\b", install):
        problems.append("dependencies not installed with `uv sync --frozen`")
    python = (config.get("build") or {}).get("tools", {}).get("python")
    if python != (ROOT / ".python-version").read_text().strip():
        problems.append(f"build Python {python} is not .python-version's")
    uv_version = pinned_uv_version()
    if f'"uv=={uv_version}"' not in text:
        problems.append(f"uv is not the Makefile's {uv_version}")
    return problems


def dependabot_problems(text: str) -> list[str]:
    updates = load(text).get("updates") or []
    ecosystems = {update.get("package-ecosystem") for update in updates}
    return [] if "github-actions" in ecosystems else ["GitHub Actions pins are not updated"]


# -- The real files pass -------------------------------------------------------------------


@pytest.mark.parametrize("schema", sorted(SCHEMAS))
def test_files_match_their_schemas(schema: str) -> None:
    files = SCHEMAS[schema]
    assert files and all(path.exists() for path in files), files
    proc = check_schema(schema, files)
    assert proc.returncode == 0, proc.stdout + proc.stderr


RULES: list[tuple[Callable[[str], list[str]], list[Path]]] = [
    (unpinned_actions, sorted(WORKFLOWS.glob("*.y*ml"))),
    (permission_problems, sorted(WORKFLOWS.glob("*.y*ml"))),
    (ci_problems, [CI]),
    (linkcheck_problems, [LINKCHECK]),
    (rtd_problems, [RTD]),
    (dependabot_problems, [DEPENDABOT]),
]


@pytest.mark.parametrize(("rule", "files"), RULES, ids=[rule.__name__ for rule, _ in RULES])
def test_configuration_follows_the_rule(
    rule: Callable[[str], list[str]], files: list[Path]
) -> None:
    assert files
    for path in files:
        problems = rule(path.read_text())
        assert not problems, f"{path.relative_to(ROOT)}: {problems}"


def test_every_action_is_pinned_and_there_are_some() -> None:
    """The pin rule has something to check: our workflows do use actions."""
    uses = [line for path in WORKFLOWS.glob("*.y*ml") for line in path.read_text().splitlines()]
    assert sum(bool(SHA_PIN.match(line)) for line in uses) >= 5


# -- Each rule and validator catches a broken copy ------------------------------------------

BREAKAGES: list[tuple[Callable[[str], list[str]], Path, str, str]] = [
    # (rule, file, text to replace, replacement)
    (
        unpinned_actions,
        CI,
        "actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2",
        "actions/checkout@v6",
    ),
    (
        unpinned_actions,
        CI,
        "actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2",
        "actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd",
    ),
    (permission_problems, CI, "permissions:\n  contents: read\n", ""),
    (permission_problems, CI, "contents: read", "contents: write"),
    (ci_problems, CI, 'run: make test-stage STAGE="$STAGE"', "run: make test"),
    (ci_problems, CI, "  pull_request:\n", ""),
    (ci_problems, CI, "stages=$(make --no-print-directory -s test-stages)", "stages=lint"),
    (ci_problems, CI, "fromJSON(needs.stages.outputs.stages)", "fromJSON('[\"lint\"]')"),
    (ci_problems, CI, "needs: [stages, stage]", "needs: [stages]"),
    (ci_problems, CI, "    if: always()\n", ""),
    (ci_problems, CI, "join(needs.*.result, ' ')", "'success'"),
    (
        linkcheck_problems,
        LINKCHECK,
        "  workflow_dispatch:\n",
        "  workflow_dispatch:\n  pull_request:\n",
    ),
    (rtd_problems, RTD, "uv sync --frozen", "uv sync"),
    (rtd_problems, RTD, "  - pdf\n", ""),
    (rtd_problems, RTD, 'python: "3.14"', 'python: "3.12"'),
    (rtd_problems, RTD, "    post_build:\n", "    pre_build:\n"),
    (rtd_problems, RTD, "$(scripts/project-facts strict-flags)", "-n"),
    (dependabot_problems, DEPENDABOT, "github-actions", "pip"),
]


@pytest.mark.parametrize(
    ("rule", "path", "old", "new"),
    BREAKAGES,
    ids=[f"{rule.__name__}-{index}" for index, (rule, *_) in enumerate(BREAKAGES)],
)
def test_rule_catches_a_broken_copy(
    rule: Callable[[str], list[str]], path: Path, old: str, new: str
) -> None:
    text = path.read_text()
    assert old in text, f"{path.name} no longer contains {old!r}: update this breakage"
    assert rule(text.replace(old, new, 1)), f"{rule.__name__} missed: {old!r} -> {new!r}"


SCHEMA_BREAKAGES = [
    ("vendor.github-workflows", CI, "runs-on: ubuntu-latest", "runs_on: ubuntu-latest"),
    ("vendor.github-workflows", LINKCHECK, "timeout-minutes: 30", "timeout-minutes: soon"),
    ("vendor.dependabot", DEPENDABOT, "interval: weekly", "interval: fortnightly"),
    ("vendor.readthedocs", RTD, "version: 2", "version: 3"),
    ("vendor.readthedocs", RTD, "      html:", "      htm:"),
]


@pytest.mark.parametrize(("schema", "path", "old", "new"), SCHEMA_BREAKAGES)
def test_schema_check_catches_a_broken_copy(
    tmp_path: Path, schema: str, path: Path, old: str, new: str
) -> None:
    text = path.read_text()
    assert old in text, f"{path.name} no longer contains {old!r}: update this breakage"
    broken = tmp_path / path.name
    broken.write_text(text.replace(old, new, 1))
    proc = check_schema(schema, [broken])
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert str(broken) in proc.stdout + proc.stderr, "the error does not name the file"


def test_make_linkcheck_runs_sphinx_linkcheck_strictly() -> None:
    """The target the weekly workflow runs exists (it is not run here: no internet)."""
    proc = subprocess.run(
        ["make", "-n", "--no-print-directory", "linkcheck"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    strict = re.escape(" ".join(conf_values.strict_sphinx_flags))
    assert re.search(
        rf"^\.venv/bin/sphinx-build -M linkcheck docs _build -c \. {strict}",
        proc.stdout,
        re.MULTILINE,
    ), proc.stdout


# -- The stages of `make test` -----------------------------------------------------------------


def make_lines(*args: str) -> str:
    """What make would run (-n), set-up left out (-o): nothing is run or installed."""
    proc = subprocess.run(
        ["make", "-n", "--no-print-directory", "-o", "setup", "-o", "setup-test", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def collected(pytest_args: list[str]) -> list[str]:
    """The node ids pytest selects with these arguments (collected only, in one process)."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", *pytest_args, "--collect-only", "-q"]
        + ["-p", "no:cacheprovider", "-n", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return [line for line in proc.stdout.splitlines() if "::" in line]


def stage_arguments(stage: str) -> list[str]:
    """The pytest arguments of `make test-stage STAGE=stage`."""
    lines = [line for line in make_lines("test-stage", f"STAGE={stage}").splitlines()]
    runs = [shlex.split(line) for line in lines if " -m pytest " in line]
    assert len(runs) == 1, lines
    return runs[0][runs[0].index("pytest") + 1 :]


def test_the_stages_run_every_test_of_make_test_once() -> None:
    stages = subprocess.run(
        ["make", "--no-print-directory", "-s", "test-stages"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split()
    assert {"lint", "browser", "pdf-epub"} <= set(stages), stages
    assert {f"python-{v}" for v in conf_values.sample_pythons} <= set(stages), stages
    with ThreadPoolExecutor(max_workers=2) as pool:
        whole = pool.submit(collected, [])
        selected = dict(zip(stages, pool.map(collected, map(stage_arguments, stages)), strict=True))
    everything = whole.result()
    assert len(everything) > 100, everything
    empty = [stage for stage, ids in selected.items() if not ids]
    assert not empty, f"stages that run no test: {empty}"
    runs: dict[str, list[str]] = {}
    for stage, ids in selected.items():
        for node in ids:
            runs.setdefault(node, []).append(stage)
    twice = {node: where for node, where in runs.items() if len(where) > 1}
    assert not twice, f"tests in more than one stage: {twice}"
    assert not set(runs) - set(everything), sorted(set(runs) - set(everything))
    missing = sorted(set(everything) - set(runs))
    assert not missing, f"tests of make test that no stage runs: {missing}"


def test_make_test_stage_names_the_stages_when_given_none() -> None:
    proc = subprocess.run(
        ["make", "-n", "--no-print-directory", "test-stage", "STAGE=everything"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "STAGE=one of: lint " in proc.stderr and "pdf-epub" in proc.stderr, proc.stderr
