#!/usr/bin/python3
"""scikit-learn GaussianMixture reference values for latentkit's `mixture/gmm`.

Usage: /usr/bin/python3 tooling/reference/gmm_reference.py
Writes tooling/reference/fixtures/gmm.json and prints a summary table.

Cases: faithful (eruptions, waiting; K=2) and iris (four measurements; K=3), fitted on all rows,
covariance types full, diag, spherical, tied, under two initialisation protocols:

- "hardAssignment" (the one latentkit implements): every row is assigned to its nearest `meansInit`
  row (Euclidean, ties to the lower index), and weights, means and covariances all come from that
  one-hot responsibility matrix through sklearn's own `_initialize` (its M-step formulas).
- "sklearnMeansInit": plain `GaussianMixture(means_init=meansInit)`, i.e. what sklearn really does.
  Its start depends on sklearn's KMeans; the k-means labels it used are recorded so that it too can
  be replayed without sklearn.

Each fit is run with strict settings (tol=1e-10, max_iter=1000) and sklearn's defaults
(tol=1e-3, max_iter=100); reg_covar=1e-6 and random_state=0 throughout.
"""
import csv
import hashlib
import json
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.mixture import GaussianMixture

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA_DIRS = [os.path.join(ROOT, "packages", "datasets", "data"), os.path.join(ROOT, "..", "shared", "data")]
OUT = os.path.join(HERE, "fixtures", "gmm.json")

N_PROBA_ROWS = 5

COVARIANCE_TYPES = ["full", "diag", "spherical", "tied"]
SETTINGS = {
    "strict": {"tol": 1e-10, "max_iter": 1000, "reg_covar": 1e-6, "random_state": 0},
    "default": {"tol": 1e-3, "max_iter": 100, "reg_covar": 1e-6, "random_state": 0},
}

CASES = {
    "faithful": {
        "file": "faithful.csv",
        "columns": ["eruptions", "waiting"],
        "k": 2,
        "meansInitRows": [218, 40],
        "meansInitRule": (
            "0-based data-row indices. Rows split into short (eruptions < 3) and long (eruptions >= 3) "
            "eruptions; for each group the row closest to the group mean in the metric standardised "
            "by the all-rows column variances (population variance). Component 0 = short, 1 = long."
        ),
    },
    "iris": {
        "file": "iris.csv",
        "columns": ["sepal_length_cm_", "sepal_width_cm_", "petal_length_cm_", "petal_width_cm_"],
        "k": 3,
        "meansInitRows": [7, 55, 116],
        "meansInitRule": (
            "0-based data-row indices. For each species (label 0 setosa, 1 versicolor, 2 virginica) "
            "the row closest (Euclidean, unique) to the species' coordinate-wise median. Component k = species k. "
            "(The rows closest to the species means, 7/96/112, send the diag fit to a worse local optimum, "
            "mean log-likelihood -2.04785 instead of -2.04574; from 7/55/116 all four types reach the best "
            "optimum found.)"
        ),
    },
}

INIT_PROCEDURE = {
    "hardAssignment": (
        "resp0[i, k] = 1 if k = argmin_j ||x_i - meansInit_j||_2 (ties to the lowest j), else 0. "
        "Then sklearn's GaussianMixture._initialize(X, resp0) with means_init=None, i.e. "
        "_estimate_gaussian_parameters(X, resp0, reg_covar, covariance_type): "
        "nk = resp0.sum(0) + 10*eps (eps = 2.220446049250313e-16), means = resp0^T X / nk, "
        "covariances from resp0 around those means (+ reg_covar on the diagonal; tied: "
        "(X^T X - sum_k nk_k mu_k mu_k^T) / sum(nk) + reg_covar*I; diag: resp0^T(X*X)/nk - 2 mu*(resp0^T X)/nk + mu^2 + reg_covar; "
        "spherical: mean over features of diag), weights = nk / n (NOT renormalised: they sum to 1 + K*10*eps/n). "
        "Implemented by subclassing GaussianMixture and overriding _initialize_parameters(X, random_state) "
        "to call self._initialize(X, resp0); no RNG is used. EM then runs as in sklearn's fit."
    ),
    "sklearnMeansInit": (
        "GaussianMixture(means_init=meansInit, init_params='kmeans'). _initialize_parameters still runs "
        "KMeans(n_clusters=K, n_init=1, random_state=RandomState(0)).fit(X) and sets resp = one-hot(kmeansLabels); "
        "_initialize(X, resp) then computes weights = (nk + 10*eps)/n and covariances from those k-means "
        "responsibilities around the k-means cluster means (not around meansInit), and only then replaces "
        "means_ by meansInit. k-means cluster k is paired with meansInit row k whatever k-means numbered it, "
        "so weights/covariances can belong to a different cluster than the mean they are paired with. "
        "Replay without sklearn: use `kmeansLabels` of the case as resp, the hardAssignment formulas for "
        "weights and covariances, then overwrite means with meansInit."
    ),
}

