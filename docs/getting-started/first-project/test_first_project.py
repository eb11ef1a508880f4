"""Run the chapter "Your first project in ten minutes" exactly as a reader would.

The commands come from the chapter itself: every ``$ `` line of its console blocks, in
order, so the prose and this test cannot drift apart. A ``literalinclude`` whose caption
names a project file (``src/...``, ``tests/...``) is the moment the reader writes that file,
so the test writes it there; the included ``pyproject.toml`` is what uv should have written
by then, so the test compares it. Output lines shown under a command must appear in what the
command printed (durations such as ``12ms`` are ignored, ``...`` marks trimmed output).

Nothing goes to the network: uv runs offline with an empty cache of its own, takes the
Python 3.14 that the guide's own .venv was made from, and every package (humanize, pytest,
ruff and their dependencies) from the wheelhouse that ``make setup-test`` fills from the
guide's own lock file (tests/uv_support.py). The settings for that live in the test's
environment, never in the reader's commands.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from uv_support import find_uv, offline_uv_environment, pinned_uv_version, run, setup_python

CHAPTER = Path(__file__).resolve().parent
PAGE = CHAPTER / "index.rst"

# Files the reader writes, by caption, and the chapter file that holds each one.
WRITTEN = {
    "src/folder_sizes/__init__.py": "folder_sizes.py",
    "tests/test_folder_sizes.py": "test_folder_sizes.py",
}
# Files uv writes, by caption, and the chapter file that shows what they must contain.
COMPARED = {"pyproject.toml": "folder_sizes_pyproject.toml"}

DURATION = re.compile(r"\b\d+(?:\.\d+)?(?:ms|µs|s)\b")


@dataclass
class Command:
    line: int
    argv: list[str]
    expected: list[str] = field(default_factory=list)


@dataclass
class Include:
    line: int
    source: str
    caption: str


def chapter_steps(text: str) -> list[Command | Include]:
    """The console commands and literalincludes of the page, in document order."""
    steps: list[Command | Include] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        directive = re.match(r"^(\s*)\.\. (code-block:: console|literalinclude::)\s*(.*)$", line)
        index += 1
        if not directive:
            continue
        indent = len(directive[1])
        body: list[tuple[int, str]] = []
        while index < len(lines) and (
            not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > indent
        ):
            body.append((index + 1, lines[index]))
            index += 1
        if directive[2].startswith("literalinclude"):
            options = dict(
                re.findall(r"^\s*:(\w+):\s*(.*?)\s*$", "\n".join(text for _, text in body), re.M)
            )
            steps.append(Include(index, directive[3].strip(), options.get("caption", "")))
            continue
        content = [
            (number, text.strip()) for number, text in body if not text.strip().startswith(":")
        ]
        for number, text in content:
            if text.startswith("$ "):
                steps.append(Command(number, shlex.split(text[2:])))
            elif text and steps and isinstance(steps[-1], Command):
                steps[-1].expected.append(text)
    return steps


def offline_environment(home: Path) -> dict[str, str]:
    base = {
        key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "GIT_"))
    }
    env = offline_uv_environment(home / "uv-cache", base)
    gitconfig = home / "gitconfig"
    gitconfig.write_text("[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n")
    env.update(
        UV_PYTHON=setup_python("3.14"),
        GIT_CONFIG_GLOBAL=str(gitconfig),
        GIT_CONFIG_NOSYSTEM="1",
        NO_COLOR="1",
        COLUMNS="80",
    )
    return env


def normalise(text: str, workdir: Path) -> str:
    """One line of output as the page shows it: the reader's folder, no timings."""
    return DURATION.sub("<time>", text.replace(str(workdir), "/home/you").strip())


def test_the_chapter_has_the_steps_this_test_relies_on() -> None:
    steps = chapter_steps(PAGE.read_text(encoding="utf-8"))
    commands = [" ".join(step.argv) for step in steps if isinstance(step, Command)]
    for needed in (
        "uv init",
        "uv run",
        "uv add humanize",
        "uv add --dev pytest ruff",
        "uv lock",
        "uv run pytest",
        "uv run ruff format",
        "uv run ruff check",
    ):
        assert any(command.startswith(needed) for command in commands), needed
    captions = {step.caption for step in steps if isinstance(step, Include)}
    assert set(WRITTEN) | set(COMPARED) <= captions


def test_every_command_of_the_chapter_works_offline(tmp_path: Path) -> None:
    uv = find_uv(pinned_uv_version())  # the page shows this version's output
    env = offline_environment(tmp_path)
    workdir = tmp_path / "work"
    workdir.mkdir()
    cwd = workdir
    ran = 0
    for step in chapter_steps(PAGE.read_text(encoding="utf-8")):
        where = f"index.rst line {step.line}"
        if isinstance(step, Include):
            if step.caption in WRITTEN:
                assert step.source == WRITTEN[step.caption], where
                target = cwd / step.caption
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(CHAPTER / step.source, target)
            elif step.caption in COMPARED:
                assert step.source == COMPARED[step.caption], where
                shown = tomllib.loads((CHAPTER / step.source).read_text(encoding="utf-8"))
                written = tomllib.loads((cwd / step.caption).read_text(encoding="utf-8"))
                assert written == shown, f"{where}: uv wrote a different {step.caption}"
            continue
        if step.argv[0] == "cd":
            cwd = cwd / step.argv[1]
            assert cwd.is_dir(), f"{where}: no folder {step.argv[1]}"
            continue
        assert step.argv[0] == "uv", f"{where}: this test only runs uv and cd: {step.argv}"
        result = run([uv, *step.argv[1:]], cwd, env)  # the chapter's own commands
        output = result.stdout + result.stderr
        command = shlex.join(step.argv)
        assert result.returncode == 0, (
            f"{where}: `{command}` failed:\n{output}\n(uv runs offline here: humanize, pytest "
            "and ruff come from the wheelhouse that `make setup-test` fills from uv.lock)"
        )
        printed = [normalise(line, workdir) for line in output.splitlines()]
        for expected in step.expected:
            if expected != "...":
                assert normalise(expected, workdir) in printed, (
                    f"{where}: `{command}` did not print {expected!r}; it printed:\n{output}"
                )
        ran += 1
    assert ran >= 8, f"only {ran} commands ran: the chapter's console blocks were not found"
    lock = tomllib.loads((cwd / "uv.lock").read_text(encoding="utf-8"))
    locked = {package["name"] for package in lock["package"]}
    assert {"folder-sizes", "humanize", "pytest", "ruff"} <= locked


def test_the_page_names_the_uv_it_was_tested_with() -> None:
    """The page says which uv it was tested with and from which uv ``uv init NAME`` makes
    the src/ package; both must agree with the uv this test drives."""
    text = " ".join(PAGE.read_text(encoding="utf-8").split())
    pinned = pinned_uv_version()
    assert f"this page was tested with uv {pinned}" in text
    since = re.search(r"The ``src/`` package is uv's default since uv (\d+)\.(\d+)\.(\d+)", text)
    assert since, "the page no longer says from which uv version uv init makes a package"
    assert tuple(map(int, pinned.split("."))) >= tuple(map(int, since.groups()))
