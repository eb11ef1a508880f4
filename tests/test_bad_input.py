"""Bad input fails the build with a message naming the file and the line.

tests/fixtures/bad-input/ holds one page per kind of bad input (cases/*.rst) and a conf.py
that is the guide's real conf.py with only its paths re-anchored, so the guards under test
are the ones the guide uses. Each case is built alone: a fresh project holding an index page
and that one case page, so every failure is attributable to its case. A correct control page
must build cleanly with the same machinery (otherwise the failures could have another cause).

The projects are made under _build/test/bad-input/ (ignored by git, one unique folder per
build, so xdist workers never share one): inside the repository, sphinx-last-updated-by-git
finds a git work tree, as it does for the real docs.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURE_CONF, ROOT, one_page_project, run_sphinx

CASES = FIXTURE_CONF / "cases"
WORK = ROOT / "_build" / "test" / "bad-input"


@dataclass(frozen=True)
class Case:
    name: str
    builder: str  # the builder that must fail
    message: str  # regex the failure message must match
    marker: str  # text on the line the message must name
    in_toctree: bool = True


CASES_TABLE = [
    Case("broken-ref", "html", r"undefined label: 'no-such-section'", ":ref:`no-such-section`"),
    Case("failing-doctest", "doctest", r"Failed example:\s+2 \+ 2", ">>> 2 + 2"),
    Case("malformed", "html", r"Bullet list ends without a blank line", "and carries on"),
    Case(
        "missing-image",
        "html",
        r"image file not readable: .*no-such-diagram\.png",
        ".. image:: no-such-diagram.png",
    ),
    Case(
        "orphan",
        "html",
        r"document isn't included in any toctree",
        ":reviewed-on:",
        in_toctree=False,
    ),
    Case(
        "external-script",
        "html",
        r"loads <script src='https://cdn\.example\.com/x\.js'> from "
        r"another origin",
        '<script src="https://cdn.example.com/x.js">',
    ),
    Case(
        "bad-example-syntax", "html", r"bad example does not parse as Python 3\.11", "def add(item:"
    ),
    Case(
        "no-reviewed-on",
        "html",
        r"code samples but no ':reviewed-on: YYYY-MM-DD' field",
        ">>> 1 + 1",
    ),
    Case("future-review", "html", r":reviewed-on: 2999-01-01 is in the future", ":reviewed-on:"),
    Case("card-no-status", "html", r"recommendation 'uv': add :status:", ".. recommendation::"),
    Case(
        "card-legacy-no-instead",
        "html",
        r"recommendation 'pipenv' is legacy: say what to use instead",
        ".. recommendation::",
    ),
    Case(
        "card-long-reason",
        "html",
        r"recommendation 'ruff': the reason must be one short paragraph",
        ".. recommendation::",
    ),
    Case(
        "card-bad-date",
        "html",
        r"recommendation 'pytest': :reviewed-on: must be an ISO date",
        ".. recommendation::",
    ),
    Case(
        "card-contradiction",
        "html",
        r"recommendation 'poetry' is legacy here but acceptable in .*card-contradiction\.rst "
        r"\(line 4\): chapters must agree",
        ".. recommendation:: poetry",
    ),
]


def make_project(case: str, *, in_toctree: bool = True) -> Path:
    """A one-case project: index.rst plus the case page, in a folder of its own."""
    page = (CASES / f"{case}.rst").read_bytes()
    return one_page_project(WORK, case, page, in_toctree=in_toctree)


def line_of(case: str, marker: str) -> int:
    lines = (CASES / f"{case}.rst").read_text(encoding="utf-8").splitlines()
    matches = [number for number, line in enumerate(lines, 1) if marker in line]
    assert len(matches) == 1, f"marker {marker!r} must be on exactly one line of {case}.rst"
    return matches[0]


def build(case: str, builder: str, *, in_toctree: bool = True) -> tuple[int, str, Path]:
    project = make_project(case, in_toctree=in_toctree)
    code, log = run_sphinx(
        builder, project / "out", srcdir=project / "src", confdir=FIXTURE_CONF, timeout=300
    )
    return code, log, project


def test_every_case_file_is_tested() -> None:
    on_disk = {path.stem for path in CASES.glob("*.rst")}
    assert on_disk == {case.name for case in CASES_TABLE} | {"control"}


@pytest.mark.parametrize("builder", ["html", "doctest"])
def test_control_page_builds_cleanly(builder: str) -> None:
    code, log, project = build("control", builder)
    assert code == 0, log[-4000:]
    assert "WARNING" not in log and "ERROR" not in log, log[-4000:]
    if builder == "html":
        page = (project / "out" / "html" / "control.html").read_text(encoding="utf-8")
        assert 'class="example example-bad' in page and 'class="example example-good' in page
        assert "sample-run" in page and "sample-bad" in page
        assert "Needs Python 3.99 or newer" in page  # the :skipif: note
        # Cards: status in words, the overview table linking each card, and the stale
        # (2025-01-15) card reported as information, not as a warning.
        assert 'id="recommendation-uv"' in page and 'id="recommendation-pip-tools"' in page
        assert "Use instead:" in page and "Reviewed on 2025-01-15" in page
        assert 'href="#recommendation-pip-tools"' in page
        assert re.search(r"recommendation 'pip-tools' was last reviewed on 2025-01-15", log)
    else:
        summary = (project / "out" / "doctest" / "output.txt").read_text(encoding="utf-8")
        assert re.search(r"^\s*[1-9]\d* tests?\b", summary, re.M), summary
        assert re.search(r"^\s*0 failures in tests", summary, re.M), summary
    shutil.rmtree(project, ignore_errors=True)


@pytest.mark.parametrize("case", CASES_TABLE, ids=lambda case: case.name)
def test_bad_input_fails_with_file_and_line(case: Case) -> None:
    code, log, project = build(case.name, case.builder, in_toctree=case.in_toctree)
    assert code != 0, f"the {case.builder} build of {case.name}.rst passed:\n{log[-4000:]}"
    if case.builder == "doctest":
        # The doctest report is in output.txt; the build log names the file too.
        report = (project / "out" / "doctest" / "output.txt").read_text(encoding="utf-8")
        log = log + "\n" + report
        where = rf'File "[^"]*{re.escape(case.name)}\.rst", line {line_of(case.name, case.marker)}'
    else:
        where = rf"{re.escape(case.name)}\.rst:{line_of(case.name, case.marker)}: (WARNING|ERROR)"
    assert re.search(where, log), f"no message naming {case.name}.rst and its line:\n{log[-4000:]}"
    assert re.search(case.message, log), f"expected /{case.message}/ in:\n{log[-4000:]}"
    shutil.rmtree(project, ignore_errors=True)


def test_script_from_another_origin_in_config_fails() -> None:
    """html_js_files (like app.add_js_file) naming another origin: conf.py file and line."""
    confdir = FIXTURE_CONF / "external-js-conf"
    project = make_project("control")
    code, log = run_sphinx(
        "html", project / "out", srcdir=project / "src", confdir=confdir, timeout=300
    )
    assert code != 0, f"a build loading https://cdn.example.com/y.js passed:\n{log[-4000:]}"
    lines = (confdir / "conf.py").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "https://cdn.example.com/y.js" in text)
    where = rf"external-js-conf/conf\.py:{line}: WARNING: a script or stylesheet is loaded from "
    assert re.search(where + r"another origin: https://cdn\.example\.com/y\.js", log), log[-4000:]
    shutil.rmtree(project, ignore_errors=True)
