#!/usr/bin/python3
"""Generate test/fixtures/metrics/sklearn.json: seeded inputs and scikit-learn's outputs for src/core/metrics.

Run with Debian's python (numpy + scikit-learn from apt), from anywhere:  scripts/make_metric_fixtures.py
Re-running gives byte-identical output for the same numpy/sklearn versions (fixed seeds, sorted keys).

JSON has no inf/nan, so non-finite floats are written as the strings "inf", "-inf", "nan";
test/unit/metrics.test.ts maps them back. Floats are written with Python's repr, which round-trips exactly.
"""
import json
import math
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    confusion_matrix,
    mean_absolute_error,
    mean_squared_error,
    precision_recall_curve,
    precision_recall_fscore_support,
    r2_score,
    roc_auc_score,
    roc_curve,
)

OUT = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "metrics" / "sklearn.json"


def encode(x):
    """numpy -> plain JSON values; non-finite floats -> strings."""
    if isinstance(x, dict):
        return {k: encode(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [encode(v) for v in x]
    if isinstance(x, np.ndarray):
        return encode(x.tolist())
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x + 0.0  # normalise -0.0 to 0.0
    return x


# ---------------------------------------------------------------- classification

def classification_case(name, y_true, y_pred, n):
    labels = list(range(n))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    avg = {}
    for a in ("macro", "weighted", "micro"):
        ap, ar, af, _ = precision_recall_fscore_support(
            y_true, y_pred, labels=labels, zero_division=0, average=a
        )
        avg[a] = {"precision": ap, "recall": ar, "f1": af}
    return {
        "name": name,
        "numClasses": n,
        "yTrue": list(map(int, y_true)),
        "yPred": list(map(int, y_pred)),
        "confusion": confusion_matrix(y_true, y_pred, labels=labels),
        "perClass": [
            {"precision": p[i], "recall": r[i], "f1": f[i], "support": int(s[i])} for i in range(n)
        ],
        **avg,
        "accuracy": accuracy_score(y_true, y_pred),
    }


def noisy_predictions(rng, y_true, n, p_correct):
    """Correct with probability p_correct, otherwise a uniformly random class."""
    wrong = rng.integers(0, n, size=len(y_true))
    return np.where(rng.random(len(y_true)) < p_correct, y_true, wrong)


def classification_cases():
    rng = np.random.default_rng(20240601)
    cases = []

    y = rng.integers(0, 3, size=300)
    cases.append(classification_case("3 classes, 300 samples", y, noisy_predictions(rng, y, 3, 0.7), 3))

    # 5 classes: class 3 never appears in y_true, class 4 is never predicted.
    y = rng.choice([0, 1, 2, 4], size=400, p=[0.4, 0.3, 0.2, 0.1])
    pred = noisy_predictions(rng, y, 5, 0.6)
    pred[pred == 4] = 0
    cases.append(classification_case("5 classes, class 3 absent from yTrue, class 4 never predicted", y, pred, 5))

    # 10 classes, imbalanced: class 9 absent from y_true, class 7 never predicted, class 8 in neither.
    probs = np.array([20, 15, 12, 10, 8, 6, 4, 3, 0, 0], dtype=float)
    y = rng.choice(10, size=500, p=probs / probs.sum())
    pred = noisy_predictions(rng, y, 10, 0.55)
    pred[pred == 7] = 1
    pred[pred == 8] = 9
    cases.append(classification_case("10 classes, 9 absent from yTrue, 7 never predicted, 8 in neither", y, pred, 10))

    # Degenerate classifier: predicts class 0 for everything.
    y = rng.integers(0, 4, size=120)
    cases.append(classification_case("4 classes, everything predicted as class 0", y, np.zeros_like(y), 4))

    # Only one true class present, numClasses larger.
    y = np.full(50, 2)
    cases.append(classification_case("3 classes, yTrue all class 2", y, noisy_predictions(rng, y, 3, 0.5), 3))
    return cases


# ---------------------------------------------------------------- binary ranking

def binary_case(name, y_true, scores):
    y_true = np.asarray(y_true, dtype=int)
    scores = np.asarray(scores, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        warnings.simplefilter("ignore", UserWarning)
        fpr, tpr, thr = roc_curve(y_true, scores)
        prec, rec, pthr = precision_recall_curve(y_true, scores)
        ap = average_precision_score(y_true, scores)
    single_class = len(np.unique(y_true)) < 2
    return {
        "name": name,
        "yTrue": y_true.tolist(),
        "scores": scores.tolist(),
        "roc": {"fpr": fpr, "tpr": tpr, "thresholds": thr},
        # roc_auc_score raises ValueError with a single class; null records that.
        "rocAuc": None if single_class else roc_auc_score(y_true, scores),
        "pr": {"precision": prec, "recall": rec, "thresholds": pthr},
        "averagePrecision": ap,
    }


def binary_cases():
    rng = np.random.default_rng(7)
    cases = []

    # sklearn's docstring example.
    cases.append(binary_case("sklearn docstring example", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]))

    # Heavy ties: scores rounded to one decimal (11 distinct values for 250 samples).
    y = rng.integers(0, 2, size=250)
    s = np.clip(np.round(0.5 * y + rng.normal(0.25, 0.25, size=250), 1), 0, 1)
    cases.append(binary_case("heavy ties, 1-decimal scores", y, s))

    # Extreme ties: only three distinct scores.
    y = rng.integers(0, 2, size=90)
    s = np.clip(y + rng.integers(-1, 2, size=90), 0, 2).astype(float)
    cases.append(binary_case("three distinct scores", y, s))

    # Random continuous scores, weakly informative.
    y = (rng.random(300) < 0.35).astype(int)
    s = rng.random(300) + 0.3 * y
    cases.append(binary_case("random scores, 300 samples", y, s))

    # Pure noise scores (AUC near 0.5), negative values allowed.
    y = rng.integers(0, 2, size=200)
    cases.append(binary_case("uninformative normal scores", y, rng.normal(size=200)))

    # Perfect separation.
    y = np.array([0] * 20 + [1] * 15)
    s = np.r_[rng.random(20) * 0.4, 0.6 + rng.random(15) * 0.4]
    cases.append(binary_case("perfect separation", y, s))

    # Perfectly wrong ordering (AUC 0).
    cases.append(binary_case("inverted separation", y, -s))

    # All positive but one.
    y = np.ones(40, dtype=int)
    y[17] = 0
    cases.append(binary_case("all positive but one", y, rng.random(40)))

    # All negative but one.
    y = np.zeros(40, dtype=int)
    y[5] = 1
    cases.append(binary_case("all negative but one", y, rng.random(40)))

    # Constant scores: one threshold, AUC 0.5.
    y = rng.integers(0, 2, size=30)
    cases.append(binary_case("constant scores", y, np.full(30, 0.5)))

    # Single-class inputs: roc_curve gives nan rates, roc_auc_score raises, AP is 1 / 0.
    cases.append(binary_case("only positives", np.ones(10, dtype=int), rng.random(10)))
    cases.append(binary_case("only negatives", np.zeros(10, dtype=int), rng.random(10)))
    return cases


# ---------------------------------------------------------------- regression

def regression_case(name, y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    return {
        "name": name,
        "yTrue": y_true.tolist(),
        "yPred": y_pred.tolist(),
        "mae": mean_absolute_error(y_true, y_pred),
        "mse": mean_squared_error(y_true, y_pred),
        "rmse": mean_squared_error(y_true, y_pred, squared=False),
        "r2": r2_score(y_true, y_pred),
    }


def regression_cases():
    rng = np.random.default_rng(11)
    cases = []
    x = rng.normal(size=200)
    y = 3 * x + 1 + rng.normal(scale=0.5, size=200)
    cases.append(regression_case("linear fit with noise", y, 3 * x + 1))
    cases.append(regression_case("worse than the mean (negative r2)", y, -y))
    cases.append(regression_case("perfect predictions", y, y.copy()))
    big = 1e6 + rng.normal(scale=10, size=100)
    cases.append(regression_case("large offset values", big, big + rng.normal(scale=2, size=100)))
    # Constant targets whose mean is exact in floating point, so sklearn's SS_tot == 0 branch is taken.
    cases.append(regression_case("constant target, imperfect predictions", np.full(20, 4.0), rng.normal(4, 1, size=20)))
    cases.append(regression_case("constant target, perfect predictions", np.full(20, 4.0), np.full(20, 4.0)))
    cases.append(regression_case("two samples", [1.0, 2.0], [1.5, 1.0]))
    return cases


def main():
    data = {
        "sklearnVersion": sklearn.__version__,
        "numpyVersion": np.__version__,
        "generator": "scripts/make_metric_fixtures.py",
        "classification": classification_cases(),
        "binary": binary_cases(),
        "regression": regression_cases(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(encode(data), allow_nan=False, sort_keys=True, indent=1) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, sklearn {sklearn.__version__})")


if __name__ == "__main__":
    main()
