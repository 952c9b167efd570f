#!/usr/bin/python3
"""Reference values for latentkit's `factor/ppca` (probabilistic PCA, Tipping & Bishop 1999).

Usage: /usr/bin/python3 tooling/reference/ppca_reference.py
Writes tooling/reference/fixtures/ppca.json and prints a summary table.

Data: the bundled wine (13 features) and breast_cancer (30 features) CSVs, all rows, feature columns only, "raw"
and "standardized" (z-scores with the all-rows mean and population std, stored in the fixture), K in {2, 3}.

For every case:
- "sklearn": PCA(n_components=K, svd_solver="full").fit(X): score (= mean of score_samples, the PPCA log-likelihood
  with noise_variance_ = mean of the discarded explained variances), noise_variance_, explained_variance_.
  scikit-learn's explained_variance_ uses the 1/(n - 1) normaliser (latentkit's `ddof: 1`).
- "ml": the closed-form maximum-likelihood fit with the 1/n covariance S (latentkit's default `ddof: 0`), computed
  here with numpy.linalg.eigh, independently of scikit-learn: sigma^2 = mean of the D - K smallest eigenvalues of S,
  W = U_K (Lambda_K - sigma^2 I)^(1/2); score = mean of scipy.stats.multivariate_normal.logpdf with covariance
  W W^T + sigma^2 I; transform = posterior means M^-1 W^T (x - mean), M = W^T W + sigma^2 I (first rows).
- "split" (standardized only): both fits on the train rows (index % 5 != 4), scored on train and test rows.

"missing": wine standardized, K = 2, with 20% of the cells (463 of 2314) removed at random (numpy default_rng(7),
choice without replacement; the flat row-major indices are stored). The maximum of the observed-data
log-likelihood sum_i log N(x_i,obs | mu_obs, (W W^T + sigma^2 I)_obs) over (W, mu, log sigma^2) is found with
torch float64 L-BFGS (strong Wolfe line search) from two starts (the complete-data ML fit, and a random start);
both must agree. Stored: the mean per row of that log-likelihood, mu, sigma^2, C = W W^T + sigma^2 I and the
gradient norm at the end. "completeDataMl" holds C for the complete data (the ML fit above) for comparison.
"""
import csv
import hashlib
import json
import os
import sys

import numpy as np
import scipy
import sklearn
import torch
from scipy.stats import multivariate_normal
from sklearn.decomposition import PCA

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "packages", "datasets", "data")
OUT = os.path.join(HERE, "fixtures", "ppca.json")

DATASETS = {"wine": "wine.csv", "breast_cancer": "breast_cancer.csv"}
KS = [2, 3]
N_ROWS = 5
MISSING = {"dataset": "wine", "prep": "standardized", "k": 2, "fraction": 0.2, "seed": 7}


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


def ml_fit(X, k):
    mean = X.mean(axis=0)
    Xc = X - mean
    S = Xc.T @ Xc / X.shape[0]
    lam, U = np.linalg.eigh(S)
    lam, U = lam[::-1], U[:, ::-1]
    sigma2 = lam[k:].mean()
    W = U[:, :k] * np.sqrt(lam[:k] - sigma2)
    return mean, W, sigma2, lam


def ml_summary(X, mean, W, sigma2, lam):
    d = X.shape[1]
    C = W @ W.T + sigma2 * np.eye(d)
    M = W.T @ W + sigma2 * np.eye(W.shape[1])
    z = np.linalg.solve(M, W.T @ (X[:N_ROWS] - mean).T).T
    ll = multivariate_normal(mean=mean, cov=C).logpdf(X)
    return {"score": float(ll.mean()), "scoreSamples": tolist(ll[:N_ROWS]), "noiseVariance": float(sigma2),
            "eigenvalues": tolist(lam), "loadings": tolist(W), "transform": tolist(z), "mean": tolist(mean)}


def sk_summary(X, k):
    p = PCA(n_components=k, svd_solver="full").fit(X)
    return {"score": float(p.score(X)), "scoreSamples": tolist(p.score_samples(X[:N_ROWS])),
            "noiseVariance": float(p.noise_variance_), "explainedVariance": tolist(p.explained_variance_),
            "components": tolist(p.components_), "mean": tolist(p.mean_)}, p


def run(name, prep):
    X, columns, is_test, md5 = load(name)
    n, d = X.shape
    out = {"data": {"file": DATASETS[name], "md5": md5, "columns": columns, "n": n, "d": d,
                    "nTrain": int((~is_test).sum()), "nTest": int(is_test.sum())}, "fits": {}}
    if prep == "standardized":
        mean, std = X.mean(axis=0), X.std(axis=0)
        X = (X - mean) / std
        out["standardize"] = {"mean": tolist(mean), "std": tolist(std), "rule": "(x - mean) / std, population std (ddof 0), all rows"}
    for k in KS:
        sk, _ = sk_summary(X, k)
        fk = {"sklearn": sk, "ml": ml_summary(X, *ml_fit(X, k))}
        if prep == "standardized":
            tr, te = X[~is_test], X[is_test]
            _, p = sk_summary(tr, k)
            m, W, s2, _ = ml_fit(tr, k)
            C = W @ W.T + s2 * np.eye(d)
            fk["split"] = {
                "sklearn": {"scoreTrain": float(p.score(tr)), "scoreTest": float(p.score(te))},
                "ml": {"scoreTrain": float(multivariate_normal(m, C).logpdf(tr).mean()), "scoreTest": float(multivariate_normal(m, C).logpdf(te).mean())},
            }
        out["fits"][f"k{k}"] = fk
    return out, X


