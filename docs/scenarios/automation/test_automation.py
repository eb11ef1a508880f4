"""Tests for the automation chapter: the scripts run on temporary trees, the commands run
for real, and the systemd units are checked by systemd's own tool, systemd-analyze.
"""

from __future__ import annotations

import io
import os
import re
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import tarfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import automation_backup
import automation_walk
import pytest
from automation_backup import BackupError, make_archive, prune, restore
from automation_commands import CommandError, count_lines, run, sort_unique

HERE = Path(__file__).parent
WHEN = datetime(2026, 11, 30, 3, 15, 0, tzinfo=UTC)
SYSTEMD_ANALYZE = "/usr/bin/systemd-analyze"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    source = tmp_path / "data"
    for relative, text in {
        "notes.txt": "hello\n",
        "reports/2026.csv": "month,total\n",
        "reports/draft.tmp": "half-written",
        "__pycache__/x.cpython-314.pyc": "bytecode",
        "reports/__pycache__/y.pyc": "bytecode",
    }.items():
        path = source / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (source / "link-to-notes").symlink_to(source / "notes.txt")
    return source


# -- walking and archiving ---------------------------------------------------------------


def test_the_walk_skips_caches_temporary_files_and_links(data: Path) -> None:
    os.mkfifo(data / "reports" / "a-pipe")  # not a regular file, so not backed up
    found = [path.relative_to(data).as_posix() for path in automation_backup.files_to_back_up(data)]
    assert found == ["notes.txt", "reports/2026.csv"]


