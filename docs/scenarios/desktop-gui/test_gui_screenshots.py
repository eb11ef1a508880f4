"""The page's screenshots exist, are shown at their real size, and are newer than their code.

gui_screenshots.py records a hash of each window's source files when it takes the
screenshot; a window whose code changed since then fails here until the script runs again.
(test_gui_windows.py runs the script itself, on the tests' X server.)
"""

from __future__ import annotations

import json
import re
import shutil
import struct
from pathlib import Path

import pytest
from gui_screenshots import MANIFEST, SOURCES, source_hashes

HERE = Path(__file__).parent
FIGURE = re.compile(
    r"^\.\. (?:figure|image):: (?P<name>\S+\.png)\n(?P<options>(?:   [: ].*\n)+)", re.M
)
OPTION = re.compile(r"^   :(?P<key>[\w-]+):(?: (?P<value>.*))?$", re.M)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def problems(folder: Path) -> list[str]:
    """Everything wrong with the screenshots the page in ``folder`` shows."""
    page = (folder / "index.rst").read_text(encoding="utf-8")
    manifest_file = folder / MANIFEST
    if not manifest_file.exists():
        return [f"{MANIFEST} is missing: run gui_screenshots.py"]
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    found, shown = [], set()
    for figure in FIGURE.finditer(page):
        name = figure["name"]
        shown.add(name)
        options = {m["key"]: m["value"] or "" for m in OPTION.finditer(figure["options"])}
        if not (folder / name).exists():
            found.append(f"{name} is missing: run gui_screenshots.py")
            continue
        if name not in manifest:
            found.append(f"{name} is not in {MANIFEST}: run gui_screenshots.py")
            continue
        width, height = png_size(folder / name)
        entry = manifest[name]
        if (width, height) != (entry["width"], entry["height"]):
            found.append(f"{name} is {width}x{height}, {MANIFEST} says otherwise")
        # Unitless, so that the HTML gets width and height attributes (the page-weight
        # test asks every image for them), not a style.
        if (options.get("width"), options.get("height")) != (f"{width}", f"{height}"):
            found.append(f"{name}: give it :width: {width} and :height: {height}")
        if not options.get("alt"):
            found.append(f"{name} has no :alt: text")
        if entry["sources"] != source_hashes(folder, SOURCES[name]):
            changed = [
                source
                for source, digest in source_hashes(folder, SOURCES[name]).items()
                if entry["sources"].get(source) != digest
            ]
            found.append(f"{name} is older than {', '.join(changed)}: run gui_screenshots.py")
    found += [f"the page does not show {name}" for name in sorted(set(SOURCES) - shown)]
    return found


def test_every_screenshot_is_shown_sized_and_current() -> None:
    assert problems(HERE) == []


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    names = ["index.rst", MANIFEST, *SOURCES, *{s for files in SOURCES.values() for s in files}]
    for name in names:
        shutil.copy(HERE / name, tmp_path / name)
    assert problems(tmp_path) == []
    return tmp_path


def test_a_changed_window_makes_its_screenshot_stale(copy: Path) -> None:
    source = copy / "gui_qt_converter.py"
    source.write_text(source.read_text(encoding="utf-8") + "\n# a change\n", encoding="utf-8")
    assert problems(copy) == [
        "gui-qt-converter.png is older than gui_qt_converter.py: run gui_screenshots.py"
    ]


def test_a_change_to_shared_code_makes_both_stale(copy: Path) -> None:
    (copy / "gui_units.py").write_text("# a change\n", encoding="utf-8")
    assert len(problems(copy)) == 2


def test_a_missing_screenshot_or_size_is_caught(copy: Path) -> None:
    (copy / "gui-tk-converter.png").unlink()
    page = (copy / "index.rst").read_text(encoding="utf-8")
    width = str(png_size(HERE / "gui-qt-converter.png")[0])
    (copy / "index.rst").write_text(page.replace(f":width: {width}\n", ":width: 1\n"), "utf-8")
    assert problems(copy) == [
        "gui-tk-converter.png is missing: run gui_screenshots.py",
        f"gui-qt-converter.png: give it :width: {width} and :height: "
        f"{png_size(HERE / 'gui-qt-converter.png')[1]}",
    ]
