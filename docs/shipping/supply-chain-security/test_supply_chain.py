"""Tests for "Supply-chain security": the real pip-audit and uv audit against a local
advisory mirror (supply_advisory_mirror.py), hash checking by uv and pip, a cooldown,
SBOMs from uv and cyclonedx-py, and the Dependabot configuration against its schema.

Nothing here reaches the network: the package is a wheel the tests build, in a folder
under tmp_path; the advisory is a fixture in the OSV format, served on 127.0.0.1.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import select
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from server_support import serving_in_a_thread
from supply_advisory_mirror import make_server, normalise
from uv_support import ROOT, find_uv, offline_uv_environment

HERE = Path(__file__).parent
PROJECT = "fieldguide-tinyparse"
VULNERABLE, FIXED = "1.0.0", "1.0.1"
ADVISORY_ID = "PYSEC-2026-9001"
TIMEOUT = 60

ADVISORY = {
    "schema_version": "1.6.0",
    "id": ADVISORY_ID,
    "modified": "2026-11-20T10:00:00Z",
    "published": "2026-11-20T10:00:00Z",
    "summary": "tinyparse reads past the end of a crafted header (test fixture)",
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": PROJECT},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": FIXED}]}],
            "versions": ["0.9.0", VULNERABLE],
        }
    ],
}
WITHDRAWN = {
    **ADVISORY,
    "id": "PYSEC-2026-9002",
    "withdrawn": "2026-11-21T00:00:00Z",
    "affected": [{**ADVISORY["affected"][0], "versions": [FIXED]}],
}


def record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode()


def build_wheel(folder: Path, version: str, code: str = "VERSION = {version!r}\n") -> Path:
    """A minimal, valid pure-Python wheel of PROJECT, written by hand."""
    dist_info = f"fieldguide_tinyparse-{version}.dist-info"
    files = {
        "fieldguide_tinyparse/__init__.py": code.format(version=version),
        f"{dist_info}/METADATA": (
            f"Metadata-Version: 2.4\nName: {PROJECT}\nVersion: {version}\nRequires-Python: >=3.11\n"
        ),
        f"{dist_info}/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: field-guide-test\nRoot-Is-Purelib: true\n"
            "Tag: py3-none-any\n"
        ),
    }
    record = "".join(
        f"{name},{record_hash(text.encode())},{len(text.encode())}\n"
        for name, text in files.items()
    )
    files[f"{dist_info}/RECORD"] = record + f"{dist_info}/RECORD,,\n"
    wheel = folder / f"fieldguide_tinyparse-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return wheel


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("supply-wheels")
    for version in (VULNERABLE, FIXED):
        build_wheel(folder, version)
    return folder


@pytest.fixture(scope="session")
def advisory_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mirror, serving the fixture advisories on a free port of 127.0.0.1."""
    advisories = tmp_path_factory.mktemp("supply-advisories")
    for advisory in (ADVISORY, WITHDRAWN):
        (advisories / f"{advisory['id']}.json").write_text(json.dumps(advisory))
    with serving_in_a_thread(make_server(advisories)) as address:
        yield f"http://{address}/v1"


def uv_env(tmp_path: Path, wheelhouse: Path) -> dict[str, str]:
    """uv offline with only the test's wheels: no index, no cache, no configuration."""
    env = offline_uv_environment(tmp_path / "uv-cache")
    env["UV_FIND_LINKS"] = str(wheelhouse)
    return env


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None):
    return subprocess.run(  # noqa: S603 (fixed tools, arguments the test writes)
        command, capture_output=True, text=True, timeout=TIMEOUT, env=env, cwd=cwd
    )


