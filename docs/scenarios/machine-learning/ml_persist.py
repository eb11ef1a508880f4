"""Save a trained model safely: skops for Python, ONNX for anything, and a record beside it."""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import skops.io as sio
from numpy.typing import NDArray
from skl2onnx import to_onnx
from sklearn.pipeline import Pipeline


class UntrustedModelError(Exception):
    """The model file names a type or function that we did not expect to load."""


def data_fingerprint(features: NDArray[Any], labels: NDArray[Any]) -> str:
    """SHA-256 of the training data, shapes and dtypes included."""
    digest = hashlib.sha256()
    for array in (features, labels):
        contiguous = np.ascontiguousarray(array)
        digest.update(f"{contiguous.dtype.str}{contiguous.shape}".encode())
        digest.update(contiguous.tobytes())
    return digest.hexdigest()


def save_model(model: Pipeline, folder: Path, fingerprint: str, seed: int) -> Path:
    """Write model.skops and model.json (what trained it, on which data)."""
    folder.mkdir(parents=True, exist_ok=True)
    sio.dump(model, folder / "model.skops")
    record = {
        "python": platform.python_version(),
        "packages": {name: version(name) for name in ("scikit-learn", "numpy", "skops")},
        "data_sha256": fingerprint,
        "seed": seed,
    }
    (folder / "model.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    return folder / "model.skops"


def load_model(path: Path, expected_types: Iterable[str] = ()) -> Pipeline:
    """Load a skops file, refusing any type that is neither safe by default nor expected."""
    expected = list(expected_types)  # read once: a generator would be empty the second time
    unexpected = sorted(set(sio.get_untrusted_types(file=path)) - set(expected))
    if unexpected:
        raise UntrustedModelError(f"{path} would load {', '.join(unexpected)}; refusing")
    return sio.load(path, trusted=expected)


def export_onnx(model: Pipeline, sample: NDArray[np.float64], path: Path) -> Path:
    """Write the model as ONNX; its input is float32, one row per prediction."""
    graph = to_onnx(model, sample[:1].astype(np.float32), options={"zipmap": False})
    path.write_bytes(graph.SerializeToString())
    return path
