"""Tests for script_metadata.py, the example script of "Single-file scripts".

Its parser is checked against the canonical regular expression of the inline script
metadata specification, and the script itself is run by the real uv, offline, with an
empty cache: it needs only the standard library. The last test takes a script through
``uv add --script``, ``uv lock --script`` and ``uv run --script`` offline, with a wheel
it builds itself as the only package index.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import script_metadata
from script_metadata import MetadataError, find_blocks, read_metadata
from uv_support import find_uv

HERE = Path(__file__).parent
SCRIPT = HERE / "script_metadata.py"

# The specification's canonical expression (packaging.python.org, "Inline script
# metadata"), used here only as the reference the parser must agree with.
CANONICAL = re.compile(r"(?m)^# /// (?P<type>[a-zA-Z0-9-]+)$\s(?P<content>(^#(| .*)$\s)+)^# ///$")


def canonical_blocks(text: str) -> list[tuple[str, str]]:
    return [
        (
            match["type"],
            "".join(
                line[2:] if line.startswith("# ") else line[1:]
                for line in match["content"].splitlines(keepends=True)
            ),
        )
        for match in CANONICAL.finditer(text)
    ]


NESTED_SLASHES = """\
# /// some-toml
# embedded = \"\"\"
# /// <summary>
# /// text
# ///
# /// </summary>
# \"\"\"
# ///
print("the block ends at the last '# ///' before code")
"""
TWO_TYPES_AND_A_COMMENT = """\
#!/usr/bin/env python3
# /// script
# dependencies = ["rich>=14"]
#
# [tool.uv]
# exclude-newer = "7 days"
# ///
# An ordinary comment, after a blank line: not part of any block.

# /// notes
# text = "another type of block"
# ///
import rich
"""
UNCLOSED = """\
# /// script
# dependencies = ["rich"]
import rich
"""


@pytest.mark.parametrize(
    "text",
    [SCRIPT.read_text(encoding="utf-8"), NESTED_SLASHES, TWO_TYPES_AND_A_COMMENT, UNCLOSED],
    ids=["the-sample", "nested-slashes", "two-types", "unclosed"],
)
def test_parser_agrees_with_the_canonical_expression(text: str) -> None:
    ours = [(block.type, block.content) for block in find_blocks(text)]
    assert ours == canonical_blocks(text)


def test_the_sample_declares_python_and_a_fixed_cut_off() -> None:
    metadata = read_metadata(SCRIPT.read_text(encoding="utf-8"))
    assert metadata == {
        "requires-python": ">=3.11",
        "dependencies": [],
        "tool": {"uv": {"exclude-newer": "2026-11-29T00:00:00Z"}},
    }
    assert SCRIPT.read_text(encoding="utf-8").startswith("#!/usr/bin/env -S uv run --script\n")


def test_block_lines_and_types() -> None:
    blocks = find_blocks(TWO_TYPES_AND_A_COMMENT)
    assert [(block.type, block.line) for block in blocks] == [("script", 2), ("notes", 10)]
    assert read_metadata(TWO_TYPES_AND_A_COMMENT) == {
        "dependencies": ["rich>=14"],
        "tool": {"uv": {"exclude-newer": "7 days"}},
    }


def test_unclosed_blocks_and_plain_scripts_have_no_metadata() -> None:
    assert read_metadata(UNCLOSED) is None
    assert read_metadata("print('hello')\n") is None
    assert read_metadata("") is None


def test_an_empty_block_is_valid_although_the_expression_misses_it() -> None:
    # The text of the specification wins where the two differ: every line between the
    # start and end lines must be a comment, and zero lines satisfy that.
    text = "# /// script\n# ///\n"
    assert canonical_blocks(text) == []
    assert read_metadata(text) == {}


def test_two_script_blocks_are_an_error_naming_both_lines() -> None:
    text = (
        UNCLOSED.replace("import rich\n", "# ///\n")
        + "\n"
        + UNCLOSED.replace("import rich\n", "# ///\n")
    )
    with pytest.raises(
        MetadataError, match=r"^tool\.py:5: more than one script block \(lines 1, 5\)"
    ):
        read_metadata(text, "tool.py")


def test_slashes_inside_a_block_are_content() -> None:
    [block] = find_blocks(NESTED_SLASHES)
    assert (block.type, block.line) == ("some-toml", 1)
    assert block.content.splitlines()[1:5] == ["/// <summary>", "/// text", "///", "/// </summary>"]


def test_bad_toml_names_the_file_and_line() -> None:
    text = 'print("before")\n# /// script\n# dependencies = ["rich"\n# ///\n'
    with pytest.raises(MetadataError, match=r"^tool\.py:2: the script block is not valid TOML"):
        read_metadata(text, "tool.py")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('# [run]\n# dependencies = ["rich"]\n', r"unknown keys in the script block: \['run'\]"),
        ('# dependencies = "rich"\n', "dependencies must be a list of strings"),
        ("# requires-python = 3.11\n", "requires-python must be a string"),
    ],
)
def test_fields_are_checked(body: str, message: str) -> None:
    with pytest.raises(MetadataError, match=message):
        read_metadata(f"# /// script\n{body}# ///\n")


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "plain.py"
    plain.write_text("print('hi')\n", encoding="utf-8")
    assert script_metadata.main([str(SCRIPT), str(plain)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{SCRIPT}: Python >=3.11; dependencies: none; tool settings: uv",
        f"{plain}: no inline metadata",
    ]
    broken = tmp_path / "broken.py"
    broken.write_text("# /// script\n# dependencies = [\n# ///\n", encoding="utf-8")
    assert script_metadata.main([str(broken)]) == 1
    assert capsys.readouterr().err.startswith(f"error: {broken}:1: the script block is not valid")
    assert script_metadata.main([]) == 2


def test_a_file_that_is_not_utf8_is_an_error_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin1 = tmp_path / "latin1.py"
    latin1.write_bytes(
        "# /// script\n# dependencies = []\n# ///\nprint('café')\n".encode("latin-1")
    )
    assert script_metadata.main([str(latin1)]) == 1
    assert capsys.readouterr().err == f"error: {latin1}:4: not UTF-8 text\n"


# -- the real uv, offline --------------------------------------------------------------------


def offline_env(tmp_path: Path) -> dict[str, str]:
    """uv with an empty cache of its own, no network, this interpreter, no user config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "VIRTUAL_ENV"))}
    env.update(
        UV_CACHE_DIR=str(tmp_path / "uv-cache"),
        UV_OFFLINE="1",
        UV_NO_CONFIG="1",
        UV_PYTHON=sys.executable,
        UV_PYTHON_DOWNLOADS="never",
        UV_NO_PROGRESS="1",
    )
    return env


