"""A private X server for tests and screenshots: Xvfb, Debian's package ``xvfb``.

``virtual_display()`` starts Xvfb on a free display number, which Xvfb picks itself
(``-displayfd``), and stops it on the way out. Windows opened with ``DISPLAY`` set to
the name it yields are real X11 windows; nobody sees them.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

START_TIMEOUT = 10.0  # seconds for Xvfb to open its display


@contextmanager
def virtual_display(width: int = 1024, height: int = 768) -> Iterator[str]:
    """Yield the name of a running X display, such as ``":1"``."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise RuntimeError("Xvfb is not installed: apt-get install xvfb")
    read_end, write_end = os.pipe()
    log = tempfile.TemporaryFile()  # a file, not a pipe: a pipe nobody reads fills up
    command = [xvfb, "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24"]
    command += ["-nolisten", "tcp"]  # local clients only
    server = subprocess.Popen(  # noqa: S603 (a fixed command line)
        command, pass_fds=[write_end], stdout=subprocess.DEVNULL, stderr=log
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], START_TIMEOUT)
        number = os.read(read_end, 32).decode().strip() if ready else ""
        if not number.isdigit():  # no answer in time, or Xvfb exited (an empty read)
            server.kill()
            server.wait(timeout=START_TIMEOUT)
            log.seek(0)
            raise RuntimeError(f"Xvfb did not start: {log.read().decode(errors='replace')}")
        yield f":{number}"
    finally:
        os.close(read_end)
        log.close()
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=START_TIMEOUT)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
