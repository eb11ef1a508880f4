"""Running other programs from Python: a list of arguments, a timeout, a checked status."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path


class CommandError(Exception):
    pass


def run(args: list[str], *, timeout: float = 60, input: str | None = None) -> str:
    """Run a program and return what it printed; raise CommandError if it fails."""
    program = shutil.which(args[0])  # fail early, by name, if it is not installed
    if program is None:
        raise CommandError(f"{args[0]}: not found on PATH")
    try:
        done = subprocess.run(  # noqa: S603 (a list: no shell ever sees the arguments)
            [program, *args[1:]],
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,  # run() kills the child when time is up
            check=True,  # a non-zero exit status raises CalledProcessError
        )
    except subprocess.CalledProcessError as error:
        raise CommandError(
            f"`{shlex.join(args)}` exited with status {error.returncode}: {error.stderr.strip()}"
        ) from None
    except subprocess.TimeoutExpired:
        raise CommandError(f"`{shlex.join(args)}` took longer than {timeout} s") from None
    return done.stdout


def count_lines(path: Path) -> int:
    # "--" ends the options, so a file called "-n" is still a file name.
    return int(run(["wc", "-l", "--", str(path)]).split()[0])


def sort_unique(lines: list[str]) -> list[str]:
    # Data goes in through standard input, not through a shell's `echo ... | sort`.
    return run(["sort", "-u"], input="".join(f"{line}\n" for line in lines)).splitlines()
