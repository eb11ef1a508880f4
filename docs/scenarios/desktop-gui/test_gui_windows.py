"""The tkinter and Qt windows of the chapter, opened on a real X server and driven there.

One Xvfb runs for the whole session (gui_xvfb.virtual_display). The tests type and click
in two ways, and read the answer back from the widgets: with xdotool, which sends real key
presses and clicks through the X server as a user's keyboard and mouse would, and with
each toolkit's own calls (tkinter's invoke and event_generate, Qt's QTest).
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import time
import tkinter as tk
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from gui_primes import count_primes
from gui_qt_converter import ConverterWindow
from gui_qt_worker import PrimeCounter as QtPrimeCounter
from gui_screenshots import MANIFEST, SOURCES, source_hashes, take_screenshots
from gui_tk_converter import make_window
from gui_tk_worker import PrimeCounter as TkPrimeCounter
from gui_units import Direction
from gui_xvfb import virtual_display
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

HERE = Path(__file__).parent
TIMEOUT = 10.0  # seconds for anything the tests wait for
LONG = 3_000_000  # minutes of counting: no test lets the job get that far


def xdotool(*args: str) -> str:
    program = shutil.which("xdotool")
    assert program, "xdotool is not installed: apt-get install xdotool"
    done = subprocess.run(
        [program, *args], capture_output=True, text=True, timeout=TIMEOUT, check=True
    )
    return done.stdout


@pytest.fixture(autouse=True)
def free_tk_objects_on_the_main_thread() -> Iterator[None]:
    """Collect each test's Tk objects before the next test runs.

    A window and its variables form reference cycles, so the cyclic garbage collector frees
    them whenever it next runs, on whichever thread is running then. A tkinter Variable freed
    off the main thread waits a second for a Tk main loop before it gives up, so a later test
    in the same process (an asyncio client in a worker thread, say) stalled for seconds.
    """
    yield
    gc.collect()


@pytest.fixture(scope="session")
def display() -> Iterator[str]:
    with virtual_display() as name, pytest.MonkeyPatch.context() as env:
        env.setenv("DISPLAY", name)
        env.setenv("QT_QPA_PLATFORM", "xcb")  # a real X11 window, not Qt's offscreen stand-in
        yield name


# -- tkinter --------------------------------------------------------------------------------


def tk_wait(root: tk.Misc, condition: Callable[[], bool], what: str) -> None:
    """Run Tk's event loop until ``condition`` holds; fail after TIMEOUT seconds."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {TIMEOUT} s for {what}")
        root.update()
        time.sleep(0.005)


def show(root: tk.Tk) -> None:
    root.update()
    tk_wait(root, root.winfo_viewable, "the window to be mapped")


def test_tk_window_is_a_real_x_window(display: str) -> None:
    root, frame = make_window()
    try:
        show(root)
        assert root.tk.call("tk", "windowingsystem") == "x11"
        assert root.winfo_screen() == f"{display}.0"
        # The X server itself knows the window, by its title, at its size.
        [window] = xdotool("search", "--onlyvisible", "--name", "^Distance converter$").split()
        size = f"{root.winfo_width()}x{root.winfo_height()}"
        assert f"Geometry: {size}" in xdotool("getwindowgeometry", window)
    finally:
        root.destroy()


def test_tk_converter_with_real_key_presses(display: str) -> None:
    root, frame = make_window()
    try:
        show(root)
        frame.entry.focus_force()
        tk_wait(root, lambda: root.focus_get() is frame.entry, "the entry to get the focus")
        xdotool("type", "--delay", "0", "12.5")
        xdotool("key", "Return")
        tk_wait(root, lambda: frame.answer.get() == "7.77 mi", "the answer")
        assert frame.entry.get() == "12.5"
    finally:
        root.destroy()


def test_tk_converter_with_tk_calls(display: str) -> None:
    root, frame = make_window()
    try:
        show(root)
        frame.entry.focus_force()
        for key in ("1", "2", "period", "5"):
            frame.entry.event_generate("<KeyPress>", keysym=key)
        frame.choices[1].invoke()  # "Miles to kilometres"
        frame.button.invoke()
        assert frame.answer.get() == "20.12 km"
        frame.entry.delete(0, "end")
        frame.entry.insert(0, "twelve")
        frame.entry.event_generate("<Return>")
        assert frame.answer.get() == "Not a number: 'twelve'"
    finally:
        root.destroy()


