"""The chapter's private-index setup against real package indexes on 127.0.0.1.

Two PEP 503 "simple" indexes are written to tmp_path and served by http.server:

* the company's index, behind HTTP basic auth, with ``acme-auth`` 1.2.0;
* a "public" index standing in for PyPI, where an attacker has uploaded ``acme-auth``
  99.0.0, a higher version under the same name: the dependency confusion attack.

The wheels are built here, with a module that says where it came from. uv (the locked
version) resolves example/pyproject.toml with its company index pointed at the local one,
an empty cache and no other index, so nothing reaches the real network. The last tests
feed the attack to pip's way of merging indexes and show that it takes the attacker's
package: the defence is the configuration, not luck.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from server_support import serving_in_a_thread
from uv_support import find_uv

EXAMPLE = Path(__file__).parent / "example" / "pyproject.toml"
COMPANY_URL_IN_EXAMPLE = "https://pypi.acme.example/simple/"
USERNAME, PASSWORD = "ci-bot", "example-token"
AMBIENT_NETWORK_VARIABLES = {
    "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR", "NETRC",
}  # fmt: skip


def build_wheel(folder: Path, name: str, version: str, origin: str) -> Path:
    """A minimal pure-Python wheel whose module records ``origin``."""
    module = name.replace("-", "_")
    dist_info = f"{module}-{version}.dist-info"
    files = {
        f"{module}/__init__.py": f'ORIGIN = "{origin}"\n',
        f"{dist_info}/METADATA": (f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"),
        f"{dist_info}/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: test_private_index\n"
            "Root-Is-Purelib: true\nTag: py3-none-any\n"
        ),
    }
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for path, text in files.items():
        digest = hashlib.sha256(text.encode()).digest()
        encoded = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        writer.writerow([path, f"sha256={encoded}", len(text.encode())])
    writer.writerow([f"{dist_info}/RECORD", "", ""])
    files[f"{dist_info}/RECORD"] = record.getvalue()
    wheel = folder / f"{module}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return wheel


def write_simple_index(root: Path, name: str, version: str, origin: str) -> None:
    """``root/simple/<name>/`` with one wheel and the PEP 503 page that links to it."""
    project = root / "simple" / name
    project.mkdir(parents=True)
    wheel = build_wheel(project, name, version, origin)
    sha256 = hashlib.sha256(wheel.read_bytes()).hexdigest()
    (root / "simple" / "index.html").write_text(
        f'<!DOCTYPE html><html><body><a href="{name}/">{name}</a></body></html>\n'
    )
    (project / "index.html").write_text(
        "<!DOCTYPE html><html><body>"
        f'<a href="{wheel.name}#sha256={sha256}">{wheel.name}</a>'
        "</body></html>\n"
    )


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (base name)
        pass


class BasicAuthHandler(QuietHandler):
    """Serves files only to a request with the right basic credentials."""

    expected = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()

    def send_head(self):  # type: ignore[no-untyped-def]
        if self.headers.get("Authorization") != self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="acme"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return super().send_head()


def serve(root: Path, handler: type[SimpleHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    with serving_in_a_thread(server) as address:
        yield f"http://{address}/simple/"


@pytest.fixture
def company_index(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "company-index"
    write_simple_index(root, "acme-auth", "1.2.0", origin="company")
    yield from serve(root, BasicAuthHandler)


@pytest.fixture
def public_index(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "public-index"
    write_simple_index(root, "acme-auth", "99.0.0", origin="attacker")
    yield from serve(root, QuietHandler)


@pytest.fixture
def project(tmp_path: Path, company_index: str) -> Path:
    """The chapter's example project, its company index pointed at the local one."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(COMPANY_URL_IN_EXAMPLE) == 1
    folder = tmp_path / "billing"
    folder.mkdir()
    (folder / "pyproject.toml").write_text(
        text.replace(COMPANY_URL_IN_EXAMPLE, company_index), encoding="utf-8"
    )
    return folder


