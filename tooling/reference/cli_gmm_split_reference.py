#!/usr/bin/python3
"""scikit-learn reference values for the latentkit CLI tests (apps/cli).

Usage: /usr/bin/python3 tooling/reference/cli_gmm_split_reference.py

Fits GaussianMixture(full covariance, reg_covar=1e-6, tol=1e-10, max_iter=1000, n_init=10, random_state=0)
to the `train` rows of each data set's `split` column and prints the mean log-likelihood per sample
(sklearn's `score`) on the train and the test rows, plus BIC on the train rows. These are the global optima
the CLI's `fit --json` must reach; the numbers are pasted into apps/cli tests.
"""
import csv
import json
import os

import numpy as np
from sklearn.mixture import GaussianMixture

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA_DIRS = [os.path.join(ROOT, "packages", "datasets", "data"), os.path.join(ROOT, "..", "shared", "data")]

CASES = {
    "faithful": {"columns": ["eruptions", "waiting"], "k": 2},
    "iris": {"columns": ["sepal_length_cm_", "sepal_width_cm_", "petal_length_cm_", "petal_width_cm_"], "k": 3},
}


def load(name, columns):
    for d in DATA_DIRS:
        path = os.path.join(d, name + ".csv")
        if os.path.exists(path):
            with open(path, newline="") as f:
                rows = list(csv.DictReader(f))
            x = np.array([[float(r[c]) for c in columns] for r in rows])
            split = np.array([r["split"] for r in rows])
            return x, split
    raise FileNotFoundError(name)


out = {}
for name, case in CASES.items():
    x, split = load(name, case["columns"])
    train, test = x[split == "train"], x[split == "test"]
    gm = GaussianMixture(case["k"], covariance_type="full", reg_covar=1e-6, tol=1e-10, max_iter=1000, n_init=10, random_state=0).fit(train)
    out[name] = {
        "k": case["k"],
        "nTrain": int(train.shape[0]),
        "nTest": int(test.shape[0]),
        "trainLogLikelihood": float(gm.score(train)),
        "testLogLikelihood": float(gm.score(test)),
        "trainBic": float(gm.bic(train)),
    }
print(json.dumps(out, indent=2))
