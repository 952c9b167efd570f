#!/usr/bin/python3
"""scikit-learn LatentDirichletAllocation reference values for latentkit's `topic/lda`.

Usage: /usr/bin/python3 tooling/reference/lda_reference.py [--skip-sotu]
Writes tooling/reference/fixtures/lda.json (about 1 minute with the State of the Union fits).

Shared starting point. scikit-learn draws its initial topic-word parameters (`components_`, lambda) and, at every
EM iteration, the starting gamma of every document from `random_state.gamma(100, 0.01, size)`. latentkit cannot
reproduce numpy's generator, so both sides start from the seed-free formula of `hashComponents`
(packages/models-topic/src/lda/lda-topics.ts):

    lambda0[k, w] = 0.8 + 0.4 * u(k * V + w),  u(i) = hash32(i + 1) / 2**32,
    hash32: h = x * 0x9E3779B1; h ^= h >> 16; h *= 0x85EBCA6B; h ^= h >> 13; h *= 0xC2B2AE35; h ^= h >> 16
    (products mod 2**32, logical shifts).

`HashInit`, a RandomState subclass passed as `random_state`, returns lambda0 for the K x V draw of
`_init_latent_vars`. For the E-step draws it either delegates to numpy ("random": what scikit-learn really does,
used for the State of the Union fits) or returns ones ("ones": then fitting is deterministic and latentkit's update
functions, called without a generator, must reproduce it to rounding; used on the tiny corpus).

Cases:
- tiny: a 12 x 30 count matrix (one empty document), K = 3, doc_topic_prior 0.2, topic_word_prior 0.05.
  At lambda0: bound (`score`), `perplexity`, `transform`. Batch fits of 1 and 5 iterations (E-step from ones):
  `components_`. Online: `fit` with learning_method='online' (3 passes, batch_size 5) and two `partial_fit`
  calls (total_samples 100), E-step from ones: `components_`. Document-completion perplexity of the 5-iteration
  batch model (split rule below).
- sotu: the State of the Union count matrix (CountVectorizer as in sotu_reference.py), documents ordered by
  (year, president); test = row index % 5 == 4. K = 10, default priors (1/K), learning_method='batch', from lambda0:
  "ones-10", "ones-50": E-steps from ones (deterministic), 10 and 50 iterations; "randomStarts": scikit-learn's
  own random E-step starts (HashInit(seed), seeds 0..5), 50 iterations. Each: perplexity of the train and test rows,
  document-completion perplexity of the test rows (and top words for the deterministic fits). "sklearnInit-50":
  scikit-learn's own Gamma initialisation (random_state=0), to show how much the start alone moves the numbers.

Document-completion split (latentkit's `completionSplit`): a document's tokens, word by word in column order,
are numbered t = 0, 1, ...; token t is held out when t % 5 == 4. theta_hat = transform(observed part),
beta_hat = components_ / row sums; perplexity = exp(-sum x_heldout * log(theta_hat @ beta_hat) / sum x_heldout).
"""
import glob
import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.decomposition import LatentDirichletAllocation
from sklearn.feature_extraction.text import CountVectorizer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(HERE, "fixtures", "lda.json")
SOTU = os.path.join(ROOT, "packages", "datasets", "node_modules", "@stdlib", "datasets-sotu", "data")
MASK = 0xFFFFFFFF
N_RANDOM_STARTS = 6