def click_tk(widget: tk.Widget) -> None:
    """A real mouse click in the middle of ``widget``, through the X server."""
    x = widget.winfo_rootx() + widget.winfo_width() // 2
    y = widget.winfo_rooty() + widget.winfo_height() // 2
    xdotool("mousemove", str(x), str(y), "click", "1")


def test_tk_worker_counts_in_the_background(display: str) -> None:
    root = tk.Tk()
    try:
        counter = TkPrimeCounter(root, limit=20_000)
        counter.pack()
        show(root)
        counter.start_button.invoke()
        tk_wait(root, lambda: counter.status.get() == "2,262 primes", "the count")
        assert counter.bar["value"] == 100
        assert counter.worker is not None
        counter.worker.join(TIMEOUT)
        assert not counter.worker.is_alive()
    finally:
        root.destroy()


def test_tk_worker_window_answers_a_click_while_the_job_runs(display: str) -> None:
    root = tk.Tk()
    try:
        counter = TkPrimeCounter(root, limit=LONG)
        counter.pack()
        show(root)
        counter.start_button.invoke()
        # The bar moves: the event loop keeps running the poll while the thread works.
        tk_wait(root, lambda: float(counter.bar["value"]) >= 1, "progress")
        click_tk(counter.cancel_button)
        tk_wait(root, lambda: counter.status.get() == "Cancelled", "the cancel")
        assert counter.worker is not None
        counter.worker.join(TIMEOUT)
        assert not counter.worker.is_alive()
    finally:
        root.destroy()


class FrozenCounter(TkPrimeCounter):
    """The mistake the chapter warns about: the job runs in the button's handler."""

    def start(self) -> None:
        self.cancel_button.state(["!disabled"])
        total = count_primes(self.limit, self.click_cancel_at_ten_percent, self.stop.is_set)
        self.finish(total)

    def click_cancel_at_ten_percent(self, percent: int) -> None:
        if percent == 10:
            click_tk(self.cancel_button)


def test_work_in_the_handler_freezes_the_window(display: str) -> None:
    """The same click, made during the job, waits in the queue until the job is over."""
    root = tk.Tk()
    try:
        counter = FrozenCounter(root, limit=20_000)
        counter.pack()
        show(root)
        clicks: list[str] = []
        counter.cancel_button.bind("<ButtonRelease-1>", lambda event: clicks.append("cancel"))
        counter.start_button.invoke()  # returns only when the whole count is done
        assert counter.status.get() == "2,262 primes"  # not cancelled
        assert clicks == []  # the click made at 10 % has not been read yet...
        tk_wait(root, lambda: clicks == ["cancel"], "the click")  # ...it comes now, too late
        assert not counter.stop.is_set()  # and the button, disabled again, ignored it
    finally:
        root.destroy()


# -- Qt -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def qt_app(display: str) -> QApplication:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    assert app.platformName() == "xcb", f"Qt runs on {app.platformName()!r}, not on X11"
    return app


