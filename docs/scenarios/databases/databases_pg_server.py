"""A throwaway PostgreSQL server for tests: initdb into a temporary folder, start, stop.

It uses the server binaries of the machine (Debian's ``postgresql`` package puts them in
/usr/lib/postgresql/<major>/bin), listens on 127.0.0.1 on a free port, and accepts one
user with a generated password checked with SCRAM, as a real server would. PostgreSQL
refuses to run as root, so under root it runs as the ``postgres`` system user.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SERVER_ROOT = Path("/usr/lib/postgresql")
TIMEOUT = 30  # seconds for initdb, start and stop each


@dataclass(frozen=True)
class PostgresServer:
    bindir: Path
    workdir: Path
    port: int
    user: str
    password: str
    run_as: str | None  # the system user that owns the server (None: ourselves)
    dbname: str = "postgres"

    @property
    def conninfo(self) -> str:
        """A libpq connection string (the password is passed separately, see kwargs)."""
        return f"host=127.0.0.1 port={self.port} dbname={self.dbname} user={self.user}"

    @property
    def url(self) -> str:
        """A SQLAlchemy URL for the psycopg 3 driver."""
        return (
            f"postgresql+psycopg://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.dbname}"
        )

    @property
    def datadir(self) -> Path:
        return self.workdir / "data"


def find_bindir() -> Path:
    """The newest installed server's bin folder."""
    found = sorted(SERVER_ROOT.glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise FileNotFoundError(
            f"no PostgreSQL server under {SERVER_ROOT}: install the Debian package postgresql"
        )
    return found[-1].parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(server_user: str | None, command: list[str], log: Path) -> None:
    as_user = {} if server_user is None else {"user": server_user, "group": server_user}
    with log.open("ab") as sink:
        done = subprocess.run(  # noqa: S603 (the server's own programs, fixed arguments)
            command,
            stdout=sink,
            stderr=subprocess.STDOUT,
            timeout=TIMEOUT,
            env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"},
            extra_groups=[] if as_user else None,
            **as_user,
        )
    if done.returncode != 0:
        raise RuntimeError(
            f"{command[0]} failed ({done.returncode}):\n{log.read_text(errors='replace')[-3000:]}"
        )


def start_postgres() -> PostgresServer:
    """Create a cluster in a new temporary folder and start it; stop it with stop_postgres."""
    bindir = find_bindir()
    run_as = "postgres" if os.geteuid() == 0 else None
    # Not under pytest's tmp_path: that lives in a folder only root may enter.
    workdir = Path(tempfile.mkdtemp(prefix="fieldguide-postgres-"))
    try:
        return _init_and_start(bindir, workdir, run_as)
    except BaseException:
        # pg_ctl may have launched the server before it failed or timed out: stop it too.
        _discard(bindir, workdir, run_as)
        raise


def _init_and_start(bindir: Path, workdir: Path, run_as: str | None) -> PostgresServer:
    password = secrets.token_urlsafe(24)
    password_file = workdir / "password"
    password_file.write_text(password, encoding="utf-8")
    password_file.chmod(0o600)
    log = workdir / "server.log"
    log.touch()
    if run_as is not None:  # the server's user must own its folder and read these files
        account = pwd.getpwnam(run_as)
        for path in (workdir, password_file, log):
            os.chown(path, account.pw_uid, account.pw_gid)
    user = "fieldguide"
    _run(
        run_as,
        [
            str(bindir / "initdb"),
            f"--pgdata={workdir / 'data'}",
            f"--username={user}",
            f"--pwfile={password_file}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        ],
        log,
    )
    password_file.unlink()
    attempts = 3
    for _ in range(attempts):  # another program may take the free port before we bind it
        server = PostgresServer(bindir, workdir, free_port(), user, password, run_as)
        try:
            _run(run_as, _start_command(server, log), log)
        except RuntimeError:
            if "could not bind" not in log.read_text(errors="replace"):
                raise
        else:
            return server
    raise RuntimeError(f"PostgreSQL found no free port in {attempts} attempts")


def _start_command(server: PostgresServer, log: Path) -> list[str]:
    settings = " ".join(
        [
            "-c listen_addresses=127.0.0.1",
            f"-c port={server.port}",
            f"-c unix_socket_directories={server.workdir}",
            "-c fsync=off",  # a test server: speed over durability
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
        ]
    )
    return [
        str(server.bindir / "pg_ctl"),
        "start",
        f"--pgdata={server.datadir}",
        f"--log={log}",
        "--wait",
        f"--timeout={TIMEOUT}",
        f"--options={settings}",
    ]


def stop_postgres(server: PostgresServer) -> None:
    try:
        _run(
            server.run_as,
            [
                str(server.bindir / "pg_ctl"),
                "stop",
                f"--pgdata={server.datadir}",
                "--mode=fast",
                "--wait",
                f"--timeout={TIMEOUT}",
            ],
            server.workdir / "server.log",
        )
    finally:
        _discard(server.bindir, server.workdir, server.run_as)


def _discard(bindir: Path, workdir: Path, run_as: str | None) -> None:
    """Stop any server still running from workdir, then delete it: no process, no folder."""
    pidfile = workdir / "data" / "postmaster.pid"
    for _ in range(3):  # a server still starting may write a file while the folder goes
        if pidfile.exists():
            stop = [str(bindir / "pg_ctl"), "stop", f"--pgdata={pidfile.parent}"]
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                _run(run_as, [*stop, "--mode=immediate", "--wait"], Path(os.devnull))
        shutil.rmtree(workdir, ignore_errors=True)
        if not workdir.exists():
            return
        time.sleep(0.5)
    raise RuntimeError(f"could not remove {workdir}")
