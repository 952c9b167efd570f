#!/usr/bin/python3
"""scikit-learn side of the `fa-fit` benchmark (protocol: tooling/bench/README.md).

Usage: /usr/bin/python3 tooling/bench/fa_sklearn.py <data.bin> <init.json> <repeats>

Reads the N x D float64 little-endian row-major matrix written by the node side (the digits data) and the settings,
and times whole fits of FactorAnalysis(n_components=k, tol, max_iter) with scikit-learn's defaults otherwise
(svd_method='randomized', iterated_power=3, random_state=0, start psi = 1), `repeats` times after one untimed
warm-up fit. The same fits with svd_method='lapack' (the exact SVD, the path latentkit's exact iteration follows)
are timed as well and reported in the lapack* fields. Prints one JSON line on stdout; everything else goes to
stderr. BLAS threads are limited to LATENTKIT_BENCH_THREADS (default 2) with threadpoolctl.
"""
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.decomposition import FactorAnalysis

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:  # pragma: no cover - threadpoolctl ships with sklearn >= 0.23
    threadpool_info = threadpool_limits = None


def fail(msg):
    print(f"fa_sklearn.py: {msg}", file=sys.stderr)
    sys.exit(2)


def timed_fits(X, settings, svd_method, repeats):
    def fit():
        fa = FactorAnalysis(n_components=settings["k"], tol=settings["tol"], max_iter=settings["maxIter"], svd_method=svd_method)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning: reported through `iterations`
            t0 = time.perf_counter()
            fa.fit(X)
            return (time.perf_counter() - t0) * 1e3, fa

    fit()  # warm-up
    runs = [fit() for _ in range(repeats)]
    fa = runs[0][1]
    ms = [r[0] for r in runs]
    return {"ms": float(np.median(ms)), "msMin": float(np.min(ms)), "iterations": int(fa.n_iter_),
            "meanLogLik": float(fa.loglike_[0] / X.shape[0]), "meanLogLikAfter": float(fa.score(X))}


def main():
    if len(sys.argv) != 4:
        fail("usage: fa_sklearn.py <data.bin> <init.json> <repeats>")
    data_path, init_path, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if repeats < 1:
        fail("repeats must be >= 1")
    with open(init_path) as f:
        settings = json.load(f)
    n, d = int(settings["n"]), int(settings["d"])
    if settings.get("noiseVarianceInit", "ones") != "ones":
        fail("only noiseVarianceInit 'ones' (scikit-learn's start) is supported")
    raw = np.fromfile(data_path, dtype="<f8")
    if raw.size != n * d:
        fail(f"{data_path} holds {raw.size} float64 values, init.json says n*d = {n * d}")
    X = raw.reshape(n, d)
    threads = int(os.environ.get("LATENTKIT_BENCH_THREADS", "2"))
    limiter = threadpool_limits(limits=threads) if threadpool_limits else None
    try:
        rnd = timed_fits(X, settings, "randomized", repeats)
        lap = timed_fits(X, settings, "lapack", repeats)
        pools = [{"api": p["internal_api"], "threads": p["num_threads"]} for p in threadpool_info()] if threadpool_info else None
    finally:
        if limiter is not None:
            limiter.unregister()
    print(json.dumps({
        "impl": "sklearn",
        "version": sklearn.__version__,
        "n": n, "d": d, "k": int(settings["k"]),
        "repeats": repeats,
        "msPerIter": rnd["ms"],
        "msPerFit": rnd["ms"],
        "msPerFitMin": rnd["msMin"],
        "iterations": rnd["iterations"],
        "meanLogLik": rnd["meanLogLik"],
        "meanLogLikAfter": rnd["meanLogLikAfter"],
        "lapackMsPerFit": lap["ms"],
        "lapackIterations": lap["iterations"],
        "lapackMeanLogLik": lap["meanLogLik"],
        "lapackMeanLogLikAfter": lap["meanLogLikAfter"],
        "blasThreads": threads if threadpool_limits else None,
        "threadpools": pools,
    }))


if __name__ == "__main__":
    main()
