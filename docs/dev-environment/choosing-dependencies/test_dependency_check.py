"""Tests for dependency_check.py, the example program of "Choosing dependencies safely".

They feed it the attacks the chapter describes: typosquatted names, and a lock file that
picked up a release uploaded the day before. The lock files are real ones written by uv:
the one committed beside the "Dependencies and lock files" chapter, and one uv writes
here, offline, from a wheel the test builds.
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dependency_check import (
    POPULAR,
    Upload,
    edit_distance,
    lookalikes,
    main,
    newest_uploads,
    normalise,
    too_fresh,
)
from uv_support import find_uv

APPLICATION_LOCK = (
    Path(__file__).parents[1] / "dependencies" / "examples" / "application" / "uv.lock"
)
REVIEWED = datetime(2026, 11, 26, tzinfo=UTC)


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [
        ("requests", "requests", 0),
        ("reqeusts", "requests", 1),  # two neighbours swapped: one edit
        ("requets", "requests", 1),
        ("requestss", "requests", 1),
        ("rekuests", "requests", 1),
        ("reqeust", "requests", 2),
        ("flask", "black", 2),
        ("", "six", 3),
    ],
)
def test_edit_distance(first: str, second: str, distance: int) -> None:
    assert edit_distance(first, second) == distance
    assert edit_distance(second, first) == distance


@pytest.mark.parametrize(
    ("typosquat", "target"),
    [
        ("reqeusts", "requests"),
        ("requets", "requests"),
        ("request", "requests"),
        ("python-dateutils", "python-dateutil"),
        ("pythondateutil", "python-dateutil"),
        ("python3-dateutil", "python-dateutil"),
        ("beautifulsoup", "beautifulsoup4"),
        ("numpyy", "numpy"),
        ("urllib", "urllib3"),
        ("crypt0graphy", "cryptography"),
        ("colourama", "colorama"),
    ],
)
def test_typosquats_are_flagged(typosquat: str, target: str) -> None:
    assert target in lookalikes(typosquat)


@pytest.mark.parametrize(
    "name",
    ["requests", "Requests", "REQUESTS", "python_dateutil", "Typing.Extensions", "flask"],
)
def test_the_real_names_in_any_spelling_pass(name: str) -> None:
    assert normalise(name) in POPULAR
    assert lookalikes(name) == []


@pytest.mark.parametrize("name", ["black", "httpx2", "ruff", "sh", "tox", "humanize", "flake8"])
def test_honest_projects_with_short_names_are_not_flagged(name: str) -> None:
    # one edit separates many short honest names ("tox", "six"...): short names get one
    assert lookalikes(name) == []


@pytest.mark.parametrize(("name", "neighbour"), [("pipx", "pip"), ("scapy", "scipy")])
def test_some_honest_neighbours_are_flagged_too(name: str, neighbour: str) -> None:
    # The chapter says so: a flag is a question for review, not a verdict.
    assert lookalikes(name) == [neighbour]


def test_names_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["names", "flask", "reqeusts"]) == 1
    assert capsys.readouterr().out == "reqeusts: looks like requests: check the spelling\n"
    assert main(["names", "flask", "requests"]) == 0


def test_fresh_uploads_in_a_real_uv_lock() -> None:
    uploads = newest_uploads(APPLICATION_LOCK.read_text(encoding="utf-8"))
    assert len(uploads) == 22  # every package from PyPI, and not the project itself
    recent = too_fresh(uploads, REVIEWED, days=7)
    assert [(u.package, u.version) for u in recent] == [("ruff", "0.17.6"), ("packaging", "26.4")]
    assert too_fresh(uploads, REVIEWED, days=2) == []


def test_fresh_command(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["fresh", str(APPLICATION_LOCK), "--days", "3", "--now", "2026-11-26T00:00Z"])
    assert status == 1
    assert capsys.readouterr().out == (
        "packaging 26.4: uploaded 2026-11-23 21:44 UTC, only 2 days 2 hours old\n"
    )
    assert main(["fresh", str(APPLICATION_LOCK), "--days", "7", "--now", "2026-12-31T00:00Z"]) == 0


def test_fresh_command_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "uv.lock"
    broken.write_text("version = 1\n[[package]\n", encoding="utf-8")
    assert main(["fresh", str(broken)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {broken}: not a valid lock file")
    old = tmp_path / "old.lock"
    old.write_text(
        'version = 1\n[[package]]\nname = "six"\nversion = "1.17.0"\n'
        'source = { registry = "https://pypi.org/simple" }\n'
        'wheels = [{ url = "https://example.invalid/six.whl", hash = "sha256:00" }]\n',
        encoding="utf-8",
    )
    assert main(["fresh", str(old)]) == 2
    assert "six 1.17.0 has no upload times" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["fresh", str(APPLICATION_LOCK), "--now", "2026-11-26T00:00"])  # no time zone


def simple_index(root: Path, name: str, version: str) -> Path:
    """A one-package index in the simple repository format, with a real wheel in it."""
    stem = name.replace("-", "_")  # wheel file names spell a project's hyphens as "_"
    dist_info = f"{stem}-{version}.dist-info"
    files = {
        f"{stem}.py": "VALUE = 1\n",
        f"{dist_info}/METADATA": f"Metadata-Version: 2.4\nName: {name}\nVersion: {version}\n",
        f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    record = [
        f"{path},sha256="
        f"{base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b'=').decode()},"
        f"{len(text.encode())}"
        for path, text in files.items()
    ]
    files[f"{dist_info}/RECORD"] = "\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n"
    project = root / name
    project.mkdir(parents=True)
    wheel = project / f"{stem}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    (project / "index.html").write_text(
        f'<a href="{wheel.name}#sha256={digest}">{wheel.name}</a>\n', encoding="utf-8"
    )
    return root


def test_a_lock_from_an_index_without_upload_times_is_reported(tmp_path: Path) -> None:
    # A private index that does not publish upload times leaves them out of uv.lock, and
    # then neither exclude-newer nor this check can judge a file's age: the check says so.
    index = simple_index(tmp_path / "index", "tiny-helper", "1.0.0")
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "0"\nrequires-python = ">=3.11"\n'
        'dependencies = ["tiny-helper"]\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "VIRTUAL_ENV"))}
    env.update(
        UV_CACHE_DIR=str(tmp_path / "cache"),
        UV_OFFLINE="1",
        UV_NO_CONFIG="1",
        UV_PYTHON=sys.executable,
        UV_PYTHON_DOWNLOADS="never",
    )
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [find_uv(), "lock", "--default-index", index.as_uri()],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lock_text = (project / "uv.lock").read_text(encoding="utf-8")
    assert 'name = "tiny-helper"' in lock_text
    with pytest.raises(ValueError, match="tiny-helper 1.0.0 has no upload times"):
        newest_uploads(lock_text)


def test_uploads_compare_in_utc() -> None:
    upload = Upload("x", "1", datetime(2026, 11, 25, 23, 0, tzinfo=UTC))
    assert too_fresh([upload], datetime.fromisoformat("2026-11-26T01:00+02:00"), days=0) == []
