"""The EPUB passes epubcheck with 0 errors and 0 warnings, with full metadata."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import DOWNLOADS, Build

pytestmark = pytest.mark.slow

EPUBCHECK = "/usr/share/java/epubcheck.jar"
DC = "{http://purl.org/dc/elements/1.1/}"


def epubcheck(epub: Path, report: Path) -> tuple[dict, list[str]]:
    """Run epubcheck; return its counts and its messages as 'SEVERITY ID file(line): text'."""
    subprocess.run(
        ["java", "-jar", EPUBCHECK, str(epub), "--json", str(report)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    messages = []
    for message in data["messages"]:
        for location in message["locations"] or [{"path": "", "line": -1}]:
            messages.append(
                f"{message['severity']} {message['ID']} {location.get('path')}"
                f"({location.get('line')}): {message['message']}"
            )
    return data["checker"], messages


@pytest.fixture(scope="module")
def epub(epub_build: Build) -> Path:
    epub_build.check()
    path = epub_build.outdir / DOWNLOADS[1]
    assert path.is_file()
    return path


def test_epubcheck_finds_nothing(epub: Path, tmp_path: Path) -> None:
    counts, messages = epubcheck(epub, tmp_path / "epubcheck.json")
    print("\n".join(messages))
    assert counts["nFatal"] == 0 and counts["nError"] == 0 and counts["nWarning"] == 0, (
        f"epubcheck: {counts['nFatal']} fatal, {counts['nError']} errors, "
        f"{counts['nWarning']} warnings\n" + "\n".join(messages)
    )


def test_epub_metadata_is_complete(epub: Path) -> None:
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
        opf = ET.fromstring(archive.read("content.opf"))
    metadata = opf.find("{http://www.idpf.org/2007/opf}metadata")
    assert metadata is not None
    empty = [
        field
        for field in (
            "title",
            "creator",
            "language",
            "identifier",
            "publisher",
            "rights",
            "date",
            "description",
        )
        if not (metadata.findtext(DC + field) or "").strip()
    ]
    assert not empty, f"content.opf has empty or missing dc:{', dc:'.join(empty)}"
    assert metadata.findtext(DC + "title") == "The Python Field Guide"
    leaked = [
        n for n in names if n.endswith((".doctree", ".pickle", ".buildinfo")) or "doctrees" in n
    ]
    assert not leaked, f"build files inside the EPUB: {leaked}"


def test_epubcheck_catches_a_broken_epub(epub: Path, tmp_path: Path) -> None:
    """The check above can fail: a copy with malformed XHTML must give errors."""
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "index.xhtml":
                data = data.replace(b"</body>", b"<p><div>unclosed</p></body>")
            compress = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, data, compress_type=compress)
    counts, messages = epubcheck(broken, tmp_path / "broken.json")
    assert counts["nError"] + counts["nFatal"] > 0, messages
    assert any("index.xhtml" in message for message in messages), messages
