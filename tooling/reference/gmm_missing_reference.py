#!/usr/bin/python3
"""Brute-force float64 EM for a Gaussian mixture with missing cells, the reference for `mixture/gmm` on NaN data.

Usage: /usr/bin/python3 tooling/reference/gmm_missing_reference.py
Writes tooling/reference/fixtures/gmm-missing.json.

Data: 50 rows of iris.csv (0-based rows 0, 3, 6, ..., 147; the four measurements). Cells are removed where
RandomState(0).rand(50, 4) < 0.25, and row 3 is removed entirely (a row with nothing observed).
Start (the same for every covariance type): weights [0.45, 0.55]; means = rows 0 and 49 (of the 50) with their missing
cells replaced by the observed column means; covariances = the covariance (ddof = 0) of the mean-imputed data
(projected on the covariance type: diag keeps the diagonal, spherical the mean diagonal, tied as is).

The E-step is written from the definitions, row by row, with numpy's dense solves (no grouping by pattern):
for observed o and missing m coordinates of row i and component k,
  log p(x_o | k) = log N(x_o | mu_o, S_oo),  r_ik ∝ w_k p(x_o | k),
  E[x_m | x_o, k] = mu_m + S_mo S_oo^-1 (x_o - mu_o),  Cov[x_m | x_o, k] = S_mm - S_mo S_oo^-1 S_om,
and the M-step maximises the expected complete-data log-likelihood with scikit-learn's conventions
(nk + 10 eps, reg_covar = 1e-6 on the diagonal; diag keeps the diagonal, spherical its mean, tied pools
the scatter over components and divides by sum(nk)).

Recorded per covariance type: per-row log-likelihood and responsibilities at the start, the parameters after
one EM iteration, and a run to convergence (|change of the mean log-likelihood| < 1e-12, at most 2000
iterations) with its trace.
"""
import csv
import json
import os
import sys

import numpy as np
from scipy.special import logsumexp

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(HERE, "fixtures", "gmm-missing.json")
COLUMNS = ["sepal_length_cm_", "sepal_width_cm_", "petal_length_cm_", "petal_width_cm_"]
EPS10 = 10 * np.finfo(np.float64).eps
REG = 1e-6


