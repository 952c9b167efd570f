#!/usr/bin/python3
"""scikit-learn reference values for the numerical robustness of latentkit's `factor/fa` and `factor/ppca`.

Usage: /usr/bin/python3 tooling/reference/factor_robustness_reference.py
Writes tooling/reference/fixtures/factor-robustness.json and prints a summary table.

Data: generated, not stored. Each case is a recipe that the TypeScript tests replay bit for bit
(packages/models-factor/src/test-support/robustness-data.ts): a Park-Miller generator
(s <- s * 48271 mod (2^31 - 1), u = s / (2^31 - 1), exact in float64 in both languages) drives approximate
normals e = u_1 + ... + u_12 - 6 (Irwin-Hall), and each row is, in this order of operations,
    z_a = e (a < K),   x_j = loc + scale * ((sum_a W_ja z_a) + sqrt(psi_j) * e)   (j < D),
with W_ja = e drawn first (row-major D x K) and psi_j = 0.2 + 0.1 * (j mod 3). Then, per recipe:
- "shift": every value + shift (x + 1e4, x + 1e6);
- "outlier": one cell [row, col] set to a value (1000 among values around 3);
- "collinear": the last column replaced by x_0 + x_1 + delta * e (e drawn for that cell in place of its noise);
- "constant": one column set to a value (every row);
- "repeat": row i replaced by row (i mod repeat), so only `repeat` distinct rows remain.
Every arithmetic step is a plain float64 operation in the same order, so both languages build the same matrix;
the fixture stores the sum and the first row as a check.

Fits (scikit-learn 1.2.1):
- FactorAnalysis(n_components=K, svd_method="lapack", tol=TOL_FA, max_iter=MAX_ITER_FA, noise_variance_init=diag S):
  score (mean log-likelihood per row) and noise_variance_. Starting from the column variances makes the iteration
  independent of the columns' units (latentkit's `noiseVarianceInit: 'variance'`), so the shifted and the outlier
  cases converge in few iterations. Not for "constant-column": there the zero variance makes scikit-learn's first
  log-likelihood +inf and it stops after 2 iterations far from the maximum, so that case starts from Psi = 1
  (scikit-learn's default, latentkit's 'ones'); "noiseVarianceInit" in each case says which.
- PCA(n_components=K, svd_solver="full"): score (mean log-likelihood per row, 1/(n - 1) covariance: latentkit's
  `ddof: 1`), noise_variance_.
Both are checked against an exact float64 evaluation of the Gaussian log-likelihood (Cholesky of W W^T + Psi) at
scikit-learn's own parameters, stored as "exactScore".
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.decomposition import PCA, FactorAnalysis

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(HERE, "fixtures", "factor-robustness.json")

TOL_FA = 1e-10  # on the TOTAL log-likelihood; latentkit's tol is per row: TOL_FA / n
MAX_ITER_FA = 100000

BASE = {"n": 1000, "d": 6, "k": 2, "seed": 12345, "loc": 0.0, "scale": 1.0}
CASES = {
    "base": dict(BASE),
    "shift-1e4": {**BASE, "shift": 1e4},
    "shift-1e6": {**BASE, "shift": 1e6},
    "outlier": {**BASE, "loc": 3.0, "scale": 0.5, "outlier": {"row": 17, "col": 2, "value": 1000.0}},
    "collinear": {**BASE, "collinear": 1e-5},
    "large-shift-1e6": {**BASE, "n": 200000, "seed": 777, "shift": 1e6},
    "constant-column": {**BASE, "constant": {"col": 5, "value": 3.0}},
    "three-distinct-rows": {**BASE, "repeat": 3},
}


class ParkMiller:
    def __init__(self, seed):
        self.s = seed

    def uniform(self):
        self.s = (self.s * 48271) % 2147483647
        return self.s / 2147483647

    def normal(self):
        t = 0.0
        for _ in range(12):
            t += self.uniform()
        return t - 6.0


def generate(r):
    n, d, k = r["n"], r["d"], r["k"]
    g = ParkMiller(r["seed"])
    w = [g.normal() for _ in range(d * k)]
    psi = [0.2 + 0.1 * (j % 3) for j in range(d)]
    sd = [np.sqrt(p) for p in psi]
    loc, scale = r["loc"], r["scale"]
    shift = r.get("shift", 0.0)
    delta = r.get("collinear")
    X = np.empty((n, d))
    for i in range(n):
        z = [g.normal() for _ in range(k)]
        row = [0.0] * d
        for j in range(d):
            s = 0.0
            for a in range(k):
                s += w[j * k + a] * z[a]
            e = g.normal()
            if delta is not None and j == d - 1:
                row[j] = row[0] + row[1] + delta * e
            else:
                row[j] = loc + scale * (s + sd[j] * e)
        if shift:
            row = [v + shift for v in row]
        X[i] = row
    o = r.get("outlier")
    if o:
        X[o["row"], o["col"]] = o["value"]
    c = r.get("constant")
    if c:
        X[:, c["col"]] = c["value"]
    if r.get("repeat"):
        X = X[np.arange(n) % r["repeat"]]
    return X


def exact_score(X, mean, W, psi):
    """Mean over rows of log N(x | mean, W W^T + diag(psi)), by Cholesky, in float64; None where the Cholesky
    factorisation fails in float64 (psi at the 1e-12 floor on rank-deficient data)."""
    C = W @ W.T + np.diag(psi)
    try:
        L = np.linalg.cholesky(C)
    except np.linalg.LinAlgError:
        return None
    R = scipy.linalg.solve_triangular(L, (X - mean).T, lower=True)
    d = X.shape[1]
    return float(np.mean(-0.5 * (d * np.log(2 * np.pi) + 2 * np.log(np.diag(L)).sum() + (R * R).sum(axis=0))))


def fa_fit(X, k):
    psi0 = X.var(axis=0)
    init = "variance" if (psi0 > 0).all() else "ones"
    fa = FactorAnalysis(n_components=k, svd_method="lapack", tol=TOL_FA, max_iter=MAX_ITER_FA,
                        noise_variance_init=psi0 if init == "variance" else None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fa.fit(X)
    converged = not any("did not converge" in str(w.message) for w in caught)
    return {
        "noiseVarianceInit": init,
        "score": float(fa.score(X)),
        "exactScore": exact_score(X, fa.mean_, fa.components_.T, fa.noise_variance_),
        "iterations": int(fa.n_iter_),
        "converged": converged,
        "noiseVariance": fa.noise_variance_.tolist(),
    }


def pca_fit(X, k):
    """PCA's score; where its noise variance is zero or negative (rank <= K) there is no density: score is None.
    Where it is positive but at rounding level (1e-17), the model covariance fails Cholesky: exactScore is None."""
    p = PCA(n_components=k, svd_solver="full").fit(X)
    if not p.noise_variance_ > 0:
        return {"score": None, "exactScore": None, "noiseVariance": float(p.noise_variance_)}
    W = p.components_.T * np.sqrt(np.maximum(p.explained_variance_ - p.noise_variance_, 0.0))
    return {
        "score": float(p.score(X)),
        "exactScore": exact_score(X, p.mean_, W, np.full(X.shape[1], p.noise_variance_)),
        "noiseVariance": float(p.noise_variance_),
    }


def main():
    cases = {}
    for name, r in CASES.items():
        X = generate(r)
        cases[name] = {
            "recipe": r,
            "check": {"sum": float(np.sum(X)), "firstRow": X[0].tolist()},
            "fa": fa_fit(X, r["k"]),
            "ppca": pca_fit(X, r["k"]),
        }
        if r.get("repeat"):
            cases[name]["ppcaK1"] = pca_fit(X, 1)
        print(f"{name}: done", file=sys.stderr)
    fixture = {
        "generator": "tooling/reference/factor_robustness_reference.py",
        "versions": {"python": sys.version.split()[0], "sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        "settings": {"faTol": TOL_FA, "faMaxIter": MAX_ITER_FA, "faNoiseVarianceInit": "column variances (ddof 0), or 1 where a column is constant", "pcaSvdSolver": "full"},
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")
    head = f"{'case':19} {'FA iter':>7} {'FA score':>22} {'exact - sklearn':>15} {'PCA score':>22} {'exact - sklearn':>15}"
    print(head)
    print("-" * len(head))
    for name, c in cases.items():
        fa, pc = c["fa"], c["ppca"]
        pcs = (f"{pc['score']:22.15f} {pc['exactScore'] - pc['score']:15.2e}" if pc["exactScore"] is not None
               else f"{'(no density: noise variance ' + format(pc['noiseVariance'], '.1e') + ')':>38}")
        print(f"{name:19} {fa['iterations']:7d} {fa['score']:22.15f} {(fa['exactScore'] - fa['score']) if fa['exactScore'] is not None else float('nan'):15.2e} {pcs}")


if __name__ == "__main__":
    main()
