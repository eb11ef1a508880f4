"""Serve a copy of OSV's Python advisories on your own network, for pip-audit and uv audit.

Give it OSV's export for PyPI (the ``all.zip`` of the PyPI ecosystem) or a folder of
advisory files in the OSV format, then point the auditors at it:

    python supply_advisory_mirror.py PyPI-all.zip --port 8765
    pip-audit -s osv --osv-url http://127.0.0.1:8765/v1/query -r requirements.txt
    uv audit --service-url http://127.0.0.1:8765/v1

It answers the three calls the two tools make: ``/v1/query`` (one package),
``/v1/querybatch`` (many) and ``/v1/vulns/<id>`` (one advisory in full).
"""

from __future__ import annotations

import argparse
import json
import re
import zipfile
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

Advisory = dict[str, Any]
MAX_REQUEST = 1_000_000
REQUEST_TIMEOUT = 10.0  # seconds a client may take over each read; then it is dropped


def normalise(name: str) -> str:
    """A project name as PyPI compares them: ``Foo_Bar`` and ``foo-bar`` are one project."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_advisories(source: Path) -> list[Advisory]:
    """Every advisory in an OSV export: a zip file or a folder of ``*.json`` files."""
    if source.is_dir():
        texts = [path.read_text(encoding="utf-8") for path in sorted(source.glob("*.json"))]
    else:
        with zipfile.ZipFile(source) as archive:
            names = [name for name in archive.namelist() if name.endswith(".json")]
            texts = [archive.read(name).decode("utf-8") for name in names]
    return [json.loads(text) for text in texts]


class AdvisoryIndex:
    """Advisories by (project, version), from the explicit version lists OSV publishes."""

    def __init__(self, advisories: list[Advisory]) -> None:
        self.by_id = {advisory["id"]: advisory for advisory in advisories}
        self.affecting: defaultdict[tuple[str, str], list[Advisory]] = defaultdict(list)
        for advisory in advisories:
            if advisory.get("withdrawn"):
                continue
            for affected in advisory.get("affected", []):
                package = affected.get("package", {})
                if package.get("ecosystem") != "PyPI":
                    continue
                for version in affected.get("versions", []):
                    key = (normalise(package["name"]), version)
                    self.affecting[key].append(advisory)

    def query(self, request: Advisory) -> list[Advisory]:
        key = (normalise(request["package"]["name"]), request["version"])
        return self.affecting.get(key, [])


def make_handler(index: AdvisoryIndex, request_timeout: float) -> type[BaseHTTPRequestHandler]:
    class OsvHandler(BaseHTTPRequestHandler):
        # Without a timeout, a client that promises a body and never sends it holds a
        # thread for ever; enough of them and the mirror stops answering anyone.
        timeout = request_timeout

        def do_POST(self) -> None:
            length_header = self.headers.get("Content-Length", "0")
            length = int(length_header) if length_header.isdigit() else 0
            if not 0 < length <= MAX_REQUEST:  # a batch of thousands of pins is ~100 kB
                self.reply(413, {"message": f"send 1 to {MAX_REQUEST} bytes"})
                return
            if self.path not in ("/v1/query", "/v1/querybatch"):
                self.reply(404, {"message": f"no such call: {self.path}"})
                return
            try:
                body = json.loads(self.rfile.read(length))
                if self.path == "/v1/query":
                    found = index.query(body)
                    self.reply(200, {"vulns": found} if found else {})
                    return
                results = [index.query(query) for query in body["queries"]]
            except (ValueError, KeyError, TypeError):
                self.reply(400, {"message": "expected an OSV query in JSON"})
                return
            # A batch answer carries only ids; the tools fetch each advisory by id.
            summaries = [
                {"vulns": [{"id": a["id"], "modified": a["modified"]} for a in found]}
                if found
                else {}
                for found in results
            ]
            self.reply(200, {"results": summaries})

        def do_GET(self) -> None:
            advisory_id = self.path.removeprefix("/v1/vulns/")
            if advisory_id in index.by_id:
                self.reply(200, index.by_id[advisory_id])
            else:
                self.reply(404, {"message": f"no advisory {advisory_id}"})

        def reply(self, status: int, payload: Advisory) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return OsvHandler


def make_server(
    source: Path, host: str = "127.0.0.1", port: int = 0, timeout: float = REQUEST_TIMEOUT
) -> ThreadingHTTPServer:
    """A server for ``source``, not yet serving; port 0 picks a free port."""
    index = AdvisoryIndex(read_advisories(source))
    return ThreadingHTTPServer((host, port), make_handler(index, timeout))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="OSV export: a zip file or a folder")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    arguments = parser.parse_args()
    with make_server(arguments.source, arguments.host, arguments.port) as server:
        host, port = server.server_address[:2]
        print(f"advisories from {arguments.source} at http://{host}:{port}/v1", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
