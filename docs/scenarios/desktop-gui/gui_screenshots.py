"""Take the chapter's screenshots: the converter windows, on a private X server.

Run it in this folder after changing a window (``python gui_screenshots.py``). It opens
each window on its own Xvfb display, types a distance, grabs the window's pixels from the
X server, saves them as a small palette PNG, and records in ``gui_screenshots.json`` a hash
of the source files each window is made of. The chapter's tests compare those hashes with
the files as they are now, so a window changed after its screenshot fails the tests.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageGrab

HERE = Path(__file__).parent
MANIFEST = "gui_screenshots.json"
# Each screenshot, and the files whose code draws its window.
SOURCES = {
    "gui-tk-converter.png": ["gui_tk_converter.py", "gui_units.py"],
    "gui-qt-converter.png": ["gui_qt_converter.py", "gui_units.py"],
}


def source_hashes(folder: Path, names: list[str]) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in names}


def grab(display: str, x: int, y: int, width: int, height: int) -> Image.Image:
    """The pixels of a screen area, read from the X server as it shows them."""
    return ImageGrab.grab(bbox=(x, y, x + width, y + height), xdisplay=display)


def shoot_tk(display: str) -> Image.Image:
    from gui_tk_converter import make_window

    root, frame = make_window()
    try:
        frame.distance.set("12.5")
        frame.convert()
        root.update()
        width, height = root.winfo_width(), root.winfo_height()
        return grab(display, root.winfo_rootx(), root.winfo_rooty(), width, height)
    finally:
        root.destroy()


def shoot_qt(display: str) -> Image.Image:
    from gui_qt_converter import ConverterWindow
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    window = ConverterWindow()
    window.distance.setText("12.5")
    window.convert()
    window.show()
    try:
        if not QTest.qWaitForWindowExposed(window, 10_000):
            raise RuntimeError("the Qt window did not appear within 10 s")
        app.processEvents()
        corner = window.mapToGlobal(window.rect().topLeft())
        return grab(display, corner.x(), corner.y(), window.width(), window.height())
    finally:
        window.close()


SHOOTERS: dict[str, Callable[[str], Image.Image]] = {
    "gui-tk-converter.png": shoot_tk,
    "gui-qt-converter.png": shoot_qt,
}


def save_small(image: Image.Image, path: Path) -> None:
    """A palette of 256 colours is plenty for widgets; optimize packs it tightest."""
    image.quantize(colors=256).save(path, optimize=True)


def take_screenshots(display: str, out: Path) -> dict[str, dict[str, object]]:
    """Save every screenshot into ``out`` and write its manifest there."""
    manifest: dict[str, dict[str, object]] = {}
    for name, shoot in SHOOTERS.items():
        image = shoot(display)
        save_small(image, out / name)
        manifest[name] = {
            "width": image.width,
            "height": image.height,
            "sources": source_hashes(HERE, SOURCES[name]),
        }
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    (out / MANIFEST).write_text(text, encoding="utf-8")
    return manifest


def main() -> None:
    from gui_xvfb import virtual_display

    with virtual_display() as display:
        os.environ["DISPLAY"] = display
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        for name, entry in take_screenshots(display, HERE).items():
            print(f"{name}: {entry['width']}x{entry['height']}")


if __name__ == "__main__":
    main()
