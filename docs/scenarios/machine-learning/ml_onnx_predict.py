"""Predict with an ONNX model file: no scikit-learn, only onnxruntime and NumPy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime
from numpy.typing import NDArray


def predict(model_file: Path, features: NDArray[np.float64]) -> NDArray[np.int64]:
    session = onnxruntime.InferenceSession(model_file, providers=["CPUExecutionProvider"])
    input_name = session.get_inputs()[0].name
    labels, _probabilities = session.run(None, {input_name: features.astype(np.float32)})
    return labels
