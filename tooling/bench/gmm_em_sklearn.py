#!/usr/bin/python3
"""scikit-learn side of the GMM EM-iteration benchmark (protocol: tooling/bench/README.md).

Usage: /usr/bin/python3 tooling/bench/gmm_em_sklearn.py <data.bin> <init.json> <repeats>

Reads the N x D float64 little-endian row-major data written by the node side and the initial state,
builds a GaussianMixture in that state, and times `_e_step(X)` + `_m_step(X, log_resp)` `repeats`
times, each from the initial state, after one untimed warm-up iteration. Prints one JSON line on
stdout; everything else goes to stderr. BLAS threads are limited to LATENTKIT_BENCH_THREADS (default 2)
with threadpoolctl when it is installed.
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _compute_precision_cholesky

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:  # pragma: no cover - threadpoolctl ships with sklearn >= 0.23
    threadpool_info = threadpool_limits = None

COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")


def fail(msg):
    print(f"gmm_em_sklearn.py: {msg}", file=sys.stderr)
    sys.exit(2)


def load(data_path, init_path):
    with open(init_path) as f:
        init = json.load(f)
    n, d, k = int(init["n"]), int(init["d"]), int(init["k"])
    raw = np.fromfile(data_path, dtype="<f8")
    if raw.size != n * d:
        fail(f"{data_path} holds {raw.size} float64 values, init.json says n*d = {n * d}")
    X = raw.reshape(n, d)
    cov = init.get("covarianceType", "full")
    if cov not in COVARIANCE_TYPES:
        fail(f"unknown covarianceType {cov!r}")
    return X, init, n, d, k, cov


def initial_state(gm, X, init, k, cov):
    """Weights, means, covariances and precisions_cholesky_ of the starting point."""
    rule = init.get("init", "params")
    means = np.asarray(init["means"], dtype=np.float64).reshape(k, X.shape[1])
    if rule == "hardAssignment":
        # one-hot nearest given mean (ties to the lower index), then sklearn's own _initialize
        d2 = np.stack([((X - m) ** 2).sum(axis=1) for m in means], axis=1)
        resp = np.zeros((X.shape[0], k))
        resp[np.arange(X.shape[0]), np.argmin(d2, axis=1)] = 1.0
        gm._initialize(X, resp)
        weights, means, covariances = gm.weights_, gm.means_, gm.covariances_
    elif rule == "params":
        if "weights" not in init or "covariances" not in init:
            fail("init 'params' needs weights, means and covariances")
        weights = np.asarray(init["weights"], dtype=np.float64)
        covariances = np.asarray(init["covariances"], dtype=np.float64)
    else:
        fail(f"unknown init rule {rule!r}")
    prec_chol = _compute_precision_cholesky(covariances, cov)
    return weights.copy(), means.copy(), covariances.copy(), prec_chol.copy()


def set_state(gm, state):
    gm.weights_, gm.means_, gm.covariances_, gm.precisions_cholesky_ = (a.copy() for a in state)


def main():
    if len(sys.argv) != 4:
        fail("usage: gmm_em_sklearn.py <data.bin> <init.json> <repeats>")
    data_path, init_path, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if repeats < 1:
        fail("repeats must be >= 1")
    threads = int(os.environ.get("LATENTKIT_BENCH_THREADS", "2"))
    X, init, n, d, k, cov = load(data_path, init_path)
    gm = GaussianMixture(n_components=k, covariance_type=cov, reg_covar=float(init.get("regCovar", 1e-6)))

    limiter = threadpool_limits(limits=threads) if threadpool_limits else None
    try:
        state = initial_state(gm, X, init, k, cov)
        set_state(gm, state)
        mean_ll, log_resp = gm._e_step(X)  # warm-up + correctness values
        gm._m_step(X, log_resp)
        mean_ll_after, _ = gm._e_step(X)
        e_ms, m_ms, it_ms = [], [], []
        for _ in range(repeats):
            set_state(gm, state)
            t0 = time.perf_counter()
            _, log_resp = gm._e_step(X)
            t1 = time.perf_counter()
            gm._m_step(X, log_resp)
            t2 = time.perf_counter()
            e_ms.append((t1 - t0) * 1e3)
            m_ms.append((t2 - t1) * 1e3)
            it_ms.append((t2 - t0) * 1e3)
        pools = [{"api": p["internal_api"], "threads": p["num_threads"]} for p in threadpool_info()] if threadpool_info else None
    finally:
        if limiter is not None:
            limiter.unregister()

    print(json.dumps({
        "impl": "sklearn",
        "version": sklearn.__version__,
        "n": n, "d": d, "k": k, "covarianceType": cov, "init": init.get("init", "params"),
        "repeats": repeats,
        "msPerIter": float(np.median(it_ms)),
        "eStepMs": float(np.median(e_ms)),
        "mStepMs": float(np.median(m_ms)),
        "msPerIterMin": float(np.min(it_ms)),
        "meanLogLik": float(mean_ll),
        "meanLogLikAfter": float(mean_ll_after),
        "blasThreads": threads if threadpool_limits else None,
        "threadpools": pools,
    }))


if __name__ == "__main__":
    main()
