"""Loading is running: a pickle or a full-loader YAML document calls any function it names.
The payload here only makes a folder in tmp_path; json and yaml.safe_load refuse or ignore it."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest
import yaml


class Payload:
    """What an attacker would send: unpickling calls os.mkdir(target)."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.target),)


def test_unpickling_runs_the_attackers_call(tmp_path: Path) -> None:
    target = tmp_path / "owned"
    blob = pickle.dumps(Payload(target))
    assert not target.exists()
    pickle.loads(blob)  # noqa: S301 (deliberately unsafe, to show the attack)
    assert target.is_dir()


def yaml_payload(target: Path) -> str:
    return f"!!python/object/apply:os.mkdir [{json.dumps(str(target))}]"


@pytest.mark.parametrize("loader", [yaml.Loader, yaml.UnsafeLoader])
def test_the_unsafe_yaml_loaders_run_it_too(tmp_path: Path, loader: type) -> None:
    target = tmp_path / "owned"
    yaml.load(yaml_payload(target), Loader=loader)  # noqa: S506 (deliberately unsafe)
    assert target.is_dir()


def test_safe_load_refuses_the_tag(tmp_path: Path) -> None:
    target = tmp_path / "owned"
    with pytest.raises(yaml.constructor.ConstructorError, match="python/object/apply"):
        yaml.safe_load(yaml_payload(target))
    assert not target.exists()
    assert yaml.safe_load("retries: 3\nhosts: [a, b]") == {"retries": 3, "hosts": ["a", "b"]}


def test_json_only_ever_builds_plain_data(tmp_path: Path) -> None:
    target = tmp_path / "owned"
    data = json.loads(json.dumps({"__reduce__": ["os.mkdir", str(target)]}))
    assert data == {"__reduce__": ["os.mkdir", str(target)]}
    assert not target.exists()
