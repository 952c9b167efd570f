#!/usr/bin/python3
"""scikit-learn side of the `lda-batch` benchmark (protocol: tooling/bench/README.md).

Usage: /usr/bin/python3 tooling/bench/lda_sklearn.py <data.bin> <init.json> [repeats (ignored: one timed fit)]

Reads the CSR count matrix written by the node side (int32 indptr, int32 indices, float64 counts, little-endian,
back to back) and the settings, starts LatentDirichletAllocation(learning_method='batch') from the same lambda0
(the hash formula of latentkit's `hashComponents`, as in tooling/reference/lda_reference.py), and times `maxIter`
iterations of scikit-learn's own batch EM step: `_e_step(X, cal_sstats=True, random_init=True)` (E-step, with
scikit-learn's random Gamma(100, 0.01) starting points) and the M-step lines of `_em_step`, after one untimed
warm-up iteration from lambda0. Prints one JSON line on stdout. BLAS threads are limited to
LATENTKIT_BENCH_THREADS (default 2) with threadpoolctl.
"""
import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.decomposition import LatentDirichletAllocation
from sklearn.decomposition._online_lda_fast import _dirichlet_expectation_2d

try:
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover - threadpoolctl ships with sklearn >= 0.23
    threadpool_limits = None

MASK = np.uint64(0xFFFFFFFF)


def hash_components(k, v):
    h = (np.arange(k * v, dtype=np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B1) & MASK
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & MASK
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & MASK
    h ^= h >> np.uint64(16)
    return (0.8 + 0.4 * (h.astype(np.float64) / 4294967296.0)).reshape(k, v)


def main():
    if len(sys.argv) < 3:
        print("usage: lda_sklearn.py <data.bin> <init.json> [repeats]", file=sys.stderr)
        sys.exit(2)
    with open(sys.argv[2]) as f:
        init = json.load(f)
    n, d, nnz, k, max_iter = init["n"], init["d"], init["nnz"], init["k"], init["maxIter"]
    raw = open(sys.argv[1], "rb").read()
    indptr = np.frombuffer(raw, dtype="<i4", count=n + 1)
    indices = np.frombuffer(raw, dtype="<i4", count=nnz, offset=4 * (n + 1))
    counts = np.frombuffer(raw, dtype="<f8", count=nnz, offset=4 * (n + 1 + nnz))
    X = sp.csr_matrix((counts, indices, indptr), shape=(n, d))
    threads = int(os.environ.get("LATENTKIT_BENCH_THREADS", "2"))
    limiter = threadpool_limits(limits=threads) if threadpool_limits else None
    try:
        lda = LatentDirichletAllocation(
            n_components=k,
            doc_topic_prior=init["docTopicPrior"],
            topic_word_prior=init["topicWordPrior"],
            learning_method="batch",
            mean_change_tol=init["meanChangeTol"],
            max_doc_update_iter=init["maxDocUpdateIter"],
            random_state=init["seed"],
        )
        lda._init_latent_vars(d)
        lda.n_features_in_ = d

        def reset():
            lda.components_ = hash_components(k, d)
            lda.exp_dirichlet_component_ = np.exp(_dirichlet_expectation_2d(lda.components_))
            lda.n_batch_iter_ = 1

        def em_step():
            t0 = time.perf_counter()
            _, suff_stats = lda._e_step(X, cal_sstats=True, random_init=True)
            t1 = time.perf_counter()
            lda.components_ = lda.topic_word_prior_ + suff_stats
            lda.exp_dirichlet_component_ = np.exp(_dirichlet_expectation_2d(lda.components_))
            lda.n_batch_iter_ += 1
            t2 = time.perf_counter()
            return t1 - t0, t2 - t1

        reset()
        mean_ll = -np.log(lda.perplexity(X))
        em_step()
        reset()
        e_ms, m_ms = [], []
        t0 = time.perf_counter()
        for _ in range(max_iter):
            e, m = em_step()
            e_ms.append(e * 1e3)
            m_ms.append(m * 1e3)
        fit_ms = (time.perf_counter() - t0) * 1e3
        mean_ll_after = -np.log(lda.perplexity(X))
    finally:
        if limiter is not None:
            limiter.unregister()
    print(json.dumps({
        "impl": "sklearn",
        "version": sklearn.__version__,
        "n": n, "d": d, "k": k, "nnz": nnz, "maxIter": max_iter,
        "msPerIter": fit_ms / max_iter,
        "fitMs": fit_ms,
        "msPerIterMedian": float(np.median(np.array(e_ms) + np.array(m_ms))),
        "eStepMs": float(np.mean(e_ms)),
        "mStepMs": float(np.mean(m_ms)),
        "meanLogLik": float(mean_ll),
        "meanLogLikAfter": float(mean_ll_after),
        "blasThreads": threads if threadpool_limits else None,
        "repeats": 1,
    }))


if __name__ == "__main__":
    main()
