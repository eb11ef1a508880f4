"""The tooling around the build: set-up scripts fail loudly and helpfully, the lock file
matches pyproject.toml, the project's own code is ruff-clean, and `make serve` serves."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from conftest import ROOT, RUFF, free_port
from uv_support import find_uv, offline_uv_environment

SCRIPTS = ROOT / "scripts"
SERVE_BUILD = "_build/test/serve"


def test_provide_python_rejects_a_malformed_version() -> None:
    proc = subprocess.run([SCRIPTS / "provide-python", "three"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "'three' is not a version like 3.14" in proc.stderr
    assert proc.stdout == ""


def test_provide_python_never_falls_back_to_another_version(tmp_path: Path) -> None:
    """Asked for a Python that exists nowhere, it fails naming it instead of using another."""
    env = {**os.environ, "GUIDE_PYTHON_CACHE": str(tmp_path), "UV": "/nonexistent"}
    proc = subprocess.run(
        [SCRIPTS / "provide-python", "3.99"], capture_output=True, text=True, env=env, timeout=300
    )
    assert proc.returncode == 1, proc.stderr
    assert "python3.99" in proc.stderr
    assert proc.stdout == "", "printed an interpreter path although it failed"


def test_provided_interpreter_is_exactly_the_version_asked_for() -> None:
    proc = subprocess.run(
        [SCRIPTS / "provide-python", "3.14"], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    interpreter = proc.stdout.strip()
    version = subprocess.run(
        [interpreter, "-c", "import sys, ssl, sqlite3; print(*sys.version_info[:2], sep='.')"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert version == "3.14"


def test_system_deps_as_a_user_names_the_missing_packages() -> None:
    """Without the tools on PATH and without root, it prints the apt-get line and stops."""
    bin_dir = Path(tempfile.mkdtemp(prefix="sysdeps-"))
    bin_dir.chmod(0o755)  # readable by the unprivileged user below
    for tool in ("bash", "cat"):
        (bin_dir / tool).symlink_to(shutil.which(tool) or f"/usr/bin/{tool}")
    # A copy the unprivileged user can read wherever the checkout lives.
    script = bin_dir / "system-deps"
    shutil.copy(SCRIPTS / "system-deps", script)
    script.chmod(0o755)
    # As root, drop to nobody: the script must not try apt-get for a normal user.
    as_user = (
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    )
    if as_user:
        as_user[0] = shutil.which("setpriv") or "/usr/bin/setpriv"
    try:
        proc = subprocess.run(
            [*as_user, str(bin_dir / "bash"), str(script), "pdf"],
            capture_output=True,
            text=True,
            env={"PATH": str(bin_dir)},
            timeout=60,
        )
    finally:
        shutil.rmtree(bin_dir)
    assert proc.returncode == 1
    assert "Missing Debian packages:" in proc.stderr
    for package in ("texlive-xetex", "latexmk", "xindy", "poppler-utils"):
        assert package in proc.stderr
    assert "sudo apt-get install -y --no-install-recommends" in proc.stderr


def test_system_deps_rejects_an_unknown_group() -> None:
    proc = subprocess.run([SCRIPTS / "system-deps", "nonsense"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "unknown group 'nonsense'" in proc.stderr


def test_lock_file_matches_pyproject(tmp_path: Path) -> None:
    """uv.lock is up to date with pyproject.toml (checked offline, with an empty cache)."""
    proc = subprocess.run(
        [find_uv(), "lock", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=offline_uv_environment(tmp_path / "uv-cache"),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lock = (ROOT / "uv.lock").read_text()
    assert lock.count("hash = ") > 100, "uv.lock should pin every artefact by hash"


def test_project_code_passes_ruff() -> None:
    """conf.py, _ext/, latex/, tests/ and the chapters' programs: lint and format clean."""
    lint = subprocess.run([RUFF, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = subprocess.run([RUFF, "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_make_serve_serves_the_site_with_live_reload() -> None:
    """`make serve` starts sphinx-autobuild on 127.0.0.1 and injects its reload script."""
    port = free_port()
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"SERVE_PORT={port}", f"BUILDDIR={SERVE_BUILD}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # so that make and sphinx-autobuild stop together
    )
    try:
        deadline = time.monotonic() + 120
        page = ""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/index.html"
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert page, f"nothing served on port {port}; make serve said:\n{_drain(server)}"
        assert "<title>The Python Field Guide" in page
        assert f"ws://127.0.0.1:{port}/websocket-reload" in page
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(ROOT / SERVE_BUILD, ignore_errors=True)


def _drain(process: subprocess.Popen[str]) -> str:
    os.killpg(process.pid, signal.SIGTERM)
    out, _ = process.communicate(timeout=30)
    return out[-3000:]


def test_readme_lists_every_debian_package_system_deps_installs() -> None:
    """The README's table of what `make test` installs stays true to scripts/system-deps."""
    script = (SCRIPTS / "system-deps").read_text(encoding="utf-8")
    checks, _, rest = script.partition("declare -A groups=(")
    group_block = rest.partition("\n)")[0]
    checked = set(re.findall(r"^  \[([a-z0-9+.-]+)\]=", checks, re.M))
    groups = dict(re.findall(r'^  \[([a-z]+)\]="([^"]*)"$', group_block, re.M))
    assert len(groups) >= 9, f"scripts/system-deps: read only {sorted(groups)}"
    grouped = {pkg for pkgs in groups.values() for pkg in pkgs.split()}
    assert grouped <= checked, f"grouped without a check: {sorted(grouped - checked)}"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| ([a-z]+) \| ([^|]+) \|", readme, re.M))
    for group, pkgs in groups.items():
        assert group in rows, f"README.md: no row for system-deps group '{group}'"
        listed = {p.strip() for p in rows[group].split(",")}
        assert listed == set(pkgs.split()), f"README.md, group {group}: {sorted(listed)} != {pkgs}"
