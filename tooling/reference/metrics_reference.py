#!/usr/bin/python3
"""Reference values for @latentkit/metrics (packages/metrics), following google-research/disentanglement_lib.

Run: /usr/bin/python3 tooling/reference/metrics_reference.py
Writes tooling/reference/fixtures/metrics.json: fixed inputs drawn from a seeded numpy Generator (rounded to 4
decimals so the JSON stays small and both sides read the very same float64 values) and what numpy 1.24,
scipy 1.10 and scikit-learn 1.2.1 (Debian python3-sklearn) give for every metric of the package.

Definitions (the same as the TSDoc of each metric and packages/metrics/README.md):
- Rows are samples. `truth` is the first matrix (true factors, labels, counts, relevance, true loadings) and `pred`
  the second (codes, scores, probabilities, topic-word weights, estimated loadings).
- Train/test rule (DCI, SAP discrete, block R²): with N >= nTrain + nTest rows, rows [0, nTrain) train and
  [nTrain, nTrain + nTest) test; otherwise the first floor(N * nTrain / (nTrain + nTest) + 0.5) rows train
  (at least 1, at most N - 1) and the rest test. MIG and SAP continuous use the first min(N, nTrain) rows.
- Factor labels: an integer-valued truth column is used as class labels as is; any other column is discretised
  with disentanglement_lib's 20-bin histogram rule (edges from the rows used).
- MIG: disentanglement_lib `mig.py` (`_histogram_discretize` of the codes, `mutual_info_score`).
- SAP: disentanglement_lib `sap_score.py`. The discrete case's LinearSVC(C=0.01, class_weight='balanced') objective
  is solved to convergence with liblinear's primal solver (dual=False, tol=1e-12), i.e. its exact minimiser, which
  latentkit computes by Newton's method; disentanglement_lib's call (dual coordinate descent, tol=1e-4) is recorded
  too.
- DCI: disentanglement_lib `dci.py` with GradientBoostingClassifier(random_state=0), and the lasso variant
  (codes and factors standardised with the train mean and population std, sklearn Lasso(alpha), informativeness R²).
  DCI under random_state 0..4 is recorded to show how far sklearn's own random tie-breaking moves it, and the first
  per-tree seeds numpy's RandomState draws for sklearn's trees, which latentkit replays to visit features in the
  same order.
- MCC: |Pearson| (np.corrcoef) or |Spearman| (scipy.stats.spearmanr) matrix, scipy linear_sum_assignment
  (maximize), mean over the min(d, d') matched pairs.
- ARI, NMI: sklearn adjusted_rand_score, normalized_mutual_info_score (arithmetic); a matrix with several columns
  is turned into labels by a row-wise argmax (first maximum).
"""
import json
import os

import numpy as np
import scipy
import sklearn
from scipy.optimize import linear_sum_assignment
from scipy.special import gammaln, xlogy
from scipy.stats import entropy, spearmanr
from sklearn import ensemble, svm
from sklearn.kernel_ridge import KernelRidge
from sklearn.linear_model import Lasso
from sklearn.metrics import adjusted_rand_score, mutual_info_score, normalized_mutual_info_score, r2_score

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "metrics.json")
SEED = 20240611


def r4(x):
    return np.round(np.asarray(x, dtype=np.float64), 4)


def rows(x):
    return np.asarray(x, dtype=np.float64).tolist()


# --------------------------------------------------------------------------------------------------
# Shared rules
# --------------------------------------------------------------------------------------------------


def split_rows(n, n_train, n_test):
    if n >= n_train + n_test:
        return np.arange(n_train), np.arange(n_train, n_train + n_test)
    k = int(np.floor(n * n_train / (n_train + n_test) + 0.5))
    k = min(max(k, 1), n - 1)
    return np.arange(k), np.arange(k, n)


def histogram_discretize(col, bins):
    """disentanglement_lib utils._histogram_discretize for one column."""
    return np.digitize(col, np.histogram(col, bins)[1][:-1])


def factor_labels(col, bins):
    if np.all(col == np.round(col)):
        return col.astype(np.int64)
    return histogram_discretize(col, bins)


