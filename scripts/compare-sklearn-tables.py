#!/usr/bin/python3
"""Fitlab's shipped tables with their preset settings next to scikit-learn's MLP on the very same split.

Fitlab's side runs in node (scripts/table-runs.ts: the app's split, standardisation, model and training
loop on the TF.js cpu backend) and hands over the split's row indices; scikit-learn then standardises with
the training rows' statistics (StandardScaler, as Fitlab does) and trains MLPClassifier / MLPRegressor on
the training rows only. Scores are test accuracy, and R² for diabetes.

Run from the repository root: /usr/bin/python3 scripts/compare-sklearn-tables.py
Needs Debian's python3-sklearn (load_* read the same files scripts/build_datasets.py ships).
"""

import json
import os
import subprocess
import sys
import warnings

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOADERS = {
    'cancer': load_breast_cancer,
    'wine': load_wine,
    'iris': load_iris,
    'diabetes': lambda: load_diabetes(scaled=False),
}
SEEDS = range(5)


def fitlab_runs():
    out = subprocess.run(['npx', 'vite-node', 'scripts/table-runs.ts'], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith('{')]


def sklearn_score(run, hidden):
    """Mean and spread of the test score over SEEDS for an MLP with these hidden layers (sklearn's defaults otherwise)."""
    bunch = LOADERS[run['dataset']]()
    train, test = np.array(run['split']['train']), np.array(run['split']['test'])
    scaler = StandardScaler().fit(bunch.data[train])
    x_train, x_test = scaler.transform(bunch.data[train]), scaler.transform(bunch.data[test])
    y_train, y_test = bunch.target[train], bunch.target[test]
    scores = []
    for seed in SEEDS:
        if run['task'] == 'regression':
            model = MLPRegressor(hidden_layer_sizes=hidden, max_iter=5000, random_state=seed).fit(x_train, y_train)
            scores.append(r2_score(y_test, model.predict(x_test)))
        else:
            model = MLPClassifier(hidden_layer_sizes=hidden, max_iter=2000, random_state=seed).fit(x_train, y_train)
            scores.append(accuracy_score(y_test, model.predict(x_test)))
    return float(np.mean(scores)), float(np.std(scores))


def main():
    warnings.simplefilter('ignore', ConvergenceWarning)
    runs = fitlab_runs()
    if len(runs) != len(LOADERS):
        sys.exit('expected %d Fitlab runs, got %d' % (len(LOADERS), len(runs)))
    print('| Dataset | Metric | Split (train/val/test) | Fitlab preset (seed 1) | Fitlab | sklearn MLP, same hidden layers | sklearn MLP (100,) |')
    print('| --- | --- | --- | --- | --- | --- | --- |')
    for run in runs:
        split = run['split']
        s = run['settings']
        same = sklearn_score(run, tuple(s['hidden']))
        default = sklearn_score(run, (100,))
        print('| %s | %s | %d/%d/%d | hidden %s, %s lr %g, batch %d, %d epochs%s | %.3f | %.3f ± %.3f | %.3f ± %.3f |' % (
            run['dataset'], 'R²' if run['task'] == 'regression' else 'accuracy',
            len(split['train']), len(split['val']), len(split['test']),
            ','.join(map(str, s['hidden'])), s['optimizer'], s['lr'], s['batchSize'], s['epochs'],
            ', early stopping' if s['earlyStop'] else '',
            run['score'], same[0], same[1], default[0], default[1]))
    print('\nsklearn: mean ± std over random_state %d..%d; trained on the training rows only, default solver '
          '(adam, lr 0.001, batch min(200, n)), max_iter 2000 (5000 for regression).' % (SEEDS[0], SEEDS[-1]))


if __name__ == '__main__':
    main()