def load():
    with open(os.path.join(ROOT, "packages", "datasets", "data", "iris.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    X = np.array([[float(r[c]) for c in COLUMNS] for r in rows], dtype=np.float64)
    X = X[::3][:50].copy()
    mask = np.random.RandomState(0).rand(*X.shape) < 0.25
    mask[3, :] = True
    X[mask] = np.nan
    return X


def log_gauss(x, mu, S):
    d = len(x)
    if d == 0:
        return 0.0
    L = np.linalg.cholesky(S)
    z = np.linalg.solve(L, x - mu)
    return -0.5 * d * np.log(2 * np.pi) - np.log(np.diag(L)).sum() - 0.5 * z @ z


def e_step(X, w, mu, S):
    n, d = X.shape
    k = len(w)
    lp = np.zeros((n, k))
    for i in range(n):
        o = ~np.isnan(X[i])
        for c in range(k):
            lp[i, c] = np.log(w[c]) + log_gauss(X[i, o], mu[c, o], S[c][np.ix_(o, o)])
    ll = logsumexp(lp, axis=1)
    return ll, np.exp(lp - ll[:, None])


def expected_stats(X, resp, mu, S):
    n, d = X.shape
    k = resp.shape[1]
    nk = resp.sum(0)
    s1 = np.zeros((k, d))
    s2 = np.zeros((k, d, d))
    for i in range(n):
        o = ~np.isnan(X[i])
        m = ~o
        for c in range(k):
            xh = X[i].copy()
            V = np.zeros((d, d))
            if m.any():
                Soo = S[c][np.ix_(o, o)]
                Smo = S[c][np.ix_(m, o)]
                B = np.linalg.solve(Soo, Smo.T).T if o.any() else np.zeros((m.sum(), 0))
                xh[m] = mu[c, m] + B @ (X[i, o] - mu[c, o])
                V[np.ix_(m, m)] = S[c][np.ix_(m, m)] - B @ Smo.T
            s1[c] += resp[i, c] * xh
            s2[c] += resp[i, c] * (np.outer(xh, xh) + V)
    return nk, s1, s2


def m_step(nk, s1, s2, n, cov_type):
    k, d = s1.shape
    nk = nk + EPS10
    w = nk / nk.sum()
    mu = s1 / nk[:, None]
    scatter = np.array([s2[c] - nk[c] * np.outer(mu[c], mu[c]) for c in range(k)])
    if cov_type == "tied":
        T = scatter.sum(0) / nk.sum()
        T = 0.5 * (T + T.T) + REG * np.eye(d)
        return w, mu, np.array([T] * k)
    S = scatter / nk[:, None, None]
    S = 0.5 * (S + np.transpose(S, (0, 2, 1)))
    if cov_type == "full":
        return w, mu, S + REG * np.eye(d)
    diag = np.array([np.diag(S[c]) + REG for c in range(k)])
    if cov_type == "diag":
        return w, mu, np.array([np.diag(v) for v in diag])
    return w, mu, np.array([v.mean() * np.eye(d) for v in diag])


def start_state(X, cov_type):
    col_mean = np.nanmean(X, axis=0)
    imputed = np.where(np.isnan(X), col_mean, X)
    C = np.cov(imputed.T, ddof=0)
    if cov_type == "diag":
        C = np.diag(np.diag(C))
    elif cov_type == "spherical":
        C = np.diag(C).mean() * np.eye(X.shape[1])
    w = np.array([0.45, 0.55])
    mu = imputed[[0, 49]].copy()
    return w, mu, np.array([C, C])


def tolist(a):
    return np.asarray(a, dtype=np.float64).tolist()


def run(X, cov_type):
    w, mu, S = start_state(X, cov_type)
    start = {"weights": tolist(w), "means": tolist(mu), "covariances": tolist(S)}
    ll0, r0 = e_step(X, w, mu, S)
    nk, s1, s2 = expected_stats(X, r0, mu, S)
    w1, mu1, S1 = m_step(nk, s1, s2, len(X), cov_type)
    trace = []
    cw, cmu, cS = w, mu, S
    for it in range(2000):
        ll, r = e_step(X, cw, cmu, cS)
        trace.append(float(ll.mean()))
        nk, s1, s2 = expected_stats(X, r, cmu, cS)
        cw, cmu, cS = m_step(nk, s1, s2, len(X), cov_type)
        if len(trace) > 1 and abs(trace[-1] - trace[-2]) < 1e-12:
            break
    drops = [a - b for a, b in zip(trace, trace[1:]) if b < a]
    assert max(drops, default=0.0) < 1e-10, f"{cov_type}: EM trace decreased by {max(drops)}"
    llf, _ = e_step(X, cw, cmu, cS)
    return {
        "start": start,
        "startScoreSamples": tolist(ll0),
        "startScore": float(ll0.mean()),
        "startPredictProba": tolist(r0),
        "oneStep": {"weights": tolist(w1), "means": tolist(mu1), "covariances": tolist(S1)},
        "converged": {"iterations": len(trace), "trace": trace, "score": float(llf.mean()),
                      "weights": tolist(cw), "means": tolist(cmu), "covariances": tolist(cS)},
    }


def main():
    X = load()
    fixture = {
        "generator": "tooling/reference/gmm_missing_reference.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__},
        "columns": COLUMNS,
        "data": [[None if np.isnan(v) else float(v) for v in row] for row in X],
        "regCovar": REG,
        "fits": {t: run(X, t) for t in ["full", "diag", "spherical", "tied"]},
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}; missing cells {int(np.isnan(X).sum())} of {X.size}")
    for t, r in fixture["fits"].items():
        c = r["converged"]
        print(f"{t:9} start {r['startScore']:.10f} converged after {c['iterations']} iterations at {c['score']:.10f}")


if __name__ == "__main__":
    main()
