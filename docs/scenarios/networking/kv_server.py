"""A tiny key-value server on asyncio streams: one command per line, one reply per line.

    SET key value   ->  OK
    GET key         ->  VALUE value   or   NOT_FOUND
    DEL key         ->  OK            or   NOT_FOUND
    anything else   ->  ERR <reason>

Run it with ``python kv_server.py`` and talk to it with ``kv_client.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from asyncio import StreamReader, StreamWriter

MAX_LINE = 1024  # bytes before the newline: longer lines are refused, not buffered forever
IDLE_TIMEOUT = 30.0  # seconds a client may stay silent before we hang up
MAX_CLIENTS = 500

log = logging.getLogger("kv_server")


def handle_command(store: dict[str, str], line: str) -> str:
    """The whole protocol, with no I/O: easy to test on its own."""
    command, _, rest = line.partition(" ")
    match command.upper(), rest:
        case "GET", key if key and " " not in key:
            return f"VALUE {store[key]}" if key in store else "NOT_FOUND"
        case "SET", args if " " in args.strip():
            key, value = args.split(" ", 1)
            store[key] = value
            return "OK"
        case "DEL", key if key and " " not in key:
            return "OK" if store.pop(key, None) is not None else "NOT_FOUND"
        case (("GET" | "SET" | "DEL"), _):
            return "ERR wrong number of arguments"
        case _:
            return "ERR unknown command"


class KeyValueServer:
    def __init__(self, idle_timeout: float = IDLE_TIMEOUT) -> None:
        self.store: dict[str, str] = {}
        self.idle_timeout = idle_timeout
        self.clients = asyncio.Semaphore(MAX_CLIENTS)

    async def serve_client(self, reader: StreamReader, writer: StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        if self.clients.locked():
            writer.write(b"ERR server busy\n")
            await self._close(writer)
            return
        async with self.clients:
            try:
                await self._conversation(reader, writer)
            except (ConnectionError, asyncio.IncompleteReadError):
                log.info("%s went away", peer)  # abrupt disconnects are normal on a network
            except TimeoutError:
                log.info("%s was idle for %s s", peer, self.idle_timeout)
            finally:
                await self._close(writer)

    async def _conversation(self, reader: StreamReader, writer: StreamWriter) -> None:
        while True:
            async with asyncio.timeout(self.idle_timeout):
                try:
                    raw = await reader.readuntil(b"\n")
                except asyncio.LimitOverrunError:
                    writer.write(b"ERR line too long\n")
                    await writer.drain()
                    return  # the rest of that line is still unread: stop rather than guess
                except asyncio.IncompleteReadError as eof:
                    if eof.partial:
                        log.info("dropped a half-sent line of %d bytes", len(eof.partial))
                    return
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                reply = "ERR not UTF-8"
            else:
                reply = handle_command(self.store, line)
            writer.write(reply.encode("utf-8") + b"\n")
            await writer.drain()  # back-pressure: wait while a slow client's buffer is full

    @staticmethod
    async def _close(writer: StreamWriter) -> None:
        writer.close()
        with contextlib.suppress(ConnectionError, ssl.SSLError):
            await writer.wait_closed()


async def start(
    host: str = "127.0.0.1",
    port: int = 7070,
    *,
    tls: ssl.SSLContext | None = None,
    idle_timeout: float = IDLE_TIMEOUT,
) -> asyncio.Server:
    server = KeyValueServer(idle_timeout)
    # limit= caps what readuntil() will buffer while looking for a newline.
    return await asyncio.start_server(server.serve_client, host, port, limit=MAX_LINE, ssl=tls)


async def main() -> None:
    server = await start()
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(main())
