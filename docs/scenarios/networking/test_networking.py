"""The networking chapter's programs, on real sockets on 127.0.0.1, every wait bounded.

The key-value server is driven by many concurrent clients, malformed input, abrupt
disconnects, idle clients and TLS with a private CA; the chat room by WebSocket clients,
an oversized message and a foreign Origin.
"""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import socket
import ssl
import struct
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import kv_client
import kv_server
import kv_tls
import pytest
import trustme
import ws_chat
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosedError, InvalidStatus

HOST = "127.0.0.1"
DEADLINE = 20.0  # seconds: no test may hang longer than this


# -- the protocol, without I/O ------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "replies"),
    [
        (["SET colour blue", "GET colour"], ["OK", "VALUE blue"]),
        (["SET motto two words", "GET motto"], ["OK", "VALUE two words"]),
        (["GET nothing", "DEL nothing"], ["NOT_FOUND", "NOT_FOUND"]),
        (["SET k v", "DEL k", "GET k"], ["OK", "OK", "NOT_FOUND"]),
        (["set k v", "get k"], ["OK", "VALUE v"]),
        (["SET lonely", "GET", "GET a b"], ["ERR wrong number of arguments"] * 3),
        (["FLUSHALL", ""], ["ERR unknown command"] * 2),
    ],
)
def test_protocol(lines: list[str], replies: list[str]) -> None:
    store: dict[str, str] = {}
    assert [kv_server.handle_command(store, line) for line in lines] == replies


# -- a server on a background event loop, for the blocking client --------------------------


@contextmanager
def running_server(**options: object) -> Iterator[int]:
    """Start kv_server on a free port in a thread of its own; yield the port."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    start = kv_server.start(HOST, 0, **options)  # type: ignore[arg-type]
    server = asyncio.run_coroutine_threadsafe(start, loop).result(timeout=DEADLINE)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:

        async def stop() -> None:
            server.close()
            await server.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=DEADLINE)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=DEADLINE)
        loop.close()


def raw_connection(port: int) -> socket.socket:
    return socket.create_connection((HOST, port), timeout=DEADLINE)


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends before it hangs up (a reset counts as hanging up too)."""
    received = b""
    try:
        while chunk := sock.recv(4096):
            received += chunk
    except ConnectionResetError:
        pass
    return received


def test_blocking_client_round_trip_and_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with running_server() as port:
        with kv_client.KeyValueClient(HOST, port) as client:
            assert client.request("SET greeting hello world") == "OK"
            assert client.request("GET greeting") == "VALUE hello world"
            with pytest.raises(ValueError, match="one line"):
                client.request("GET a\nDEL greeting")  # one command per line, always
        assert kv_client.main([HOST, str(port), "GET", "greeting"]) == 0
        assert capsys.readouterr().out == "VALUE hello world\n"
        assert kv_client.main([HOST, str(port), "FLUSHALL"]) == 1  # an ERR reply fails
        assert capsys.readouterr().out == "ERR unknown command\n"
    assert kv_client.main([HOST]) == 2
    assert capsys.readouterr().err.startswith("usage: kv_client.py")
    assert kv_client.main([HOST, "not-a-port", "GET", "x"]) == 1
    assert "kv_client:" in capsys.readouterr().err


def test_command_line_client_reports_refusal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as unused:
        unused.bind((HOST, 0))
        port = unused.getsockname()[1]  # bound but not listening: connections are refused
        assert kv_client.main([HOST, str(port), "GET", "x"]) == 1
    assert "kv_client:" in capsys.readouterr().err


def test_framing_survives_split_and_merged_packets() -> None:
    with running_server() as port, raw_connection(port) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for byte in b"SET slow drip\n":  # one byte per send: the server must reassemble
            sock.sendall(bytes([byte]))
        sock.sendall(b"GET slow\nDEL slow\nGET slow\n")  # three commands in one send
        replies = b""
        while replies.count(b"\n") < 4 and (chunk := sock.recv(4096)):
            replies += chunk
        assert replies == b"OK\nVALUE drip\nOK\nNOT_FOUND\n"


def test_blocking_client_reads_a_reply_that_arrives_in_pieces() -> None:
    listener = socket.create_server((HOST, 0))
    port = listener.getsockname()[1]

    def answer_slowly() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(100)
            for piece in (b"VA", b"LUE sp", b"lit\n"):
                conn.sendall(piece)

    thread = threading.Thread(target=answer_slowly, daemon=True)
    thread.start()
    with listener, kv_client.KeyValueClient(HOST, port) as client:
        assert client.request("GET x") == "VALUE split"
    thread.join(timeout=DEADLINE)


def test_blocking_client_times_out_on_a_silent_server() -> None:
    with socket.create_server((HOST, 0)) as silent:  # the kernel accepts; nobody answers
        port = silent.getsockname()[1]
        with kv_client.KeyValueClient(HOST, port, timeout=0.5) as client:
            with pytest.raises(TimeoutError):
                client.request("GET anything")


