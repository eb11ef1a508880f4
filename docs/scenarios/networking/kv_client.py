"""A blocking client for kv_server.py: plain sockets, timeouts, and line framing."""

from __future__ import annotations

import socket
import ssl
import sys

MAX_REPLY = 64 * 1024


class ProtocolError(Exception):
    """The server said something this client cannot read."""


class KeyValueClient:
    def __init__(
        self,
        host: str,
        port: int,
        *,
        timeout: float = 5.0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        # create_connection tries every address the name resolves to; timeout covers
        # connecting and, because it stays set on the socket, every later send and recv.
        sock = socket.create_connection((host, port), timeout=timeout)
        if tls is not None:
            sock = tls.wrap_socket(sock, server_hostname=host)  # checks the certificate's name
        self._sock = sock
        self._buffer = bytearray()

    def request(self, line: str) -> str:
        if "\n" in line or "\r" in line:
            raise ValueError("a command is one line")  # or the server would see two commands
        self._sock.sendall(line.encode("utf-8") + b"\n")
        return self._read_line()

    def _read_line(self) -> str:
        # TCP is a byte stream: one recv() may hold half a reply, or two. Read until a newline.
        while (end := self._buffer.find(b"\n")) < 0:
            if len(self._buffer) > MAX_REPLY:
                raise ProtocolError(f"no newline in the first {MAX_REPLY} bytes")
            chunk = self._sock.recv(4096)
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self._buffer += chunk
        line = bytes(self._buffer[:end])
        del self._buffer[: end + 1]
        return line.decode("utf-8")

    def close(self) -> None:
        self._sock.close()

    def __enter__(self) -> KeyValueClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def main(argv: list[str]) -> int:
    """``python kv_client.py HOST PORT COMMAND...``, e.g. ``... 127.0.0.1 7070 GET colour``."""
    if len(argv) < 3:
        print("usage: kv_client.py HOST PORT COMMAND...", file=sys.stderr)
        return 2
    host, port, *command = argv
    try:
        with KeyValueClient(host, int(port)) as client:
            reply = client.request(" ".join(command))
    except (OSError, ProtocolError, ValueError) as error:  # timeouts and refusals are OSErrors
        print(f"kv_client: {error}", file=sys.stderr)
        return 1
    print(reply)
    return 1 if reply.startswith("ERR") else 0  # scripts can test the exit status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