def pip_env() -> dict[str, str]:
    """pip with no configuration file and no PIP_* settings from the machine or the user
    (a configured --find-links would add packages the test did not put there)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INPUT="1")
    return env


def pip_audit(requirements: Path, advisory_url: str, cache: Path):
    return run(
        [
            sys.executable, "-m", "pip_audit",
            "--requirement", str(requirements),
            "--disable-pip", "--require-hashes", "--strict",
            "--vulnerability-service", "osv",
            "--osv-url", f"{advisory_url}/query",
            "--cache-dir", str(cache),
            "--progress-spinner", "off",
        ],
        env=pip_env(),
    )  # fmt: skip


def hashed_requirement(wheelhouse: Path, version: str) -> str:
    wheel = wheelhouse / f"fieldguide_tinyparse-{version}-py3-none-any.whl"
    return f"{PROJECT}=={version} --hash=sha256:{sha256(wheel)}\n"


# The mirror itself ------------------------------------------------------------------


def test_mirror_answers_the_osv_calls(advisory_url: str) -> None:
    def post(call: str, payload: dict) -> dict:
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1, the test's server)
            f"{advisory_url}/{call}", data=json.dumps(payload).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.load(response)

    package = {"name": "FieldGuide_TinyParse", "ecosystem": "PyPI"}
    found = post("query", {"package": package, "version": VULNERABLE})
    assert [vuln["id"] for vuln in found["vulns"]] == [ADVISORY_ID]
    # The fixed version is clean, and a withdrawn advisory listing it is ignored.
    assert post("query", {"package": package, "version": FIXED}) == {}
    batch = post(
        "querybatch",
        {"queries": [{"package": package, "version": v} for v in (VULNERABLE, FIXED)]},
    )
    assert batch["results"] == [
        {"vulns": [{"id": ADVISORY_ID, "modified": ADVISORY["modified"]}]},
        {},
    ]
    with urllib.request.urlopen(f"{advisory_url}/vulns/{ADVISORY_ID}", timeout=10) as r:  # noqa: S310
        assert json.load(r)["summary"] == ADVISORY["summary"]
    assert normalise("Foo_Bar.baz") == "foo-bar-baz"


def test_mirror_refuses_malformed_and_oversized_queries(advisory_url: str) -> None:
    def status(call: str, data: bytes, length: int | None = None) -> int:
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1, the test's server)
            f"{advisory_url}/{call}", data=data, method="POST"
        )
        if length is not None:
            request.add_unredirected_header("Content-Length", str(length))
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    assert status("query", b"not json") == 400
    assert status("query", json.dumps({"version": VULNERABLE}).encode()) == 400
    assert status("querybatch", json.dumps({"queries": [{"package": {}}]}).encode()) == 400
    assert status("query", b"{}", length=10_000_000) == 413  # refused before reading
    assert status("delete-everything", b"{}") == 404


def test_mirror_drops_a_client_that_never_sends_its_body(tmp_path: Path) -> None:
    """A slow client: it announces 100 bytes, sends 2 and waits. The mirror gives up on it
    after its timeout (1 s here), closes the connection and keeps serving others."""
    (tmp_path / f"{ADVISORY_ID}.json").write_text(json.dumps(ADVISORY))
    server = make_server(tmp_path, timeout=1)
    host, port = server.server_address[:2]
    with serving_in_a_thread(server):
        with socket.create_connection((host, port), timeout=10) as client:
            client.sendall(
                b"POST /v1/query HTTP/1.1\r\nHost: mirror\r\nContent-Length: 100\r\n\r\n{}"
            )
            started = time.monotonic()
            # Raises TimeoutError after 10 s if the mirror waits for ever (no timeout).
            assert client.recv(1024) == b"", "the mirror answered a body it never received"
            assert time.monotonic() - started < 8
        with socket.create_connection((host, port), timeout=10) as client:
            client.sendall(b"GET /v1/vulns/" + ADVISORY_ID.encode() + b" HTTP/1.0\r\n\r\n")
            assert client.recv(1024).startswith(b"HTTP/1.0 200 ")


def test_mirror_reads_an_osv_zip_from_the_command_line(tmp_path: Path) -> None:
    export = tmp_path / "PyPI-all.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr(f"{ADVISORY_ID}.json", json.dumps(ADVISORY))
    mirror = subprocess.Popen(  # noqa: S603 (this chapter's sample, fixed arguments)
        [sys.executable, str(HERE / "supply_advisory_mirror.py"), str(export), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert mirror.stdout is not None
        ready, _, _ = select.select([mirror.stdout], [], [], 20)
        assert ready, "the mirror printed nothing within 20 s"
        banner = mirror.stdout.readline()  # printed once the socket is listening
        url = banner.split(" at ")[1].strip()
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1, the test's server)
            f"{url}/query",
            data=json.dumps({"package": {"name": PROJECT}, "version": VULNERABLE}).encode(),
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert json.load(response)["vulns"][0]["id"] == ADVISORY_ID
    finally:
        mirror.terminate()
        mirror.wait(timeout=10)


# pip-audit and uv audit, the real tools -----------------------------------------------


def test_pip_audit_reports_the_vulnerable_pin(
    tmp_path: Path, wheelhouse: Path, advisory_url: str
) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(hashed_requirement(wheelhouse, VULNERABLE))
    result = pip_audit(requirements, advisory_url, tmp_path / "audit-cache")
    assert result.returncode == 1, result.stdout + result.stderr
    assert ADVISORY_ID in result.stdout
    assert f"{PROJECT} {VULNERABLE}" in result.stdout
    assert FIXED in result.stdout  # the fix version, read from the advisory's range


def test_pip_audit_passes_the_fixed_pin(
    tmp_path: Path, wheelhouse: Path, advisory_url: str
) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(hashed_requirement(wheelhouse, FIXED))
    result = pip_audit(requirements, advisory_url, tmp_path / "audit-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No known vulnerabilities found" in result.stderr + result.stdout
    assert ADVISORY_ID not in result.stdout


def lock_project(tmp_path: Path, wheelhouse: Path, version: str) -> tuple[Path, dict]:
    project = tmp_path / "app"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        "[project]\n"
        'name = "app"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
        f'dependencies = ["{PROJECT}=={version}"]\n'
        "[tool.uv]\npackage = false\n"
    )
    env = uv_env(tmp_path, wheelhouse)
    locked = run([find_uv(), "lock", "--python", sys.executable], env=env, cwd=project)
    assert locked.returncode == 0, locked.stderr
    return project, env


def uv_audit(project: Path, env: dict[str, str], advisory_url: str):
    # uv refuses to audit in offline mode, even against 127.0.0.1; nothing else is
    # reachable, because the only URL it is given is the local mirror.
    audit_env = {key: value for key, value in env.items() if key != "UV_OFFLINE"}
    return run(
        [find_uv(), "audit", "--frozen", "--preview-features", "audit-command",
         "--service-url", advisory_url],
        env=audit_env,
        cwd=project,
    )  # fmt: skip


def test_uv_audit_reports_the_vulnerable_lock(
    tmp_path: Path, wheelhouse: Path, advisory_url: str
) -> None:
    project, env = lock_project(tmp_path, wheelhouse, VULNERABLE)
    result = uv_audit(project, env, advisory_url)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ADVISORY_ID in result.stdout
    assert PROJECT in result.stdout


def test_uv_audit_passes_the_fixed_lock(
    tmp_path: Path, wheelhouse: Path, advisory_url: str
) -> None:
    project, env = lock_project(tmp_path, wheelhouse, FIXED)
    result = uv_audit(project, env, advisory_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Found no known vulnerabilities" in result.stdout + result.stderr


def test_uv_audit_refuses_offline_mode(tmp_path: Path, wheelhouse: Path, advisory_url: str) -> None:
    project, env = lock_project(tmp_path, wheelhouse, FIXED)
    result = run(
        [find_uv(), "audit", "--frozen", "--service-url", advisory_url], env=env, cwd=project
    )
    assert result.returncode == 2
    assert "cannot be performed in offline mode" in result.stderr


# Hashes: a file that is not the one you locked is refused ---------------------------------


@pytest.fixture
def tampered_wheelhouse(tmp_path: Path, wheelhouse: Path) -> tuple[Path, str]:
    """A folder with a wheel of the same name and version as the locked one, but other
    code in it (a swapped file on a mirror), and the requirement with the ORIGINAL hash."""
    requirement = hashed_requirement(wheelhouse, VULNERABLE)
    folder = tmp_path / "mirror"
    folder.mkdir()
    build_wheel(folder, VULNERABLE, code="import os  # a payload would go here\n")
    return folder, requirement


def test_uv_pip_refuses_a_swapped_wheel(
    tmp_path: Path, wheelhouse: Path, tampered_wheelhouse: tuple[Path, str]
) -> None:
    folder, requirement = tampered_wheelhouse
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(requirement)
    env = uv_env(tmp_path, folder)
    uv = find_uv()
    assert (
        run([uv, "venv", "--python", sys.executable, str(tmp_path / "venv")], env).returncode == 0
    )
    env["VIRTUAL_ENV"] = str(tmp_path / "venv")
    install = [uv, "pip", "install", "--require-hashes", "-r", str(requirements)]
    refused = run(install, env=env)
    assert refused.returncode != 0
    assert "Hash mismatch" in refused.stderr
    assert sha256(folder / f"fieldguide_tinyparse-{VULNERABLE}-py3-none-any.whl") in refused.stderr
    # The same command with the genuine wheel installs it.
    env["UV_FIND_LINKS"] = str(wheelhouse)
    accepted = run(install, env=env)
    assert accepted.returncode == 0, accepted.stderr


def test_uv_pip_refuses_a_requirement_without_a_hash(tmp_path: Path, wheelhouse: Path) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(f"{PROJECT}=={FIXED}\n")
    env = uv_env(tmp_path, wheelhouse)
    uv = find_uv()
    assert (
        run([uv, "venv", "--python", sys.executable, str(tmp_path / "venv")], env).returncode == 0
    )
    env["VIRTUAL_ENV"] = str(tmp_path / "venv")
    refused = run([uv, "pip", "install", "--require-hashes", "-r", str(requirements)], env=env)
    assert refused.returncode != 0
    assert "hash" in refused.stderr.lower()


def test_pip_refuses_a_swapped_wheel(tmp_path: Path, tampered_wheelhouse: tuple[Path, str]) -> None:
    folder, requirement = tampered_wheelhouse
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(requirement)
    result = run(
        [
            sys.executable, "-m", "pip", "install", "--require-hashes", "--no-deps",
            "--no-index", "--find-links", str(folder), "--target", str(tmp_path / "target"),
            "--disable-pip-version-check", "--no-cache-dir", "-r", str(requirements),
        ],
        env=pip_env(),
    )  # fmt: skip
    assert result.returncode != 0
    assert "THESE PACKAGES DO NOT MATCH THE HASHES" in result.stderr
    assert (
        f"Got        {sha256(folder / f'fieldguide_tinyparse-{VULNERABLE}-py3-none-any.whl')}"
        in result.stderr
    )
    assert not (tmp_path / "target" / "fieldguide_tinyparse").exists()


# A cooldown: a release younger than the waiting period is not taken --------------------


@pytest.fixture(scope="session")
def index_url(wheelhouse: Path) -> Iterator[str]:
    """A package index (the JSON simple API, with upload times) on 127.0.0.1, serving the
    test's wheels: the vulnerable one uploaded 30 days ago, its fix 2 days ago."""
    now = datetime.now(UTC)
    uploaded = {VULNERABLE: now - timedelta(days=30), FIXED: now - timedelta(days=2)}

    class SimpleIndex(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.rstrip("/") == f"/simple/{PROJECT}":
                page = {
                    "meta": {"api-version": "1.1"},
                    "name": PROJECT,
                    "versions": list(uploaded),
                    "files": [
                        {
                            "filename": wheel.name,
                            "url": f"/files/{wheel.name}",
                            "hashes": {"sha256": sha256(wheel)},
                            "requires-python": ">=3.11",
                            "upload-time": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                        }
                        for version, when in uploaded.items()
                        for wheel in [
                            wheelhouse / f"fieldguide_tinyparse-{version}-py3-none-any.whl"
                        ]
                    ],
                }
                self.reply(json.dumps(page).encode(), "application/vnd.pypi.simple.v1+json")
            elif self.path.startswith("/files/") and (wheelhouse / self.path[7:]).is_file():
                self.reply((wheelhouse / self.path[7:]).read_bytes(), "application/octet-stream")
            else:
                self.send_error(404)

        def do_HEAD(self) -> None:
            self.send_error(405)  # uv asks for range support first; this index has none

        def reply(self, data: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:  # keep pytest's output quiet
            pass

    with serving_in_a_thread(ThreadingHTTPServer(("127.0.0.1", 0), SimpleIndex)) as address:
        yield f"http://{address}/simple"


def uv_index_env(tmp_path: Path, index_url: str) -> dict[str, str]:
    env = offline_uv_environment(tmp_path / "uv-cache")
    # The project's [tool.uv] table must count, so configuration files are read again
    # (UV_NO_CONFIG would ignore pyproject.toml's too), but none from the user's home.
    for key in ("UV_OFFLINE", "UV_NO_INDEX", "UV_FIND_LINKS", "UV_NO_CONFIG"):
        env.pop(key)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "no-user-config")
    env["UV_DEFAULT_INDEX"] = index_url  # the only index: the test's, on 127.0.0.1
    return env


def test_exclude_newer_waits_out_a_new_release(
    tmp_path: Path, wheelhouse: Path, index_url: str
) -> None:
    project = tmp_path / "app"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
        f'dependencies = ["{PROJECT}"]\n'
        '[tool.uv]\npackage = false\nexclude-newer = "7 days"\n'
    )
    env = uv_index_env(tmp_path, index_url)
    locked = run([find_uv(), "lock", "--python", sys.executable], env=env, cwd=project)
    assert locked.returncode == 0, locked.stderr
    lock = (project / "uv.lock").read_text()
    assert f'version = "{VULNERABLE}"' in lock  # the 2-day-old release is held back
    assert f'version = "{FIXED}"' not in lock
    assert 'exclude-newer-span = "P7D"' in lock  # the lock remembers the rule, not a date
    # The locked file carries its hash, taken from the index.
    wheel = wheelhouse / f"fieldguide_tinyparse-{VULNERABLE}-py3-none-any.whl"
    assert f'hash = "sha256:{sha256(wheel)}"' in lock

    # With no cooldown, upgrading the lock takes the new release.
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('exclude-newer = "7 days"\n', ""))
    relocked = run(
        [find_uv(), "lock", "--upgrade", "--python", sys.executable], env=env, cwd=project
    )
    assert relocked.returncode == 0, relocked.stderr
    assert f'version = "{FIXED}"' in (project / "uv.lock").read_text()


