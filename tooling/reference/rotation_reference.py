#!/usr/bin/python3
"""scikit-learn 1.2.1 reference values for packages/core/src/linalg/rotation.ts (varimax / quartimax).

Run: /usr/bin/python3 tooling/reference/rotation_reference.py
Writes tooling/reference/fixtures/rotation.json. For fixed p×k loading matrices L (features × factors) it calls
sklearn.decomposition._factor_analysis._ortho_rotation(L, method, tol, max_iter), exactly as FactorAnalysis does with
components_.T, and stores rotated = _ortho_rotation(...).T (p×k, = L·R) and R = lstsq(L, rotated) (L has full column rank).
"""
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition._factor_analysis import _ortho_rotation

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "rotation.json")


def main():
    # A two-block structure mixed by a 30° rotation, plus a 3-factor case with random loadings.
    base = np.array([
        [0.9, 0.1], [0.8, 0.2], [0.7, 0.0], [0.85, 0.05],
        [0.1, 0.9], [0.0, 0.75], [0.2, 0.8], [0.05, 0.7],
    ])
    th = np.pi / 6
    mix = np.array([[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]])
    two = base @ mix
    rng = np.random.default_rng(7)
    three = np.round(rng.normal(size=(10, 3)), 4)
    cases = []
    for name, loadings in (("twoBlock8x2", two), ("random10x3", three)):
        for method in ("varimax", "quartimax"):
            for tol, max_iter in ((1e-6, 100), (1e-6, 2), (1e-12, 500)):
                rotated = _ortho_rotation(loadings, method=method, tol=tol, max_iter=max_iter).T
                rotation = np.linalg.lstsq(loadings, rotated, rcond=None)[0]
                cases.append({
                    "name": name, "method": method, "tol": tol, "maxIter": max_iter,
                    "loadings": loadings.tolist(), "rotated": rotated.tolist(), "rotation": rotation.tolist(),
                })
    with open(OUT, "w") as f:
        json.dump({"generator": "tooling/reference/rotation_reference.py", "sklearn": sklearn.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