CONVENTIONS = {
    "lowerBound": (
        "sklearn's lower_bound_ for GaussianMixture is the mean log-likelihood per row computed in the E-step "
        "of the LAST iteration, i.e. under the parameters BEFORE that iteration's M-step; `score` is the mean "
        "log-likelihood under the final (post-M-step) parameters. lowerBoundTrace[t-1] is the value computed "
        "in iteration t (t = 1..iterations), under the parameters after t-1 M-steps (t = 1: the initial "
        "parameters). Convergence: |trace[t-1] - trace[t-2]| < tol (trace[-1] = -inf), checked after the M-step."
    ),
    "iterations": "n_iter_: number of E+M steps performed (the converging one included).",
    "covariances": (
        "full: K x D x D; tied: D x D; diag: K x D; spherical: K (variances). reg_covar is already added."
    ),
    "bic": "-2 * score * n + p * ln(n); aic: -2 * score * n + 2p; p = nParameters (see ALGORITHMS.md 4.1).",
    "predictProba": "responsibilities of the rows of the fitted data under the final parameters: every row for strict fits, the first 5 for default ones (scoreSamples likewise: log p(x_i)).",
    "split": (
        "Test rows are those with 0-based index % 5 == 4. `allRowsModel` scores the all-rows strict fit on "
        "each part; `trainFit` is a fresh strict hardAssignment fit on the train rows only (resp0 from the "
        "same meansInit values), scored on train and test; its bic/aic are on the train rows."
    ),
    "floats": "Python repr of float64 (round-trips exactly).",
}


def find_data(name):
    for d in DATA_DIRS:
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    raise FileNotFoundError(name)


def load_case(spec):
    path = find_data(spec["file"])
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    X = np.array([[float(r[c]) for c in spec["columns"]] for r in rows], dtype=np.float64)
    split = np.array([r["split"] for r in rows])
    expected = np.where(np.arange(len(rows)) % 5 == 4, "test", "train")
    assert (split == expected).all(), "split column disagrees with the index % 5 == 4 rule"
    with open(path, "rb") as f:
        md5 = hashlib.md5(f.read()).hexdigest()
    return X, split == "test", md5


def nearest_one_hot(X, means):
    d2 = ((X[:, None, :] - means[None, :, :]) ** 2).sum(axis=2)
    labels = np.argmin(d2, axis=1)
    resp = np.zeros((X.shape[0], means.shape[0]))
    resp[np.arange(X.shape[0]), labels] = 1.0
    return resp, labels


class TracedGaussianMixture(GaussianMixture):
    """GaussianMixture that records the lower bound of every iteration and the initial state."""

    def _initialize(self, X, resp):
        self.trace_ = []
        self.init_resp_ = resp.copy()
        super()._initialize(X, resp)
        self.initial_ = {
            "weights": self.weights_.copy(),
            "means": np.array(self.means_, dtype=np.float64).copy(),
            "covariances": self.covariances_.copy(),
        }

    def _compute_lower_bound(self, log_resp, log_prob_norm):
        value = super()._compute_lower_bound(log_resp, log_prob_norm)
        self.trace_.append(float(value))
        return value


class HardAssignmentGaussianMixture(TracedGaussianMixture):
    """Initialises from the one-hot assignment of each row to its nearest given mean (no RNG)."""

    # Set after construction: sklearn's get_params() forbids **kwargs in __init__.
    hard_assignment_means = None

    def _initialize_parameters(self, X, random_state):
        resp, _ = nearest_one_hot(X, np.asarray(self.hard_assignment_means, dtype=np.float64))
        self._initialize(X, resp)


def tolist(a):
    return np.asarray(a, dtype=np.float64).tolist()


def n_parameters(gm):
    return int(gm._n_parameters())


def summarise(gm, X, rows):
    return {
        "iterations": int(gm.n_iter_),
        "converged": bool(gm.converged_),
        "lowerBound": float(gm.lower_bound_),
        "score": float(gm.score(X)),
        "weights": tolist(gm.weights_),
        "means": tolist(gm.means_),
        "covariances": tolist(gm.covariances_),
        "bic": float(gm.bic(X)),
        "aic": float(gm.aic(X)),
        "nParameters": n_parameters(gm),
        "predictProba": tolist(gm.predict_proba(X[:rows])),
        "scoreSamples": tolist(gm.score_samples(X[:rows])),
        "lowerBoundTrace": gm.trace_,
    }


