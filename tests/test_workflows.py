"""The CI and Read the Docs configuration: valid against their schemas, and true to our rules
(SHA-pinned actions, a read-only token, `make test` on every pull request, a link check that
never runs on one, HTML/PDF/EPUB from the locked dependencies). Each rule is also shown to
catch a broken copy, so none of these tests can pass by checking nothing."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
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
    """CI runs `make test` on every pull request and on pushes to main."""
    workflow = load(text)
    on = triggers(workflow)
    problems = []
    if "pull_request" not in on:
        problems.append("not run on pull_request")
    push = on.get("push") or {}
    if "main" not in (push.get("branches") or []):
        problems.append("not run on push to main")
    runs = [
        step.get("run", "")
        for job in (workflow.get("jobs") or {}).values()
        for step in job.get("steps", [])
    ]
    if not any(re.search(r"^make test$", run, re.MULTILINE) for run in runs):
        problems.append("no step runs `make test`")
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
    (ci_problems, CI, "run: make test", "run: make html"),
    (ci_problems, CI, "  pull_request:\n", ""),
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
