"""The Nu HTML validator (vnu-jar, pinned in package.json) finds 0 errors on every
page of the site, checked in one java run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(pages: list[Path], base: Path) -> list[str]:
    """Every error vnu reports on ``pages`` as 'file:line: message'."""
    assert VNU.is_file(), f"{VNU} is missing: run `make setup-test` (npm ci)"
    proc = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        report = json.loads(proc.stderr or proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"vnu gave no JSON report (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    errors = []
    for message in report["messages"]:
        if message["type"] not in {"error", "non-document-error"}:
            continue
        url = message.get("url", "")
        name = url.removeprefix("file:")
        try:
            name = str(Path(name).relative_to(base))
        except ValueError:
            pass
        errors.append(f"{name}:{message.get('lastLine', '?')}: {message['message']}")
    return errors


def test_every_page_is_valid_html(site_dir: Path) -> None:
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) >= 5, f"only {len(pages)} pages in {site_dir}"
    errors = vnu_errors(pages, site_dir)
    assert not errors, f"{len(errors)} Nu validator errors:\n" + "\n".join(errors)


def test_validator_reports_errors(tmp_path: Path) -> None:
    """The check above can fail: an invalid page gives an error with file and line."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html>\n<html lang=en><head><title>x</title></head>\n"
        "<body><main><p><div>block in a paragraph</div></p></main></body></html>\n",
        encoding="utf-8",
    )
    errors = vnu_errors([page], tmp_path)
    assert errors and all(error.startswith("bad.html:") for error in errors), errors