def hash_components(k, v):
    """lambda0 of latentkit's hashComponents (uint64 arithmetic masked to 32 bits)."""
    h = (np.arange(k * v, dtype=np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B1) & np.uint64(MASK)
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & np.uint64(MASK)
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & np.uint64(MASK)
    h ^= h >> np.uint64(16)
    return (0.8 + 0.4 * (h.astype(np.float64) / 4294967296.0)).reshape(k, v)


class HashInit(np.random.RandomState):
    """random_state whose K x V gamma draw is lambda0; E-step draws are numpy's ("random") or ones ("ones")."""

    def __init__(self, seed, k, v, estep):
        super().__init__(seed)
        self.k, self.v, self.estep = k, v, estep

    def gamma(self, shape, scale=1.0, size=None):
        if size is not None and tuple(size) == (self.k, self.v):
            return hash_components(self.k, self.v)
        if self.estep == "ones":
            return np.ones(size)
        return super().gamma(shape, scale, size)


def completion_split(x):
    """Observed and held-out parts of a CSR count matrix by the token rule t % 5 == 4."""
    x = sp.csr_matrix(x)
    obs = x.copy().astype(np.float64)
    held = x.copy().astype(np.float64)
    for d in range(x.shape[0]):
        t0 = 0
        for q in range(x.indptr[d], x.indptr[d + 1]):
            n = int(x.data[q])
            h = (t0 + n) // 5 - t0 // 5
            held.data[q] = h
            obs.data[q] = n - h
            t0 += n
    obs.eliminate_zeros()
    held.eliminate_zeros()
    return obs, held


def completion_perplexity(lda, x):
    obs, held = completion_split(x)
    theta = lda.transform(obs)
    beta = lda.components_ / lda.components_.sum(axis=1, keepdims=True)
    p = theta @ beta
    held = held.tocoo()
    return float(np.exp(-np.sum(held.data * np.log(p[held.row, held.col])) / held.data.sum()))


def at_lambda0(k, v, **kw):
    """A model sitting at lambda0, as if fitted (n_features_in_ set), for scoring."""
    lda = LatentDirichletAllocation(n_components=k, random_state=HashInit(0, k, v, "ones"), **kw)
    lda._init_latent_vars(v)
    lda.n_features_in_ = v
    return lda


def tiny_case():
    rng = np.random.RandomState(7)
    d, v, k = 12, 30, 3
    rates = np.zeros((d, v))
    for i in range(d):
        topic = i % 3
        rates[i, topic * 10:(topic + 1) * 10] = 3.0
        rates[i] += 0.3
    x = rng.poisson(rates).astype(np.float64)
    x[5] = 0.0  # an empty document
    X = sp.csr_matrix(x)
    priors = {"doc_topic_prior": 0.2, "topic_word_prior": 0.05}
    lda0 = at_lambda0(k, v, **priors)
    out = {
        "counts": x.astype(int).tolist(),
        "k": k,
        "docTopicPrior": 0.2,
        "topicWordPrior": 0.05,
        "lambda0FirstRow": hash_components(k, v)[0, :5].tolist(),
        "atLambda0": {
            "score": float(lda0.score(X)),
            "perplexity": float(lda0.perplexity(X)),
            "transform": lda0.transform(X).tolist(),
        },
        "batch": {},
        "online": {},
    }
    for iters in (1, 5):
        lda = LatentDirichletAllocation(n_components=k, max_iter=iters, random_state=HashInit(0, k, v, "ones"), **priors)
        lda.fit(X)
        out["batch"][str(iters)] = {"components": lda.components_.tolist(), "perplexity": float(lda.perplexity(X))}
        if iters == 5:
            out["batch"]["5"]["documentCompletionPerplexity"] = completion_perplexity(lda, X)
            obs, held = completion_split(X)
            out["batch"]["5"]["completionHeldOutTotal"] = float(held.sum())
    online = {"learning_method": "online", "batch_size": 5, "learning_offset": 10.0, "learning_decay": 0.7}
    lda = LatentDirichletAllocation(n_components=k, max_iter=3, random_state=HashInit(0, k, v, "ones"), **priors, **online)
    lda.fit(X)
    out["online"]["fit3"] = {"components": lda.components_.tolist(), "nBatchIter": int(lda.n_batch_iter_)}
    lda = LatentDirichletAllocation(n_components=k, total_samples=100, random_state=HashInit(0, k, v, "ones"), **priors, **online)
    lda.partial_fit(X)
    lda.partial_fit(X[:7])
    out["online"]["partialFit"] = {
        "totalSamples": 100,
        "calls": [[0, 12], [0, 7]],
        "components": lda.components_.tolist(),
        "nBatchIter": int(lda.n_batch_iter_),
    }
    return out


def sotu_matrix():
    files = sorted(glob.glob(os.path.join(SOTU, "*.json")))
    if not files:
        sys.exit(f"no SOTU files under {SOTU}; install the workspace first")
    docs = [json.load(open(f, encoding="utf-8")) for f in files]
    docs.sort(key=lambda d: (d["year"], d["name"]))
    vec = CountVectorizer(lowercase=True, token_pattern=r"(?u)\b[a-zA-Z]{3,}\b", stop_words="english", min_df=5, max_df=0.5)
    x = vec.fit_transform([d["text"] for d in docs]).tocsr().astype(np.float64)
    return x, vec.get_feature_names_out()


def top_words(lda, vocab, n=10):
    return [[str(vocab[j]) for j in np.argsort(-row, kind="stable")[:n]] for row in lda.components_]


def sotu_fit(train, held, vocab, k, iters, state):
    lda = LatentDirichletAllocation(n_components=k, max_iter=iters, learning_method="batch", random_state=state)
    t0 = time.perf_counter()
    lda.fit(train)
    seconds = time.perf_counter() - t0
    return {
        "maxIter": iters,
        "seconds": seconds,
        "trainPerplexity": float(lda.perplexity(train)),
        "testPerplexity": float(lda.perplexity(held)),
        "testDocumentCompletionPerplexity": completion_perplexity(lda, held),
        "topWords": top_words(lda, vocab),
    }


def sotu_case():
    x, vocab = sotu_matrix()
    test = np.arange(x.shape[0]) % 5 == 4
    train, held = x[~test], x[test]
    k, v = 10, x.shape[1]
    out = {"nTrain": int(train.shape[0]), "nTest": int(held.shape[0]), "vocabSize": int(v), "k": k, "fits": {}, "randomStarts": []}
    for iters in (10, 50):
        out["fits"][f"ones-{iters}"] = sotu_fit(train, held, vocab, k, iters, HashInit(0, k, v, "ones"))
        print(f"sotu ones {iters}: {out['fits'][f'ones-{iters}']['testPerplexity']:.2f}", file=sys.stderr)
    for seed in range(N_RANDOM_STARTS):
        fit = sotu_fit(train, held, vocab, k, 50, HashInit(seed, k, v, "random"))
        del fit["topWords"]
        out["randomStarts"].append({"seed": seed, **fit})
        print(f"sotu random E-step starts, seed {seed}: {fit['testPerplexity']:.2f}", file=sys.stderr)
    out["fits"]["sklearnInit-50"] = sotu_fit(train, held, vocab, k, 50, 0)
    return out


def main():
    fixture = {
        "script": "tooling/reference/lda_reference.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "tiny": tiny_case(),
    }
    if "--skip-sotu" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            fixture["sotu"] = json.load(f)["sotu"]
    else:
        fixture["sotu"] = sotu_case()
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