def test_malformed_input_gets_an_error_and_the_server_carries_on() -> None:
    with running_server() as port:
        with raw_connection(port) as sock:
            sock.sendall(b"\xff\xfe\n" + b"HELLO\n")
            assert sock.recv(4096).startswith(b"ERR not UTF-8\n")
        for overlong in (b"SET big " + b"x" * 5000 + b"\n", b"SET big " + b"x" * 5000):
            with raw_connection(port) as sock:
                sock.sendall(overlong)  # with or without its newline: refused, then hung up on
                assert read_until_closed(sock) == b"ERR line too long\n"
        with kv_client.KeyValueClient(HOST, port) as client:
            assert client.request("GET big") == "NOT_FOUND"


def test_abrupt_disconnects_do_not_hurt_other_clients() -> None:
    with running_server() as port:
        with kv_client.KeyValueClient(HOST, port) as survivor:
            for _ in range(20):
                sock = raw_connection(port)
                sock.sendall(b"SET half")  # no newline: a command cut off mid-line
                # SO_LINGER with a zero timeout makes close() send RST instead of the usual FIN.
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.close()
            assert survivor.request("SET still here") == "OK"
            assert survivor.request("GET half") == "NOT_FOUND"


def test_a_full_server_turns_the_next_client_away(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kv_server, "MAX_CLIENTS", 2)
    with (
        running_server() as port,
        kv_client.KeyValueClient(HOST, port) as first,
        kv_client.KeyValueClient(HOST, port) as second,
    ):
        # A reply proves the server is running that client's handler, holding a slot.
        assert first.request("SET a 1") == "OK"
        assert second.request("GET a") == "VALUE 1"
        with raw_connection(port) as third:
            assert read_until_closed(third) == b"ERR server busy\n"
        assert first.request("GET a") == "VALUE 1"  # the clients inside carry on


def test_idle_clients_are_disconnected() -> None:
    with running_server(idle_timeout=0.3) as port, raw_connection(port) as sock:
        sock.settimeout(DEADLINE)
        assert sock.recv(100) == b"", "an idle client should be hung up on"


def test_many_concurrent_clients_lose_no_update() -> None:
    clients = 100

    async def one_client(port: int, number: int) -> list[bytes]:
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            writer.write(f"SET key{number} value{number}\nGET key{number}\n".encode())
            await writer.drain()
            return [await reader.readline(), await reader.readline()]
        finally:
            writer.close()
            await writer.wait_closed()

    async def scenario() -> None:
        async with asyncio.timeout(DEADLINE):
            server = await kv_server.start(HOST, 0)
            port = server.sockets[0].getsockname()[1]
            async with server:
                results = await asyncio.gather(*(one_client(port, n) for n in range(clients)))
                async with asyncio.TaskGroup() as group:  # then everyone reads everyone's key
                    reads = [group.create_task(one_client(port, n)) for n in range(clients)]
        assert results == [[b"OK\n", f"VALUE value{n}\n".encode()] for n in range(clients)]
        assert all(task.result()[1] == f"VALUE value{n}\n".encode() for n, task in enumerate(reads))

    asyncio.run(scenario())


# -- TLS with a private certificate authority ------------------------------------------------


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A CA of the test's own, and a certificate it issued for 127.0.0.1 and localhost."""
    folder = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    issued = ca.issue_cert(HOST, "localhost")
    ca.cert_pem.write_to_path(folder / "ca.pem")
    issued.cert_chain_pems[0].write_to_path(folder / "server.pem")
    issued.private_key_pem.write_to_path(folder / "server.key")
    return folder / "ca.pem", folder / "server.pem", folder / "server.key"


def test_tls_round_trip_with_our_own_ca(authority: tuple[Path, Path, Path]) -> None:
    cafile, certfile, keyfile = authority
    tls = kv_tls.server_context(str(certfile), str(keyfile))
    with running_server(tls=tls) as port:
        client_tls = kv_tls.client_context(str(cafile))
        with kv_client.KeyValueClient(HOST, port, tls=client_tls) as client:
            assert client.request("SET secret sauce") == "OK"
            assert client.request("GET secret") == "VALUE sauce"
        with kv_client.KeyValueClient("localhost", port, tls=client_tls) as client:
            assert client.request("GET secret") == "VALUE sauce"


def test_tls_refuses_a_certificate_from_an_unknown_ca(authority: tuple[Path, Path, Path]) -> None:
    _, certfile, keyfile = authority
    with running_server(tls=kv_tls.server_context(str(certfile), str(keyfile))) as port:
        with pytest.raises(ssl.SSLCertVerificationError, match="unable to get local issuer"):
            kv_client.KeyValueClient(HOST, port, tls=kv_tls.client_context())  # system CAs only


