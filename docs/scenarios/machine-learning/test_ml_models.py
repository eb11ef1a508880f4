"""The samples of "Machine learning", on generated data only (nothing is downloaded).

The model is trained once per module. Leakage is shown on pure noise, where any score
above chance is an illusion. skops must refuse a file that names a function nobody
trusted, where pickle runs it; ONNX must predict what scikit-learn predicts, wherever
onnxruntime has a wheel.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import pickle
import sys
from importlib.metadata import version
from pathlib import Path

import ml_leakage
import ml_persist
import ml_pipeline
import numpy as np
import pytest
import skops.io as sio
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer

# Under `make test` (pytest-xdist, --dist loadgroup) this file runs on one worker, so the
# module fixtures run once.
pytestmark = pytest.mark.xdist_group("machine-learning")


@pytest.fixture(scope="module")
def trained() -> tuple[Pipeline, dict[str, float]]:
    return ml_pipeline.train_and_evaluate()


@pytest.fixture(scope="module")
def readings() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    return ml_pipeline.make_readings()


def test_the_pipeline_learns_and_the_held_out_score_agrees(
    trained: tuple[Pipeline, dict[str, float]],
) -> None:
    model, scores = trained
    assert scores["cv_mean"] > 0.8
    assert scores["test"] > 0.8
    assert abs(scores["test"] - scores["cv_mean"]) < 3 * scores["cv_std"] + 0.02
    # The figures the chapter quotes: the seed makes them the same on every run.
    assert round(scores["cv_mean"], 3) == 0.867
    assert round(scores["cv_std"], 3) == 0.026
    assert round(scores["test"], 3) == 0.840
    encoder = model.named_steps["preprocess"].named_transformers_["site"]
    assert [list(found) for found in encoder.categories_] == [[0.0, 1.0, 2.0]]


def test_an_unseen_site_is_encoded_as_no_site_rather_than_an_error(
    trained: tuple[Pipeline, dict[str, float]],
    readings: tuple[NDArray[np.float64], NDArray[np.int64]],
) -> None:
    model, _ = trained
    row = readings[0][:1].copy()
    row[0, ml_pipeline.SITE[0]] = 9  # a fourth site the model never saw
    assert model.predict(row).shape == (1,)


def test_the_same_seed_gives_the_same_model(trained: tuple[Pipeline, dict[str, float]]) -> None:
    model, scores = trained
    again, scores_again = ml_pipeline.train_and_evaluate()
    assert scores_again == scores
    np.testing.assert_array_equal(
        again.named_steps["classify"].coef_, model.named_steps["classify"].coef_
    )


def test_selection_before_the_split_finds_signal_in_noise() -> None:
    features, labels = ml_leakage.pure_noise()
    leaky = ml_leakage.leaky_score(features, labels)
    honest = ml_leakage.honest_score(features, labels)
    assert leaky > 0.75, "the leaky score should look like a good model"
    assert abs(honest - 0.5) < 0.15, "honest cross-validation scores noise near chance"
    # The figures the chapter quotes: seeded data and folds make them exact.
    assert (round(leaky, 2), round(honest, 2)) == (0.84, 0.49)


def test_skops_round_trip_with_its_record(
    tmp_path: Path,
    trained: tuple[Pipeline, dict[str, float]],
    readings: tuple[NDArray[np.float64], NDArray[np.int64]],
) -> None:
    model, _ = trained
    fingerprint = ml_persist.data_fingerprint(*readings)
    path = ml_persist.save_model(model, tmp_path / "model", fingerprint, ml_pipeline.SEED)
    loaded = ml_persist.load_model(path)  # plain scikit-learn and NumPy: nothing to trust
    np.testing.assert_array_equal(loaded.predict(readings[0]), model.predict(readings[0]))
    record = json.loads((path.parent / "model.json").read_text(encoding="utf-8"))
    assert record["packages"]["scikit-learn"] == version("scikit-learn")
    assert record["data_sha256"] == ml_persist.data_fingerprint(*ml_pipeline.make_readings())
    changed = readings[0].copy()
    changed[0, 0] += 1e-9
    assert ml_persist.data_fingerprint(changed, readings[1]) != fingerprint


def test_skops_refuses_a_function_nobody_trusted(tmp_path: Path) -> None:
    # A model file that would call os.system: the shape of a malicious upload.
    booby_trapped = make_pipeline(FunctionTransformer(os.system), LogisticRegression())
    path = tmp_path / "model.skops"
    sio.dump(booby_trapped, path)
    system_name = f"{os.system.__module__}.system"  # posix.system, or nt.system on Windows
    assert sio.get_untrusted_types(file=path) == [system_name]
    with pytest.raises(ml_persist.UntrustedModelError, match=system_name):
        ml_persist.load_model(path)
    with pytest.raises(sio.exceptions.UntrustedTypesFoundException):
        sio.load(path)


def test_skops_loads_a_function_the_caller_expected(tmp_path: Path) -> None:
    # Your own model may name a function skops does not trust by default: list it once.
    model = make_pipeline(FunctionTransformer(math.sqrt), LogisticRegression())
    path = tmp_path / "model.skops"
    sio.dump(model, path)
    assert sio.get_untrusted_types(file=path) == ["math.sqrt"]
    with pytest.raises(ml_persist.UntrustedModelError, match="math.sqrt"):
        ml_persist.load_model(path, expected_types=["os.system"])
    # Any iterable of names will do, a one-shot generator included.
    loaded = ml_persist.load_model(path, expected_types=(name for name in ["math.sqrt"]))
    assert loaded.steps[0][1].func is math.sqrt


class RunsOnLoad:
    """What a hostile pickle does: name a callable and its arguments for load to call."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(self.marker),))


def test_pickle_runs_whatever_the_file_names(tmp_path: Path) -> None:
    marker = tmp_path / "ran-on-load"
    payload = pickle.dumps(RunsOnLoad(marker))
    assert not marker.exists()
    pickle.loads(payload)  # noqa: S301 - our own bytes, loaded to show the danger
    assert marker.exists(), "loading the pickle called Path.touch: it runs code"


def test_onnx_predicts_what_scikit_learn_predicts(
    tmp_path: Path,
    trained: tuple[Pipeline, dict[str, float]],
    readings: tuple[NDArray[np.float64], NDArray[np.int64]],
) -> None:
    model, _ = trained
    features = readings[0]
    onnx_file = ml_persist.export_onnx(model, features, tmp_path / "model.onnx")
    assert onnx_file.stat().st_size > 0
    if sys.version_info < (3, 15):
        import ml_onnx_predict

        np.testing.assert_array_equal(
            ml_onnx_predict.predict(onnx_file, features), model.predict(features)
        )
        return
    # skl2onnx and onnx install on 3.15, so the export above ran; the runtime does not.
    import onnx

    onnx.checker.check_model(onnx.load(onnx_file))
    assert importlib.util.find_spec("onnxruntime") is None, (
        "onnxruntime has a wheel for Python 3.15 now: run the ONNX prediction here too"
    )
