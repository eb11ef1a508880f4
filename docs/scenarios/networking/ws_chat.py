"""A chat room over WebSockets: every message a member sends goes to every member."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve

MAX_MESSAGE = 4096  # bytes; a larger frame closes that connection with code 1009


class ChatRoom:
    def __init__(self) -> None:
        self.members: set[ServerConnection] = set()

    async def join(self, websocket: ServerConnection) -> None:
        self.members.add(websocket)
        try:
            async for message in websocket:
                # broadcast() never waits: a slow member's messages pile up in its buffer
                # until its keepalive ping goes unanswered and the connection is closed.
                broadcast(self.members, message)
        finally:
            self.members.discard(websocket)


async def start(host: str = "127.0.0.1", port: int = 8765, *, origins: Sequence[str]) -> Server:
    # origins: browsers send an Origin header, so refusing unknown ones stops other web
    # sites from opening a socket to your room with your users' cookies.
    return await serve(ChatRoom().join, host, port, max_size=MAX_MESSAGE, origins=list(origins))


async def main() -> None:
    server = await start(origins=["http://localhost:8000"])
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
