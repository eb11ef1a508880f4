"""Train and evaluate a classifier whose preprocessing lives inside one Pipeline."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from sklearn.compose import ColumnTransformer
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

SEED = 2026  # one seed, passed to everything random: the same data, split and model
MEASUREMENTS = [0, 1, 2, 3, 4, 5]  # numeric columns, on very different scales
SITE = [6]  # which of three sites took the reading: a category, not a number


def make_readings(seed: int = SEED) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """600 labelled rows: six measurements and a site code."""
    features, labels = make_classification(
        n_samples=600, n_features=6, n_informative=4, random_state=seed
    )
    features *= [1, 10, 100, 1_000, 0.1, 0.01]
    site = np.random.default_rng(seed).integers(0, 3, size=len(labels))
    return np.column_stack([features, site]), labels


def build_model(seed: int = SEED) -> Pipeline:
    """Scaling, one-hot encoding and the classifier, fitted together."""
    preprocess = ColumnTransformer(
        [
            ("scale", StandardScaler(), MEASUREMENTS),
            ("site", OneHotEncoder(handle_unknown="ignore"), SITE),
        ]
    )
    classifier = LogisticRegression(max_iter=1_000, random_state=seed)
    return Pipeline([("preprocess", preprocess), ("classify", classifier)])


def train_and_evaluate(seed: int = SEED) -> tuple[Pipeline, dict[str, float]]:
    features, labels = make_readings(seed)
    # The test set is put aside first and looked at exactly once, at the end.
    train_x, test_x, train_y, test_y = train_test_split(
        features, labels, test_size=0.25, stratify=labels, random_state=seed
    )
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    fold_scores = cross_val_score(build_model(seed), train_x, train_y, cv=folds)
    model = build_model(seed).fit(train_x, train_y)
    scores = {
        "cv_mean": float(fold_scores.mean()),
        "cv_std": float(fold_scores.std()),
        "test": float(model.score(test_x, test_y)),
    }
    return model, scores


if __name__ == "__main__":
    _, scores = train_and_evaluate()
    print(f"cross-validation {scores['cv_mean']:.3f} ± {scores['cv_std']:.3f}")
    print(f"held-out test    {scores['test']:.3f}")
