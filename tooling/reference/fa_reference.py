#!/usr/bin/python3
"""scikit-learn FactorAnalysis reference values for latentkit's `factor/fa`.

Usage: /usr/bin/python3 tooling/reference/fa_reference.py
Writes tooling/reference/fixtures/fa.json and prints a summary table.

Data: the bundled wine (13 features) and breast_cancer (30 features) CSVs, all rows, feature columns only
(`label` and `split` dropped), each used two ways:
- "raw": as in the file;
- "standardized": z-scores (x - mean) / std with the all-rows mean and population std (ddof 0), which are
  stored in the fixture so that the tests standardise with exactly these numbers.

Fits: FactorAnalysis(n_components=K, svd_method="lapack", rotation=R) for K in {2, 3} and R in
{None, "varimax", "quartimax"}. svd_method="lapack" (exact SVD) replaces the randomized default so that
the iteration is deterministic and exact, like latentkit's (which is exact too); the default's score is
stored beside it for information ("randomizedDefault"). Settings:
- "default": tol=1e-2, max_iter=1000 (scikit-learn's defaults);
- "strict":  tol=1e-9, max_iter=100000 (standardized data only: on raw data the iteration from
  Psi = 1 needs tens of thousands of iterations, see "rawStrict" notes in the printed table).
scikit-learn's tol applies to the TOTAL log-likelihood (sum over rows); latentkit's tol applies to the mean
per row, so the tests pass tol / n to reproduce the same stopping rule.

The iteration starts from Psi = 1 (noise_variance_init=None), the start latentkit uses for both methods.
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
from sklearn.decomposition import FactorAnalysis

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "packages", "datasets", "data")
OUT = os.path.join(HERE, "fixtures", "fa.json")

DATASETS = {"wine": "wine.csv", "breast_cancer": "breast_cancer.csv"}
KS = [2, 3]
ROTATIONS = {"none": None, "varimax": "varimax", "quartimax": "quartimax"}
SETTINGS = {"default": {"tol": 1e-2, "max_iter": 1000}, "strict": {"tol": 1e-9, "max_iter": 100000}}
N_ROWS = 5
LOGLIKE_HEAD = 10

CONVENTIONS = {
    "components": "K x D, scikit-learn's components_ (latentkit's loadings are its transpose, D x K), after rotation.",
    "loglike": (
        "loglikeHead / loglikeLast: the first LOGLIKE_HEAD (10) and the last entry of scikit-learn's loglike_, the TOTAL log-likelihood per iteration: loglike[t] is computed from Psi_t (Psi_0 = 1) with "
        "W = W(Psi_t) the SVD solution for that Psi. Divide by n for latentkit's mean-per-row trace. The iteration stops "
        "after the first t with loglike[t] - loglike[t-1] < tol; components_ / noise_variance_ are then W(Psi_t), Psi_t."
    ),
    "score": "mean over rows of log N(x_i | mean_, W^T W + diag(noise_variance_)) on the fitted rows (FactorAnalysis.score).",
    "transform": "posterior means E[z | x] of the first rows (FactorAnalysis.transform), with the rotated components.",
    "split": "trainFit: strict fit on the train rows (index % 5 != 4), scored on train and test rows.",
    "floats": "Python repr of float64 (round-trips exactly).",
}


def load(name):
    path = os.path.join(DATA, DATASETS[name])
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    cols = [j for j, c in enumerate(header) if c not in ("label", "split")]
    X = np.array([[float(r[j]) for j in cols] for r in body], dtype=np.float64)
    is_test = np.array([r[header.index("split")] == "test" for r in body])
    assert (is_test == (np.arange(len(body)) % 5 == 4)).all()
    with open(path, "rb") as f:
        md5 = hashlib.md5(f.read()).hexdigest()
    return X, [header[j] for j in cols], is_test, md5


def tolist(a):
    return np.asarray(a, dtype=np.float64).tolist()


def fit(X, k, rotation, setting, svd_method="lapack"):
    s = SETTINGS[setting]
    fa = FactorAnalysis(n_components=k, svd_method=svd_method, rotation=rotation, tol=s["tol"], max_iter=s["max_iter"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fa.fit(X)
    fa.converged_ = not any("did not converge" in str(w.message) for w in caught)
    return fa


def summarise(fa, X):
    return {
        "iterations": int(fa.n_iter_),
        "converged": bool(fa.converged_),
        "score": float(fa.score(X)),
        "loglikeHead": [float(v) for v in fa.loglike_[:LOGLIKE_HEAD]],
        "loglikeLast": float(fa.loglike_[-1]),
        "noiseVariance": tolist(fa.noise_variance_),
        "components": tolist(fa.components_),
        "mean": tolist(fa.mean_),
        "scoreSamples": tolist(fa.score_samples(X[:N_ROWS])),
        "transform": tolist(fa.transform(X[:N_ROWS])),
    }


def run(name, prep):
    X, columns, is_test, md5 = load(name)
    n, d = X.shape
    out = {"data": {"file": DATASETS[name], "md5": md5, "columns": columns, "n": n, "d": d,
                    "nTrain": int((~is_test).sum()), "nTest": int(is_test.sum())}, "fits": {}}
    if prep == "standardized":
        mean, std = X.mean(axis=0), X.std(axis=0)
        X = (X - mean) / std
        out["standardize"] = {"mean": tolist(mean), "std": tolist(std), "rule": "(x - mean) / std, population std (ddof 0), all rows"}
    settings = ["default", "strict"] if prep == "standardized" else ["default"]
    for k in KS:
        fk = {}
        for rname, rotation in ROTATIONS.items():
            fr = {}
            for setting in settings:
                fr[setting] = summarise(fit(X, k, rotation, setting), X)
            fk[rname] = fr
        # Rotation changes neither the log-likelihood nor the iterations.
        for rname in ROTATIONS:
            for setting in settings:
                assert fk[rname][setting]["iterations"] == fk["none"][setting]["iterations"]
                assert abs(fk[rname][setting]["score"] - fk["none"][setting]["score"]) < 1e-9 * abs(fk["none"][setting]["score"])
        rnd = FactorAnalysis(n_components=k).fit(X)
        fk["randomizedDefault"] = {"iterations": int(rnd.n_iter_), "score": float(rnd.score(X))}
        if prep == "standardized":
            tr = fit(X[~is_test], k, None, "strict")
            fk["split"] = {"trainFit": {"iterations": int(tr.n_iter_), "converged": bool(tr.converged_),
                                        "scoreTrain": float(tr.score(X[~is_test])), "scoreTest": float(tr.score(X[is_test])),
                                        "noiseVariance": tolist(tr.noise_variance_)}}
        out["fits"][f"k{k}"] = fk
    return out


def main():
    cases = {}
    for name in DATASETS:
        for prep in ("raw", "standardized"):
            cases[f"{name}-{prep}"] = run(name, prep)
    fixture = {
        "generator": "tooling/reference/fa_reference.py",
        "versions": {"python": sys.version.split()[0], "sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        "settings": SETTINGS,
        "svdMethod": "lapack",
        "conventions": CONVENTIONS,
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")
    head = f"{'case':28} {'K':>2} {'setting':8} {'iter':>6} {'conv':>5} {'score':>22} {'randomized default':>22}"
    print(head)
    print("-" * len(head))
    for cname, case in cases.items():
        for kname, fk in case["fits"].items():
            for setting, r in fk["none"].items():
                print(f"{cname:28} {kname[1:]:>2} {setting:8} {r['iterations']:6d} {str(r['converged']):>5} {r['score']:22.15f} "
                      f"{fk['randomizedDefault']['score']:22.15f}")


if __name__ == "__main__":
    main()
