"""Every Python sample runs, on every interpreter, and passes ruff.

* The doctests (sphinx.ext.doctest: ``doctest``/``testcode`` blocks and ``>>>`` blocks) pass
  on each interpreter in conf.py's ``sample_pythons`` (3.11, 3.14, 3.15), each with its own
  venv (.venv for the build's 3.14, .venv-3.X for the others; ``make setup-test`` makes them).
* The chapter programs' own pytest tests (docs/**/test_*.py) pass on the interpreters other
  than the build's (the main pytest session collects docs/ and runs them on 3.14).
* Those doctest builds and chapter-test runs are started together, as concurrent
  subprocesses, the first time one of their tests asks (all of them run on one xdist worker).
* Sample coverage: every Python block in the rendered HTML is either executed (class
  ``sample-run``) or marked bad (``sample-bad``); the executed share is printed and written
  to _build/test/samples.json. The rule deciding "executed" is in _ext/fieldguide/samples.py.
* Executed samples pass ruff with the project's configuration (pyproject.toml [tool.ruff],
  security rules included); marked-bad samples still parse.
"""

from __future__ import annotations

import ast
import html
import json
import os
import pickle
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import conf_values
import pytest
from conftest import BUILD_ROOT, DOCS, ROOT, RUFF, SPHINX_ENV, Build, sphinx_command
from docutils import nodes
from fieldguide import bad_syntax, samples
from fieldguide.sources import content_start_line
from uv_support import sample_venv

CONF = conf_values.conf
SAMPLE_PYTHONS: list[str] = conf_values.sample_pythons
BUILD_PYTHON = (ROOT / ".python-version").read_text(encoding="utf-8").strip()
# Doctest shows values by writing bare expressions and compares; imports come where they are
# needed in the story; chunks of one page are joined: these rules do not fit extracted doctests.
DOCTEST_IGNORES = "B015,B018,E402,I001"


