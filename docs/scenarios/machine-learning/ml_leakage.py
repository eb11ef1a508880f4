"""Data leakage made visible: feature selection before the split finds signal in noise."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline

SEED = 7


def pure_noise(seed: int = SEED) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """100 rows of 2,000 random features and random labels: nothing to learn."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(100, 2_000)), rng.integers(0, 2, size=100)


def folds(seed: int = SEED) -> StratifiedKFold:
    return StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)


def leaky_score(features: NDArray[np.float64], labels: NDArray[np.int64]) -> float:
    """WRONG: the selector sees every row, test folds included, before the split."""
    chosen = SelectKBest(f_classif, k=20).fit_transform(features, labels)
    return float(cross_val_score(LogisticRegression(), chosen, labels, cv=folds()).mean())


def honest_score(features: NDArray[np.float64], labels: NDArray[np.int64]) -> float:
    """Right: inside the pipeline, the selector is refitted on each training fold only."""
    model = make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression())
    return float(cross_val_score(model, features, labels, cv=folds()).mean())


if __name__ == "__main__":
    features, labels = pure_noise()
    print(f"leaky:  {leaky_score(features, labels):.2f}")
    print(f"honest: {honest_score(features, labels):.2f}")
