"""Run a standard-library socket server in a thread for the length of a test.

Chapters' tests start small servers on 127.0.0.1 (package indexes, proxies, mirrors, web
pages); they all need the same start and the same clean stop, so the stop is never forgotten.
"""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager

STOP_TIMEOUT = 10  # seconds to wait for the serving thread after shutdown()


@contextmanager
def serving_in_a_thread(server: socketserver.BaseServer) -> Iterator[str]:
    """Serve ``server`` from a daemon thread; yield its ``host:port``; then stop and close it."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=STOP_TIMEOUT)