def initial_state(gm):
    return {k: tolist(v) for k, v in gm.initial_.items()}


def fit(kind, X, k, cov, means_init, setting):
    s = SETTINGS[setting]
    common = dict(n_components=k, covariance_type=cov, tol=s["tol"], max_iter=s["max_iter"],
                  reg_covar=s["reg_covar"], random_state=s["random_state"])
    if kind == "hardAssignment":
        gm = HardAssignmentGaussianMixture(**common)
        gm.hard_assignment_means = means_init
    else:
        gm = TracedGaussianMixture(means_init=means_init, **common)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning is recorded as converged=false
        gm.fit(X)
    assert len(gm.trace_) == gm.n_iter_
    assert gm.trace_[-1] == gm.lower_bound_
    return gm


def run_case(name, spec):
    X, is_test, md5 = load_case(spec)
    n, d = X.shape
    k = spec["k"]
    means_init = X[spec["meansInitRows"]].copy()
    _, labels0 = nearest_one_hot(X, means_init)
    out = {
        "data": {"file": spec["file"], "md5": md5, "columns": spec["columns"], "n": n, "d": d, "k": k,
                 "nTrain": int((~is_test).sum()), "nTest": int(is_test.sum())},
        "meansInit": {"rowIndices": spec["meansInitRows"], "rule": spec["meansInitRule"], "values": tolist(means_init)},
        "hardAssignmentLabels": labels0.tolist(),
        "hardAssignmentCounts": np.bincount(labels0, minlength=k).tolist(),
        "fits": {},
    }
    kmeans_labels = None
    for cov in COVARIANCE_TYPES:
        entry = {}
        for kind in ["hardAssignment", "sklearnMeansInit"]:
            res = {}
            for setting in SETTINGS:
                gm = fit(kind, X, k, cov, means_init, setting)
                if "initial" not in res:
                    res["initial"] = initial_state(gm)
                else:
                    assert np.array_equal(np.array(res["initial"]["weights"]), gm.initial_["weights"])
                res[setting] = summarise(gm, X, len(X) if setting == "strict" else N_PROBA_ROWS)
                if kind == "sklearnMeansInit":
                    labels = gm.init_resp_.argmax(axis=1)
                    if kmeans_labels is None:
                        kmeans_labels = labels
                    assert np.array_equal(kmeans_labels, labels), "k-means labels differ between fits"
                if kind == "hardAssignment" and setting == "strict":
                    tr = fit(kind, X[~is_test], k, cov, means_init, "strict")
                    res["split"] = {
                        "allRowsModel": {"scoreTrain": float(gm.score(X[~is_test])), "scoreTest": float(gm.score(X[is_test]))},
                        "trainFit": {
                            "iterations": int(tr.n_iter_), "converged": bool(tr.converged_),
                            "lowerBound": float(tr.lower_bound_),
                            "scoreTrain": float(tr.score(X[~is_test])), "scoreTest": float(tr.score(X[is_test])),
                            "bicTrain": float(tr.bic(X[~is_test])), "aicTrain": float(tr.aic(X[~is_test])),
                            "weights": tolist(tr.weights_), "means": tolist(tr.means_), "covariances": tolist(tr.covariances_),
                        },
                    }
            entry[kind] = res
        out["fits"][cov] = entry
    out["kmeansLabels"] = kmeans_labels.tolist()
    out["kmeansCounts"] = np.bincount(kmeans_labels, minlength=k).tolist()
    return out


def main():
    fixture = {
        "generator": "tooling/reference/gmm_reference.py",
        "versions": {"python": sys.version.split()[0], "sklearn": sklearn.__version__,
                     "numpy": np.__version__, "scipy": scipy.__version__},
        "settings": SETTINGS,
        "initProcedure": INIT_PROCEDURE,
        "conventions": CONVENTIONS,
        "cases": {name: run_case(name, spec) for name, spec in CASES.items()},
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")
    head = f"{'case':9} {'cov':10} {'init':17} {'setting':8} {'iter':>5} {'conv':>5} {'lowerBound':>20} {'score':>20} {'bic':>14}"
    print(head)
    print("-" * len(head))
    for name, case in fixture["cases"].items():
        for cov, entry in case["fits"].items():
            for kind, res in entry.items():
                for setting in SETTINGS:
                    r = res[setting]
                    print(f"{name:9} {cov:10} {kind:17} {setting:8} {r['iterations']:5d} {str(r['converged']):>5} "
                          f"{r['lowerBound']:20.15f} {r['score']:20.15f} {r['bic']:14.6f}")
        print(f"{name}: hard-assignment counts {case['hardAssignmentCounts']}, k-means counts {case['kmeansCounts']}")


if __name__ == "__main__":
    main()