def labels_of(m):
    m = np.asarray(m)
    if m.shape[1] == 1:
        return m[:, 0]
    return np.argmax(m, axis=1)


# --------------------------------------------------------------------------------------------------
# Disentanglement metrics (disentanglement_lib)
# --------------------------------------------------------------------------------------------------


def mig(factors, codes, bins=20, n_train=10000, factor_bins=20):
    n = min(factors.shape[0], n_train)
    f, c = factors[:n], codes[:n]
    ys = np.stack([factor_labels(f[:, j], factor_bins) for j in range(f.shape[1])])
    mus = np.stack([histogram_discretize(c[:, i], bins) for i in range(c.shape[1])])
    m = np.zeros([mus.shape[0], ys.shape[0]])
    for i in range(mus.shape[0]):
        for j in range(ys.shape[0]):
            m[i, j] = mutual_info_score(ys[j, :], mus[i, :])
    h = np.array([mutual_info_score(ys[j], ys[j]) for j in range(ys.shape[0])])
    sorted_m = np.sort(m, axis=0)[::-1]
    gaps = (sorted_m[0, :] - sorted_m[1, :]) / h
    return {"value": float(np.mean(gaps)), "gaps": gaps.tolist(), "mutualInfo": m.tolist(), "entropy": h.tolist()}


def sap(factors, codes, continuous, n_train=10000, n_test=5000, factor_bins=20, exact=True):
    n_codes, n_factors = codes.shape[1], factors.shape[1]
    score = np.zeros([n_codes, n_factors])
    if continuous:
        n = min(factors.shape[0], n_train)
        for i in range(n_codes):
            for j in range(n_factors):
                cov = np.cov(codes[:n, i], factors[:n, j], ddof=1)
                var_mu, var_y = cov[0, 0], cov[1, 1]
                score[i, j] = cov[0, 1] ** 2 / (var_mu * var_y) if var_mu > 1e-12 else 0.0
    else:
        tr, te = split_rows(factors.shape[0], n_train, n_test)
        used = np.concatenate([tr, te])
        ys = np.stack([factor_labels(factors[used, j], factor_bins) for j in range(n_factors)], axis=1)
        y_tr, y_te = ys[: len(tr)], ys[len(tr) :]
        for i in range(n_codes):
            for j in range(n_factors):
                if exact:  # liblinear's primal trust-region Newton solver (TRON), run to convergence
                    clf = svm.LinearSVC(C=0.01, class_weight="balanced", dual=False, tol=1e-12, max_iter=100_000)
                else:  # disentanglement_lib's call: liblinear's dual coordinate descent with tol=1e-4
                    clf = svm.LinearSVC(C=0.01, class_weight="balanced", random_state=0)
                clf.fit(codes[tr, i][:, None], y_tr[:, j])
                score[i, j] = np.mean(clf.predict(codes[te, i][:, None]) == y_te[:, j])
    srt = np.sort(score, axis=0)
    gaps = srt[-1, :] - srt[-2, :]
    return {"value": float(np.mean(gaps)), "gaps": gaps.tolist(), "scoreMatrix": score.tolist()}


def disentanglement(importance):
    per_code = 1.0 - entropy(importance.T + 1e-11, base=importance.shape[1])
    if importance.sum() == 0.0:
        importance = np.ones_like(importance)
    code_importance = importance.sum(axis=1) / importance.sum()
    return float(np.sum(per_code * code_importance))


def completeness(importance):
    per_factor = 1.0 - entropy(importance + 1e-11, base=importance.shape[0])
    if importance.sum() == 0.0:
        importance = np.ones_like(importance)
    factor_importance = importance.sum(axis=0) / importance.sum()
    return float(np.sum(per_factor * factor_importance))