def venv_python(version: str) -> Path:
    venv = sample_venv(version)
    python = venv / "bin" / "python"
    assert python.exists(), f"{venv} is missing: run `make setup-test` first"
    found = subprocess.run(
        [str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert found == version, f"{python} is Python {found}, not {version}"
    return python


def clean_env() -> dict[str, str]:
    """The environment without this pytest session's own settings (xdist, addopts)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}


def parse_doctest_summary(text: str) -> dict[str, int]:
    counts = {}
    for key, pattern in {
        "tests": r"^\s*(\d+) tests?\b",
        "failures": r"^\s*(\d+) failures? in tests",
        "setup_failures": r"^\s*(\d+) failures? in setup code",
        "cleanup_failures": r"^\s*(\d+) failures? in cleanup code",
    }.items():
        match = re.search(pattern, text, re.M)
        assert match, f"no /{pattern}/ in the doctest summary:\n{text[-3000:]}"
        counts[key] = int(match[1])
    return counts


# -- a) and b): doctests and chapter tests on every interpreter, run concurrently ------------

SAMPLE_TIMEOUT = 900  # seconds for every run together: they share the machine's cores
CHAPTER_TEST_PYTHONS = [v for v in SAMPLE_PYTHONS if v != BUILD_PYTHON]


@dataclass
class SampleRun:
    """One subprocess of the sample runs, its output going to a file (no pipe to fill)."""

    process: subprocess.Popen[bytes]
    log: Path

    def finish(self) -> tuple[int, str]:
        """Wait for the run; return its exit code and its output."""
        try:
            code = self.process.wait(timeout=SAMPLE_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"still running after {SAMPLE_TIMEOUT} s; output so far:\n{self.output()}")
        return code, self.output()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start(command: list[str], log: Path, env: dict[str, str]) -> SampleRun:
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 (our own interpreters, fixed arguments)
            command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, env=env
        )
    return SampleRun(process, log)


@pytest.fixture(scope="module")
def sample_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SampleRun]]:
    """Every doctest build (``doctest-3.X``) and chapter-test run (``chapter-3.X``), started
    at once so that the three Pythons run side by side."""
    work = tmp_path_factory.mktemp("samples")
    runs: dict[str, SampleRun] = {}
    for version in SAMPLE_PYTHONS:
        python = str(venv_python(version))
        outroot = work / f"doctest-{version}"
        command = sphinx_command("doctest", outroot, python=python)
        runs[f"doctest-{version}"] = start(command, work / f"doctest-{version}.log", SPHINX_ENV)
    # One pytest process per part, one after another: a part's tests cannot disturb another
    # part's through the interpreter's state (seen on 3.15, where lazily imported names in
    # one part's modules stayed unresolved after another part's tests had run).
    parts = sorted(str(d.relative_to(ROOT)) for d in DOCS.iterdir() if any(d.rglob("test_*.py")))
    for version in CHAPTER_TEST_PYTHONS:
        # Tests marked `once` check something that does not depend on the Python running
        # them (a workflow file, a unit file, one abi3 build imported by every Python): the
        # main session runs them on the build's Python; these runs deselect them.
        command = [
            str(venv_python(version)),
            "-c",
            "import subprocess, sys\n"
            "codes = [subprocess.call([sys.executable, '-m', 'pytest', part, '-q', '-p',"
            " 'no:cacheprovider', '-m', 'not once']) for part in sys.argv[1:]]\n"
            "sys.exit(max(codes))",
            *parts,
        ]
        runs[f"chapter-{version}"] = start(command, work / f"chapter-{version}.log", clean_env())
    yield runs
    for run in runs.values():  # a test that failed early leaves no process behind
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait()


@pytest.mark.xdist_group("samples")
@pytest.mark.parametrize("version", SAMPLE_PYTHONS)
def test_doctests_pass(version: str, sample_runs: dict[str, SampleRun]) -> None:
    """The doctest build passes on ``version`` and ran at least one doctest, none failing."""
    run = sample_runs[f"doctest-{version}"]
    code, log = run.finish()
    assert code == 0, f"doctest build on Python {version} failed:\n{log[-6000:]}"
    summary_file = run.log.parent / f"doctest-{version}" / "doctest" / "output.txt"
    summary = summary_file.read_text(encoding="utf-8")
    counts = parse_doctest_summary(summary)
    assert counts["tests"] > 0, f"no doctests ran on Python {version}:\n{summary[-3000:]}"
    assert counts["failures"] == counts["setup_failures"] == counts["cleanup_failures"] == 0, (
        summary[-6000:]
    )


@pytest.mark.xdist_group("samples")
@pytest.mark.parametrize("version", CHAPTER_TEST_PYTHONS)
def test_chapter_tests_pass(version: str, sample_runs: dict[str, SampleRun]) -> None:
    """The chapters' own pytest tests (docs/) pass on ``version``."""
    code, output = sample_runs[f"chapter-{version}"].finish()
    if list(DOCS.rglob("test_*.py")):
        assert code == 0, f"chapter tests failed on Python {version}:\n{output[-6000:]}"
        assert re.search(r"\b[1-9]\d* passed", output), output[-3000:]
    else:  # no chapter has tests yet: pytest must say it collected nothing
        assert code == 5, output[-3000:]


# -- c) sample coverage in the rendered HTML ----------------------------------------------------

BLOCK = re.compile(
    r'<div class="(?P<classes>[^"]*\bhighlight-(?P<lang>[\w+.-]+)\b[^"]*)"[^>]*>\s*'
    r'<div class="highlight"[^>]*>\s*<pre[^>]*>(?P<code>.*?)</pre>',
    re.DOTALL,
)


def looks_like_python(code: str) -> bool:
    if code.lstrip().startswith(">>>"):
        return True
    try:
        ast.parse(code)
    except SyntaxError:
        return False
    return True


@dataclass
class Block:
    page: str
    number: int
    lang: str
    state: str  # "run", "bad" or "unmarked"
    first_line: str


def python_blocks(outdir: Path) -> list[Block]:
    blocks = []
    for page in sorted(outdir.rglob("*.html")):
        relative = page.relative_to(outdir).as_posix()
        if relative.startswith(("_static/", "_sources/", "downloads/")):
            continue
        for number, match in enumerate(BLOCK.finditer(page.read_text(encoding="utf-8")), 1):
            classes = match["classes"].split()
            code = html.unescape(re.sub(r"<[^>]+>", "", match["code"]))
            lang = match["lang"]
            is_python = (
                lang in samples.PYTHON_LANGUAGES
                or "doctest" in classes
                or (lang == "default" and looks_like_python(code))
            )
            if not is_python:
                continue
            state = (
                "run"
                if samples.RUN_CLASS in classes
                else "bad"
                if samples.BAD_CLASS in classes
                else "unmarked"
            )
            first = next((line for line in code.splitlines() if line.strip()), "")
            blocks.append(Block(relative, number, lang, state, first.strip()[:70]))
    return blocks


def test_every_python_block_is_executed_or_marked_bad(html_build: Build) -> None:
    assert (html_build.outdir / "index.html").is_file(), html_build.log[-4000:]
    blocks = python_blocks(html_build.outdir)
    assert blocks, "no Python code blocks found in the HTML: the block pattern is out of date"
    executed = sum(block.state == "run" for block in blocks)
    bad = sum(block.state == "bad" for block in blocks)
    unmarked = [block for block in blocks if block.state == "unmarked"]
    share = f"executed samples: {executed}/{len(blocks)} ({executed / len(blocks):.0%})"
    report = {
        "python_blocks": len(blocks),
        "executed": executed,
        "marked_bad": bad,
        "unmarked": len(unmarked),
        "executed_share": round(executed / len(blocks), 4),
        "pages": {
            page: {
                state: sum(b.page == page and b.state == state for b in blocks)
                for state in ("run", "bad", "unmarked")
            }
            for page in sorted({b.page for b in blocks})
        },
    }
    BUILD_ROOT.mkdir(parents=True, exist_ok=True)
    (BUILD_ROOT / "samples.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\n{share}, marked bad: {bad}, neither: {len(unmarked)}")
    assert not unmarked, (
        f"{share}; these Python blocks are neither executed nor marked bad (make them a "
        "doctest/testcode block, a literalinclude of a tested .py file, or put them in a "
        "bad-example):\n"
        + "\n".join(f"  {b.page} block #{b.number} ({b.lang}): {b.first_line}" for b in unmarked)
    )


# -- d) ruff on the executed samples; bad samples still parse -----------------------------------


def doctrees(build: Build) -> list[tuple[str, nodes.document]]:
    folder = BUILD_ROOT / ".doctrees" / build.builder
    found = []
    for path in sorted(folder.rglob("*.doctree")):
        docname = path.relative_to(folder).with_suffix("").as_posix()
        found.append((docname, pickle.loads(path.read_bytes())))  # noqa: S301 (our own build)
    assert found, f"no doctrees in {folder}"
    return found


@dataclass
class Extract:
    """The code of one page's doctest group, joined, with where each line came from."""

    lines: list[str] = field(default_factory=list)
    origin: list[tuple[str, int]] = field(default_factory=list)
    # A group whose every block has ``:skipif: sys.version_info < (3, N)`` runs only on 3.N
    # and newer, so ruff checks it as 3.N code (a t-string is a syntax error for 3.11).
    target: str | None = None

    def add(self, code: str, offsets: list[int], source: str, start: int) -> None:
        for line, offset in zip(code.splitlines(), offsets, strict=False):
            self.lines.append(line)
            self.origin.append((source, start + offset))


def relative(path: str | Path) -> str:
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def is_test_node(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.literal_block, nodes.comment, nodes.doctest_block)) and (
        "testnodetype" in node or samples.is_doctest_block(node)
    )


def extract_samples(build: Build) -> tuple[dict[str, Extract], set[Path]]:
    """Per page and doctest group: the executed code. Also the literalincluded programs."""
    extracts: dict[str, Extract] = {}
    included: set[Path] = set()
    for docname, doctree in doctrees(build):
        groups: dict[str, list[nodes.Element]] = defaultdict(list)
        for node in doctree.findall(is_test_node):
            kind = node.get("testnodetype", "doctest")
            if kind == "testoutput" or samples.bad_example_of(node) is not None:
                continue
            for group in node.get("groups", [CONF.get("doctest_test_doctest_blocks", "default")]):
                groups[group].append(node)
        for node in doctree.findall(nodes.literal_block):
            source = str(node.get("source", ""))
            if samples.RUN_CLASS in node["classes"] and source.endswith(".py"):
                included.add(Path(node["source"]).resolve())
        shared = groups.pop("*", [])
        for group, members in groups.items():
            extract = Extract()
            ordered = sorted(
                [*members, *shared],
                key=lambda n: (
                    n.get("testnodetype") != "testsetup",
                    n.get("testnodetype") == "testcleanup",
                ),
            )
            needs = {needed_python(node) for node in ordered}
            if len(needs) == 1 and None not in needs:
                extract.target = needs.pop()
            for node in ordered:
                text = node.get("test", node.astext())
                code, offsets = samples.python_source(node, text)
                start = content_start_line(node, text) or 0
                extract.add(code, offsets, relative(node.source or docname), start)
            extracts[f"{docname.replace('/', '__')}__{group}"] = extract
    return extracts, included


def needed_python(node: nodes.Element) -> str | None:
    """``py3N`` for a block marked ``:skipif: sys.version_info < (3, N)``, else None."""
    found = re.fullmatch(r"\s*sys\.version_info\s*<\s*\(3,\s*(\d+)\)\s*", node.get("skipif", ""))
    return f"py3{found[1]}" if found else None


def global_setup_names() -> list[str]:
    """Names that conf.py's doctest_global_setup binds: every doctest may use them."""
    tree = ast.parse(CONF.get("doctest_global_setup", "") or "")
    names = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names += [(alias.asname or alias.name).split(".")[0] for alias in node.names]
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
    return names


def run_ruff(paths: list[Path], *extra: str) -> list[dict]:
    proc = subprocess.run(  # noqa: S603 (our own ruff, fixed arguments)
        [
            str(RUFF),
            "check",
            "--config",
            str(ROOT / "pyproject.toml"),
            "--no-cache",
            "--output-format",
            "json",
            *extra,
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout or "[]")


def test_executed_samples_pass_ruff(html_build: Build, tmp_path: Path) -> None:
    assert RUFF.exists(), f"{RUFF} is missing: run `make setup`"
    extracts, included = extract_samples(html_build)
    assert extracts or included, "no executed samples found in the doctrees"
    files = {}
    for name, extract in extracts.items():
        path = tmp_path / f"{name}.py"
        path.write_text("\n".join(extract.lines) + "\n", encoding="utf-8")
        files[path.resolve()] = extract
    problems = []
    builtins = f"builtins = {json.dumps(global_setup_names())}"
    for target in {extract.target for extract in files.values()}:
        chosen = [path for path, extract in files.items() if extract.target == target]
        versioned = ("--target-version", target) if target else ()
        for item in run_ruff(chosen, "--ignore", DOCTEST_IGNORES, "--config", builtins, *versioned):
            extract = files[Path(item["filename"]).resolve()]
            source, line = extract.origin[item["location"]["row"] - 1]
            problems.append(f"{source}:{line}: {item['code']} {item['message']}")
    if included:
        for item in run_ruff(sorted(included)):
            where = f"{relative(item['filename'])}:{item['location']['row']}"
            problems.append(f"{where}: {item['code']} {item['message']}")
    print(f"\nruff checked {len(extracts)} doctest group(s) and {len(included)} program(s)")
    assert not problems, "executed samples fail ruff:\n" + "\n".join(sorted(problems))


def test_bad_samples_still_parse(html_build: Build) -> None:
    """Every marked-bad block in the built doctrees parses for its target: the build's own
    check (fieldguide.bad_syntax, one ruff run), with its list of problems as the message."""
    blocks = [
        block for _, doctree in doctrees(html_build) for block in bad_syntax.bad_blocks(doctree)
    ]
    errors = bad_syntax.syntax_errors(blocks, str(RUFF))
    problems = []
    for number, (row, message) in sorted(errors.items()):
        block = blocks[number]
        where = f"{relative(block.source)}:{block.line_of(row)}"
        problems.append(f"{where}: Python {block.target}: {message}")
    print(f"\nmarked-bad samples checked for syntax: {len(blocks)}")
    assert blocks, "no marked-bad samples found in the doctrees"
    assert not problems, "marked-bad samples must still parse:\n" + "\n".join(problems)


def test_chapter_module_names_are_unique() -> None:
    """pytest puts every chapter folder on sys.path, so two ``app.py`` files would shadow each
    other (and two ``test_app.py`` files stop collection): names must be unique in docs/."""
    seen: dict[str, list[str]] = defaultdict(list)
    for module in DOCS.rglob("*.py"):
        if "__pycache__" in module.parts or (module.parent / "__init__.py").exists():
            continue  # modules inside a package are imported by their dotted name
        seen[module.stem].append(module.relative_to(ROOT).as_posix())
    clashes = {name: paths for name, paths in seen.items() if len(paths) > 1}
    assert not clashes, f"module names used twice under docs/: {clashes}"
