#!/usr/bin/python3
"""scikit-learn on the data sets of gmm-robustness.mjs: failures and mean log-likelihood per setting.

    node tooling/experiments/gmm-robustness.mjs --write-data /tmp/gmm-robustness-data
    /usr/bin/python3 tooling/experiments/gmm_robustness_sklearn.py /tmp/gmm-robustness-data

GaussianMixture with its defaults (full covariance, k-means init, reg_covar 1e-6, tol 1e-3, max_iter 100) and
random_state = each seed of the setting; its k-means start differs from latentkit's, so only the failure counts and
the order of magnitude of the log-likelihood are comparable.
"""
import glob
import json
import os
import sys
import warnings

import numpy as np
from sklearn.mixture import GaussianMixture


def main(folder):
    print("| setting | rows | failures | mean log-likelihood per row (successful fits) |")
    print("|---|---|---|---|")
    for meta_file in sorted(glob.glob(os.path.join(folder, "*.json"))):
        meta = json.load(open(meta_file))
        X = np.loadtxt(meta_file[: -len(".json")] + ".csv", delimiter=",", skiprows=1)
        scores, failures = [], 0
        for seed in meta["seeds"]:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    scores.append(GaussianMixture(n_components=meta["k"], random_state=seed).fit(X).score(X))
            except ValueError:
                failures += 1
        mean = f"{np.mean(scores):.4f}" if scores else "–"
        print(f"| {meta['name']} | {X.shape[0]} | {failures} of {len(meta['seeds'])} | {mean} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/gmm-robustness-data")