def dci_gbt(factors, codes, n_train, n_test, factor_bins=20, random_state=0):
    tr, te = split_rows(factors.shape[0], n_train, n_test)
    used = np.concatenate([tr, te])
    ys = np.stack([factor_labels(factors[used, j], factor_bins) for j in range(factors.shape[1])], axis=1)
    y_tr, y_te = ys[: len(tr)], ys[len(tr) :]
    x_tr, x_te = codes[tr], codes[te]
    importance = np.zeros([codes.shape[1], factors.shape[1]])
    acc_tr, acc_te = [], []
    for j in range(factors.shape[1]):
        model = ensemble.GradientBoostingClassifier(random_state=random_state)
        model.fit(x_tr, y_tr[:, j])
        importance[:, j] = np.abs(model.feature_importances_)
        acc_tr.append(np.mean(model.predict(x_tr) == y_tr[:, j]))
        acc_te.append(np.mean(model.predict(x_te) == y_te[:, j]))
    return {
        "value": disentanglement(importance),
        "disentanglement": disentanglement(importance),
        "completeness": completeness(importance),
        "informativenessTrain": float(np.mean(acc_tr)),
        "informativenessTest": float(np.mean(acc_te)),
        "importance": importance.tolist(),
    }


def dci_lasso(factors, codes, n_train, n_test, alpha):
    tr, te = split_rows(factors.shape[0], n_train, n_test)
    mu_x, sd_x = codes[tr].mean(axis=0), codes[tr].std(axis=0)
    mu_y, sd_y = factors[tr].mean(axis=0), factors[tr].std(axis=0)
    x_tr, x_te = (codes[tr] - mu_x) / sd_x, (codes[te] - mu_x) / sd_x
    y_tr, y_te = (factors[tr] - mu_y) / sd_y, (factors[te] - mu_y) / sd_y
    importance = np.zeros([codes.shape[1], factors.shape[1]])
    r2_tr, r2_te = [], []
    for j in range(factors.shape[1]):
        model = Lasso(alpha=alpha)
        model.fit(x_tr, y_tr[:, j])
        importance[:, j] = np.abs(model.coef_)
        r2_tr.append(r2_score(y_tr[:, j], model.predict(x_tr)))
        r2_te.append(r2_score(y_te[:, j], model.predict(x_te)))
    return {
        "value": disentanglement(importance),
        "disentanglement": disentanglement(importance),
        "completeness": completeness(importance),
        "informativenessTrain": float(np.mean(r2_tr)),
        "informativenessTest": float(np.mean(r2_te)),
        "importance": importance.tolist(),
    }


# --------------------------------------------------------------------------------------------------
# Identifiability metrics
# --------------------------------------------------------------------------------------------------


def abs_corr(truth, pred, method):
    d = truth.shape[1]
    if method == "pearson":
        c = np.corrcoef(truth.T, pred.T)
    else:
        c = spearmanr(truth, pred).correlation
    return np.abs(c[:d, d:])


def mcc(truth, pred, method):
    c = abs_corr(truth, pred, method)
    r, k = linear_sum_assignment(c, maximize=True)
    return {"value": float(c[r, k].mean()), "matching": [[int(a), int(b)] for a, b in zip(r, k)], "corr": c[r, k].tolist()}


def cross_mcc(truth, pred, truth_split, pred_split, method):
    a = mcc(truth[:, :truth_split], pred[:, pred_split:], method)["value"]
    b = mcc(truth[:, truth_split:], pred[:, :pred_split], method)["value"]
    return {"value": (a + b) / 2, "trueFirstVsPredSecond": a, "trueSecondVsPredFirst": b}


def block_r2(truth, pred, n_train, n_test, alpha, gamma):
    tr, te = split_rows(truth.shape[0], n_train, n_test)
    mx, sx = pred[tr].mean(axis=0), pred[tr].std(axis=0)
    my, sy = truth[tr].mean(axis=0), truth[tr].std(axis=0)
    x_tr, x_te = (pred[tr] - mx) / sx, (pred[te] - mx) / sx
    y_tr, y_te = (truth[tr] - my) / sy, (truth[te] - my) / sy
    g = gamma if gamma is not None else 1.0 / pred.shape[1]
    model = KernelRidge(alpha=alpha, kernel="rbf", gamma=g).fit(x_tr, y_tr)
    r2 = r2_score(y_te, model.predict(x_te), multioutput="raw_values")
    r2_train = r2_score(y_tr, model.predict(x_tr), multioutput="raw_values")
    return {"value": float(np.mean(r2)), "r2": r2.tolist(), "train": float(np.mean(r2_train))}