def run(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        command, capture_output=True, text=True, timeout=120, check=False, env=env, cwd=cwd
    )


def test_uv_runs_the_script_offline_from_an_empty_cache(tmp_path: Path) -> None:
    result = run(
        [find_uv(), "run", "--script", str(SCRIPT), str(SCRIPT)], offline_env(tmp_path), HERE
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{SCRIPT}: Python >=3.11; dependencies: none; tool settings: uv\n"


def test_the_shebang_line_runs_it_through_uv(tmp_path: Path) -> None:
    copy = tmp_path / "script_metadata.py"
    shutil.copy(SCRIPT, copy)
    copy.chmod(copy.stat().st_mode | stat.S_IXUSR)
    env = offline_env(tmp_path)
    env["PATH"] = f"{Path(find_uv()).parent}{os.pathsep}{env.get('PATH', '')}"
    result = run([str(copy), "script_metadata.py"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("script_metadata.py: Python >=3.11;")
    # uv made the script's environment in the cache we gave it, not in the folder
    assert (tmp_path / "uv-cache" / "environments-v2").is_dir()
    assert not (tmp_path / ".venv").exists()


def build_wheel(wheelhouse: Path, name: str, version: str, module: str) -> Path:
    """A minimal, valid pure-Python wheel (the wheel format is a zip with metadata)."""
    dist_info = f"{name}-{version}.dist-info"
    files = {
        f"{name}.py": module,
        f"{dist_info}/METADATA": f"Metadata-Version: 2.4\nName: {name}\nVersion: {version}\n",
        f"{dist_info}/WHEEL": "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{path},sha256={digest.decode()},{len(text.encode())}")
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = "\n".join(record) + "\n"
    wheel = wheelhouse / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return wheel


def test_add_lock_and_run_a_script_with_a_dependency_offline(tmp_path: Path) -> None:
    wheelhouse = tmp_path / "wheelhouse"
    wheelhouse.mkdir()
    build_wheel(wheelhouse, "shout", "1.2.0", "def shout(text):\n    return text.upper() + '!'\n")
    env = offline_env(tmp_path)
    index = ["--no-index", "--find-links", str(wheelhouse)]
    uv = find_uv()

    init = run([uv, "init", "--script", "greet.py", "--python", "3.11"], env, tmp_path)
    assert init.returncode == 0, init.stderr
    greet = tmp_path / "greet.py"
    greet.write_text(
        greet.read_text(encoding="utf-8") + "\nfrom shout import shout\n\nprint(shout('hello'))\n",
        encoding="utf-8",
    )
    add = run([uv, "add", "--script", "greet.py", "shout", *index], env, tmp_path)
    assert add.returncode == 0, add.stderr
    # what uv wrote is a block our parser (and so the specification) accepts
    metadata = read_metadata(greet.read_text(encoding="utf-8"), "greet.py")
    assert metadata == {"requires-python": ">=3.11", "dependencies": ["shout>=1.2.0"]}

    lock = run([uv, "lock", "--script", "greet.py", *index], env, tmp_path)
    assert lock.returncode == 0, lock.stderr
    lock_text = (tmp_path / "greet.py.lock").read_text(encoding="utf-8")
    assert 'name = "shout"' in lock_text
    assert 'version = "1.2.0"' in lock_text
    # a wheel from a local folder is locked by its path; one from an index, by its hash
    assert "shout-1.2.0-py3-none-any.whl" in lock_text

    result = run([uv, "run", "--locked", "--script", "greet.py", *index], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "HELLO!"


def test_a_script_with_a_block_ignores_the_project_around_it(tmp_path: Path) -> None:
    wheelhouse = tmp_path / "wheelhouse"
    wheelhouse.mkdir()
    build_wheel(wheelhouse, "shout", "1.2.0", "def shout(text):\n    return text.upper()\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "0"\nrequires-python = ">=3.11"\n'
        'dependencies = ["shout"]\n',
        encoding="utf-8",
    )
    body = "from shout import shout\nprint(shout('from the project'))\n"
    (project / "plain.py").write_text(body, encoding="utf-8")
    (project / "with_block.py").write_text(
        "# /// script\n# dependencies = []\n# ///\n" + body, encoding="utf-8"
    )
    env = offline_env(tmp_path)
    index = ["--no-index", "--find-links", str(wheelhouse)]
    plain = run([find_uv(), "run", *index, "plain.py"], env, project)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.splitlines()[-1] == "FROM THE PROJECT"
    with_block = run([find_uv(), "run", *index, "with_block.py"], env, project)
    assert with_block.returncode != 0
    assert "No module named 'shout'" in with_block.stderr