def observed_loglik(X, mask, W, mu, log_s2):
    """Sum over rows of log N(x_obs | mu_obs, C_obs); a missing dimension gets variance 1 and residual 0,
    which leaves both the log-determinant and the quadratic form of the observed block unchanged."""
    n, d = X.shape
    obs = torch.tensor(~mask, dtype=torch.float64)
    x = torch.tensor(np.where(mask, 0.0, X))
    C = W @ W.T + torch.exp(log_s2) * torch.eye(d, dtype=torch.float64)
    Ci = obs[:, :, None] * obs[:, None, :] * C[None] + torch.diag_embed(1.0 - obs)
    r = (x - mu[None]) * obs
    L = torch.linalg.cholesky(Ci)
    sol = torch.cholesky_solve(r[:, :, None], L)[:, :, 0]
    logdet = 2.0 * torch.log(torch.diagonal(L, dim1=1, dim2=2)).sum(dim=1)
    quad = (r * sol).sum(dim=1)
    nobs = obs.sum(dim=1)
    return (-0.5 * (nobs * np.log(2 * np.pi) + logdet + quad)).sum()


def maximise(X, mask, W0, mu0, s20):
    W = torch.tensor(W0, requires_grad=True)
    mu = torch.tensor(mu0, requires_grad=True)
    ls = torch.tensor(np.log(s20), requires_grad=True)
    opt = torch.optim.LBFGS([W, mu, ls], lr=1, max_iter=20000, tolerance_grad=1e-13, tolerance_change=1e-16,
                            history_size=50, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = -observed_loglik(X, mask, W, mu, ls) / X.shape[0]
        loss.backward()
        return loss

    for _ in range(5):
        opt.step(closure)
    loss = closure()
    grad = torch.cat([W.grad.flatten(), mu.grad.flatten(), ls.grad.flatten()]).norm().item()
    Wn, mun, s2 = W.detach().numpy(), mu.detach().numpy(), float(torch.exp(ls).item())
    return {"score": -float(loss.item()), "mean": tolist(mun), "noiseVariance": s2,
            "covariance": tolist(Wn @ Wn.T + s2 * np.eye(X.shape[1])), "gradNorm": grad}


def run_missing(X):
    n, d = X.shape
    k = MISSING["k"]
    rng = np.random.default_rng(MISSING["seed"])
    count = int(round(MISSING["fraction"] * n * d))
    flat = np.sort(rng.choice(n * d, size=count, replace=False))
    mask = np.zeros(n * d, dtype=bool)
    mask[flat] = True
    mask = mask.reshape(n, d)
    assert (~mask).any(axis=1).all() and (~mask).any(axis=0).all(), "a row or a column lost every value"
    mean, W, s2, _ = ml_fit(X, k)
    from_ml = maximise(X, mask, W, mean, s2)
    r = np.random.default_rng(1)
    from_random = maximise(X, mask, r.normal(size=(d, k)), np.zeros(d), 1.0)
    assert abs(from_ml["score"] - from_random["score"]) < 1e-9 * abs(from_ml["score"]), (from_ml["score"], from_random["score"])
    diff = np.abs(np.array(from_ml["covariance"]) - np.array(from_random["covariance"])).max()
    assert diff < 1e-6, diff
    return {**MISSING, "count": count, "missingIndices": flat.tolist(), "observedMl": from_ml,
            "fromRandomStart": {"score": from_random["score"], "gradNorm": from_random["gradNorm"]},
            "completeDataMl": {"covariance": tolist(W @ W.T + s2 * np.eye(d)), "score": float(multivariate_normal(mean, W @ W.T + s2 * np.eye(d)).logpdf(X).mean())}}


def main():
    cases = {}
    missing = None
    for name in DATASETS:
        for prep in ("raw", "standardized"):
            cases[f"{name}-{prep}"], X = run(name, prep)
            if name == MISSING["dataset"] and prep == MISSING["prep"]:
                missing = run_missing(X)
    fixture = {
        "generator": "tooling/reference/ppca_reference.py",
        "versions": {"python": sys.version.split()[0], "sklearn": sklearn.__version__, "numpy": np.__version__,
                     "scipy": scipy.__version__, "torch": torch.__version__},
        "cases": cases,
        "missing": missing,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")
    head = f"{'case':28} {'K':>2} {'sklearn score':>22} {'ML score (ddof 0)':>22}"
    print(head)
    print("-" * len(head))
    for cname, case in cases.items():
        for kname, fk in case["fits"].items():
            print(f"{cname:28} {kname[1:]:>2} {fk['sklearn']['score']:22.15f} {fk['ml']['score']:22.15f}")
    m = missing
    print(f"missing: {m['count']} cells; observed-data ML score {m['observedMl']['score']:.15f} (grad {m['observedMl']['gradNorm']:.1e}), "
          f"random start {m['fromRandomStart']['score']:.15f}; complete-data ML score {m['completeDataMl']['score']:.15f}")


if __name__ == "__main__":
    main()