# --------------------------------------------------------------------------------------------------
# Likelihood, ranking, topics, structure
# --------------------------------------------------------------------------------------------------


def log_likelihood(x, p, family, sigma=1.0):
    if family == "categorical":
        q = p / p.sum(axis=1, keepdims=True)
        cell = xlogy(x, q)
    elif family == "poisson":
        cell = xlogy(x, p) - p - gammaln(x + 1)
    elif family == "bernoulli":
        cell = xlogy(x, p) + xlogy(1 - x, 1 - p)
    else:
        cell = -0.5 * ((x - p) / sigma) ** 2 - np.log(sigma) - 0.5 * np.log(2 * np.pi)
    per_row = cell.sum(axis=1)
    return {"value": float(per_row.mean()), "total": float(per_row.sum())}


def perplexity(x, p):
    q = p / p.sum(axis=1, keepdims=True)
    return {"value": float(np.exp(-xlogy(x, q).sum() / x.sum())), "words": float(x.sum())}


def top_k(scores, k):
    return np.argsort(-scores, kind="stable")[:k]


def recall_at_k(rel, scores, k):
    vals = []
    for r, s in zip(rel, scores):
        positives = r > 0
        n_pos = positives.sum()
        if n_pos == 0:
            continue
        vals.append(positives[top_k(s, k)].sum() / min(k, n_pos))
    return {"value": float(np.mean(vals)), "rows": len(vals)}


def ndcg_at_k(rel, scores, k, gain):
    vals = []
    for r, s in zip(rel, scores):
        g = (r > 0).astype(float) if gain == "binary" else r
        ideal = np.sort(g)[::-1][:k]
        disc = 1.0 / np.log2(np.arange(2, k + 2))
        idcg = (ideal * disc[: len(ideal)]).sum()
        if idcg == 0:
            continue
        dcg = (g[top_k(s, k)] * disc[: min(k, len(g))]).sum()
        vals.append(dcg / idcg)
    return {"value": float(np.mean(vals)), "rows": len(vals)}


def coherence(docs, topics, topn, measure, aggregate="mean"):
    occ = docs > 0
    n_docs = occ.shape[0]
    df = occ.sum(axis=0)
    per_topic = []
    skipped = 0
    for t in topics:
        top = top_k(t, topn)
        vals = []
        for m in range(1, len(top)):
            for l in range(m):
                wm, wl = top[m], top[l]
                co = np.sum(occ[:, wm] & occ[:, wl])
                if measure == "umass":
                    if df[wl] == 0:
                        skipped += 1
                        continue
                    vals.append(np.log((co + 1.0) / df[wl]))
                else:
                    if co == 0:
                        vals.append(-1.0)
                    elif co == n_docs:
                        vals.append(1.0)
                    else:
                        pij = co / n_docs
                        vals.append(np.log(pij / ((df[wm] / n_docs) * (df[wl] / n_docs))) / -np.log(pij))
        if measure == "umass" and aggregate == "sum":
            per_topic.append(float(np.sum(vals)))
        else:
            per_topic.append(float(np.mean(vals)) if vals else 0.0)
    return {"value": float(np.mean(per_topic)), "perTopic": per_topic, "skippedPairs": skipped}


def support_recovery(w, w_hat, threshold, truth_threshold):
    g, k = w.shape
    k_hat = w_hat.shape[1]
    sim = np.zeros((k, k_hat))
    for a in range(k):
        for b in range(k_hat):
            na, nb = np.linalg.norm(w[:, a]), np.linalg.norm(w_hat[:, b])
            sim[a, b] = 0.0 if na == 0 or nb == 0 else abs(w[:, a] @ w_hat[:, b]) / (na * nb)
    r, c = linear_sum_assignment(sim, maximize=True)
    aligned = np.zeros((g, k))
    for a, b in zip(r, c):
        sign = -1.0 if w[:, a] @ w_hat[:, b] < 0 else 1.0
        aligned[:, a] = sign * w_hat[:, b]
    s_true = np.abs(w) > truth_threshold
    s_hat = np.abs(aligned) > threshold
    hamming = int(np.sum(s_true != s_hat))
    tp = int(np.sum(s_true & s_hat))
    return {
        "value": 1.0 - hamming / (g * k),
        "hamming": hamming,
        "precision": tp / max(1, int(s_hat.sum())),
        "recall": tp / max(1, int(s_true.sum())),
        "rmse": float(np.sqrt(np.mean((aligned - w) ** 2))),
        "matching": [[int(a), int(b)] for a, b in zip(r, c)],
    }


