#!/usr/bin/python3
"""Small AnnData .h5ad files and their expected values, for @latentkit/anndata's tests.

Usage: /usr/bin/python3 tooling/reference/anndata_fixtures.py
Needs Debian's python3-anndata (anndata 0.8.0, h5py 3.7, numpy 1.24, scipy 1.10, pandas 1.5).
Writes tooling/reference/fixtures/anndata/*.h5ad and tooling/reference/fixtures/anndata/expected.json; the tests
read both with no Python.

Files (every matrix is written by anndata itself, so the layouts are anndata's, not ours):
- dense.h5ad: X dense float32 6 x 4 (not integers); obs `condition` categorical (control/treated), `sample` a
  plain string array (unique values, so anndata keeps it a string array), `batch` integers; var index named
  `gene_ids` (so `var/_index` is absent and the `_index` attribute names `var/gene_ids`).
- sparse.h5ad: 40 x 8 Poisson counts in `layers/counts` (CSR, int32), X = log1p(counts) (CSR, float32);
  obs `condition` categorical, `cell` string array; var index unnamed (`var/_index`); plus `layers/weird`, a group
  with an encoding anndata does not write here ('awkward-array'), for the unsupported-encoding error.
- gzip.h5ad: sparse.h5ad written with compression="gzip" (without `layers/weird`).
- csc.h5ad: the matrix of dense.h5ad with some zeros, stored as CSC; obs `condition` categorical with one missing
  value (code -1), for the missing-group error.
- legacy.h5ad: dense.h5ad with obs `condition` rewritten (with h5py) in anndata 0.7's layout: integer codes in
  `obs/condition` with a `categories` reference to `obs/__categories/condition`.
"""
import json
import os
import shutil

import anndata
import h5py
import numpy as np
import pandas as pd
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "anndata")


def rows(m):
    return [[float(v) for v in r] for r in np.asarray(m, dtype=np.float64)]


def dense_file(path):
    x = np.array(
        [[0.5, 1.25, -2.0, 3.0], [1.5, 0.0, 0.75, -1.0], [2.5, 4.0, 0.0, 0.125], [0.0, 0.0, 1.5, 2.0], [-0.5, 3.5, 2.25, 0.0], [1.0, -1.5, 0.0, 4.5]],
        dtype=np.float32,
    )
    obs = pd.DataFrame(
        {
            "condition": pd.Categorical(["control", "treated", "control", "treated", "treated", "control"]),
            "sample": [f"s{i + 1}" for i in range(6)],
            "batch": np.array([1, 1, 2, 2, 3, 3], dtype=np.int64),
        },
        index=[f"cell{i + 1}" for i in range(6)],
    )
    var = pd.DataFrame(index=pd.Index(["CD3E", "MS4A1", "LYZ", "NKG7"], name="gene_ids"))
    anndata.AnnData(X=x, obs=obs, var=var).write_h5ad(path)
    return x, obs, list(var.index)


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {"versions": {"anndata": anndata.__version__, "h5py": h5py.__version__, "numpy": np.__version__}}

    x, obs, genes = dense_file(os.path.join(OUT, "dense.h5ad"))
    expected["dense"] = {
        "X": rows(x),
        "columns": genes,
        "obs": {"condition": list(obs["condition"].astype(str)), "sample": list(obs["sample"]), "batch": [str(v) for v in obs["batch"]]},
    }

    rng = np.random.default_rng(13)
    n, p = 40, 8
    condition = np.array(["control"] * 20 + ["treated"] * 20)
    rate = np.where((condition == "treated")[:, None] & (np.arange(p) < 3)[None, :], 6.0, 2.0)
    counts = rng.poisson(rate).astype(np.int32)
    logged = np.log1p(counts).astype(np.float32)
    ad = anndata.AnnData(
        X=sp.csr_matrix(logged),
        obs=pd.DataFrame({"condition": pd.Categorical(condition), "cell": [f"c{i}" for i in range(n)]}, index=[f"c{i}" for i in range(n)]),
        var=pd.DataFrame(index=[f"gene{j + 1}" for j in range(p)]),
        layers={"counts": sp.csr_matrix(counts)},
    )
    path = os.path.join(OUT, "sparse.h5ad")
    ad.write_h5ad(path)
    with h5py.File(path, "a") as f:
        g = f["layers"].create_group("weird")
        g.attrs["encoding-type"] = "awkward-array"
        g.attrs["encoding-version"] = "0.1.0"
    # The same data gzip-compressed, as write_h5ad(compression="gzip") writes it (deflate filter on every dataset).
    ad.write_h5ad(os.path.join(OUT, "gzip.h5ad"), compression="gzip")
    expected["sparse"] = {
        "X": rows(logged),
        "counts": rows(counts),
        "columns": [f"gene{j + 1}" for j in range(p)],
        "obs": {"condition": list(condition), "cell": [f"c{i}" for i in range(n)]},
    }

    xc = x.copy()
    xc[0, 1] = 0.0
    xc[2, 0] = 0.0
    cond = pd.Categorical(["control", "treated", None, "treated", "treated", "control"])
    anndata.AnnData(X=sp.csc_matrix(xc), obs=pd.DataFrame({"condition": cond}, index=obs.index), var=pd.DataFrame(index=genes)).write_h5ad(
        os.path.join(OUT, "csc.h5ad")
    )
    expected["csc"] = {"X": rows(xc), "columns": genes, "missingRow": 2}

    legacy = os.path.join(OUT, "legacy.h5ad")
    shutil.copyfile(os.path.join(OUT, "dense.h5ad"), legacy)
    with h5py.File(legacy, "a") as f:
        codes = f["obs/condition/codes"][()]
        categories = [c.decode() if isinstance(c, bytes) else c for c in f["obs/condition/categories"][()]]
        del f["obs/condition"]
        cats = f["obs"].create_group("__categories").create_dataset("condition", data=np.array(categories, dtype=object), dtype=h5py.string_dtype())
        f["obs"].create_dataset("condition", data=codes)
        f["obs/condition"].attrs["categories"] = cats.ref
    expected["legacy"] = {"obs": {"condition": expected["dense"]["obs"]["condition"]}}

    with open(os.path.join(OUT, "expected.json"), "w") as fh:
        json.dump(expected, fh, indent=1)
        fh.write("\n")
    for name in sorted(os.listdir(OUT)):
        print(f"{name}: {os.path.getsize(os.path.join(OUT, name))} bytes")


if __name__ == "__main__":
    main()