def qt_wait(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {TIMEOUT} s for {what}")
        QTest.qWait(5)


def test_qt_converter_with_real_key_presses(qt_app: QApplication, display: str) -> None:
    window = ConverterWindow()
    window.show()
    try:
        assert QTest.qWaitForWindowExposed(window, int(TIMEOUT * 1000))
        window_id = str(int(window.winId()))
        assert window_id in xdotool("search", "--name", "^Distance converter$").split()
        xdotool("windowfocus", "--sync", window_id)
        window.distance.setFocus()
        qt_wait(lambda: qt_app.focusWidget() is window.distance, "the line edit to get the focus")
        xdotool("type", "--delay", "0", "12.5")
        xdotool("key", "Return")
        qt_wait(lambda: window.result.text() == "7.77 mi", "the answer")
    finally:
        window.close()


def test_qt_converter_with_qtest(qt_app: QApplication) -> None:
    window = ConverterWindow()
    window.show()
    try:
        assert QTest.qWaitForWindowExposed(window, int(TIMEOUT * 1000))
        QTest.keyClicks(window.distance, "12.5")
        QTest.mouseClick(window.choices[Direction.MILES_TO_KM], Qt.MouseButton.LeftButton)
        QTest.mouseClick(window.button, Qt.MouseButton.LeftButton)
        assert window.result.text() == "20.12 km"
        window.distance.clear()
        QTest.keyClicks(window.distance, "-3")
        QTest.keyClick(window.distance, Qt.Key.Key_Return)
        assert window.result.text() == "A distance cannot be negative"
    finally:
        window.close()


def test_qt_worker_counts_in_the_background(qt_app: QApplication) -> None:
    window = QtPrimeCounter(limit=20_000)
    window.show()
    try:
        assert QTest.qWaitForWindowExposed(window, int(TIMEOUT * 1000))
        QTest.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
        qt_wait(lambda: window.status.text() == "2,262 primes", "the count")
        assert window.bar.value() == 100
        assert window.job.wait(int(TIMEOUT * 1000))
    finally:
        window.close()


def test_qt_worker_window_answers_a_click_while_the_job_runs(qt_app: QApplication) -> None:
    window = QtPrimeCounter(limit=LONG)
    window.show()
    try:
        assert QTest.qWaitForWindowExposed(window, int(TIMEOUT * 1000))
        QTest.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
        qt_wait(lambda: window.bar.value() >= 1, "progress")
        assert window.job.isRunning()
        QTest.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
        qt_wait(lambda: window.status.text() == "Cancelled", "the cancel")
        assert window.job.wait(int(TIMEOUT * 1000))
        # The thread can run again after a cancel: start() clears the request.
        window.job.limit = 20_000
        QTest.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
        qt_wait(lambda: window.status.text() == "2,262 primes", "the second count")
    finally:
        window.close()


def test_qt_closing_the_window_stops_the_thread(qt_app: QApplication) -> None:
    window = QtPrimeCounter(limit=LONG)
    window.show()
    assert QTest.qWaitForWindowExposed(window, int(TIMEOUT * 1000))
    QTest.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    qt_wait(window.job.isRunning, "the job to start")
    assert window.close()
    assert window.job.isFinished()
    assert os.environ["QT_QPA_PLATFORM"] == "xcb"


# -- the programs as a reader runs them ------------------------------------------------------


PROGRAMS = {
    "gui_tk_converter.py": "Distance converter",
    "gui_qt_converter.py": "Distance converter",
    "gui_tk_worker.py": "Prime counter",
    "gui_qt_worker.py": "Prime counter",
}


def visible_windows(title: str) -> list[str]:
    try:
        return xdotool("search", "--onlyvisible", "--name", f"^{title}$").split()
    except subprocess.CalledProcessError:  # xdotool exits with 1 when it finds none
        return []


def test_each_program_opens_its_window(display: str) -> None:
    """``python <program>`` opens its window on the display and keeps it open."""
    assert visible_windows("Distance converter") == visible_windows("Prime counter") == []
    processes = {
        program: subprocess.Popen([sys.executable, str(HERE / program)], cwd=HERE)
        for program in PROGRAMS  # started together: each takes a moment to import its toolkit
    }
    try:
        deadline = time.monotonic() + TIMEOUT
        for title in set(PROGRAMS.values()):
            expected = list(PROGRAMS.values()).count(title)
            while len(visible_windows(title)) < expected:
                assert time.monotonic() < deadline, f"no {expected} windows called {title!r}"
                time.sleep(0.05)
        for program, process in processes.items():
            assert process.poll() is None, f"{program} exited with {process.returncode}"
    finally:
        for process in processes.values():
            process.terminate()
            process.wait(TIMEOUT)


# -- the screenshot script, on the same display -----------------------------------------------


def test_screenshot_script_grabs_both_windows(
    qt_app: QApplication, display: str, tmp_path: Path
) -> None:
    manifest = take_screenshots(display, tmp_path)
    assert set(manifest) == set(SOURCES)
    assert json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8")) == manifest
    for name, entry in manifest.items():
        with Image.open(tmp_path / name) as image:
            assert image.format == "PNG"
            assert image.mode == "P"  # a palette: a quarter of the bytes of RGB
            assert image.size == (entry["width"], entry["height"])
            assert 150 <= image.width <= 600
            assert 80 <= image.height <= 400
            colours = image.getcolors()
            assert colours is not None
            assert len(colours) > 16  # text and widgets, not an empty grey rectangle
        assert entry["sources"] == source_hashes(HERE, SOURCES[name])
