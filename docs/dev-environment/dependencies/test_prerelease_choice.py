"""Which release does uv choose when the only version that fits is a pre-release?

The chapter says: an installer takes a pre-release when no *final release that satisfies
the specifier* exists, even if other final releases do. This test builds two tiny wheels of
a made-up package (2.32.5 and 3.0.0rc1) in tmp_path, serves them as a local index, and asks
the guide's pinned uv to resolve each requirement. Nothing goes to the network.
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from uv_support import find_uv, pinned_uv_version

NAME = "shop_demo"


def build_wheel(folder: Path, version: str) -> None:
    """A minimal valid wheel: one module, METADATA, WHEEL and a RECORD with hashes."""
    info = f"{NAME}-{version}.dist-info"
    files = {
        f"{NAME}/__init__.py": b"",
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {version}\n".encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n",
    }
    record = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    with zipfile.ZipFile(folder / f"{NAME}-{version}-py3-none-any.whl", "w") as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("index")
    for version in ("2.32.5", "3.0.0rc1"):
        build_wheel(folder, version)
    return folder


def uv_chooses(index: Path, requirement: str, *options: str) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("UV_")}
    environment["UV_CACHE_DIR"] = str(index.parent / "uv-cache")
    result = subprocess.run(  # noqa: S603 (the pinned uv, fixed arguments, no shell)
        [
            find_uv(pinned_uv_version()), "pip", "compile", "-", "--no-config", "--offline",
            "--no-index", "--find-links", str(index), "--no-header", "--no-annotate",
            "--python-version", "3.11", *options,
        ],
        input=requirement, capture_output=True, text=True, timeout=60, env=environment,
        check=False,
    )  # fmt: skip
    if result.returncode != 0:
        return "nothing"
    [pinned] = [line for line in result.stdout.splitlines() if line.startswith("shop-demo")]
    return pinned.split("==")[1]


@pytest.mark.parametrize(
    ("requirement", "chosen"),
    [
        ("shop-demo>=2.31", "2.32.5"),  # a final release fits: the pre-release is skipped
        ("shop-demo>=2.33", "3.0.0rc1"),  # no final release fits, so the pre-release is taken
        ("shop-demo>=3.0.0rc1", "3.0.0rc1"),  # the specifier names a pre-release
        ("shop-demo>=3", "nothing"),  # 3.0.0rc1 comes before 3.0.0: it does not satisfy >=3
    ],
)
def test_uv_takes_a_pre_release_only_when_no_final_release_fits(
    index: Path, requirement: str, chosen: str
) -> None:
    assert uv_chooses(index, requirement) == chosen


def test_asking_for_pre_releases_takes_the_newest(index: Path) -> None:
    assert uv_chooses(index, "shop-demo>=2.31", "--prerelease", "allow") == "3.0.0rc1"