def test_tls_refuses_a_certificate_for_another_name(tmp_path: Path) -> None:
    ca = trustme.CA()
    other = ca.issue_cert("db.internal.example")  # valid, trusted, but not for 127.0.0.1
    ca.cert_pem.write_to_path(tmp_path / "ca.pem")
    other.cert_chain_pems[0].write_to_path(tmp_path / "other.pem")
    other.private_key_pem.write_to_path(tmp_path / "other.key")
    tls = kv_tls.server_context(str(tmp_path / "other.pem"), str(tmp_path / "other.key"))
    with running_server(tls=tls) as port:
        client_tls = kv_tls.client_context(str(tmp_path / "ca.pem"))
        with pytest.raises(ssl.SSLCertVerificationError, match="IP address mismatch"):
            kv_client.KeyValueClient(HOST, port, tls=client_tls)


def old_recipe_ca(folder: Path) -> None:
    """A CA made the way old tutorials do: no key identifiers, basic constraints not critical."""
    now = datetime.datetime.now(datetime.UTC)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Old recipe CA")])
    ca_key, server_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    ca = (
        x509.CertificateBuilder(
            issuer_name=ca_name,
            subject_name=ca_name,
            public_key=ca_key.public_key(),
            serial_number=1,
            not_valid_before=now,
            not_valid_after=now + datetime.timedelta(days=1),
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    server_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    server = (
        x509.CertificateBuilder(
            issuer_name=ca_name,
            subject_name=server_name,
            public_key=server_key.public_key(),
            serial_number=2,
            not_valid_before=now,
            not_valid_after=ca.not_valid_after_utc,
        )
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "server.pem").write_bytes(server.public_bytes(serialization.Encoding.PEM))
    (folder / "server.key").write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def test_python_313_refuses_a_ca_from_an_old_recipe(tmp_path: Path) -> None:
    old_recipe_ca(tmp_path)
    tls = kv_tls.server_context(str(tmp_path / "server.pem"), str(tmp_path / "server.key"))
    client_tls = kv_tls.client_context(str(tmp_path / "ca.pem"))
    with running_server(tls=tls) as port:
        if sys.version_info < (3, 13):  # no VERIFY_X509_STRICT by default: accepted
            assert not client_tls.verify_flags & ssl.VERIFY_X509_STRICT
            with kv_client.KeyValueClient(HOST, port, tls=client_tls) as client:
                assert client.request("GET x") == "NOT_FOUND"
        else:
            assert client_tls.verify_flags & ssl.VERIFY_X509_STRICT
            with pytest.raises(ssl.SSLCertVerificationError, match="Authority Key Identifier"):
                kv_client.KeyValueClient(HOST, port, tls=client_tls)


def test_client_context_keeps_every_check_on() -> None:
    context = kv_tls.client_context()
    assert context.check_hostname is True
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2


def test_plain_client_cannot_talk_to_a_tls_server(authority: tuple[Path, Path, Path]) -> None:
    _, certfile, keyfile = authority
    with running_server(tls=kv_tls.server_context(str(certfile), str(keyfile))) as port:
        with kv_client.KeyValueClient(HOST, port) as client:
            with pytest.raises((ConnectionError, kv_client.ProtocolError, UnicodeDecodeError)):
                client.request("GET secret")


# -- WebSockets --------------------------------------------------------------------------------

ORIGIN = "http://localhost:8000"


def test_chat_room_broadcasts_and_refuses_what_it_should() -> None:
    async def scenario() -> None:
        async with asyncio.timeout(DEADLINE):
            server = await ws_chat.start(HOST, 0, origins=[ORIGIN])
            port = server.sockets[0].getsockname()[1]
            url = f"ws://{HOST}:{port}"
            async with server:
                async with (
                    connect(url, origin=ORIGIN) as alice,  # type: ignore[arg-type]
                    connect(url, origin=ORIGIN) as bob,  # type: ignore[arg-type]
                ):
                    await alice.send("hello, room")
                    assert await bob.recv() == "hello, room"
                    assert await alice.recv() == "hello, room"  # senders hear themselves

                    async with connect(url, origin=ORIGIN) as mallory:  # type: ignore[arg-type]
                        await mallory.send("x" * (ws_chat.MAX_MESSAGE + 1))
                        with pytest.raises(ConnectionClosedError) as closed:
                            await mallory.recv()
                        assert closed.value.rcvd is not None
                        assert closed.value.rcvd.code == 1009  # message too big
                    await bob.send("still working")
                    assert await alice.recv() == "still working"

                with pytest.raises(InvalidStatus) as refused:
                    async with connect(url, origin="https://evil.example"):  # type: ignore[arg-type]
                        pass
                assert refused.value.response.status_code == 403
                with pytest.raises(InvalidStatus) as no_origin:
                    async with connect(url):  # a script sends no Origin header at all
                        pass
                assert no_origin.value.response.status_code == 403

    asyncio.run(scenario())
