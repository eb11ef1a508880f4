"""A contributor's change, step by step, in a git repository of its own.

The repository is a copy of this checkout (every file git tracks or would track, so that
uncommitted work is tested too), committed in a fresh repository, with the environments
(.venv and the rest) linked rather than rebuilt. In it, the contributor:

1. adds a sentence to a page with a mistyped reference, and runs ``make html``: the strict
   build fails and names the page and the line;
2. fixes the reference: ``make html`` passes (Sphinx reads again only the edited page);
3. runs the pre-commit hooks on the changed file, as ``git commit`` would, and commits.

The pull-request template the contributor then fills in is checked here too (its sections,
its unticked boxes, and that every ``make`` target it names exists); the workflow files are
checked by tests/test_workflows.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_repository

PAGE = Path("docs/getting-started/index.rst")
BROKEN = "picking-a-pyton-version"  # the contributor's typo
FIXED = "picking-a-python-version"
EDIT = (
    "\nNot sure where to begin? Read :ref:`{label}` first: every later chapter assumes\n"
    "you made that choice.\n"
)
TEMPLATE = ROOT / ".github" / "pull_request_template.md"


def contributor_environment(home: Path) -> dict[str, str]:
    """A contributor's shell: not inside this pytest run or its make, with a git identity
    and a pre-commit cache of its own (the hooks are local: nothing is downloaded)."""
    home.mkdir(parents=True, exist_ok=True)
    inherited = ("PYTEST_", "PRE_COMMIT", "GIT_", "MAKE", "MFLAGS")
    env = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    identity = "[user]\n\tname = A. Contributor\n\temail = contributor@example.org\n"
    (home / "gitconfig").write_text(identity, encoding="utf-8")
    env.update(
        GIT_CONFIG_GLOBAL=str(home / "gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(home / "pre-commit"),
        LC_ALL="C.UTF-8",
    )
    return env


def run(repo: Path, env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def make_html(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``make html``, with the linked environment taken as set up (``-o``): the copy's
    lock file may be newer than the shared .venv's stamp, and the copy must never re-sync
    an environment it only links."""
    return run(repo, env, "make", "--no-print-directory", "-o", ".venv/.synced", "html")


@pytest.mark.xdist_group("contributor-flow")
def test_a_broken_reference_fails_the_build_with_file_and_line_then_the_fix_passes(
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    env = contributor_environment(tmp_path / "home")
    repo = copy_repository(tmp_path / "guide")
    for step in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "As found"]):
        done = run(repo, env, "git", *step)
        assert done.returncode == 0, done.stderr

    page = repo / PAGE
    original = page.read_text(encoding="utf-8")
    page.write_text(original + EDIT.format(label=BROKEN), encoding="utf-8")
    line = len(original.splitlines()) + 2  # the blank line, then the sentence with the ref
    broken = make_html(repo, env)
    output = broken.stdout + broken.stderr
    assert broken.returncode != 0, f"make html passed with a broken reference:\n{output[-3000:]}"
    where = rf"{re.escape(PAGE.as_posix())}:{line}: WARNING: undefined label: '{BROKEN}'"
    assert re.search(where, output), f"no message naming {PAGE}:{line}:\n{output[-6000:]}"

    page.write_text(original + EDIT.format(label=FIXED), encoding="utf-8")
    fixed = make_html(repo, env)
    output = fixed.stdout + fixed.stderr
    assert fixed.returncode == 0, f"make html failed after the fix:\n{output[-6000:]}"
    assert "WARNING" not in output, output[-6000:]
    built = (repo / "_build" / "html" / PAGE.relative_to("docs")).with_suffix(".html")
    assert f'href="{FIXED}/index.html' in built.read_text(encoding="utf-8")

    hooks = run(repo, env, ".venv/bin/pre-commit", "run", "--color=never", "--files", str(PAGE))
    assert hooks.returncode == 0, hooks.stdout + hooks.stderr
    assert re.search(r"^trailing whitespace\.+Passed$", hooks.stdout, re.M), hooks.stdout
    committed = run(repo, env, "git", "commit", "-qam", "Link the first chapter from its part")
    assert committed.returncode == 0, committed.stdout + committed.stderr

    print(f"\ncontributor flow: {time.monotonic() - started:.0f} s")  # a figure, not a gate


def make_targets() -> set[str]:
    """The targets the Makefile declares (its .PHONY list and its rules)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    phony = re.search(r"^\.PHONY:(.*)$", text, re.M)
    assert phony, "the Makefile has no .PHONY line"
    return set(phony[1].split()) | set(re.findall(r"^([\w.-]+):", text, re.M))


def template_problems(text: str, targets: set[str]) -> list[str]:
    """What a pull-request template must have: its three sections, only unticked boxes, and
    no ``make`` command that the Makefile lacks."""
    problems = [
        f"no '## {heading}' section"
        for heading in ("What this changes", "Sources", "Checklist")
        if not re.search(rf"^## {heading}$", text, re.M)
    ]
    boxes = re.findall(r"^- \[(.)\] ", text, re.M)
    if not boxes:
        problems.append("no checklist boxes")
    problems += ["a box is ticked already" for box in boxes if box != " "]
    problems += [
        f"`make {target}` is not a Makefile target"
        for target in re.findall(r"`make ([\w-]+)`", text)
        if target not in targets
    ]
    return problems


def test_the_pull_request_template_is_complete_and_names_real_commands() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    assert re.findall(r"`make ([\w-]+)`", text), "the template names no make command"
    assert template_problems(text, make_targets()) == []


def test_the_template_check_catches_a_broken_template() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    broken = text.replace("## Sources", "## Links").replace("- [ ]", "- [x]", 1)
    broken += "\n- [ ] `make tests` passes\n"
    assert template_problems(broken, make_targets()) == [
        "no '## Sources' section",
        "a box is ticked already",
        "`make tests` is not a Makefile target",
    ]