def test_make_archive_writes_a_dated_complete_archive(data: Path, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    archive = make_archive(data, backups, WHEN)
    assert archive.name == "data-20261130T031500Z.tar.gz"
    assert [path.name for path in backups.iterdir()] == [archive.name], "no .partial left"
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == ["data/notes.txt", "data/reports/2026.csv"]
        assert tar.extractfile("data/notes.txt").read() == b"hello\n"


def test_a_write_that_fails_half_way_leaves_no_partial_archive(data: Path, tmp_path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    (data / "random.bin").write_bytes(os.urandom(256 * 1024))  # gzip cannot shrink it

    def file_size_limit() -> None:  # in the child: writes past 64 KiB fail, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write, do not kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    done = subprocess.run(
        [sys.executable, str(HERE / "automation_backup.py"), str(data), str(backups)]
        + ["--min-free-mb", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=file_size_limit,  # noqa: PLW1509 (the test starts no threads)
    )
    assert done.returncode == 1, done.stderr
    assert "ERROR backup failed: [Errno 27] File too large" in done.stderr
    assert list(backups.iterdir()) == [], "a failed run must not leave a .partial file"


def test_too_little_free_space_refuses_before_writing(data: Path, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    free = shutil.disk_usage(backups).free
    with pytest.raises(BackupError, match=r"bytes free"):
        make_archive(data, backups, WHEN, min_free=free + 1)
    assert list(backups.iterdir()) == []


def test_prune_keeps_the_newest_and_touches_nothing_else(tmp_path: Path) -> None:
    stamps = [(WHEN - timedelta(days=day)).strftime(automation_backup.STAMP) for day in range(5)]
    for stamp in stamps:
        (tmp_path / f"data-{stamp}.tar.gz").write_bytes(b"")
    others = ["data-notes.txt", f"logs-{stamps[4]}.tar.gz", f"data-{stamps[4]}.tar.gz.partial"]
    for name in others:
        (tmp_path / name).write_bytes(b"")
    deleted = prune(tmp_path, "data", keep=3)
    assert sorted(path.name for path in deleted) == sorted(
        f"data-{stamp}.tar.gz" for stamp in stamps[3:]
    )
    left = sorted(path.name for path in tmp_path.iterdir())
    assert left == sorted([f"data-{stamp}.tar.gz" for stamp in stamps[:3]] + others)
    with pytest.raises(BackupError):
        prune(tmp_path, "data", keep=0)


def test_the_script_runs_as_the_timer_runs_it(data: Path, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    for day in range(1, 4):  # three older archives; --keep 2 leaves the new one and one old
        stamp = (WHEN - timedelta(days=day)).strftime(automation_backup.STAMP)
        (backups / f"data-{stamp}.tar.gz").write_bytes(b"")
    done = subprocess.run(
        [sys.executable, str(HERE / "automation_backup.py"), str(data), str(backups)]
        + ["--keep", "2", "--min-free-mb", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    assert re.search(r"^INFO wrote .*/data-\d{8}T\d{6}Z\.tar\.gz \(2 files\)$", done.stderr, re.M)
    assert done.stderr.count("INFO deleted ") == 2
    assert len(list(backups.iterdir())) == 2


def test_the_script_reports_failure_with_status_1(tmp_path: Path) -> None:
    # os.walk() alone would walk a missing folder without complaint: an empty backup.
    with pytest.raises(BackupError, match="missing: not a directory"):
        automation_backup.files_to_back_up(tmp_path / "missing")
    status = automation_backup.main(
        [str(tmp_path / "missing"), str(tmp_path), "--min-free-mb", "0"]
    )
    assert status == 1
    with pytest.raises(SystemExit) as usage:
        automation_backup.main([str(tmp_path), str(tmp_path), "--keep", "0"])
    assert usage.value.code == 2


def evil_archive(path: Path) -> None:
    """A tar whose member climbs out of the folder it is extracted into."""
    with tarfile.open(path, "w:gz") as tar:
        payload = b"overwritten\n"
        member = tarfile.TarInfo("../outside.txt")
        member.size = len(payload)
        tar.addfile(member, io.BytesIO(payload))


def test_restore_round_trip_or_a_clear_refusal(data: Path, tmp_path: Path) -> None:
    backups, target = tmp_path / "backups", tmp_path / "restored"
    backups.mkdir()
    target.mkdir()
    archive = make_archive(data, backups, WHEN)
    if hasattr(tarfile, "data_filter"):
        restore(archive, target)
        assert (target / "data" / "notes.txt").read_text(encoding="utf-8") == "hello\n"
    else:  # Debian 12's 3.11.2, among others, predates extraction filters
        assert sys.version_info < (3, 11, 4)
        with pytest.raises(BackupError, match=r"use 3\.11\.4 or later"):
            restore(archive, target)
        assert list(target.iterdir()) == []


def test_restore_refuses_an_archive_that_escapes(tmp_path: Path) -> None:
    evil, target = tmp_path / "evil.tar.gz", tmp_path / "target"
    target.mkdir()
    evil_archive(evil)
    if hasattr(tarfile, "data_filter"):
        with pytest.raises(tarfile.OutsideDestinationError):
            restore(evil, target)
    else:
        with pytest.raises(BackupError):
            restore(evil, target)
    assert not (tmp_path / "outside.txt").exists()


def test_plain_extractall_trusts_the_archive_before_3_14(tmp_path: Path) -> None:
    """The bad example: extractall() with no filter. 3.14 made "data" the default."""
    evil, target = tmp_path / "evil.tar.gz", tmp_path / "target"
    target.mkdir()
    evil_archive(evil)
    with tarfile.open(evil) as tar:
        if sys.version_info >= (3, 14):
            with pytest.raises(tarfile.OutsideDestinationError):
                tar.extractall(target)  # noqa: S202 (proving 3.14's default refuses)
            assert not (tmp_path / "outside.txt").exists()
        else:
            tar.extractall(target)  # noqa: S202 (the bad example, run to show what it does)
            assert (tmp_path / "outside.txt").read_text(encoding="utf-8") == "overwritten\n"


def test_path_walk_needs_python_3_12(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "pack").write_bytes(b"x" * 5000)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "big.bin").write_bytes(b"x" * 3000)
    (tmp_path / "small.txt").write_bytes(b"x" * 1000)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    if sys.version_info >= (3, 12):
        largest = automation_walk.largest_files(tmp_path, count=2)
        assert largest == [(3000, tmp_path / "sub" / "big.bin"), (1000, tmp_path / "small.txt")]
    else:
        with pytest.raises(AttributeError, match="'PosixPath' object has no attribute 'walk'"):
            automation_walk.largest_files(tmp_path)


def test_shutil_make_archive_and_copytree(data: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(data, tmp_path / "copy", ignore=shutil.ignore_patterns("*.tmp"))
    assert (copy / "reports" / "2026.csv").exists()
    assert not (copy / "reports" / "draft.tmp").exists()
    archive = shutil.make_archive(str(tmp_path / "copy-backup"), "zip", root_dir=copy)
    assert Path(archive).name == "copy-backup.zip"


# -- running commands ----------------------------------------------------------------------

HOSTILE = "notes; touch pwned #.txt"


def test_a_list_of_arguments_is_safe_with_a_hostile_file_name(tmp_path: Path) -> None:
    hostile = tmp_path / HOSTILE
    hostile.write_text("one\ntwo\nthree\n", encoding="utf-8")
    assert count_lines(hostile) == 3
    assert not (tmp_path / "pwned").exists()
    dash = tmp_path / "-n"
    dash.write_text("x\n", encoding="utf-8")
    assert count_lines(dash) == 1


def test_the_shell_version_runs_the_command_hidden_in_the_name(tmp_path: Path) -> None:
    """The bad example: an f-string handed to the shell."""
    (tmp_path / HOSTILE).write_text("one\n", encoding="utf-8")
    name = HOSTILE
    subprocess.run(f"wc -l {name}", shell=True, cwd=tmp_path, capture_output=True, timeout=30)  # noqa: S602 (the bad example, run to prove it)
    assert (tmp_path / "pwned").exists()


def test_input_goes_through_stdin() -> None:
    assert sort_unique(["pear", "apple", "pear", "$(reboot)"]) == ["$(reboot)", "apple", "pear"]


def test_failures_and_timeouts_become_one_clear_error() -> None:
    with pytest.raises(
        CommandError, match=r"^`ls /no/such/dir` exited with status 2: .*cannot access"
    ):
        run(["ls", "/no/such/dir"])
    with pytest.raises(CommandError, match=r"took longer than 0\.2 s"):
        run(["sleep", "30"], timeout=0.2)
    with pytest.raises(CommandError, match=r"^no-such-program-here: not found on PATH$"):
        run(["no-such-program-here"])


# -- the systemd units, checked by systemd-analyze ------------------------------------------

UNITS = ["automation-backup.service", "automation-backup.timer", "automation-worker.service"]


def systemd_analyze(*args: str) -> subprocess.CompletedProcess[str]:
    if not os.access(SYSTEMD_ANALYZE, os.X_OK):
        pytest.fail(f"no {SYSTEMD_ANALYZE}: install Debian's systemd package (apt install systemd)")
    return subprocess.run(
        [SYSTEMD_ANALYZE, *args], capture_output=True, text=True, timeout=60, check=False
    )


def exec_start(unit: Path) -> list[str]:
    line = next(line for line in unit.read_text().splitlines() if line.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart="))


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A root directory as on a server: systemd's own units, ours, and the programs they
    start (empty stand-ins: verify checks that each ExecStart program exists)."""
    root = tmp_path_factory.mktemp("root")
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    units = root / "etc/systemd/system"
    units.mkdir(parents=True)
    for name in UNITS:
        shutil.copy(HERE / name, units / name)
        if name.endswith(".service"):
            program = root / exec_start(HERE / name)[0].lstrip("/")
            program.parent.mkdir(parents=True, exist_ok=True)
            program.write_text("#!/bin/sh\n")
            program.chmod(0o755)
    return root


@pytest.mark.once
def test_systemd_accepts_the_units_without_a_single_warning(root: Path) -> None:
    paths = [str(root / "etc/systemd/system" / name) for name in UNITS]
    checked = systemd_analyze("verify", "--man=no", f"--root={root}", *paths)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")


@pytest.mark.once
def test_verify_is_a_real_check(root: Path, tmp_path: Path) -> None:
    broken = root / "etc/systemd/system/broken-worker.service"
    text = (HERE / "automation-worker.service").read_text()
    broken.write_text(text.replace("/opt/worker/", "/opt/missing/").replace("Restart=", "Restrat="))
    checked = systemd_analyze("verify", "--man=no", f"--root={root}", str(broken))
    assert checked.returncode != 0
    assert "/opt/missing/.venv/bin/worker is not executable" in checked.stderr
    assert "Unknown key 'Restrat'" in checked.stderr


@pytest.mark.once
@pytest.mark.parametrize("name", ["automation-backup.service", "automation-worker.service"])
def test_the_services_are_hardened(root: Path, name: str) -> None:
    # The exposure score runs from 0 (locked down) to 10; the threshold is in tenths.
    unit = str(root / "etc/systemd/system" / name)
    checked = systemd_analyze(
        "security", "--offline=true", "--threshold=40", f"--root={root}", unit
    )
    assert checked.returncode == 0, checked.stdout[-600:] + checked.stderr


@pytest.mark.once
def test_an_unhardened_service_fails_the_same_threshold(root: Path) -> None:
    plain = root / "etc/systemd/system/plain.service"
    plain.write_text("[Service]\nExecStart=/opt/worker/.venv/bin/worker --queue jobs\n")
    checked = systemd_analyze(
        "security", "--offline=true", "--threshold=40", f"--root={root}", str(plain)
    )
    assert checked.returncode != 0


@pytest.mark.once
def test_the_timer_fires_at_03_15_every_day() -> None:
    timer = (HERE / "automation-backup.timer").read_text()
    spec = re.search(r"^OnCalendar=(.+)$", timer, re.M)[1]
    checked = systemd_analyze("calendar", "--iterations=2", spec)
    assert checked.returncode == 0, checked.stderr
    assert "Normalized form: *-*-* 03:15:00" in checked.stdout
    assert re.search(r"^\s*Persistent=true$", timer, re.M)


def test_the_service_runs_the_script_with_arguments_it_accepts() -> None:
    unit = (HERE / "automation-backup.service").read_text()
    args = exec_start(HERE / "automation-backup.service")
    assert args[1] == "/opt/app-backup/automation_backup.py"
    parsed = automation_backup.make_parser().parse_args(args[2:])
    assert (parsed.source, parsed.keep) == (Path("/srv/app/data"), 14)
    # The one folder the hardened service may write to is where the archives go.
    assert f"ReadWritePaths={parsed.destination}\n" in unit
