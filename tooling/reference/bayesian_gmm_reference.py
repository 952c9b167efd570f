#!/usr/bin/python3
"""scikit-learn BayesianGaussianMixture reference values for latentkit's `mixture/bayesian-gmm`.

Usage: /usr/bin/python3 tooling/reference/bayesian_gmm_reference.py
Writes tooling/reference/fixtures/bayesian-gmm.json and prints a summary table.

Cases (all rows of the bundled CSVs):
- faithful, K=2, starting rows 218/40 (as tooling/reference/gmm_reference.py);
- iris, K=3, starting rows 7/55/116 (as gmm_reference.py);
- faithful6, K=6: starting rows = the rows at the 1/12, 3/12, ..., 11/12 quantiles of `eruptions`
  (stable sort by eruptions, then by row index), so that several components must empty out.

Each case is fitted for covariance types full, diag, spherical, tied and weight-concentration prior
types dirichlet_process and dirichlet_distribution, with default priors (weight_concentration_prior = 1/K,
mean_precision_prior = 1, mean_prior = column means, degrees_of_freedom_prior = D, covariance_prior =
np.cov(X.T) (ddof = 1), or its diagonal (diag), or the mean of its diagonal (spherical)).

The faithful case also has `customPriors`: the same fits (default settings only) with weight_concentration_prior
= 0.5, mean_precision_prior = 0.1, mean_prior = [3, 70], degrees_of_freedom_prior = 5 and covariance_prior =
[[1, 0.5], [0.5, 30]] (diag: its diagonal; spherical: the mean of its diagonal, 15.5).

Start ("hardAssignment", the protocol of gmm.json): resp0[i, k] = 1 for the nearest starting row
(Euclidean, ties to the lower index), then sklearn's own `_initialize(X, resp0)`. EM/VB then runs as in
sklearn's `fit`. Settings: strict (tol = 1e-10, max_iter = 2000) and default (tol = 1e-3, max_iter = 100);
reg_covar = 1e-6.
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
from scipy.special import logsumexp
from sklearn.mixture import BayesianGaussianMixture

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA_DIR = os.path.join(ROOT, "packages", "datasets", "data")
OUT = os.path.join(HERE, "fixtures", "bayesian-gmm.json")

COVARIANCE_TYPES = ["full", "diag", "spherical", "tied"]
PRIOR_TYPES = ["dirichlet_process", "dirichlet_distribution"]
SETTINGS = {
    "strict": {"tol": 1e-10, "max_iter": 2000, "reg_covar": 1e-6},
    "default": {"tol": 1e-3, "max_iter": 100, "reg_covar": 1e-6},
}
N_ROWS = 5

FAITHFUL = ["eruptions", "waiting"]
IRIS = ["sepal_length_cm_", "sepal_width_cm_", "petal_length_cm_", "petal_width_cm_"]

CONVENTIONS = {
    "lowerBound": (
        "sklearn's lower_bound_ for BayesianGaussianMixture: the variational lower bound WITHOUT constant terms, "
        "summed over rows (not per row), computed after the M-step of each iteration from that iteration's "
        "E-step responsibilities. lowerBoundTrace[t-1] is the value of iteration t; convergence is "
        "|trace[t-1] - trace[t-2]| < tol."
    ),
    "variationalScore": "sklearn's score(X): mean over rows of logsumexp_k(E[log pi_k] + E[log N(x | mu_k, Lambda_k)]).",
    "logLikelihood": (
        "mean log-likelihood per row of the plug-in Gaussian mixture with sklearn's weights_, means_ and "
        "covariances_ (covariances_ = the inverse of E[Lambda_k])."
    ),
    "covariances": "always K x D x D full matrices here (diag/spherical/tied expanded), reg_covar included.",
    "weightConcentration": "dirichlet_process: [alpha_k, beta_k] pairs (K x 2); dirichlet_distribution: K numbers.",
    "degreesOfFreedom": "K numbers (tied: the scalar repeated K times).",
}


def load(file, columns):
    path = os.path.join(DATA_DIR, file)
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(path, "rb") as f:
        md5 = hashlib.md5(f.read()).hexdigest()
    return np.array([[float(r[c]) for c in columns] for r in rows], dtype=np.float64), md5


def quantile_rows(x, k):
    order = np.lexsort((np.arange(len(x)), x))
    return [int(order[int((2 * j + 1) * len(x) / (2 * k))]) for j in range(k)]


def nearest_one_hot(X, means):
    d2 = ((X[:, None, :] - means[None, :, :]) ** 2).sum(axis=2)
    labels = np.argmin(d2, axis=1)
    resp = np.zeros((X.shape[0], means.shape[0]))
    resp[np.arange(X.shape[0]), labels] = 1.0
    return resp, labels


class HardAssignmentBGM(BayesianGaussianMixture):
    hard_assignment_means = None

    def _initialize_parameters(self, X, random_state):
        resp, _ = nearest_one_hot(X, np.asarray(self.hard_assignment_means, dtype=np.float64))
        self.trace_ = []
        self._initialize(X, resp)

    def _compute_lower_bound(self, log_resp, log_prob_norm):
        value = super()._compute_lower_bound(log_resp, log_prob_norm)
        self.trace_.append(float(value))
        return value


def full_covariances(bgm, d):
    c = np.asarray(bgm.covariances_, dtype=np.float64)
    k = bgm.n_components
    if bgm.covariance_type == "full":
        return c
    if bgm.covariance_type == "tied":
        return np.repeat(c[None, :, :], k, axis=0)
    if bgm.covariance_type == "diag":
        return np.array([np.diag(row) for row in c])
    return np.array([v * np.eye(d) for v in c])


def plugin_log_likelihood(X, weights, means, covs):
    n, d = X.shape
    lp = np.empty((n, len(weights)))
    for k in range(len(weights)):
        L = np.linalg.cholesky(covs[k])
        z = np.linalg.solve(L, (X - means[k]).T)
        lp[:, k] = np.log(weights[k]) - 0.5 * d * np.log(2 * np.pi) - np.log(np.diag(L)).sum() - 0.5 * (z ** 2).sum(0)
    return logsumexp(lp, axis=1)


def tolist(a):
    return np.asarray(a, dtype=np.float64).tolist()


CUSTOM_PRIORS = {
    "weightConcentrationPrior": 0.5,
    "meanPrecisionPrior": 0.1,
    "meanPrior": [3.0, 70.0],
    "degreesOfFreedomPrior": 5.0,
    "covariancePrior": [[1.0, 0.5], [0.5, 30.0]],
}


def sklearn_priors(cov, custom):
    if not custom:
        return {}
    c = np.array(custom["covariancePrior"])
    cov_prior = {"full": c, "tied": c, "diag": np.diag(c).copy(), "spherical": float(np.diag(c).mean())}[cov]
    return {"weight_concentration_prior": custom["weightConcentrationPrior"], "mean_precision_prior": custom["meanPrecisionPrior"],
            "mean_prior": np.array(custom["meanPrior"]), "degrees_of_freedom_prior": custom["degreesOfFreedomPrior"],
            "covariance_prior": cov_prior}


def fit(X, k, cov, prior, means_init, setting, custom=None):
    s = SETTINGS[setting]
    bgm = HardAssignmentBGM(n_components=k, covariance_type=cov, weight_concentration_prior_type=prior,
                            tol=s["tol"], max_iter=s["max_iter"], reg_covar=s["reg_covar"], random_state=0,
                            **sklearn_priors(cov, custom))
    bgm.hard_assignment_means = means_init
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bgm.fit(X)
    assert len(bgm.trace_) == bgm.n_iter_
    assert bgm.trace_[-1] == bgm.lower_bound_
    return bgm


def summarise(bgm, X):
    d = X.shape[1]
    covs = full_covariances(bgm, d)
    wc = bgm.weight_concentration_
    dof = np.broadcast_to(np.asarray(bgm.degrees_of_freedom_, dtype=np.float64), (bgm.n_components,))
    return {
        "iterations": int(bgm.n_iter_),
        "converged": bool(bgm.converged_),
        "lowerBound": float(bgm.lower_bound_),
        "lowerBoundTrace": bgm.trace_,
        "weights": tolist(bgm.weights_),
        "means": tolist(bgm.means_),
        "covariances": tolist(covs),
        "meanPrecision": tolist(bgm.mean_precision_),
        "degreesOfFreedom": tolist(dof),
        "weightConcentration": tolist(np.stack(wc, axis=1)) if isinstance(wc, tuple) else tolist(wc),
        "variationalScore": float(bgm.score(X)),
        "logLikelihood": float(plugin_log_likelihood(X, bgm.weights_, bgm.means_, covs).mean()),
        "predictProba": tolist(bgm.predict_proba(X[:N_ROWS])),
        "scoreSamples": tolist(bgm.score_samples(X[:N_ROWS])),
    }


def run_case(name, file, columns, k, rows, custom=None):
    X, md5 = load(file, columns)
    n, d = X.shape
    means_init = X[rows].copy()
    _, labels = nearest_one_hot(X, means_init)
    probe = fit(X, k, "full", "dirichlet_process", means_init, "default")
    out = {
        "data": {"file": file, "md5": md5, "columns": columns, "n": n, "d": d, "k": k},
        "meansInit": {"rowIndices": rows, "values": tolist(means_init)},
        "hardAssignmentCounts": np.bincount(labels, minlength=k).tolist(),
        "priors": {
            "weightConcentrationPrior": float(probe.weight_concentration_prior_),
            "meanPrecisionPrior": float(probe.mean_precision_prior_),
            "meanPrior": tolist(probe.mean_prior_),
            "degreesOfFreedomPrior": float(probe.degrees_of_freedom_prior_),
            "covariancePrior": tolist(probe.covariance_prior_),
        },
        "fits": {},
    }
    for cov in COVARIANCE_TYPES:
        out["fits"][cov] = {}
        for prior in PRIOR_TYPES:
            out["fits"][cov][prior] = {setting: summarise(fit(X, k, cov, prior, means_init, setting), X) for setting in SETTINGS}
    if custom:
        out["customPriors"] = {"priors": custom, "fits": {
            cov: {prior: {"default": summarise(fit(X, k, cov, prior, means_init, "default", custom), X)} for prior in PRIOR_TYPES}
            for cov in COVARIANCE_TYPES}}
    return out


def main():
    faithful, _ = load("faithful.csv", FAITHFUL)
    cases = {
        "faithful": run_case("faithful", "faithful.csv", FAITHFUL, 2, [218, 40], CUSTOM_PRIORS),
        "iris": run_case("iris", "iris.csv", IRIS, 3, [7, 55, 116]),
        "faithful6": run_case("faithful6", "faithful.csv", FAITHFUL, 6, quantile_rows(faithful[:, 0], 6)),
    }
    fixture = {
        "generator": "tooling/reference/bayesian_gmm_reference.py",
        "versions": {"python": sys.version.split()[0], "sklearn": sklearn.__version__,
                     "numpy": np.__version__, "scipy": scipy.__version__},
        "settings": SETTINGS,
        "conventions": CONVENTIONS,
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")
    for name, case in cases.items():
        print(name, "start rows", case["meansInit"]["rowIndices"], "counts", case["hardAssignmentCounts"])
        for cov, by_prior in case["fits"].items():
            for prior, res in by_prior.items():
                for setting, r in res.items():
                    w = " ".join(f"{x:.3f}" for x in r["weights"])
                    print(f"  {cov:9} {prior:22} {setting:7} iter {r['iterations']:4d} conv {str(r['converged']):5} "
                          f"bound {r['lowerBound']:16.8f} loglik {r['logLikelihood']:10.6f} w [{w}]")


if __name__ == "__main__":
    main()