def uv(
    folder: Path, *args: str, credentials: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The locked uv in ``folder``: empty cache, this interpreter, no user configuration.

    The machine's own proxy and certificate variables are left out too, so each test sets
    exactly the ones it is about ("uv's default roots" means no SSL_CERT_FILE at all).
    """
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("UV_", "PIP_")) and k.upper() not in AMBIENT_NETWORK_VARIABLES
    }
    clean |= {
        "UV_CACHE_DIR": str(folder.parent / "uv-cache"),
        "UV_NO_CONFIG": "1",
        "UV_PYTHON": sys.executable,
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NO_PROGRESS": "1",
    }
    if credentials:  # the variables the chapter tells CI to set, named after the index
        clean |= {"UV_INDEX_ACME_USERNAME": USERNAME, "UV_INDEX_ACME_PASSWORD": PASSWORD}
    return subprocess.run(
        [find_uv(), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=clean | (env or {}),
    )


def locked(folder: Path, name: str) -> dict:
    lock = tomllib.loads((folder / "uv.lock").read_text(encoding="utf-8"))
    return next(package for package in lock["package"] if package["name"] == name)


def installed_origin(folder: Path) -> str:
    python = folder / ".venv" / "bin" / "python"
    return subprocess.run(
        [str(python), "-c", "import acme_auth; print(acme_auth.ORIGIN)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()


def test_the_internal_package_comes_from_the_company_index(
    project: Path, company_index: str, public_index: str
) -> None:
    # The public index is the default index here, as PyPI is on a real machine, and it
    # carries the attacker's acme-auth 99.0.0.
    result = uv(project, "sync", "--default-index", public_index)
    assert result.returncode == 0, result.stderr
    package = locked(project, "acme-auth")
    assert package["version"] == "1.2.0"
    assert package["source"] == {"registry": company_index}
    assert installed_origin(project) == "company"


def test_the_lock_file_holds_no_credentials(
    project: Path, company_index: str, public_index: str
) -> None:
    result = uv(project, "lock", "--default-index", public_index)
    assert result.returncode == 0, result.stderr
    lock_text = (project / "uv.lock").read_text(encoding="utf-8")
    assert PASSWORD not in lock_text
    assert USERNAME not in lock_text


def test_without_credentials_the_lock_fails_rather_than_fall_back(
    project: Path, public_index: str
) -> None:
    # The company index answers 401. uv reports the package as not found and stops;
    # it does not go looking for acme-auth on the public index.
    result = uv(project, "lock", "--default-index", public_index, credentials=False)
    assert result.returncode != 0
    assert "acme-auth was not found in the package registry" in result.stderr, result.stderr
    assert not (project / "uv.lock").exists()


def test_an_explicit_index_serves_only_the_packages_pinned_to_it(
    project: Path, public_index: str
) -> None:
    # Drop the [tool.uv.sources] pin: an explicit index is then never asked, so
    # acme-auth falls through to the default (public) index and the attacker's copy.
    # That is why the chapter pairs `explicit = true` with a source for each package.
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pin = 'acme-auth = { index = "acme" }\n'
    assert pin in text
    pyproject.write_text(text.replace(pin, ""), encoding="utf-8")
    result = uv(project, "lock", "--default-index", public_index)
    assert result.returncode == 0, result.stderr
    assert locked(project, "acme-auth")["version"] == "99.0.0"


def test_merging_indexes_the_way_pip_does_takes_the_attackers_package(
    tmp_path: Path, company_index: str, public_index: str
) -> None:
    # pip's --extra-index-url pools every index's versions and picks the highest;
    # uv's `unsafe-best-match` strategy is that behaviour. Fed the attack, it installs
    # 99.0.0 from the public index: the failure the chapter's configuration prevents.
    requirements = tmp_path / "requirements.in"
    requirements.write_text("acme-auth>=1.0\n", encoding="utf-8")
    company_with_auth = company_index.replace("http://", f"http://{USERNAME}:{PASSWORD}@")
    merged = uv(
        tmp_path,
        "pip",
        "compile",
        "requirements.in",
        "--index-url",
        public_index,
        "--extra-index-url",
        company_with_auth,
        "--index-strategy",
        "unsafe-best-match",
    )
    assert merged.returncode == 0, merged.stderr
    assert "acme-auth==99.0.0" in merged.stdout
    # uv's default strategy, first-index, stops at the first index that has the name,
    # and --extra-index-url comes before --index-url: the company's copy wins.
    first_index = uv(
        tmp_path,
        "pip",
        "compile",
        "requirements.in",
        "--index-url",
        public_index,
        "--extra-index-url",
        company_with_auth,
    )
    assert first_index.returncode == 0, first_index.stderr
    assert "acme-auth==1.2.0" in first_index.stdout


def test_credentials_from_netrc_or_uv_auth_login(
    tmp_path: Path, project: Path, company_index: str, public_index: str
) -> None:
    # The two places the chapter suggests for a developer's own machine: a .netrc file
    # readable only by you, and uv's credential store filled by `uv auth login`.
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USERNAME} password {PASSWORD}\n")
    netrc.chmod(0o600)
    from_netrc = uv(
        project, "lock", "--default-index", public_index,
        credentials=False, env={"NETRC": str(netrc)},
    )  # fmt: skip
    assert from_netrc.returncode == 0, from_netrc.stderr
    assert locked(project, "acme-auth")["source"] == {"registry": company_index}

    (project / "uv.lock").unlink()
    home = {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "home" / "data")}
    host = company_index.removesuffix("simple/")
    login = subprocess.run(
        [find_uv(), "auth", "login", host, "--username", USERNAME, "--password", "-"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, **home},
    )
    assert login.returncode == 0, login.stderr
    from_store = uv(project, "lock", "--default-index", public_index, credentials=False, env=home)
    assert from_store.returncode == 0, from_store.stderr
    assert locked(project, "acme-auth")["version"] == "1.2.0"


class RecordingProxy(BaseHTTPRequestHandler):
    """A proxy that notes each request and forwards none of them."""

    seen: list[str] = []

    def do_GET(self) -> None:
        self.seen.append(self.requestline)
        self.send_response(502)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (base name)
        pass


def test_no_proxy_keeps_the_company_index_off_the_proxy(project: Path, company_index: str) -> None:
    # Plain HTTP here, so the proxy sees the request line; for https:// indexes the same
    # variables apply to HTTPS_PROXY and the CONNECT request.
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordingProxy)
    RecordingProxy.seen = []
    with serving_in_a_thread(server) as address:
        proxy = f"http://{address}"
        args = ("lock", "--default-index", company_index)
        through_proxy = uv(project, *args, env={"HTTP_PROXY": proxy, "UV_HTTP_RETRIES": "0"})
        assert through_proxy.returncode != 0
        assert f"GET {company_index}acme-auth/ HTTP/1.1" in RecordingProxy.seen

        RecordingProxy.seen = []
        direct = uv(project, *args, env={"HTTP_PROXY": proxy, "NO_PROXY": "127.0.0.1"})
        assert direct.returncode == 0, direct.stderr
        assert RecordingProxy.seen == []


def test_a_company_root_certificate_is_trusted_only_when_named(
    tmp_path: Path, project: Path, public_index: str
) -> None:
    # An HTTPS company index whose certificate a throwaway CA signed, as a company's
    # own root signs its internal servers. uv's bundled roots refuse it; SSL_CERT_FILE
    # naming the company root makes uv trust it, with verification still on.
    import ssl

    import trustme

    company_root = trustme.CA()
    root = tmp_path / "tls-index"
    write_simple_index(root, "acme-auth", "1.2.0", origin="company")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(BasicAuthHandler, directory=str(root)))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    company_root.issue_cert("127.0.0.1").configure_cert(context)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    bundle = tmp_path / "company-root.pem"
    company_root.cert_pem.write_to_path(str(bundle))
    with serving_in_a_thread(server) as address:
        https_index = f"https://{address}/simple/"
        pyproject = project / "pyproject.toml"
        text = pyproject.read_text(encoding="utf-8")
        pyproject.write_text(re.sub(r'url = "[^"]+"', f'url = "{https_index}"', text), "utf-8")
        args = ("lock", "--default-index", public_index)
        refused = uv(project, *args, env={"UV_HTTP_RETRIES": "0"})
        assert refused.returncode != 0
        assert "certificate" in refused.stderr.lower(), refused.stderr
        trusted = uv(project, *args, env={"SSL_CERT_FILE": str(bundle)})
        assert trusted.returncode == 0, trusted.stderr
        assert locked(project, "acme-auth")["source"] == {"registry": https_index}


def test_a_mirror_set_per_machine_is_recorded_in_the_lock(tmp_path: Path) -> None:
    # The chapter: wherever the mirror is set, uv.lock records its URL, so a machine
    # (or CI job) with another default index cannot sync that lock with --locked.
    servers = []
    urls = []
    for name in ("mirror", "pypi"):
        write_simple_index(tmp_path / name, "acme-tools", "1.0.0", origin=name)
        servers.append(serve(tmp_path / name, QuietHandler))
        urls.append(next(servers[-1]))
    mirror, pypi = urls
    app = tmp_path / "app"
    app.mkdir()
    (app / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
        'dependencies = ["acme-tools"]\n',
        encoding="utf-8",
    )
    try:
        assert uv(app, "lock", "--default-index", mirror).returncode == 0
        assert locked(app, "acme-tools")["source"] == {"registry": mirror}
        elsewhere = uv(app, "sync", "--locked", "--default-index", pypi)
        assert elsewhere.returncode != 0
        assert "needs to be updated" in elsewhere.stderr, elsewhere.stderr
    finally:
        for server in servers:
            server.close()


def test_the_machine_wide_uv_toml_is_valid_for_the_locked_uv(tmp_path: Path) -> None:
    # uv rejects a configuration file with a key it does not know, so a typo in the
    # chapter's uv.toml (or a key a future uv renames) fails here.
    machine_config = Path(__file__).parent / "example" / "uv.toml"
    parsed = uv(tmp_path, "--config-file", str(machine_config), "self", "version")
    assert parsed.returncode == 0, parsed.stderr
    misspelt = tmp_path / "uv.toml"
    misspelt.write_text(machine_config.read_text().replace("system-certs", "system-cert"))
    rejected = uv(tmp_path, "--config-file", str(misspelt), "self", "version")
    assert rejected.returncode != 0
    assert "system-cert" in rejected.stderr
