#!/usr/bin/python3
"""numpy/scipy reference values for packages/core/src/linalg (float64 dense linear algebra).

Run: /usr/bin/python3 tooling/reference/linalg_reference.py
Writes tooling/reference/fixtures/linalg.json: fixed input matrices and what numpy 1.24 / scipy 1.10 (LAPACK) give for
Cholesky, log-determinants, inverses, triangular/Cholesky solves, symmetric eigendecompositions, thin SVDs and
linear_sum_assignment. Matrices are written out in full so the TypeScript tests never call Python.
"""
import itertools
import json
import math
import os
from fractions import Fraction

import numpy as np
from scipy.linalg import hilbert
from scipy.optimize import linear_sum_assignment

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "linalg.json")


def mat(x):
    return np.asarray(x, dtype=np.float64).tolist()


def exact_logdet(a):
    """log det of the stored float64 matrix, by exact rational Gaussian elimination."""
    m = [[Fraction(float(x)) for x in row] for row in a]
    n = len(m)
    det = Fraction(1)
    for k in range(n):
        det *= m[k][k]
        for i in range(k + 1, n):
            f = m[i][k] / m[k][k]
            for j in range(k, n):
                m[i][j] -= f * m[k][j]
    return math.log(det.numerator) - math.log(det.denominator)


def svd_case(name, a, vectors=True):
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    case = {"name": name, "a": mat(a), "s": mat(s)}
    if vectors:
        case["u"] = mat(u)
        case["v"] = mat(vt.T)
    return case


def main():
    # Well-conditioned SPD 5x5: B·Bᵀ + 5·I with a fixed integer-ish B (cond ≈ 10).
    b = np.array([
        [1.0, 2.0, 0.5, -1.0, 0.0],
        [0.0, 1.5, -2.0, 0.5, 1.0],
        [2.0, -1.0, 1.0, 0.0, 0.5],
        [-0.5, 0.0, 1.0, 2.0, -1.5],
        [1.0, 1.0, -1.0, 0.5, 2.0],
    ])
    spd = b @ b.T + 5.0 * np.eye(5)
    rhs_vec = np.array([1.0, -2.0, 0.5, 3.0, -1.0])
    rhs_mat = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, -1.0], [-1.0, 0.5], [0.25, 3.0]])
    chol = np.linalg.cholesky(spd)
    w, v = np.linalg.eigh(spd)
    order = np.argsort(-w)
    spd5 = {
        "a": mat(spd),
        "cholesky": mat(chol),
        "logdet": float(np.linalg.slogdet(spd)[1]),
        "inverse": mat(np.linalg.inv(spd)),
        "rhsVector": mat(rhs_vec),
        "rhsMatrix": mat(rhs_mat),
        "solveVector": mat(np.linalg.solve(spd, rhs_vec)),
        "solveMatrix": mat(np.linalg.solve(spd, rhs_mat)),
        "lowerSolveVector": mat(np.linalg.solve(chol, rhs_vec)),
        "lowerTransposedSolveMatrix": mat(np.linalg.solve(chol.T, rhs_mat)),
        "upperSolveMatrix": mat(np.linalg.solve(chol.T, rhs_mat)),
        "invertLower": mat(np.linalg.inv(chol)),
        "eigenvalues": mat(w[order]),
        "eigenvectors": mat(v[:, order]),
    }

    # General non-symmetric 5x5 whose LU needs row exchanges (zero leading entry).
    gen = np.array([
        [0.0, 2.0, 1.0, -1.0, 3.0],
        [4.0, -1.0, 0.5, 2.0, 1.0],
        [1.0, 1.0, -3.0, 0.0, 2.0],
        [-2.0, 0.5, 1.0, 5.0, -1.0],
        [3.0, 0.0, 2.0, 1.0, -4.0],
    ])
    general5 = {"a": mat(gen), "inverse": mat(np.linalg.inv(gen))}

    # Ill-conditioned: Hilbert 8x8 (cond₂ ≈ 1.5e10).
    h = hilbert(8)
    hw = np.linalg.eigvalsh(h)[::-1]
    hilbert8 = {
        "a": mat(h),
        "logdet": float(np.linalg.slogdet(h)[1]),
        "logdetExact": exact_logdet(h),
        "eigenvalues": mat(hw),
        "singularValues": mat(np.linalg.svd(h, compute_uv=False)),
        "cond": float(np.linalg.cond(h)),
    }

    rng = np.random.default_rng(20240601)
    tall = rng.normal(size=(7, 4))
    square_ish = rng.normal(size=(5, 4))
    wide = rng.normal(size=(3, 6))
    rank2 = rng.normal(size=(6, 2)) @ rng.normal(size=(2, 4))
    # Graded 200x8 with exactly known singular values 10^0 … 10^-12 (up to rounding in the product).
    q1, _ = np.linalg.qr(rng.normal(size=(200, 8)))
    q2, _ = np.linalg.qr(rng.normal(size=(8, 8)))
    sigma = 10.0 ** -np.array([0, 1, 2, 4, 6, 8, 10, 12], dtype=np.float64)
    graded = (q1 * sigma) @ q2.T
    svd = [
        svd_case("tall7x4", tall),
        svd_case("square5x4", square_ish),
        svd_case("wide3x6", wide),
        svd_case("rank2of6x4", rank2, vectors=False),
        svd_case("graded200x8", graded, vectors=False),
    ]
    svd[-1]["sigmaTrue"] = mat(sigma)

    # Assignment: 6x4 costs, minimise and maximise; the optimum is checked to be unique by brute force.
    cost = np.round(rng.uniform(0.0, 10.0, size=(6, 4)), 3)
    assignment = {"cost": mat(cost)}
    for label, maximize in (("min", False), ("max", True)):
        rows, cols = linear_sum_assignment(cost, maximize=maximize)
        totals = sorted(
            (sum(cost[perm[j], j] for j in range(4)) for perm in itertools.permutations(range(6), 4)),
            reverse=maximize,
        )
        assert totals[0] != totals[1], "optimum not unique"
        row_to_col = [-1] * 6
        for r, c in zip(rows, cols):
            row_to_col[int(r)] = int(c)
        assignment[label] = {"rowToCol": row_to_col, "total": float(cost[rows, cols].sum())}

    data = {
        "generator": "tooling/reference/linalg_reference.py",
        "numpy": np.__version__,
        "spd5": spd5,
        "general5": general5,
        "hilbert8": hilbert8,
        "svd": svd,
        "assignment": assignment,
    }
    with open(OUT, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