def test_pip_uploaded_prior_to_waits_out_a_new_release(tmp_path: Path, index_url: str) -> None:
    def download(*cooldown: str) -> list[str]:
        dest = tmp_path / f"dest{len(cooldown)}"
        result = run(
            [
                sys.executable, "-m", "pip", "download", "--no-deps", "--no-cache-dir",
                "--disable-pip-version-check", "--index-url", index_url,
                *cooldown, "--dest", str(dest), PROJECT,
            ],
            env=pip_env(),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return sorted(path.name for path in dest.iterdir())

    assert download("--uploaded-prior-to", "P7D") == [
        f"fieldguide_tinyparse-{VULNERABLE}-py3-none-any.whl"
    ]
    assert download() == [f"fieldguide_tinyparse-{FIXED}-py3-none-any.whl"]


# SBOMs ----------------------------------------------------------------------------------


def test_uv_exports_a_cyclonedx_sbom_of_the_lock(tmp_path: Path, wheelhouse: Path) -> None:
    project, env = lock_project(tmp_path, wheelhouse, VULNERABLE)
    result = run(
        [find_uv(), "export", "--frozen", "--format", "cyclonedx1.5",
         "--preview-features", "sbom-export", "--output-file", "sbom.cdx.json"],
        env=env,
        cwd=project,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    sbom = json.loads((project / "sbom.cdx.json").read_text())
    assert (sbom["bomFormat"], sbom["specVersion"]) == ("CycloneDX", "1.5")
    purls = [component.get("purl") for component in sbom["components"]]
    assert f"pkg:pypi/{PROJECT}@{VULNERABLE}" in purls
    assert sbom["metadata"]["component"]["name"] == "app"


def test_cyclonedx_py_describes_a_requirements_file(tmp_path: Path, wheelhouse: Path) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(hashed_requirement(wheelhouse, FIXED))
    output = tmp_path / "sbom.cdx.json"
    result = run(
        [sys.executable, "-m", "cyclonedx_py", "requirements", str(requirements),
         "--output-format", "JSON", "--output-file", str(output)]
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    sbom = json.loads(output.read_text())
    (component,) = sbom["components"]
    assert component["purl"] == f"pkg:pypi/{PROJECT}@{FIXED}"
    # The pinned hash travels into the SBOM, so the file can be checked against it later.
    wheel = wheelhouse / f"fieldguide_tinyparse-{FIXED}-py3-none-any.whl"
    hashes = [
        h["content"] for ref in component["externalReferences"] for h in ref.get("hashes", [])
    ]
    assert sha256(wheel) in hashes


# Dependabot -------------------------------------------------------------------------------


def check_jsonschema() -> str:
    tool = ROOT / ".venv" / "bin" / "check-jsonschema"
    if not tool.is_file():
        pytest.fail(f"no check-jsonschema at {tool}: run `make setup-test` (lint group)")
    return str(tool)


@pytest.mark.once
def test_dependabot_configuration_matches_its_schema(tmp_path: Path) -> None:
    # A copy with a misspelt key, which GitHub would reject only after the push, is
    # checked in the same run: the check passes the real file and catches the typo.
    typo = tmp_path / "dependabot.yml"
    typo.write_text((HERE / "dependabot.yml").read_text().replace("default-days", "default-day"))
    real = HERE / "dependabot.yml"
    result = run(
        [check_jsonschema(), "--builtin-schema", "vendor.dependabot", str(real), str(typo)]
    )
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if "::" in line]
    assert errors, result.stdout + result.stderr
    assert all(line.strip().startswith(f"{typo}::") for line in errors), errors
    assert "'default-day' was unexpected" in result.stdout