# --------------------------------------------------------------------------------------------------
# Fixed inputs
# --------------------------------------------------------------------------------------------------


def main():
    rng = np.random.default_rng(SEED)
    out = {
        "generator": "tooling/reference/metrics_reference.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
        "seed": SEED,
    }

    # Discrete factors (4, 5 and 3 levels) and four codes: two informative, one noise, one nonlinear.
    n = 900
    f = np.stack([rng.integers(0, 4, n), rng.integers(0, 5, n), rng.integers(0, 3, n)], axis=1).astype(float)
    noise = rng.normal(size=(n, 4))
    c = np.stack(
        [f[:, 0] + 0.3 * noise[:, 0], np.tanh(f[:, 1] - 2) + 0.2 * f[:, 0] + 0.4 * noise[:, 1], noise[:, 2], f[:, 2] ** 2 + 0.5 * noise[:, 3]],
        axis=1,
    )
    f, c = r4(f), r4(c)
    disc = {"factors": rows(f), "codes": rows(c)}
    disc["mig"] = mig(f, c)
    disc["migBins10"] = mig(f, c, bins=10)
    disc["migNTrain500"] = mig(f, c, n_train=500)
    disc["sapDiscrete"] = sap(f, c, continuous=False, n_train=600, n_test=300)
    disc["sapDiscreteDefaultTol"] = sap(f, c, continuous=False, n_train=600, n_test=300, exact=False)
    disc["sapContinuous"] = sap(f, c, continuous=True, n_train=600)
    disc["dciGbt"] = dci_gbt(f, c, 600, 300)
    disc["dciGbtRandomStates"] = [dci_gbt(f, c, 600, 300, random_state=s)["disentanglement"] for s in range(5)]
    disc["dciGbtDefaultSplit"] = dci_gbt(f, c, 10000, 5000)  # 900 rows: first 600 train, last 300 test
    disc["dciLasso"] = dci_lasso(f, c, 600, 300, alpha=0.02)
    out["discrete"] = disc

    # Continuous factors: discretised by the 20-bin histogram for MIG, SAP discrete and DCI (gbt).
    n = 450
    z = rng.normal(size=(n, 2))
    e = rng.normal(size=(n, 3))
    cc = np.stack([np.sinh(z[:, 0]) + 0.2 * e[:, 0], z[:, 1] + 0.5 * z[:, 0] + 0.3 * e[:, 1], e[:, 2]], axis=1)
    z, cc = r4(z), r4(cc)
    cont = {"factors": rows(z), "codes": rows(cc)}
    cont["mig"] = mig(z, cc)
    cont["sapContinuous"] = sap(z, cc, continuous=True)
    cont["dciGbt"] = dci_gbt(z, cc, 300, 150)
    cont["dciGbtRandomStates"] = [[dci_gbt(z, cc, 300, 150, random_state=s)[k] for k in ("disentanglement", "completeness")] for s in range(5)]
    cont["dciLasso"] = dci_lasso(z, cc, 300, 150, alpha=0.05)
    out["continuous"] = cont

    # MCC: three sources (uniform, Laplace, Gaussian), four estimates, a nonlinearity, a permutation and sign flips.
    n = 400
    s = np.stack([rng.uniform(-1.7, 1.7, n), rng.laplace(size=n), rng.normal(size=n)], axis=1)
    e = rng.normal(size=(n, 4))
    p = np.stack([-np.tanh(s[:, 2]) + 0.3 * e[:, 0], s[:, 0] ** 3 + 0.5 * e[:, 1], e[:, 2], 2 * s[:, 1] - 0.4 * s[:, 0] + 0.6 * e[:, 3]], axis=1)
    s, p = r4(s), r4(p)
    out["mcc"] = {
        "truth": rows(s),
        "pred": rows(p),
        "pearson": mcc(s, p, "pearson"),
        "spearman": mcc(s, p, "spearman"),
        "pearsonTransposedRoles": mcc(p, s, "pearson"),
    }

    # Cross-MCC: truth [z1 z2 | t1 t2], pred [ẑ1 ẑ2 | t̂1 t̂2] with some leakage of t into ẑ.
    n = 300
    zt = rng.normal(size=(n, 4))
    e = rng.normal(size=(n, 4))
    est = np.stack([zt[:, 1] + 0.3 * zt[:, 2] + 0.2 * e[:, 0], zt[:, 0] + 0.2 * e[:, 1], zt[:, 3] + 0.3 * e[:, 2], zt[:, 2] + 0.1 * zt[:, 0] + 0.3 * e[:, 3]], axis=1)
    zt, est = r4(zt), r4(est)
    out["crossMcc"] = {"truth": rows(zt), "pred": rows(est), "pearson": cross_mcc(zt, est, 2, 2, "pearson"), "spearman": cross_mcc(zt, est, 2, 2, "spearman")}

    # Block identifiability: two true dimensions, three estimated ones, an invertible nonlinear mixing plus noise.
    n = 300
    b = rng.normal(size=(n, 2))
    e = rng.normal(size=(n, 3))
    bh = np.stack([np.tanh(b[:, 0] + b[:, 1]) + 0.1 * e[:, 0], b[:, 0] - b[:, 1] ** 3 / 3 + 0.1 * e[:, 1], e[:, 2]], axis=1)
    b, bh = r4(b), r4(bh)
    out["blockR2"] = {
        "truth": rows(b),
        "pred": rows(bh),
        "default": block_r2(b, bh, 200, 100, alpha=0.1, gamma=None),
        "alpha1Gamma05": block_r2(b, bh, 200, 100, alpha=1.0, gamma=0.5),
    }

    # Clustering: 4 true classes; pred is a 5-column score matrix whose row-wise argmax is the clustering.
    n = 500
    y = rng.integers(0, 4, n)
    scores = rng.normal(size=(n, 5))
    scores[np.arange(n), np.minimum(y, 4)] += 1.5
    scores[y == 3, 4] += 1.0
    scores = r4(scores)
    out["clustering"] = {
        "truth": rows(y[:, None]),
        "pred": rows(scores),
        "predLabels": labels_of(scores).tolist(),
        "ari": float(adjusted_rand_score(y, labels_of(scores))),
        "nmi": float(normalized_mutual_info_score(y, labels_of(scores))),
    }

    # Likelihoods.
    rate = rng.gamma(2.0, 1.5, size=(50, 30))
    counts = rng.poisson(rate).astype(float)
    rate_hat = r4(rate * rng.uniform(0.7, 1.3, size=rate.shape) + 0.01)
    xb = (rng.uniform(size=(40, 8)) < 0.3).astype(float)
    pb = r4(np.clip(rng.uniform(0.05, 0.6, size=(40, 8)), 0.01, 0.99))
    xg = r4(rng.normal(size=(40, 6)))
    mg = r4(xg + 0.5 * rng.normal(size=(40, 6)))
    out["likelihood"] = {
        "counts": rows(counts),
        "rate": rows(rate_hat),
        "binary": rows(xb),
        "prob": rows(pb),
        "gaussianX": rows(xg),
        "gaussianMean": rows(mg),
        "categorical": log_likelihood(counts, rate_hat, "categorical"),
        "poisson": log_likelihood(counts, rate_hat, "poisson"),
        "bernoulli": log_likelihood(xb, pb, "bernoulli"),
        "gaussian": log_likelihood(xg, mg, "gaussian"),
        "gaussianSigma07": log_likelihood(xg, mg, "gaussian", sigma=0.7),
        "perplexity": perplexity(counts, rate_hat),
    }

    # Ranking: binary and graded relevance, scores with ties (one decimal), some rows without relevant items.
    rel = (rng.uniform(size=(60, 40)) < 0.1).astype(float)
    rel[[3, 17], :] = 0
    graded = rel * rng.integers(1, 4, size=rel.shape)
    sc = np.round(rel * 0.8 + rng.normal(size=rel.shape), 1)
    out["ranking"] = {
        "relevance": rows(rel),
        "graded": rows(graded),
        "scores": rows(sc),
        "recall5": recall_at_k(rel, sc, 5),
        "recall10": recall_at_k(rel, sc, 10),
        "ndcg5": ndcg_at_k(rel, sc, 5, "binary"),
        "ndcg10": ndcg_at_k(rel, sc, 10, "binary"),
        "ndcg10Linear": ndcg_at_k(graded, sc, 10, "linear"),
    }

    # Topic coherence: 200 documents over 50 words from 4 topics; the estimated topic-word matrix is noisy.
    beta = rng.dirichlet(np.full(50, 0.1), size=4)
    theta = rng.dirichlet(np.full(4, 0.3), size=200)
    docs = np.stack([rng.multinomial(30, th @ beta) for th in theta]).astype(float)
    docs[:, 49] = 0  # a word that never occurs
    beta_hat = r4(beta + rng.uniform(0, 0.02, size=beta.shape))
    beta_hat[0, 49] = 1.0  # ranked first in topic 0 although no document has it
    out["coherence"] = {
        "docs": rows(docs),
        "topics": rows(beta_hat),
        "umass10": coherence(docs, beta_hat, 10, "umass"),
        "umass10Sum": coherence(docs, beta_hat, 10, "umass", "sum"),
        "npmi10": coherence(docs, beta_hat, 10, "npmi"),
        "npmi5": coherence(docs, beta_hat, 5, "npmi"),
    }

    # Support recovery: 20 features x 4 true loadings; estimate = permuted, sign-flipped, noisy, plus an extra column.
    w = np.zeros((20, 4))
    for k in range(4):
        idx = rng.choice(20, size=6, replace=False)
        w[idx, k] = rng.uniform(0.5, 2.0, size=6) * rng.choice([-1, 1], size=6)
    perm = np.array([2, 0, 3, 1])
    w_hat = np.zeros((20, 5))
    w_hat[:, :4] = w[:, perm] * np.array([1, -1, -1, 1]) + rng.normal(scale=0.12, size=(20, 4))
    w_hat[:, 4] = rng.normal(scale=0.2, size=20)
    w, w_hat = r4(w), r4(w_hat)
    out["supportRecovery"] = {
        "truth": rows(w),
        "pred": rows(w_hat),
        "threshold01": support_recovery(w, w_hat, 0.1, 0.0),
        "threshold03": support_recovery(w, w_hat, 0.3, 0.0),
    }

    # numpy's legacy RandomState(seed).randint(0, RAND_R_MAX): the per-tree seeds scikit-learn's trees draw.
    out["numpyRandomState"] = {
        str(seed): [int(r) for r in (lambda st: [st.randint(0, 2**31 - 1) for _ in range(6)])(np.random.RandomState(seed))]
        for seed in (0, 7, 4294967295)
    }

    with open(OUT, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")
    d = out["discrete"]
    print("MIG", d["mig"]["value"], "SAP", d["sapDiscrete"]["value"], d["sapDiscreteDefaultTol"]["value"], d["sapContinuous"]["value"])
    print("DCI gbt", d["dciGbt"]["disentanglement"], d["dciGbt"]["completeness"], d["dciGbt"]["informativenessTest"], "random states", d["dciGbtRandomStates"])
    print("DCI lasso", d["dciLasso"]["disentanglement"], d["dciLasso"]["completeness"], d["dciLasso"]["informativenessTest"])
    cn = out["continuous"]
    print("cont MIG", cn["mig"]["value"], "SAP", cn["sapContinuous"]["value"], "DCI", cn["dciGbt"]["disentanglement"], cn["dciLasso"]["disentanglement"])
    print("MCC", out["mcc"]["pearson"]["value"], out["mcc"]["spearman"]["value"], "cross", out["crossMcc"]["pearson"]["value"])
    print("blockR2", out["blockR2"]["default"]["value"], "ARI", out["clustering"]["ari"], "NMI", out["clustering"]["nmi"])
    print("coherence", out["coherence"]["umass10"]["value"], out["coherence"]["npmi10"]["value"], "support", out["supportRecovery"]["threshold01"])


if __name__ == "__main__":
    main()
